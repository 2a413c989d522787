/* core/v8heap/build.c: the live objects of a core as a heap snapshot model.
 *
 * Nodes, in order: the root (synthetic), "(GC roots)", one synthetic node
 * per root set, then every live object in address order. The root has an
 * element edge to (GC roots) and a shortcut edge to each global object (the
 * snapshot's user roots, which DevTools' distances and shallow sizes
 * need); (GC roots) has an element edge to each root set, and each set to
 * the objects it names (the roots table by root name, as V8's root
 * lists). After the objects: node's C++ roots ("Node / NAME", embedder.c)
 * and one native node per ArrayBuffer backing store ("system /
 * JSArrayBufferData", its byte length as self size), neither with an
 * address. Ids are odd, as V8's: 1, 3, then 5, 7, ... in node order
 * (2 * node + 1, made by mt_heap_id: the model keeps no id column).
 * Strings are interned once each. A WeakMap key's tie to its value (the
 * table's is edges.c's) comes after the key's own edges, from every
 * table's entries sorted by key (ties_sort), as V8's snapshot has an edge
 * from the key when the key was extracted before the table.
 *
 * Two threads build it (doc/core-heap.md, "Speed and memory"): the objects
 * are cut into CHUNKS parts at multiples of 64 (more for a large heap:
 * chunk_count), which the threads take in turn; each part names its nodes
 * and edges in a string table of its own and keeps its edges apart, their
 * names in 16 bits (pnames.c). Merged in order, the parts give exactly what
 * one pass in address order gives: the same strings in the same order,
 * and a name shared by key (a map's constructor name) taken from the
 * first object of the key in the whole heap, found by a first pass. Each
 * thread reads through a struct vh and names of its own (their caches are
 * not shared); what they write is their own parts, the node columns of
 * their own nodes and the target bits of their own 64-object words.
 */
#include "core/v8heap/internal.h"
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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


#define SMALL_NUMBERS 4096
#define MAX_NUMBERS (1u << 24)   /* numbers made as names before the parts */
#define CONSTS 8
#define NO_LOCATION (VH_NONE - 1)
#ifndef CHUNKS                   /* -DCHUNKS=1: one pass, to measure against */
#define CHUNKS 16                /* parts of the objects, taken by two threads, */
#endif
#define CHUNK_HEAP (32u << 20)   /* or more, so that each covers this much heap */
#define MAX_CHUNKS 1024

/* The objects vh->obj[lo..hi) as nodes from `node` on: their names in a
 * string table of the chunk's own, their edges in arrays of its own, each
 * node's first edge counted from the chunk's first. Merged in order, the
 * chunks give the model a single pass in address order would. */
struct chunk {
	uint32_t lo, hi, node;
	struct strtab str;           /* owned */
	struct vh_u64map by_key;     /* owned: property key (a Name) -> string */
	struct { const void *name; uint32_t str; } consts[CONSTS]; /* C string -> string:
					the few edges.c names ("map", "__proto__", ...) */
	uint32_t nconsts;
	struct vh_u64map by_const;   /* owned: the same, for names past CONSTS */
	struct vh_u64map by_node;    /* owned: vh_node_key -> node name string */
	struct vh_u64map first;      /* owned: vh_node_key -> its first object here */
	uint32_t numbers[SMALL_NUMBERS]; /* string + 1 of each small number */
	uint32_t *edge_word;         /* owned */
	struct vh_pnames en;         /* owned: the edges' names */
	uint32_t nedge, edge_cap;
	uint32_t edge0;              /* the first edge of the node being built */
	uint32_t *tables;            /* owned: its EphemeronHashTables (first_keys) */
	uint32_t ntables, tables_cap;
	uint32_t *api;               /* owned: its JS API objects (first_keys) */
	uint32_t napi, api_cap;
	uint32_t *buffers;           /* owned: its ArrayBuffers (first_keys) */
	uint32_t nbuffers, buffers_cap;
	uint32_t *globals;           /* owned: its global objects (first_keys) */
	uint32_t nglobals, globals_cap;
	uint32_t slots;              /* words of its largest array whose slots are
					edges named by index (first_keys) */
	struct mt_heap_idx located;  /* owned: the source location of each of its
					located nodes, in node order, as an index in
					kept (their bits are set in h->loc.nodes) */
	struct vh_u64map loc_by_key; /* owned: vh_node_key -> index in kept, or
					NO_LOCATION */
	struct mt_heap_loc *kept;    /* owned: locations, by key (loc_by_key) or for
					one node */
	uint32_t nkept, kept_cap;
	size_t tie0;                 /* its first WeakMap tie (ties_sort) */
	uint32_t *to;                /* owned while merged: its strings' indexes in
					the model */
	struct mt_heap_farlist far;  /* owned while merged: its edges' FAR names */
	uint32_t at;                 /* its first edge in the model */
	struct mt_heap_addr_run *runs; /* owned while merged: its nodes' runs of
					addresses (mt_heap_addr) */
	struct mt_heap_big *bigs;    /* owned until bigs_set: self sizes of 64 KiB
					and more, by node */
	size_t nbigs, bigs_cap;
	uint32_t nruns, runs_cap;
	struct worker *w;            /* borrowed: the thread building it */
	char pad[128];               /* what one thread writes apart from the next */
};

/* What the threads share: read only while they run, but for `next`. */
struct shared {
	struct vh *vh;               /* borrowed */
	struct mt_heap *h;           /* borrowed: node columns written per chunk */
	uint32_t *base;              /* owned: live objects before each 64 */
	struct chunk *chunks;        /* owned */
	uint32_t nchunks;
	uint32_t next;               /* the next chunk to take (atomic) */
	struct worker *workers[2];   /* borrowed: the threads, for release_done */
	void (*step)(struct worker *w, struct chunk *c);  /* what is done to each */
	struct vh_u64map first;      /* owned: vh_node_key -> its first object */
	struct vh_ephemeron *ties;   /* owned: WeakMap entries, by key (ties_sort) */
	size_t nties;
	struct vh_native *natives;   /* owned: node's C++ roots, by wrapper (embedder.c) */
	size_t nnatives;
	uint32_t first_native;       /* their nodes, after every object's */
	struct vh_u64map store_of;   /* owned: ArrayBuffer (object index + 1) ->
					its backing store (stores_find) */
	uint64_t *store_size;        /* owned: each backing store's length */
	uint32_t nstores;
	uint32_t first_store;        /* their nodes, after the natives' */
	const struct mt_heap_enamer *enamer; /* borrowed: names the model's edges (place) */
	uint32_t *numbers;           /* owned: the model's string of each number
					below nnumbers (numbers_make) */
	uint32_t nnumbers;
};

/* One thread's reading of the core: a struct vh and names with caches of
 * their own. */
struct worker {
	struct shared *sh;           /* borrowed */
	struct vh *vh;               /* borrowed: the walk's, or own_vh */
	struct vh own_vh;            /* a copy for a second thread (caches owned) */
	struct vh_names *names;      /* owned */
	struct vh_locator *loc;      /* owned */
	struct strbuf tmp;           /* owned */
	uint32_t cur;                /* the chunk it works on, or UINT32_MAX (atomic) */
	char pad[128];
};

static inline uint32_t node_of(const struct shared *sh, uint32_t o)
{
	uint64_t below = sh->vh->live[o / 64] & ((1ull << (o % 64)) - 1);

	return FIRST_OBJECT + sh->base[o / 64] + mt_popcount64(below);
}

static void add_edge(struct chunk *c, enum vh_etype type, uint32_t name, uint32_t to)
{
	if (c->nedge == c->edge_cap) {
		c->edge_cap = c->edge_cap ? c->edge_cap * 2 : 1 << 14;
		c->edge_word = xreallocarray(c->edge_word, c->edge_cap, sizeof *c->edge_word);
		vh_pnames_grow(&c->en, c->edge_cap);
	}
	c->edge_word[c->nedge] = to | (uint32_t)type << 28;
	vh_pnames_put(&c->en, c->nedge++, type != ET_ELEMENT && type != ET_HIDDEN, name);
}

/* The string made from a key (an address, a pointer), or a fresh slot. */
static uint32_t *idmap_slot(struct vh_u64map *m, uint64_t key)
{
	int fresh;

	return vh_u64map_slot(m, key, &fresh);
}

static uint32_t const_name(struct chunk *c, const char *name)
{
	uint32_t *slot;

	for (uint32_t i = 0; i < c->nconsts; i++)
		if (c->consts[i].name == name)
			return c->consts[i].str;
	if (c->nconsts < CONSTS) {
		c->consts[c->nconsts].name = name;
		return c->consts[c->nconsts++].str = vh_strtab_add(&c->str, name);
	}
	slot = idmap_slot(&c->by_const, (uint64_t)(uintptr_t)name);
	if (*slot == VH_NONE)
		*slot = vh_strtab_add(&c->str, name);
	return *slot;
}

/* The string made from property key key after prefix, kept in by_key
 * under id (the key's address, or a variation of it for another prefix). */
static uint32_t keyed_name(struct chunk *c, uint64_t id, const char *prefix, uint64_t key)
{
	if (!id)  /* 0 marks a free slot of the map: never a key */
		return const_name(c, "?");
	uint32_t *slot = idmap_slot(&c->by_key, id);

	if (*slot == VH_NONE) {
		struct strbuf *tmp = &c->w->tmp;
		strbuf_reset(tmp);
		strbuf_puts(tmp, prefix);
		if (vh_key_name(c->w->vh, key, tmp) < 0)
			strbuf_puts(tmp, "?");
		*slot = vh_strtab_add(&c->str, strbuf_str(tmp));
	}
	return *slot;
}

static uint32_t key_name(struct chunk *c, uint64_t key)
{
	return keyed_name(c, key, "", key);
}

/* "get KEY" or "set KEY" (a symbol key as it is), kept under the key's
 * address plus 2 or 4 (a tagged address is 1 mod 8: never another key). */
static uint32_t accessor_name(struct chunk *c, uint64_t key, int set)
{
	if (vh_itype_of(c->w->vh, key) == c->w->vh->m.t.symbol)
		return key_name(c, key);  /* V8 formats string keys only */
	return keyed_name(c, key + (set ? 4 : 2), set ? "set " : "get ", key);
}

/* A number as an edge name: one the parts share (numbers_make: the
 * model's string of number k, as VH_NUMBER_NAME | k), else the part's own. */
static uint32_t number_name(struct chunk *c, uint64_t k)
{
	const struct shared *sh = c->w->sh;
	char num[24];

	if (k < sh->nnumbers)
		return VH_NUMBER_NAME | (uint32_t)k;
	if (k < SMALL_NUMBERS && c->numbers[k])
		return c->numbers[k] - 1;
	snprintf(num, sizeof num, "%llu", (unsigned long long)k);
	uint32_t s = vh_strtab_add(&c->str, num);
	if (k < SMALL_NUMBERS)
		c->numbers[k] = s + 1;
	return s;
}


/* The name object o's node has (node_name's, not kept), appended to out. */
static void node_text(struct chunk *c, uint32_t o, struct strbuf *out)
{
	uint32_t from = c->w->vh->facts.first[o];

	vh_node(c->w->names, from != VH_NONE ? from : o, out);
}

/* A WeakMap entry's edge name, numbered as V8's SetNamedAutoIndexReference
 * numbers it: the edges its node has so far, plus one. */
static uint32_t tie_name(struct chunk *c, const struct vh_ephemeron *e)
{
	struct strbuf s = STRBUF_INIT;
	const struct shared *sh = c->w->sh;
	uint32_t id;

	strbuf_printf(&s, "%u / part of key (", c->nedge - c->edge0 + 1);
	node_text(c, e->key, &s);
	id = 2 * node_of(sh, e->key) + 1;
	strbuf_printf(&s, " @%u) -> value (", id);
	node_text(c, e->value, &s);
	id = 2 * node_of(sh, e->value) + 1;
	strbuf_printf(&s, " @%u) pair in WeakMap (table @%u)", id, 2 * node_of(sh, e->table) + 1);
	uint32_t n = vh_strtab_add(&c->str, strbuf_str(&s));
	strbuf_free(&s);
	return n;
}

static void emit(void *ctx, enum vh_etype type, enum vh_name_kind kind, const void *name,
		 uint64_t key_or_index, uint32_t to)
{
	struct chunk *c = ctx;
	uint32_t n = (uint32_t)key_or_index;

	if (kind == VN_KEY) {
		n = key_name(c, key_or_index);
	} else if (kind == VN_GETTER || kind == VN_SETTER) {
		n = accessor_name(c, key_or_index, kind == VN_SETTER);
	} else if (kind == VN_NUMBER) {
		n = number_name(c, key_or_index);
	} else if (kind == VN_CONST) {
		n = const_name(c, name);
	} else if (kind == VN_EPHEMERON) {
		n = tie_name(c, name);
	} else if (kind == VN_BOUND_ARG) {
		char b[40];
		snprintf(b, sizeof b, "bound_argument_%llu", (unsigned long long)key_or_index);
		n = vh_strtab_add(&c->str, b);
	} else if (kind == VN_BACKING_STORE) {
		uint32_t k = vh_u64map_get(&c->w->sh->store_of, (uint64_t)to + 1);
		if (k < c->w->sh->nstores)
			add_edge(c, type, const_name(c, "backing_store"), c->w->sh->first_store + k);
		return;
	}
	add_edge(c, type, n, node_of(c->w->sh, to));
}

/* The node type and name of object o: objects that share a key share
 * the name of the first of them in address order (as one pass in that
 * order caches it: names.c names a map's objects by the first one). */
static enum vh_ntype node_name(struct chunk *c, uint32_t o, uint32_t *name)
{
	struct vh_names *names = c->w->names;
	uint32_t first = c->w->vh->facts.first[o];  /* the key, as the first object of it */
	uint32_t *slot = first != VH_NONE ? idmap_slot(&c->by_node, (uint64_t)first + 1) : NULL;

	if (slot && *slot != VH_NONE) {
		*name = *slot;
		return vh_node(names, o, NULL);
	}
	uint32_t from = first != VH_NONE ? first : o;
	strbuf_reset(&c->w->tmp);
	enum vh_ntype t = vh_node(names, from, &c->w->tmp);
	if (from != o)
		t = vh_node(names, o, NULL);
	*name = vh_strtab_add(&c->str, strbuf_str(&c->w->tmp));
	if (slot)
		*slot = *name;
	return t;
}

static void push(uint32_t **v, uint32_t *n, uint32_t *cap, uint32_t x)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = x;
}

static void push_loc(struct mt_heap_loc **v, uint32_t *n, uint32_t *cap, struct mt_heap_loc x)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = x;
}

static void push_big(struct chunk *c, struct mt_heap_big x)
{
	if (c->nbigs == c->bigs_cap) {
		c->bigs_cap = c->bigs_cap ? 2 * c->bigs_cap : 16;
		c->bigs = xreallocarray(c->bigs, c->bigs_cap, sizeof *c->bigs);
	}
	c->bigs[c->nbigs++] = x;
}

/* Object o's source location (location.c) as node's, kept by key as its
 * name is: the objects of a map share their constructor, a function's
 * closures their SharedFunctionInfo; but a generator's is its own
 * function's (every pending async call shares one map). The node's bit
 * is set in the model's located nodes (a word at a part's ends is shared
 * with the next part's thread), its location kept in the part's list. */
static void locate(struct chunk *c, uint32_t o, uint32_t node)
{
	const struct vh *vh = c->w->vh;
	uint32_t first = vh->facts.first[o];  /* its key (node_name) */
	uint32_t *slot, k;
	struct mt_heap_loc at;

	if (vh->obj[o].itype < vh->m.t.first_js_object)
		return;  /* neither a JS object nor a function: no location */
	slot = first != VH_NONE && vh->m.js_role[vh->obj[o].itype] != JR_GENERATOR ?
	       idmap_slot(&c->loc_by_key, (uint64_t)first + 1) : NULL;
	if (slot && *slot != VH_NONE) {
		if (*slot == NO_LOCATION)
			return;
		k = *slot;
	} else {
		int has = vh_locate(c->w->loc, o, &at) == 0;
		if (slot)
			*slot = has ? c->nkept : NO_LOCATION;
		if (!has)
			return;
		k = c->nkept;
		push_loc(&c->kept, &c->nkept, &c->kept_cap, at);
	}
	__atomic_fetch_or(&c->w->sh->h->loc.nodes.has[node / 64], 1ull << (node % 64),
			  __ATOMIC_RELAXED);
	mt_heap_idx_push(&c->located, k);
}

/* *most raised to the words of array o up to its last reference, when
 * more: a bound of the numbers that name its slots (a big array of small
 * integers names none). */
static void last_reference(const struct vh *vh, uint32_t o, uint32_t *most)
{
	uint32_t words = vh->obj[o].size / 8;
	const unsigned char *p = words > *most ? vh_mem(vh, vh_obj_addr(vh, o), 8ull * words) : NULL;

	for (uint32_t k = words; p && k > *most; k--)
		if (vh_word(p, 8 * (int64_t)(k - 1)) & 1) {
			*most = k;
			break;
		}
}

/* Chunk c's heap pages given back to the kernel once a pass is done with
 * them (mt_coredump_release): the pass over the next chunks maps theirs,
 * and a gigabyte heap is not all mapped at once. A page the other thread
 * or a later read needs is mapped again from the file. */
static void release_pages(const struct vh *vh, const struct chunk *c)
{
	uintptr_t from = 0, to = 0;

	if (c->lo >= c->hi || !vh->core->map)
		return;
	for (uint32_t k = vh->obj[c->lo].page; k <= vh->obj[c->hi - 1].page; k++) {
		const struct vh_page *p = &vh->pages[k];
		if (p->own || !p->bytes)
			continue;
		if ((uintptr_t)p->bytes != to) {  /* one call a run of pages: each flushes TLBs */
			mt_coredump_release(vh->core, (const void *)from, to - from);
			from = (uintptr_t)p->bytes;
		}
		to = (uintptr_t)p->bytes + p->size;
	}
	mt_coredump_release(vh->core, (const void *)from, to - from);
}

/* The mapped bytes of the first heap page from page k on that the core's
 * mapping holds, or 0. */
static uintptr_t page_bytes_from(const struct vh *vh, uint32_t k)
{
	for (; k < vh->npages; k++)
		if (!vh->pages[k].own && vh->pages[k].bytes)
			return (uintptr_t)vh->pages[k].bytes;
	return 0;
}

/* Every chunk below the lowest one a thread still works on is done: their
 * heap pages given back at once, the ones later reads mapped again too (a
 * large array's elements, read from an object of another chunk; maps and
 * names) which would otherwise stay until the model is made. A page the
 * other thread still reads comes back from the file. */
static void release_done(const struct shared *sh)
{
	const struct vh *vh = sh->vh;
	uint32_t low = __atomic_load_n(&sh->next, __ATOMIC_RELAXED);
	uintptr_t from, to;

	for (int i = 0; i < 2; i++) {
		uint32_t cur = sh->workers[i] ? __atomic_load_n(&sh->workers[i]->cur,
								__ATOMIC_RELAXED) : UINT32_MAX;
		if (cur < low)
			low = cur;
	}
	if (low == 0 || !vh->core->map || sh->chunks[0].lo >= vh->nobj)
		return;
	from = page_bytes_from(vh, vh->obj[sh->chunks[0].lo].page);
	if (low < sh->nchunks && sh->chunks[low].lo < vh->nobj) {
		to = page_bytes_from(vh, vh->obj[sh->chunks[low].lo].page);
	} else {
		const struct vh_page *p = &vh->pages[vh->npages - 1];
		to = p->own || !p->bytes ? 0 : (uintptr_t)p->bytes + p->size;
	}
	if (from && to > from)  /* pages in the file's order, as cores keep them */
		mt_coredump_release(vh->core, (const void *)from, to - from);
}

/* Each live object's key (vh->facts.key: vh_node_key, read from the core
 * now that the marking is done, which an array's role needs), and the
 * first object of each key in c. */
static void first_keys(struct worker *w, struct chunk *c)
{
	struct vh *vh = w->vh;
	int fresh;

	for (uint32_t o = c->lo; o < c->hi; o++) {
		if (!vh_is_live(vh, o))
			continue;
		uint64_t key = vh_node_key(w->names, o);
		vh->facts.key[o] = key;
		int it = vh->obj[o].itype;
		if (it == vh->m.t.ephemeron_table)
			push(&c->tables, &c->ntables, &c->tables_cap, o);
		else if (it == vh->m.t.js_api_object || it == vh->m.t.js_special_api_object)
			push(&c->api, &c->napi, &c->api_cap, o);
		else if (it == vh->m.t.js_array_buffer)
			push(&c->buffers, &c->nbuffers, &c->buffers_cap, o);
		else if (it == vh->m.t.js_global_object)
			push(&c->globals, &c->nglobals, &c->globals_cap, o);
		if (vh->m.indexed[it] || it == vh->m.t.descriptors ||
		    it == vh->m.t.strong_descriptors || it == vh->m.t.weak_fixed_array ||
		    it == vh->m.t.weak_array_list)
			last_reference(vh, o, &c->slots);
		if (!key)
			continue;
		uint32_t *slot = vh_u64map_slot(&c->first, key, &fresh);
		if (fresh)
			*slot = o;
	}
	release_pages(vh, c);
	release_done(w->sh);
}

static int by_key(const void *a, const void *b)
{
	const struct vh_ephemeron *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->table > y->table) - (x->table < y->table);  /* a key once a table */
}

/* Every WeakMap entry whose key a snapshot ties to its value, by key (in
 * table then entry order for a key in several maps): the key's own edge
 * comes from it (build_chunk). */
static void ties_sort(struct shared *sh)
{
	size_t cap = 0;

	for (uint32_t k = 0; k < sh->nchunks; k++)
		for (uint32_t t = 0; t < sh->chunks[k].ntables; t++) {
			uint32_t table = sh->chunks[k].tables[t], n;
			n = vh_ephemeron_count(sh->vh, table);
			for (uint32_t i = 0; i < n; i++) {
				struct vh_ephemeron e;
				uint64_t key, value;
				if (!vh_ephemeron_entry(sh->vh, table, i, &e, &key, &value))
					continue;
				if (sh->nties == cap) {
					cap = cap ? 2 * cap : 64;
					sh->ties = xreallocarray(sh->ties, cap, sizeof *sh->ties);
				}
				sh->ties[sh->nties++] = e;
			}
		}
	if (sh->nties)
		qsort(sh->ties, sh->nties, sizeof *sh->ties, by_key);
	size_t t = 0;
	for (uint32_t k = 0; k < sh->nchunks; k++) {  /* each part's first */
		while (t < sh->nties && sh->ties[t].key < sh->chunks[k].lo)
			t++;
		sh->chunks[k].tie0 = t;
	}
}

/* The numbers that name arrays' slots (edges.c), made once as the model's
 * strings (in the first part's table, which becomes the model's) rather
 * than by every part that meets them: an array of 750,000 elements would
 * give 750,000 strings to intern in its part and again when merged. They
 * are appended, not interned (vh_strtab_append): a property named "12"
 * gets a string of its own. */
static void numbers_make(struct shared *sh)
{
	struct strtab *g = &sh->chunks[0].str;
	char num[16] = "0";          /* k in decimal, counted up digit by digit */
	size_t len = 1;

	for (uint32_t k = 0; k < sh->nchunks; k++)
		if (sh->chunks[k].slots > sh->nnumbers)
			sh->nnumbers = sh->chunks[k].slots;
	if (sh->nnumbers > MAX_NUMBERS)
		sh->nnumbers = MAX_NUMBERS;
	sh->numbers = xmalloc(((size_t)sh->nnumbers + 1) * sizeof *sh->numbers);
	for (uint32_t k = 0; k < sh->nnumbers; k++) {
		sh->numbers[k] = vh_strtab_append(g, num, len);
		size_t d = len;
		while (d > 0 && num[d - 1] == '9')
			num[--d] = '0';
		if (d > 0) {
			num[d - 1]++;
		} else {  /* 9...9 + 1 */
			memmove(num + 1, num, len);
			num[0] = '1';
			len++;
		}
	}
}

/* The chunks' first objects by key: the earliest chunk's. */
static void merge_first(struct shared *sh)
{
	int fresh;

	for (uint32_t k = 0; k < sh->nchunks; k++) {
		const struct vh_u64map *m = &sh->chunks[k].first;
		for (size_t i = 0; i < m->cap; i++)
			if (m->key[i]) {
				uint32_t *slot = vh_u64map_slot(&sh->first, m->key[i], &fresh);
				if (fresh)
					*slot = m->val[i];
			}
	}
}

/* Node columns: each thread writes only the nodes of its chunks. A self
 * size of 64 KiB or more is set later (bigs_set: the side table it takes is
 * not the threads'). An object's address is put in later, by place(): that
 * column is made once the objects' facts are freed. */
static void set_node(struct mt_heap *h, uint32_t node, enum vh_ntype type, uint32_t name,
		     uint32_t self)
{
	h->node_type[node] = (uint8_t)type;
	h->node_name[node] = name;
	h->node_self[node] = (uint16_t)(self < UINT16_MAX ? self : UINT16_MAX);
}

/* The roots table's edges named as V8's root lists name them
 * (GetStrongGcSubrootName): by the first root (RootIndex order, the names
 * of RootsTable::root_names_) that holds the same object, so that a root
 * holding undefined is "undefined_value"; 0 when the names are unknown. */
static int table_edges(struct shared *sh, struct chunk *c)
{
	struct vh *vh = sh->vh;
	struct vh_u64map first = { 0 };
	uint64_t n = vh->nroots < vh->nroot_names ? vh->nroots : vh->nroot_names, w;

	if (!vh->root_names)
		return 0;
	for (uint64_t i = 0; i < n; i++) {
		int fresh;
		if (vh->root_names[i] && vh_u64(vh, vh->roots + 8 * i, &w) == 0 && w) {
			uint32_t *slot = vh_u64map_slot(&first, w, &fresh);
			if (fresh)
				*slot = (uint32_t)i;
		}
	}
	for (uint64_t i = 0; i < vh->nroots; i++) {
		uint32_t o = vh_u64(vh, vh->roots + 8 * i, &w) == 0 ? vh_find(vh, w) : VH_NONE;
		if (o == VH_NONE || !vh_is_live(vh, o))
			continue;
		uint32_t k = vh_u64map_get(&first, w);
		if (k != VH_NONE)
			add_edge(c, ET_INTERNAL, vh_strtab_add(&c->str, vh->root_names[k]),
				 node_of(sh, o));
		else
			add_edge(c, ET_ELEMENT, (uint32_t)i + 1, node_of(sh, o));
	}
	vh_u64map_free(&first);
	return 1;
}

/* Whether the handles set's word naming object o is taken as a weak
 * edge: when the other root sets reach o. Such a word adds nothing to what
 * is live, and most are stale: V8 keeps a few dozen lasting handles (a
 * snapshot's "(Global handles)"), where node's memory holds hundreds of
 * old words (a 64 KiB buffer of node 24's HTTP parser named 266 arrays,
 * 392 BuiltinModules, ...). As strong edges from a root they would keep
 * DevTools from giving an array's size to its one holder, and make the
 * root dominate what they name. */
static int weak_root(const struct vh *vh, uint32_t o)
{
	return vh->before_handles && (vh->before_handles[o / 64] >> (o % 64) & 1);
}

/* Where root k of set s was named, as its edge's name: "thread 2 stack
 * 0x7ffd..." or "thread 2 register rbx", "isolate+0x1a8", "global handle
 * 0x..." (a strong V8 global handle: a C++ object's v8::Global), or the
 * word's address (node's memory), for a reader to look up (Mappings). */
static uint32_t root_name(const struct shared *sh, struct chunk *c, int s, size_t k,
			  const struct vh_roots *r)
{
	const struct vh *vh = sh->vh;
	const struct mt_coredump *core = vh->core;
	uint64_t at = r->at[s][k];
	char name[64];

	snprintf(name, sizeof name, "0x%llx", (unsigned long long)at);
	if (at & VH_ROOT_GLOBAL) {
		snprintf(name, sizeof name, "global handle 0x%llx",
			 (unsigned long long)(at & ~VH_ROOT_GLOBAL));
	} else if (at & VH_ROOT_REG) {
		unsigned t = (unsigned)(at >> 8 & 0xffffff), i = (unsigned)(at & 0xff);
		const struct mt_arch_regs *regs = core->regs_layout;
		snprintf(name, sizeof name, "thread %u register %s", t,
			 regs && (int)i < regs->nregs ? regs->names[i] : "?");
	} else if (s == MT_V8HEAP_ROOTS_ISOLATE && at - vh->iso_chunk < vh->iso_size) {
		snprintf(name, sizeof name, "isolate+0x%llx",
			 (unsigned long long)(at - vh->iso_chunk));
	} else if (s == MT_V8HEAP_ROOTS_STACKS) {
		const struct mt_coredump_segment *g = mt_coredump_segment_at(core, at);
		for (size_t t = 0; g && t < core->nthreads; t++) {  /* the stack sp is in */
			if (core->threads[t].sp <= at && core->threads[t].sp - g->vaddr < g->memsz) {
				snprintf(name, sizeof name, "thread %zu stack 0x%llx", t,
					 (unsigned long long)at);
				break;
			}
		}
	}
	return vh_strtab_add(&c->str, name);
}

/* The root, (GC roots) and the root sets, with their edges, into chunk c
 * (the first, whose edges come first). */
static void synthetic(struct shared *sh, struct chunk *c, const struct vh_roots *r)
{
	struct vh *vh = sh->vh;
	struct mt_heap *h = sh->h;
	char num[16];
	uint64_t *seen = xcalloc(vh->nobj / 64 + 1, sizeof *seen);

	set_node(h, 0, NT_SYNTHETIC, vh_strtab_add(&c->str, ""), 0);
	h->first_edge[0] = 0;
	add_edge(c, ET_ELEMENT, 1, 1);
	for (uint32_t k = 0; k < sh->nchunks; k++)
		for (uint32_t i = 0; i < sh->chunks[k].nglobals; i++) {
			snprintf(num, sizeof num, "%u", c->nedge + 1);
			add_edge(c, ET_SHORTCUT, vh_strtab_add(&c->str, num),
				 node_of(sh, sh->chunks[k].globals[i]));
		}
	for (size_t k = 0; k < sh->nnatives; k++)  /* node's C++ roots (embedder.c) */
		add_edge(c, ET_ELEMENT, c->nedge + 1, sh->first_native + (uint32_t)k);
	set_node(h, 1, NT_SYNTHETIC, vh_strtab_add(&c->str, "(GC roots)"), 0);
	h->first_edge[1] = c->nedge;
	for (uint32_t s = 0; s < MT_V8HEAP_ROOT_SETS; s++)
		add_edge(c, ET_ELEMENT, s + 1, 2 + s);
	for (uint32_t s = 0; s < MT_V8HEAP_ROOT_SETS; s++) {
		set_node(h, 2 + s, NT_SYNTHETIC, vh_strtab_add(&c->str, set_names[s]), 0);
		h->first_edge[2 + s] = c->nedge;
		if (s == MT_V8HEAP_ROOTS_TABLE && table_edges(sh, c))
			continue;
		memset(seen, 0, (vh->nobj / 64 + 1) * sizeof *seen);
		for (size_t k = 0; k < r->n[s]; k++) {
			uint32_t o = r->obj[s][k];
			if (seen[o / 64] >> (o % 64) & 1)
				continue;
			seen[o / 64] |= 1ull << (o % 64);
			add_edge(c, s == MT_V8HEAP_ROOTS_HANDLES && weak_root(vh, o) ? ET_WEAK :
				 ET_INTERNAL, root_name(sh, c, (int)s, k, r), node_of(sh, o));
		}
	}
	free(seen);
}

static const char to_native[] = "javascript_to_native";

/* The parts' self sizes of 64 KiB and more into the model's side table. */
static void bigs_set(struct shared *sh)
{
	for (uint32_t k = 0; k < sh->nchunks; k++) {
		struct chunk *c = &sh->chunks[k];
		for (size_t i = 0; i < c->nbigs; i++)
			mt_heap_set_self(sh->h, c->bigs[i].node, c->bigs[i].size);
		free(c->bigs);
		c->bigs = NULL;
		c->nbigs = c->bigs_cap = 0;
	}
}

static void build_chunk(struct worker *w, struct chunk *c)
{
	struct vh *vh = w->vh;
	struct mt_heap *h = w->sh->h;
	struct vh_edge_sink sink = { c, emit };
	const struct shared *sh = w->sh;
	uint32_t node = c->node, name;
	size_t tie = c->tie0, native = 0;

	c->w = w;
	for (uint32_t o = c->lo; o < c->hi; o++) {
		if (!vh_is_live(vh, o))
			continue;
		enum vh_ntype t = node_name(c, o, &name);
		uint32_t self = vh_snapshot_size(vh, o);
		set_node(h, node, t, name, self);
		if (self >= UINT16_MAX)  /* its side table is set after (bigs_set) */
			push_big(c, (struct mt_heap_big){ node, self });
		locate(c, o, node);
		c->edge0 = h->first_edge[node++] = c->nedge;
		vh_edges(vh, w->names, o, &sink);
		for (; tie < sh->nties && sh->ties[tie].key <= o; tie++)  /* o a WeakMap key */
			if (sh->ties[tie].key == o)
				emit(c, ET_INTERNAL, VN_EPHEMERON, &sh->ties[tie], 0, sh->ties[tie].value);
		while (native < sh->nnatives && sh->natives[native].wrapper < o)
			native++;
		if (native < sh->nnatives && sh->natives[native].wrapper == o)  /* last, as V8 */
			add_edge(c, ET_INTERNAL, const_name(c, to_native),
				 sh->first_native + (uint32_t)native);
	}
	release_pages(vh, c);
	release_done(sh);
}

/* node's C++ roots as the snapshot's "Node / NAME" nodes, after every
 * object's node, then the backing stores: their names and the roots'
 * edges to their wrappers go into the last chunk, whose nodes they follow. */
static void native_nodes(struct shared *sh)
{
	struct chunk *c = &sh->chunks[sh->nchunks - 1];
	uint32_t to_js = vh_strtab_add(&c->str, "native_to_javascript");

	for (size_t k = 0; k < sh->nnatives; k++) {
		uint32_t node = sh->first_native + (uint32_t)k;
		set_node(sh->h, node, NT_SYNTHETIC, vh_strtab_add(&c->str, sh->natives[k].name),
			 0);  /* no address: core/heap finds objects by theirs, in order */
		sh->h->first_edge[node] = c->nedge;
		add_edge(c, ET_INTERNAL, to_js, node_of(sh, sh->natives[k].wrapper));
	}
	uint32_t data = sh->nstores ? vh_strtab_add(&c->str, "system / JSArrayBufferData") : 0;
	for (uint32_t k = 0; k < sh->nstores; k++) {  /* no edges */
		uint32_t node = sh->first_store + k;
		set_node(sh->h, node, NT_NATIVE, data, 0);
		mt_heap_set_self(sh->h, node, sh->store_size[k]);
		sh->h->first_edge[node] = c->nedge;
	}
}

/* The backing stores of the ArrayBuffers of every chunk, in order: one
 * native node each, as V8's snapshot has one per store address (the
 * first buffer's length; Buffers of node's pool share one). */
static void stores_find(struct shared *sh)
{
	struct vh_u64map by_address = { 0 };
	uint32_t cap = 0;
	int fresh;

	for (uint32_t k = 0; k < sh->nchunks; k++)
		for (uint32_t i = 0; i < sh->chunks[k].nbuffers; i++) {
			uint32_t o = sh->chunks[k].buffers[i];
			uint64_t length, store = vh_backing_store(sh->vh, o, &length);
			if (!store)
				continue;
			uint32_t *slot = vh_u64map_slot(&by_address, store, &fresh);
			if (fresh) {
				if (sh->nstores == cap) {
					cap = cap ? 2 * cap : 64;
					sh->store_size = xreallocarray(sh->store_size, cap,
								       sizeof *sh->store_size);
				}
				sh->store_size[sh->nstores] = length;
				*slot = sh->nstores++;
			}
			*vh_u64map_slot(&sh->store_of, (uint64_t)o + 1, &fresh) = *slot;
		}
	vh_u64map_free(&by_address);
}

/* Natives and stores past the model's most nodes left out (a damaged
 * core: a JS API object or an ArrayBuffer for every object), said once. */
static void nodes_cut(struct shared *sh)
{
	uint32_t room = sh->first_native < MT_HEAP_MAX_NODES - 1 ?
			MT_HEAP_MAX_NODES - 1 - sh->first_native : 0;
	size_t cut = 0;

	for (; sh->nnatives > room; cut++)
		free(sh->natives[--sh->nnatives].name);
	sh->first_store = sh->first_native + (uint32_t)sh->nnatives;
	room -= (uint32_t)sh->nnatives;
	if (sh->nstores > room) {
		cut += sh->nstores - room;
		sh->nstores = room;
	}
	vh_warn(sh->vh, "%zu backing stores and node's C++ objects past the model's %u nodes "
		"are left out", cut, MT_HEAP_MAX_NODES);
}

/* The JS API objects of every chunk, in order, read for node's C++ roots. */
static void natives_find(struct shared *sh)
{
	uint32_t *api = NULL, n = 0, cap = 0;

	for (uint32_t k = 0; k < sh->nchunks; k++)
		for (uint32_t i = 0; i < sh->chunks[k].napi; i++)
			push(&api, &n, &cap, sh->chunks[k].api[i]);
	sh->nnatives = vh_natives(sh->vh, api, n, &sh->natives);
	free(api);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	uint32_t k;

	while ((k = __atomic_fetch_add(&w->sh->next, 1, __ATOMIC_RELAXED)) < w->sh->nchunks) {
		__atomic_store_n(&w->cur, k, __ATOMIC_RELAXED);
		w->sh->step(w, &w->sh->chunks[k]);
		__atomic_store_n(&w->cur, UINT32_MAX, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* step on every chunk, by this thread and other's (when there is one). */
static void run(struct shared *sh, struct worker *self, struct worker *other,
		void (*step)(struct worker *, struct chunk *))
{
	pthread_t tid;
	int threaded = 0;

	sh->next = 0;
	sh->step = step;
	if (other)
		threaded = pthread_create(&tid, NULL, work, other) == 0;
	work(self);
	if (threaded)
		pthread_join(tid, NULL);
}

/* The node columns, faulted in at once (mt_heap_array); the addresses
 * come later (merge). */
static void columns(struct mt_heap *h, uint32_t n)
{
	h->node_count = n;
	h->node_type = mt_heap_array(n, 1);
	/* Detachedness is a DOM's: nothing in a core writes it, so the
	 * column's pages are never made (not mt_heap_array, which faults its
	 * arrays in): reads find zeros. */
	h->node_detached = xcalloc(n ? n : 1, 1);
	h->node_name = mt_heap_array(n, sizeof *h->node_name);
	h->node_self = mt_heap_array(n, sizeof *h->node_self);
	h->first_edge = mt_heap_array((size_t)n + 1, sizeof *h->first_edge);
	mt_heap_rankset_init(&h->loc.nodes, n);  /* the located ones (locate) */
}

static void strings(struct mt_heap *h, struct strtab *t)
{
	h->string_count = t->n;
	h->str_bytes = t->data.len;
	if (t->data.len <= UINT32_MAX) {
		h->str_off32 = xmalloc(((size_t)t->n + 1) * sizeof *h->str_off32);
		for (uint32_t i = 0; i < t->n; i++)
			h->str_off32[i] = (uint32_t)t->off[i];
		h->str_off32[t->n] = (uint32_t)t->data.len;
	} else {
		h->str_off64 = xreallocarray(t->off, (size_t)t->n + 1, sizeof *t->off);
		h->str_off64[t->n] = t->data.len;
		t->off = NULL;
	}
	h->str_data = strbuf_detach(&t->data);
}

/* Whether every name chunk c keeps by key is the one the chunks before
 * it gave that key (by_node: the model's, key -> string). A name kept by
 * map comes from the first object of the map (names.c), so a map whose
 * objects name themselves differently (an own Symbol.toStringTag) would
 * be named by another object here than in one pass: then 0. */
static int same_keys(struct vh_u64map *by_node, const struct chunk *c, const uint32_t *to)
{
	for (size_t i = 0; i < c->by_node.cap; i++) {
		if (!c->by_node.key[i] || c->by_node.val[i] == VH_NONE)
			continue;
		uint32_t *g = idmap_slot(by_node, c->by_node.key[i]);
		if (*g == VH_NONE)
			*g = to[c->by_node.val[i]];
		else if (*g != to[c->by_node.val[i]])
			return 0;
	}
	return 1;
}

static int string_named(uint32_t word)
{
	uint32_t type = word >> 28;

	return type != ET_ELEMENT && type != ET_HIDDEN;
}

/* Whether address a can be node's in run r: 8-byte words from its start,
 * no more than 16 bits of them. */
static int in_run(const struct mt_heap_addr_run *r, uint64_t a)
{
	return a >= r->base && (a - r->base) % 8 == 0 && (a - r->base) / 8 <= UINT16_MAX;
}

/* Chunk c's objects' addresses into the model, in node order: each node's
 * words from its run's start in the address column, the runs in c's
 * (addresses_merge). */
static void place_addresses(const struct vh *vh, struct mt_heap *h, struct chunk *c)
{
	uint32_t node = c->node;

	for (uint32_t o = c->lo; o < c->hi; o++) {
		if (!vh_is_live(vh, o))
			continue;
		uint64_t a = vh_obj_addr(vh, o);
		if (!c->nruns || !in_run(&c->runs[c->nruns - 1], a)) {
			if (c->nruns == c->runs_cap) {
				c->runs_cap = c->runs_cap ? 2 * c->runs_cap : 16;
				c->runs = xreallocarray(c->runs, c->runs_cap, sizeof *c->runs);
			}
			c->runs[c->nruns++] = (struct mt_heap_addr_run){ node, a };
		}
		h->addr_word[node++] = (uint16_t)((a - c->runs[c->nruns - 1].base) / 8);
	}
}

/* The chunks' runs as the model's, in order, from node 0 (the synthetic
 * nodes, without addresses: base 0, distance 0) to the natives after the
 * objects (neither). */
static void addresses_merge(struct shared *sh)
{
	struct mt_heap *h = sh->h;
	uint32_t n = 2;

	for (uint32_t k = 0; k < sh->nchunks; k++)
		n += sh->chunks[k].nruns;
	h->addr_runs = xmalloc(n * sizeof *h->addr_runs);
	h->addr_runs[h->naddr_runs++] = (struct mt_heap_addr_run){ 0, 0 };
	for (uint32_t k = 0; k < sh->nchunks; k++) {
		struct chunk *c = &sh->chunks[k];
		if (c->nruns)  /* an empty part has no runs array */
			memcpy(h->addr_runs + h->naddr_runs, c->runs, c->nruns * sizeof *c->runs);
		h->naddr_runs += c->nruns;
		free(c->runs);
		c->runs = NULL;
	}
	h->addr_runs[h->naddr_runs++] = (struct mt_heap_addr_run){ sh->first_native, 0 };
}

/* A chunk's name (a string of its own or a number's) as the model's. */
static uint32_t model_string(const struct shared *sh, const struct chunk *c, uint32_t n)
{
	if (n & VH_NUMBER_NAME)
		return sh->numbers[n & ~VH_NUMBER_NAME];
	return c == sh->chunks ? n : c->to[n];
}

/* The model's name of chunk c's edge e: its string in the model (c->to
 * made, but for the first chunk, whose strings are the model's) or its
 * index; edges read in order from *run = 0. */
static uint32_t model_name(const struct shared *sh, const struct chunk *c, uint32_t *run,
			   uint32_t e, int by_string)
{
	uint32_t n = vh_pnames_get(&c->en, run, e, by_string);

	return by_string ? model_string(sh, c, n) : n;
}

/* The uses of each string as an edge's name, for the codes: each part's
 * counts by its codes (vh_pnames_put), and its far names one by one. */
static void count_names(struct shared *sh, struct mt_heap_enamer *x)
{
	for (uint32_t k = 0; k < sh->nchunks; k++) {
		const struct chunk *c = &sh->chunks[k];
		const struct vh_pnames *p = &c->en;
		for (uint32_t code = 0; p->uses && code < MT_HEAP_ENAME_FAR; code++)
			if (p->uses[code])
				mt_heap_enamer_count(x, model_string(sh, c, vh_pnames_code_name(p, code)),
						     p->uses[code]);
		for (uint32_t r = 0; r < p->far.n; r++)
			for (uint32_t i = 0; i < p->far.v[r].count; i++)
				if (string_named(c->edge_word[p->far.v[r].edge + i]))
					mt_heap_enamer_count(x, model_string(sh, c,
							     p->far.v[r].name + i), 1);
	}
}

/* Chunk c's nodes and edges into the model: addresses, names through
 * c->to, edges from c->at on. */
static void place(struct worker *w, struct chunk *c)
{
	struct mt_heap *h = w->sh->h;
	uint32_t end = c + 1 < w->sh->chunks + w->sh->nchunks ? c[1].node : h->node_count;

	place_addresses(w->vh, h, c);
	mt_heap_fault_in(h->edge_word + c->at, (size_t)c->nedge * sizeof *h->edge_word);
	mt_heap_fault_in(h->edge_name + c->at, (size_t)c->nedge * sizeof *h->edge_name);
	int first = c == w->sh->chunks;  /* names and edge numbers already the model's */
	uint32_t run = 0;

	for (uint32_t v = c->node; v < end && !first; v++) {
		h->node_name[v] = c->to[h->node_name[v]];
		h->first_edge[v] += c->at;
	}
	for (uint32_t e = 0; e < c->nedge; e++) {
		uint32_t wd = c->edge_word[e];
		int by_string = string_named(wd);
		h->edge_word[c->at + e] = wd;
		h->edge_name[c->at + e] = mt_heap_ename_code(w->sh->enamer, &c->far, c->at + e,
							      model_name(w->sh, c, &run, e, by_string),
							      by_string);
	}
	free(c->to);
	c->to = NULL;
	free(c->edge_word);
	vh_pnames_free(&c->en);
	c->edge_word = NULL;
}

/* The chunks as one model, in order: their strings into the first's
 * table here, then their nodes and edges put in place by the threads; 0,
 * or -1 when a single pass would have named some nodes otherwise
 * (same_keys) or there are more edges than a model holds. Past that
 * check only their addresses are read again: the facts are freed before
 * the address column and the model's edges are made, the objects after,
 * and each chunk's edges as soon as they are in place, so that the edges
 * are not held twice at any time. */
static int merge(struct shared *sh, struct worker *self, struct worker *other)
{
	struct mt_heap *h = sh->h;
	struct chunk *first = &sh->chunks[0];
	struct strtab *g = &first->str;
	uint64_t at = first->nedge;

	for (uint32_t k = 1; k < sh->nchunks; k++) {
		struct chunk *c = &sh->chunks[k];
		c->to = vh_strtab_merge(g, &c->str);
		c->at = (uint32_t)at;
		at += c->nedge;
		if (!same_keys(&first->by_node, c, c->to) || at >= MT_HEAP_MAX_NODES * 16ull)
			return -1;
	}
	vh_facts_free(&sh->vh->facts);
	h->addr_word = mt_heap_array(h->node_count, sizeof *h->addr_word);
	h->edge_word = xreallocarray(NULL, at ? at : 1, sizeof *h->edge_word);  /* faulted */
	h->edge_name = xreallocarray(NULL, at ? at : 1, sizeof *h->edge_name);  /* in by place */
	h->edge_count = (uint32_t)at;  /* the far names' blocks (mt_heap_enamer_done) */
	struct mt_heap_enamer enamer;
	struct mt_heap_farlist *far = xcalloc(sh->nchunks, sizeof *far);
	mt_heap_enamer_init(&enamer, h, g->n);
	count_names(sh, &enamer);
	mt_heap_enamer_choose(&enamer);
	sh->enamer = &enamer;
	run(sh, self, other, place);
	for (uint32_t k = 0; k < sh->nchunks; k++)
		far[k] = sh->chunks[k].far;  /* the chunks' edges in order */
	mt_heap_enamer_done(&enamer, far, sh->nchunks);
	free(far);
	for (uint32_t k = 0; k < sh->nchunks; k++)
		sh->chunks[k].far = (struct mt_heap_farlist){ 0 };
	addresses_merge(sh);
	vh_objects_free(sh->vh);
	h->first_edge[h->node_count] = (uint32_t)at;
	strings(h, g);
	return 0;
}

static void chunk_free(struct chunk *c)
{
	vh_strtab_free(&c->str);
	vh_u64map_free(&c->by_key);
	vh_u64map_free(&c->by_const);
	vh_u64map_free(&c->by_node);
	vh_u64map_free(&c->first);
	free(c->to);
	free(c->far.v);
	free(c->runs);
	free(c->bigs);
	free(c->edge_word);
	vh_pnames_free(&c->en);
	free(c->tables);
	free(c->api);
	free(c->buffers);
	free(c->globals);
	mt_heap_idx_free(&c->located);
	vh_u64map_free(&c->loc_by_key);
	free(c->kept);
}

/* The model's locations from the chunks' (locate): the located nodes'
 * bits are in; each chunk's kept locations become the model's positions
 * (each once, in order of first use, as packing records in node order
 * gives them), and its nodes' indexes in kept, in order, the positions
 * of the located nodes. */
static void locations(struct shared *sh)
{
	struct mt_heap *h = sh->h;
	struct mt_heap_locations *loc = &h->loc;
	uint32_t m = mt_heap_rankset_number(&loc->nodes, h->node_count), w = 0;

	mt_heap_idx_init(&loc->which, m);
	for (uint32_t k = 0; k < sh->nchunks; k++) {
		struct chunk *c = &sh->chunks[k];
		uint32_t *to = xmalloc((c->nkept ? c->nkept : 1) * sizeof *to);
		mt_heap_positions(loc, c->kept, c->nkept, to);
		for (uint32_t i = 0; i < c->located.n && w < m; i++)
			mt_heap_idx_set(&loc->which, w++, to[mt_heap_idx_get(&c->located, i)]);
		free(to);
		mt_heap_idx_free(&c->located);
	}
}

/* A second thread's copy of the walk's state: what it reads is shared,
 * every cache its own. */
static void fork_vh(struct worker *w, const struct vh *vh)
{
	w->own_vh = *vh;
	memset(w->own_vh.last_page, 0, sizeof w->own_vh.last_page);
	w->own_vh.found = NULL;
	vh_u64map_copy(&w->own_vh.maps, &vh->maps);
	w->own_vh.shapes = NULL;
	w->vh = &w->own_vh;
}

static void unfork_vh(struct worker *w)
{
	vh_locator_free(&w->loc);
	vh_names_free(&w->names);
	free(w->own_vh.found);
	vh_u64map_free(&w->own_vh.maps);
	vh_props_free(&w->own_vh);
}

/* Each live object's key in c as the first object of the key in the heap
 * (vh->facts.first): what node_name and locate share names and locations
 * by, in half the bytes of the key. Objects of one key often come in a
 * run. */
static void key_firsts(struct worker *w, struct chunk *c)
{
	struct vh *vh = w->vh;
	uint64_t last = 0;
	uint32_t last_first = VH_NONE;

	for (uint32_t o = c->lo; o < c->hi; o++) {
		if (!vh_is_live(vh, o))
			continue;
		uint64_t key = vh->facts.key[o];
		if (key && key != last) {
			last = key;
			last_first = vh_u64map_get(&w->sh->first, key);
		}
		vh->facts.first[o] = key ? last_first : VH_NONE;
	}
}

/* The keys as first objects, and the keys freed (build_chunk's peak of
 * memory is lower by 4 bytes an object). */
static void keys_to_firsts(struct shared *sh, struct worker *self, struct worker *other)
{
	struct vh *vh = sh->vh;

	vh->facts.first = mt_heap_array(vh->nobj, sizeof *vh->facts.first);
	if (other)
		other->own_vh.facts.first = vh->facts.first;
	run(sh, self, other, key_firsts);
	free(vh->facts.key);
	vh->facts.key = NULL;
	if (other)
		other->own_vh.facts.key = NULL;
}

/* The model from nchunks chunks (two threads when more than one); NULL
 * when the chunks could not give what one pass gives (merge). */
static struct mt_heap *build_chunks(struct vh *vh, const struct vh_roots *r, uint32_t nchunks)
{
	struct shared sh = { .vh = vh, .nchunks = nchunks };
	struct mt_heap *h = xcalloc(1, sizeof *h);
	struct worker self = { .sh = &sh, .vh = vh, .tmp = STRBUF_INIT, .cur = UINT32_MAX };
	struct worker other = { .sh = &sh, .tmp = STRBUF_INIT, .cur = UINT32_MAX };
	uint32_t count = 0, words = vh->nobj / 64 + 1;

	sh.h = h;
	sh.workers[0] = &self;
	sh.workers[1] = nchunks > 1 ? &other : NULL;
	/* filled by first_keys, part by part, as the parts give their heap
	 * pages back: faulted in as it goes (not mt_heap_array, which faults
	 * it in at once: a dense core's heap pages are all mapped then) */
	vh->facts.key = xcalloc(vh->nobj ? vh->nobj : 1, sizeof *vh->facts.key);
	mt_heap_model_init(h, node_types, NT_COUNT, edge_types, ET_COUNT);
	sh.base = xmalloc(words * sizeof *sh.base);
	for (uint32_t i = 0; i < words; i++) {
		sh.base[i] = count;
		count += mt_popcount64(vh->live[i]);
	}
	sh.chunks = xcalloc(nchunks, sizeof *sh.chunks);
	for (uint32_t k = 0; k < nchunks; k++) {  /* bounds at multiples of 64 objects */
		struct chunk *c = &sh.chunks[k];
		c->lo = k ? sh.chunks[k - 1].hi : 0;
		c->hi = k + 1 == nchunks ? vh->nobj :
			(uint32_t)((uint64_t)words * (k + 1) / nchunks * 64);
		if (c->hi > vh->nobj)
			c->hi = vh->nobj;
		if (c->hi < c->lo)
			c->hi = c->lo;
		c->node = FIRST_OBJECT + (c->lo < vh->nobj ? sh.base[c->lo / 64] : count);
	}
	vh->targets = xmalloc(words * sizeof *vh->targets);
	for (uint32_t i = 0; i < words; i++)
		vh->targets[i] = vh->live[i] & ~vh->facts.inessential[i];
	if (nchunks > 1)
		fork_vh(&other, vh);
	self.names = vh_names_new(vh);
	self.loc = vh_locator_new(vh, self.names);
	if (nchunks > 1) {
		other.names = vh_names_new(other.vh);
		other.loc = vh_locator_new(other.vh, other.names);
	}
	run(&sh, &self, nchunks > 1 ? &other : NULL, first_keys);
	natives_find(&sh);
	stores_find(&sh);
	sh.first_native = FIRST_OBJECT + count;
	sh.first_store = sh.first_native + (uint32_t)sh.nnatives;
	if ((uint64_t)sh.first_store + sh.nstores > MT_HEAP_MAX_NODES - 1)
		nodes_cut(&sh);
	columns(h, sh.first_store + sh.nstores);
	merge_first(&sh);
	keys_to_firsts(&sh, &self, nchunks > 1 ? &other : NULL);
	ties_sort(&sh);
	vh_strtab_add(&sh.chunks[0].str, "<dummy>");
	numbers_make(&sh);
	sh.chunks[0].w = &self;
	synthetic(&sh, &sh.chunks[0], r);
	run(&sh, &self, nchunks > 1 ? &other : NULL, build_chunk);
	bigs_set(&sh);
	native_nodes(&sh);
	int rc = merge(&sh, &self, nchunks > 1 ? &other : NULL);
	locations(&sh);
	if (nchunks > 1)
		unfork_vh(&other);
	for (uint32_t k = 0; k < nchunks; k++)
		chunk_free(&sh.chunks[k]);
	free(sh.chunks);
	vh_locator_free(&self.loc);
	vh_names_free(&self.names);
	strbuf_free(&self.tmp);
	strbuf_free(&other.tmp);
	free(sh.base);
	vh_u64map_free(&sh.first);
	free(sh.ties);
	free(sh.numbers);
	vh_natives_free(sh.natives, sh.nnatives);
	vh_u64map_free(&sh.store_of);
	free(sh.store_size);
	free(vh->targets);
	free(vh->found);
	vh->targets = NULL;
	vh->found = NULL;
	if (rc < 0)
		mt_heap_free(&h);
	return h;
}

/* CHUNKS parts, or more for a heap of more than CHUNKS * CHUNK_HEAP bytes:
 * the heap pages a part maps are given back when it is done, and smaller
 * parts keep fewer of them mapped at once (a 2 GB heap: 64 parts). */
static uint32_t chunk_count(const struct vh *vh)
{
	uint64_t bytes = 0, n;

	if (CHUNKS < 2)
		return CHUNKS;
	for (size_t i = 0; i < vh->npages; i++)
		bytes += vh->pages[i].size;
	n = bytes / CHUNK_HEAP;
	return n <= CHUNKS ? CHUNKS : n >= MAX_CHUNKS ? MAX_CHUNKS : (uint32_t)n;
}

struct mt_heap *vh_build(struct vh *vh, const struct vh_roots *r)
{
	struct mt_heap *h = build_chunks(vh, r, chunk_count(vh));

	return h ? h : build_chunks(vh, r, 1);
}

