/* core/heap/scripts.c: the names of the scripts the locations name by id.
 * A snapshot has no table of them, but V8 names a Script's node by the
 * script's name (its path or URL), and a function located in a script
 * reaches it through its `shared` edge, then `script` (V8 12 on) or
 * `script_or_debug_info`: the first located function of each id names
 * it. Made on first use, kept with the locations. */
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The target of node's internal edge called name, or MT_HEAP_NONE. */
static uint32_t edge_to(const struct mt_heap *h, uint32_t node, const char *name)
{
	for (uint32_t e = h->first_edge[node]; e < h->first_edge[node + 1]; e++)
		if (mt_heap_etype(h, e) == h->t.e_internal &&
		    strcmp(mt_heap_str(h, h->edge_name[e]), name) == 0)
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

static void make_scripts(struct mt_heap *h)
{
	struct mt_heap_locations *loc = &h->loc;
	struct mt_heap_loc at;
	uint32_t cap = 0;

	loc->scripts_made = 1;
	for (uint32_t i = 0; i < h->node_count; i++) {
		if (h->node_type[i] != h->t.closure || !mt_heap_location(h, i, &at))
			continue;
		uint32_t k = 0;
		while (k < loc->nscripts && loc->script_id[k] != at.script)
			k++;
		if (k < loc->nscripts)
			continue;
		uint32_t name = script_of(h, i);
		if (name == MT_HEAP_NONE)
			continue;
		if (loc->nscripts == cap) {
			cap = cap ? cap * 2 : 64;
			loc->script_id = xreallocarray(loc->script_id, cap, sizeof *loc->script_id);
			loc->script_name = xreallocarray(loc->script_name, cap, sizeof *loc->script_name);
		}
		loc->script_id[loc->nscripts] = at.script;
		loc->script_name[loc->nscripts++] = name;
	}
}

const char *mt_heap_script_name(struct mt_heap *h, uint32_t script)
{
	struct mt_heap_locations *loc = &h->loc;

	if (!loc->scripts_made)
		make_scripts(h);
	for (uint32_t k = 0; k < loc->nscripts; k++)
		if (loc->script_id[k] == script)
			return mt_heap_str(h, loc->script_name[k]);
	return NULL;
}
