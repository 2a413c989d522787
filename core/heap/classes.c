/* core/heap/classes.c: DevTools' class aggregates (buildAggregates and
 * calculateClassesRetainedSize): nodes grouped by class key (the class
 * name, plus the source location for `object` nodes that have one), nodes
 * of zero self size skipped, and a class's retained size summed over the
 * instances not dominated by another counted instance of the same class. */
#include "core/heap/classes.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Internal key: the class name id and the location (script + 1, 0 none). */
struct ikey {
	uint32_t name, script, line, column;
};

static size_t hash_key(const struct ikey *k)
{
	uint64_t x = k->name * 0x9E3779B97F4A7C15ull;
	x ^= (k->script + 0x632BE59BD9B4E019ull * k->line) * 0xC2B2AE3D27D4EB4Full;
	x ^= k->column * 0x165667B19E3779F9ull;
	return (size_t)(x ^ x >> 29);
}

/* The class key of a node: its name, and for an object its location. */
static struct ikey key_of(const struct mt_heap *h, uint32_t node, uint32_t name)
{
	struct ikey k = { name, 0, 0, 0 };
	struct mt_heap_loc at;

	if (h->node_type[node] != h->t.object || !mt_heap_location(h, node, &at))
		return k;
	k.script = at.script + 1;
	k.line = at.line;
	k.column = at.column;
	return k;
}

static uint32_t *find_slot(struct mt_heap_classes *c, const struct ikey *k,
			   struct ikey *keys)
{
	size_t j = hash_key(k) & (c->index.cap - 1);

	while (c->index.slot[j] && memcmp(&keys[c->index.slot[j] - 1], k, sizeof *k) != 0)
		j = (j + 1) & (c->index.cap - 1);
	return &c->index.slot[j];
}

static void grow_index(struct mt_heap_classes *c, struct ikey *keys)
{
	free(c->index.slot);
	c->index.cap = c->index.cap ? c->index.cap * 2 : 1024;
	c->index.slot = xcalloc(c->index.cap, sizeof *c->index.slot);
	for (size_t i = 0; i < c->n; i++)
		*find_slot(c, &keys[i], keys) = (uint32_t)i + 1;
}

static char *public_key(const struct mt_heap *h, const struct mt_heap_classes *c,
			const struct ikey *k)
{
	const char *name = hnames_get(h, &c->names, k->name);
	size_t len = strlen(name) + 40;
	char *key = xmalloc(len);

	if (k->script)
		snprintf(key, len, "%u,%d,%d,%s", k->script - 1, (int32_t)k->line,
			 (int32_t)k->column, name);  /* -1: V8 found no position */
	else
		snprintf(key, len, ",%s", name);
	return key;
}

static uint32_t class_for(const struct mt_heap *h, struct mt_heap_classes *c,
			  struct ikey **keys, const struct ikey *k)
{
	if ((c->n + 1) * 2 > c->index.cap)
		grow_index(c, *keys);
	uint32_t *slot = find_slot(c, k, *keys);
	if (*slot)
		return *slot - 1;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
		*keys = xreallocarray(*keys, c->cap, sizeof **keys);
	}
	struct mt_heap_class *cl = &c->v[c->n];
	memset(cl, 0, sizeof *cl);
	cl->name_id = k->name;
	cl->first = MT_HEAP_NONE;
	cl->distance = MT_HEAP_NO_DISTANCE;
	(*keys)[c->n] = *k;
	*slot = (uint32_t)++c->n;
	return (uint32_t)c->n - 1;
}

/* Classes from the name of every node; the name array becomes c->of. */
static void aggregate(const struct mt_heap *h, struct mt_heap_classes *c, uint32_t *name_of)
{
	struct ikey *keys = NULL;
	/* Keys without a location are just a name id: a direct table (class
	 * + 1 per name id) spares the hash for almost every node. */
	size_t nnames = (size_t)c->names.base + c->names.n;
	uint32_t *direct = xcalloc(nnames ? nnames : 1, sizeof *direct);

	c->of = name_of;
	for (uint32_t i = 0; i < h->node_count; i++) {
		struct ikey k = key_of(h, i, name_of[i]);
		uint32_t ci;
		if (!k.script && k.name < nnames && direct[k.name])
			ci = direct[k.name] - 1;
		else {
			ci = class_for(h, c, &keys, &k);
			if (!k.script && k.name < nnames)
				direct[k.name] = ci + 1;
		}
		struct mt_heap_class *cl = &c->v[ci];
		uint64_t self = mt_heap_self(h, i);
		c->of[i] = ci;
		if (!self)
			continue;
		int32_t d = h->distance ? h->distance[i] : 0;
		if (cl->first == MT_HEAP_NONE || d < cl->distance)
			cl->distance = d;
		if (cl->first == MT_HEAP_NONE)
			cl->first = i;
		cl->count++;
		cl->self += self;
	}
	for (size_t i = 0; i < c->n; i++) {
		c->v[i].key = public_key(h, c, &keys[i]);
		c->v[i].name = hnames_get(h, &c->names, keys[i].name);
	}
	free(direct);
	free(keys);
}

/* Children lists of the dominator tree, root excluded, for the nodes
 * that dominate some: ranked like the dominators' slots (most nodes are
 * leaves, so no word a node for the list heads). */
/* A leaf of no size changes no class: it is not listed. */
static int listed(const struct mt_heap *h, const struct mt_heap_eslots *t, uint32_t i)
{
	return i != h->root && (mt_heap_self(h, i) || mt_heap_rankset_has(&t->nodes, i));
}

static void dominated(const struct mt_heap *h, struct mt_heap_eslots *t)
{
	uint32_t n = h->node_count;

	mt_heap_rankset_init(&t->nodes, n);
	for (uint32_t i = 0; i < n; i++)
		if (i != h->root)
			mt_heap_rankset_add(&t->nodes, h->dominator[i]);
	uint32_t m = mt_heap_rankset_number(&t->nodes, n);
	uint32_t *first = t->first = mt_heap_array((size_t)m + 2, sizeof *first);
	t->width = mt_heap_eslots_width(n);
	for (uint32_t i = 0; i < n; i++)
		if (listed(h, t, i))
			first[mt_heap_eslots_rank(t, h->dominator[i]) + 2]++;
	for (uint32_t i = 1; i <= m; i++)
		first[i + 1] += first[i];
	t->src = mt_heap_array(first[m + 1], (size_t)t->width);
	for (uint32_t i = 0; i < n; i++)
		if (listed(h, t, i))
			mt_heap_eslots_set(t, first[mt_heap_eslots_rank(t, h->dominator[i]) + 1]++, i);
}

/* A DFS frame over the dominator tree: the node and its children left. */
struct frame {
	uint32_t node, next, end;
	int marked;   /* this node set its class's seen flag */
};

static struct frame enter(const struct mt_heap_eslots *t, uint32_t v, int marked)
{
	struct frame f = { v, 0, 0, marked };

	if (mt_heap_rankset_has(&t->nodes, v)) {
		uint32_t k = mt_heap_eslots_rank(t, v);
		f.next = t->first[k];
		f.end = t->first[k + 1];
	}
	return f;
}

/* The children lists made on a thread of their own while the classes are
 * named and counted (they need only the dominators and the self sizes). */
struct lists {
	const struct mt_heap *h;    /* borrowed */
	struct mt_heap_eslots t;    /* owned */
	pthread_t tid;
	int threaded;
};

static void *lists_run(void *arg)
{
	struct lists *x = arg;

	dominated(x->h, &x->t);
	return NULL;
}

static void lists_start(struct lists *x, const struct mt_heap *h)
{
	memset(x, 0, sizeof *x);
	x->h = h;
	x->threaded = pthread_create(&x->tid, NULL, lists_run, x) == 0;
}

static void lists_join(struct lists *x)
{
	if (x->threaded)
		pthread_join(x->tid, NULL);
	else
		lists_run(x);
}

/* t: the children lists of the dominator tree (dominated()), freed here. */
static void retained(const struct mt_heap *h, struct mt_heap_classes *c, struct mt_heap_eslots t)
{
	uint8_t *seen = xcalloc(c->n ? c->n : 1, 1);
	struct frame *stack = NULL;
	size_t sp = 0, cap = 0;

	for (uint32_t v = h->root;;) {
		/* Enter v: count it unless an enclosing instance of its class was. */
		uint32_t ci = c->of[v];
		int mark = 0;
		struct frame f = enter(&t, v, 0);
		if (!seen[ci] && mt_heap_self(h, v)) {
			c->v[ci].retained += mt_heap_retained(h, v);
			if (f.next != f.end)
				seen[ci] = 1, mark = 1;
		}
		f.marked = mark;
		if (sp == cap) {
			cap = cap ? cap * 2 : 4096;
			stack = xreallocarray(stack, cap, sizeof *stack);
		}
		stack[sp++] = f;
		/* Next: the first unvisited child up the stack, leaving finished nodes. */
		for (;;) {
			struct frame *top = &stack[sp - 1];
			if (top->next < top->end) {
				v = mt_heap_eslots_src(&t, top->next++);
				break;
			}
			if (top->marked)
				seen[c->of[top->node]] = 0;
			if (--sp == 0)
				goto done;
		}
	}
done:
	free(stack);
	mt_heap_eslots_free(&t);
	free(seen);
}

static int by_key_then_first(const void *a, const void *b, void *arg)
{
	const struct mt_heap_classes *cs = arg;
	const struct mt_heap_class *x = &cs->v[*(const uint32_t *)a];
	const struct mt_heap_class *y = &cs->v[*(const uint32_t *)b];
	int c = strcmp(x->key, y->key);

	return c ? c : (x->first > y->first) - (x->first < y->first);
}

/* When two classes share a public key, DevTools keeps the later one. */
static void shadow(struct mt_heap_classes *c)
{
	uint32_t *idx = xmalloc((c->n ? c->n : 1) * sizeof *idx);
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].count)
			idx[n++] = (uint32_t)i;
	qsort_r(idx, n, sizeof *idx, by_key_then_first, c);
	for (size_t i = 0; i + 1 < n; i++)
		if (strcmp(c->v[idx[i]].key, c->v[idx[i + 1]].key) == 0)
			c->v[idx[i]].shadowed = 1;
	free(idx);
}

struct mt_heap_classes *mt_heap_classes_build(const struct mt_heap *h, struct hifaces *own,
					      const struct hifaces *defs, int with_retained)
{
	struct mt_heap_classes *c = xcalloc(1, sizeof *c);
	struct lists lists;
	int with_lists = with_retained && h->dominator && h->retained;

	if (with_lists)
		lists_start(&lists, h);
	uint32_t *name_of = hnames_base(h, &c->names);

	if (own) {
		c->ifaces = *own;
		memset(own, 0, sizeof *own);
	} else if (!defs) {
		hifaces_infer(h, &c->ifaces);
	}
	hifaces_apply(h, defs ? defs : &c->ifaces, &c->names, name_of);
	aggregate(h, c, name_of);  /* name_of becomes c->of */
	if (with_lists) {
		lists_join(&lists);
		retained(h, c, lists.t);
	}
	shadow(c);
	return c;
}

size_t mt_heap_classes_visible(const struct mt_heap_classes *c, uint32_t **out)
{
	size_t n = 0;

	*out = xmalloc((c->n ? c->n : 1) * sizeof **out);
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].count && !c->v[i].shadowed)
			(*out)[n++] = (uint32_t)i;
	return n;
}

void mt_heap_classes_free(struct mt_heap_classes **cp)
{
	struct mt_heap_classes *c = *cp;

	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].key);
	free(c->v);
	free(c->of);
	free(c->index.slot);
	hnames_free(&c->names);
	hifaces_free(&c->ifaces);
	free(c);
	*cp = NULL;
}
