/* core/heap/scripts.c: the names of the scripts the locations name by id.
 * A snapshot has no table of them, but V8 names a Script's node by the
 * script's name (its path or URL), and a function located in a script
 * reaches it through its `shared` edge, then `script` (V8 12 on) or
 * `script_or_debug_info`: the first located function of each id names
 * it. Made on first use, kept with the locations. */
#include "core/bsearch.h"
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The target of node's internal edge called name, or MT_HEAP_NONE. */
static uint32_t edge_to(const struct mt_heap *h, uint32_t node, const char *name)
{
	for (uint32_t e = h->first_edge[node]; e < h->first_edge[node + 1]; e++)
		if (mt_heap_etype(h, e) == h->t.e_internal &&
		    strcmp(mt_heap_str(h, mt_heap_ename(h, e)), name) == 0)
			return mt_heap_eto(h, e);
	return MT_HEAP_NONE;
}

/* The name of the Script node function fn reaches, or MT_HEAP_NONE. */
static uint32_t script_of(const struct mt_heap *h, uint32_t fn)
{
	uint32_t sfi = edge_to(h, fn, "shared"), script;

	if (sfi == MT_HEAP_NONE)
		return MT_HEAP_NONE;
	script = edge_to(h, sfi, "script");
	if (script == MT_HEAP_NONE)
		script = edge_to(h, sfi, "script_or_debug_info");
	if (script == MT_HEAP_NONE || h->node_type[script] != h->t.code ||
	    !*mt_heap_str(h, h->node_name[script]))
		return MT_HEAP_NONE;
	return h->node_name[script];
}

/* Script ids already tried (found or not): open addressing, id + 1. */
struct tried {
	uint32_t *slot;              /* owned */
	size_t cap, n;
};

/* Whether id was tried before; it is from now on. */
static int tried_before(struct tried *t, uint32_t id)
{
	if (2 * (t->n + 1) > t->cap) {
		struct tried g = { .cap = t->cap ? 2 * t->cap : 256, .n = t->n };
		g.slot = xcalloc(g.cap, sizeof *g.slot);
		for (size_t i = 0; i < t->cap; i++)
			if (t->slot[i]) {
				size_t j = (t->slot[i] * 0x9E3779B9u) & (g.cap - 1);
				while (g.slot[j])
					j = (j + 1) & (g.cap - 1);
				g.slot[j] = t->slot[i];
			}
		free(t->slot);
		*t = g;
	}
	size_t j = ((id + 1) * 0x9E3779B9u) & (t->cap - 1);
	for (; t->slot[j]; j = (j + 1) & (t->cap - 1))
		if (t->slot[j] == id + 1)
			return 1;
	t->slot[j] = id + 1;
	t->n++;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct mt_heap_script *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Each script id's name, once per id: the first located function tried
 * for it names it, or none does. Then in id order, for a binary search. */
static void make_scripts(struct mt_heap *h)
{
	struct mt_heap_locations *loc = &h->loc;
	struct mt_heap_loc at;
	struct tried tried = { 0 };
	uint32_t cap = 0;

	loc->scripts_made = 1;
	for (uint32_t i = 0; i < h->node_count; i++) {
		if (h->node_type[i] != h->t.closure || !mt_heap_location(h, i, &at) ||
		    tried_before(&tried, at.script))
			continue;
		uint32_t found = script_of(h, i);
		if (found == MT_HEAP_NONE)
			continue;
		if (loc->nscripts == cap) {
			cap = cap ? cap * 2 : 64;
			loc->scripts = xreallocarray(loc->scripts, cap, sizeof *loc->scripts);
		}
		loc->scripts[loc->nscripts++] = (struct mt_heap_script){ at.script, found };
	}
	free(tried.slot);
	if (loc->nscripts)
		qsort(loc->scripts, loc->nscripts, sizeof *loc->scripts, by_id);
}

const char *mt_heap_script_name(struct mt_heap *h, uint32_t script)
{
	struct mt_heap_locations *loc = &h->loc;
	size_t k;

	if (!loc->scripts_made)
		make_scripts(h);
	k = MT_UPPER_BOUND(loc->scripts, loc->nscripts, id, script);
	return k && loc->scripts[k - 1].id == script ? mt_heap_str(h, loc->scripts[k - 1].name)
						    : NULL;
}
