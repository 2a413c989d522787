/* core/v8heap/build.c: the live objects of a core as a heap snapshot model.
 *
 * Nodes, in order: the root (synthetic), "(GC roots)", one synthetic node
 * per root set, then every live object in address order. The root has an
 * element edge to (GC roots) and a shortcut edge to each global object (the
 * snapshot's user roots, which DevTools' distances and shallow sizes
 * need); (GC roots) has an element edge to each root set, and each set to
 * the objects it names. Ids are odd, as V8's: 1, 3, then 5, 7, ... in
 * node order. Strings are interned once each.
 */
#include "core/v8heap/internal.h"
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIRST_OBJECT (2 + MT_V8HEAP_ROOT_SETS)

static const char *const node_types[NT_COUNT] = {
	"hidden", "array", "string", "object", "code", "closure", "regexp", "number", "native",
	"synthetic", "concatenated string", "sliced string", "symbol", "bigint", "object shape",
};
static const char *const edge_types[ET_COUNT] = {
	"context", "element", "property", "internal", "hidden", "shortcut", "weak",
};
static const char *const set_names[MT_V8HEAP_ROOT_SETS] = {
	"(Roots table)", "(Isolate)", "(Stack roots)", "(Handles and native memory)",
};

/* The string made from a key (an address, a pointer), or a fresh slot. */
static uint32_t *idmap_slot(struct vh_u64map *m, uint64_t key)
{
	int fresh;

	return vh_u64map_slot(m, key, &fresh);
}

#define SMALL_NUMBERS 4096

struct builder {
	struct vh *vh;               /* borrowed */
	struct mt_heap *h;           /* borrowed: being filled */
	uint32_t *base;              /* owned: live objects before each 64 */
	struct strbuf data;          /* owned: the strings, NUL after each */
	uint64_t *off;               /* owned: string offsets */
	uint32_t nstr, str_cap;
	uint32_t *slots;             /* owned: interning hash: string index + 1 */
	size_t nslots;
	size_t edge_cap;
	struct vh_u64map by_key;         /* owned: property key (a Name) -> string */
	struct vh_u64map by_const;       /* owned: C string pointer -> string */
	struct vh_u64map by_node;        /* owned: vh_node_key -> node name string */
	uint32_t numbers[SMALL_NUMBERS]; /* string + 1 of each small number */
	struct strbuf tmp;           /* owned */
};

static uint32_t node_of(const struct builder *b, uint32_t o)
{
	uint64_t below = b->vh->live[o / 64] & ((1ull << (o % 64)) - 1);

	return FIRST_OBJECT + b->base[o / 64] + mt_popcount64(below);
}

static uint64_t hash(const char *s, size_t n)
{
	uint64_t x = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		x = (x ^ (unsigned char)s[i]) * 1099511628211ull;
	return x;
}

static void grow_slots(struct builder *b)
{
	size_t n = b->nslots ? b->nslots * 2 : 1 << 16;
	uint32_t *s = xcalloc(n, sizeof *s);

	for (uint32_t i = 0; i < b->nstr; i++) {
		const char *str = b->data.buf + b->off[i];
		size_t k = hash(str, strlen(str)) & (n - 1);
		while (s[k])
			k = (k + 1) & (n - 1);
		s[k] = i + 1;
	}
	free(b->slots);
	b->slots = s;
	b->nslots = n;
}

static uint32_t intern(struct builder *b, const char *s)
{
	size_t n = strlen(s), k;

	if (2 * ((size_t)b->nstr + 1) > b->nslots)
		grow_slots(b);
	for (k = hash(s, n) & (b->nslots - 1); b->slots[k]; k = (k + 1) & (b->nslots - 1))
		if (strcmp(b->data.buf + b->off[b->slots[k] - 1], s) == 0)
			return b->slots[k] - 1;
	if (b->nstr + 1 >= b->str_cap) {
		b->str_cap = b->str_cap ? b->str_cap * 2 : 4096;
		b->off = xreallocarray(b->off, b->str_cap, sizeof *b->off);
	}
	b->off[b->nstr] = b->data.len;
	strbuf_add(&b->data, s, n);
	strbuf_putc(&b->data, '\0');
	b->slots[k] = b->nstr + 1;
	return b->nstr++;
}

static void add_edge(struct builder *b, enum vh_etype type, uint32_t name, uint32_t to)
{
	struct mt_heap *h = b->h;

	if (h->edge_count == b->edge_cap) {
		b->edge_cap = b->edge_cap ? b->edge_cap * 2 : 1 << 16;
		h->edge_word = xreallocarray(h->edge_word, b->edge_cap, sizeof *h->edge_word);
		h->edge_name = xreallocarray(h->edge_name, b->edge_cap, sizeof *h->edge_name);
	}
	h->edge_word[h->edge_count] = to | (uint32_t)type << 28;
	h->edge_name[h->edge_count++] = name;
}

static uint32_t key_name(struct builder *b, uint64_t key)
{
	uint32_t *slot = idmap_slot(&b->by_key, key);

	if (*slot == VH_NONE) {
		strbuf_reset(&b->tmp);
		if (vh_key_name(b->vh, key, &b->tmp) < 0)
			strbuf_puts(&b->tmp, "?");
		*slot = intern(b, strbuf_str(&b->tmp));
	}
	return *slot;
}

static uint32_t number_name(struct builder *b, uint64_t k)
{
	char num[24];

	if (k < SMALL_NUMBERS && b->numbers[k])
		return b->numbers[k] - 1;
	snprintf(num, sizeof num, "%llu", (unsigned long long)k);
	uint32_t s = intern(b, num);
	if (k < SMALL_NUMBERS)
		b->numbers[k] = s + 1;
	return s;
}

static void emit(void *ctx, enum vh_etype type, enum vh_name_kind kind, const void *name,
		 uint64_t key_or_index, uint32_t to)
{
	struct builder *b = ctx;
	uint32_t n = (uint32_t)key_or_index, *slot;

	if (kind == VN_KEY) {
		n = key_name(b, key_or_index);
	} else if (kind == VN_NUMBER) {
		n = number_name(b, key_or_index);
	} else if (kind == VN_CONST) {
		slot = idmap_slot(&b->by_const, (uint64_t)(uintptr_t)name);
		if (*slot == VH_NONE)
			*slot = intern(b, name);
		n = *slot;
	}
	add_edge(b, type, n, node_of(b, to));
}

/* The node type and name of object o: the name kept by key when objects
 * share it. */
static enum vh_ntype node_name(struct builder *b, struct vh_names *names, uint32_t o,
			       uint32_t *name)
{
	uint64_t key = vh_node_key(names, o);
	uint32_t *slot = key ? idmap_slot(&b->by_node, key) : NULL;

	if (slot && *slot != VH_NONE) {
		*name = *slot;
		return vh_node(names, o, NULL);
	}
	strbuf_reset(&b->tmp);
	enum vh_ntype t = vh_node(names, o, &b->tmp);
	*name = intern(b, strbuf_str(&b->tmp));
	if (slot)
		*slot = *name;
	return t;
}

static void set_node(struct builder *b, uint32_t node, enum vh_ntype type, uint32_t name,
		     uint64_t self, uint64_t addr)
{
	struct mt_heap *h = b->h;

	h->node_type[node] = (uint8_t)type;
	h->node_name[node] = name;
	h->node_id[node] = 2 * node + 1;
	h->node_addr[node] = addr;
	h->node_self[node] = 0;
	mt_heap_set_self(h, node, self);
}

/* The root, (GC roots) and the root sets, with their edges. */
static void synthetic(struct builder *b, const struct vh_roots *r, uint64_t *seen)
{
	struct vh *vh = b->vh;
	struct mt_heap *h = b->h;
	char num[16];

	set_node(b, 0, NT_SYNTHETIC, intern(b, ""), 0, 0);
	h->first_edge[0] = 0;
	add_edge(b, ET_ELEMENT, 1, 1);
	for (uint32_t o = 0; o < vh->nobj; o++)
		if (vh_is_live(vh, o) && vh->obj[o].itype == vh->m.t.js_global_object) {
			snprintf(num, sizeof num, "%u", h->edge_count);
			add_edge(b, ET_SHORTCUT, intern(b, num), node_of(b, o));
		}
	set_node(b, 1, NT_SYNTHETIC, intern(b, "(GC roots)"), 0, 0);
	h->first_edge[1] = h->edge_count;
	for (uint32_t s = 0; s < MT_V8HEAP_ROOT_SETS; s++)
		add_edge(b, ET_ELEMENT, s + 1, 2 + s);
	for (uint32_t s = 0; s < MT_V8HEAP_ROOT_SETS; s++) {
		set_node(b, 2 + s, NT_SYNTHETIC, intern(b, set_names[s]), 0, 0);
		h->first_edge[2 + s] = h->edge_count;
		memset(seen, 0, (vh->nobj / 64 + 1) * sizeof *seen);
		for (size_t k = 0; k < r->n[s]; k++) {
			uint32_t o = r->obj[s][k];
			if (seen[o / 64] >> (o % 64) & 1)
				continue;
			seen[o / 64] |= 1ull << (o % 64);
			add_edge(b, ET_ELEMENT, (uint32_t)k + 1, node_of(b, o));
		}
	}
}

static void columns(struct builder *b, uint32_t n)
{
	struct mt_heap *h = b->h;

	h->node_count = n;
	h->node_type = xcalloc(n, 1);
	h->node_detached = xcalloc(n, 1);
	h->node_name = xcalloc(n, sizeof *h->node_name);
	h->node_id = xcalloc(n, sizeof *h->node_id);
	h->node_self = xcalloc(n, sizeof *h->node_self);
	h->node_addr = xcalloc(n, sizeof *h->node_addr);
	h->first_edge = xcalloc((size_t)n + 1, sizeof *h->first_edge);
}

static void strings(struct builder *b)
{
	struct mt_heap *h = b->h;

	h->string_count = b->nstr;
	h->str_bytes = b->data.len;
	if (b->data.len <= UINT32_MAX) {
		h->str_off32 = xmalloc(((size_t)b->nstr + 1) * sizeof *h->str_off32);
		for (uint32_t i = 0; i < b->nstr; i++)
			h->str_off32[i] = (uint32_t)b->off[i];
		h->str_off32[b->nstr] = (uint32_t)b->data.len;
		free(b->off);
	} else {
		b->off = xreallocarray(b->off, (size_t)b->nstr + 1, sizeof *b->off);
		b->off[b->nstr] = b->data.len;
		h->str_off64 = b->off;
	}
	b->off = NULL;
	h->str_data = strbuf_detach(&b->data);
}

static struct mt_heap *build(struct vh *vh, const struct vh_roots *r)
{
	struct builder b = { .vh = vh, .data = STRBUF_INIT, .tmp = STRBUF_INIT };
	struct mt_heap *h = xcalloc(1, sizeof *h);
	struct vh_names *names = vh_names_new(vh);
	struct vh_edge_sink sink = { &b, emit };
	uint32_t count = 0, node = FIRST_OBJECT, name;
	uint64_t *seen = xcalloc(vh->nobj / 64 + 1, sizeof *seen);

	b.h = h;
	mt_heap_model_init(h, node_types, NT_COUNT, edge_types, ET_COUNT);
	intern(&b, "<dummy>");
	b.base = xmalloc((vh->nobj / 64 + 1) * sizeof *b.base);
	for (uint32_t i = 0; i <= vh->nobj / 64; i++) {
		b.base[i] = count;
		count += mt_popcount64(vh->live[i]);
	}
	columns(&b, FIRST_OBJECT + count);
	vh_edges_prepare(vh);
	synthetic(&b, r, seen);
	for (uint32_t o = 0; o < vh->nobj; o++) {
		if (!vh_is_live(vh, o))
			continue;
		enum vh_ntype t = node_name(&b, names, o, &name);
		set_node(&b, node, t, name, vh->obj[o].size, vh->obj[o].addr);
		h->first_edge[node++] = h->edge_count;
		vh_edges(vh, names, o, &sink);
	}
	h->first_edge[node] = h->edge_count;
	strings(&b);
	mt_heap_model_finish(h);
	strbuf_free(&b.tmp);
	vh_u64map_free(&b.by_key);
	vh_u64map_free(&b.by_const);
	vh_u64map_free(&b.by_node);
	vh_names_free(&names);
	free(b.base);
	free(b.slots);
	free(seen);
	return h;
}

void vh_warn(struct vh *vh, const char *fmt, ...)
{
	struct mt_v8heap_info *info = vh->info;
	va_list ap;
	struct strbuf s = STRBUF_INIT;

	if (info->nwarnings >= 64)
		return;
	va_start(ap, fmt);
	strbuf_vprintf(&s, fmt, ap);
	va_end(ap);
	info->warnings = xreallocarray(info->warnings, info->nwarnings + 1, sizeof *info->warnings);
	info->warnings[info->nwarnings++] = strbuf_detach(&s);
}

static void vh_free(struct vh *vh)
{
	vh_props_free(vh);
	vh_pages_free(vh);
	vh_meta_free(&vh->m);
	free(vh->labs);
	free(vh->obj);
	free(vh->live);
	free(vh->targets);
	free(vh->found);
	vh_u64map_free(&vh->maps);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Say the phase that starts, and count the time of the one that ended. */
static void phase(struct vh *vh, int ended, double *t, mt_progress_fn progress, void *ctx,
		  const char *next)
{
	double t1 = now();

	if (ended >= 0)
		vh->info->phase[ended] += t1 - *t;
	*t = t1;
	if (progress && next)
		progress(ctx, next, 0, 0);
}

size_t mt_v8heap_isolates(const struct mt_coredump *c, struct mt_v8heap_isolate **out)
{
	struct mt_v8heap_info info = { 0 };
	struct vh vh = { .core = c, .want_thread = -1, .info = &info };
	size_t n = 0;

	*out = NULL;
	if (c->arch == MT_ARCH_X86_64 && vh_meta_load(&vh, c, NULL) == 0)
		n = vh_isolates(&vh, out);
	vh_free(&vh);
	mt_v8heap_info_free(&info);
	return n;
}

struct mt_heap *mt_v8heap_load(const struct mt_coredump *c, long thread, int raw,
			       mt_progress_fn progress, void *ctx, struct mt_v8heap_info *info,
			       struct mt_error *err)
{
	struct mt_v8heap_info scratch;
	struct vh vh = { .core = c, .want_thread = thread };
	struct vh_roots roots;
	struct mt_heap *h = NULL;
	double t0 = now(), t = t0;

	vh.info = info ? info : &scratch;
	memset(vh.info, 0, sizeof *vh.info);
	phase(&vh, -1, &t, progress, ctx, "heap pages");
	if (c->arch != MT_ARCH_X86_64) {
		mt_error_set(err, "%s: no JavaScript heap: x86-64 cores only (this one is %s)",
			     c->path, mt_coredump_arch_name(c->arch));
	} else if (vh_meta_load(&vh, c, err) == 0 && vh_pages_find(&vh, err) == 0) {
		vh_isolate_find(&vh);
		phase(&vh, 0, &t, progress, ctx, "objects");
		vh_walk(&vh);
		phase(&vh, 1, &t, progress, ctx, "marking");
		vh_roots_find(&vh, &roots);
		vh_mark(&vh, &roots);
		phase(&vh, 2, &t, progress, ctx, "model");
		h = build(&vh, &roots);
		vh_roots_free(&roots);
		if (vh.info->pages_missing)
			vh_warn(&vh, "%zu of %zu heap pages are cut from the core: their objects "
				"are partly missing", vh.info->pages_missing, vh.info->pages);
	}
	vh_free(&vh);
	phase(&vh, 3, &t, NULL, NULL, NULL);
	if (h)
		mt_heap_analyze(h, raw, progress, ctx);
	phase(&vh, 4, &t, NULL, NULL, NULL);
	vh.info->seconds = t - t0;
	if (!info)
		mt_v8heap_info_free(&scratch);
	return h;
}

void mt_v8heap_info_free(struct mt_v8heap_info *info)
{
	for (size_t i = 0; i < info->nwarnings; i++)
		free(info->warnings[i]);
	free(info->warnings);
	free(info->isolates);
	info->warnings = NULL;
	info->nwarnings = 0;
	info->isolates = NULL;
	info->nisolates = 0;
}
