/* core/heap/distance.c: distances as DevTools computes them
 * (calculateDistances): BFS from the user roots at distance 1, then BFS
 * from the root for the rest starting at MT_HEAP_SYSTEM_DISTANCE; weak
 * edges are never followed, nor NativeContext's sloppy_function_map, the
 * key slots of descriptor arrays, nor the first edge of each WeakMap
 * ephemeron pair (so a value's distance is that of the later of key and
 * table, plus one). The filter keeps state, so the visiting order is
 * DevTools' own. */
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"
#include "core/strhash.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The set of ephemeron names whose first edge was skipped, keyed by the
 * part of the name after the index. */
struct pending {
	const char **slot;   /* borrowed strings from the model; NULL empty */
	size_t cap, used;
};

/* Toggle s in the set: returns 1 if it was there (and is now removed). */
static int pending_toggle(struct pending *p, const char *s)
{
	if ((p->used + 1) * 2 > p->cap) {
		const char **old = p->slot;
		size_t oldcap = p->cap;
		p->cap = p->cap ? p->cap * 2 : 64;
		p->slot = xcalloc(p->cap, sizeof *p->slot);
		p->used = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i] && old[i] != (const char *)p)
				pending_toggle(p, old[i]);
		free(old);
	}
	size_t i = mt_hash_str(MT_HASH_SEED, s) & (p->cap - 1), tomb = SIZE_MAX;
	for (; p->slot[i]; i = (i + 1) & (p->cap - 1)) {
		if (p->slot[i] == (const char *)p) {  /* tombstone */
			if (tomb == SIZE_MAX)
				tomb = i;
			continue;
		}
		if (strcmp(p->slot[i], s) == 0) {
			p->slot[i] = (const char *)p;
			return 1;
		}
	}
	p->slot[tomb != SIZE_MAX ? tomb : i] = s;
	p->used++;
	return 0;
}

/* JavaScript's parseInt(s, 10) >= 0, or -1 for NaN. */
static long long js_parse_int(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	return strtoll(s, NULL, 10);
}

enum source_kind { SRC_PLAIN, SRC_NATIVE_CONTEXT, SRC_DESCRIPTORS };

static enum source_kind source_kind(const struct mt_heap *h, uint32_t v)
{
	const char *name = mt_heap_str(h, h->node_name[v]);

	if (h->node_type[v] == h->t.hidden && strcmp(name, "system / NativeContext") == 0)
		return SRC_NATIVE_CONTEXT;
	if (h->node_type[v] == h->t.array && strcmp(name, "(map descriptors)") == 0)
		return SRC_DESCRIPTORS;
	return SRC_PLAIN;
}

static int follow(struct mt_heap *h, enum source_kind kind, uint32_t e, struct pending *p)
{
	int t = mt_heap_etype(h, e);
	int named = mt_heap_edge_has_string_name(h, e);

	if (kind == SRC_NATIVE_CONTEXT && named &&
	    strcmp(mt_heap_str(h, mt_heap_ename(h, e)), "sloppy_function_map") == 0)
		return 0;
	if (kind == SRC_DESCRIPTORS) {
		long long index = named ? js_parse_int(mt_heap_str(h, mt_heap_ename(h, e)))
					: (long long)mt_heap_ename(h, e);
		return index < 0 || index < 2 || index % 3 != 1;
	}
	if (t == h->t.e_internal) {
		uint32_t table, suffix;
		if (mt_heap_weakmap_edge(h, mt_heap_ename(h, e), &table, &suffix) &&
		    !pending_toggle(p, mt_heap_str(h, mt_heap_ename(h, e)) + suffix))
			return 0;
	}
	return 1;
}

static void bfs(struct mt_heap *h, uint32_t *queue, size_t len, struct pending *p)
{
	int32_t *d = h->distance;

	for (size_t head = 0; head < len; head++) {
		uint32_t v = queue[head];
		int32_t next = d[v] + 1;
		enum source_kind kind = source_kind(h, v);
		for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++) {
			uint32_t to = mt_heap_eto(h, e);
			if (mt_heap_etype(h, e) == h->t.e_weak || d[to] != MT_HEAP_NO_DISTANCE)
				continue;
			if (!follow(h, kind, e, p))
				continue;
			d[to] = next;
			queue[len++] = to;
		}
	}
}

void mt_heap_distances(struct mt_heap *h)
{
	uint32_t n = h->node_count, r = h->root;
	size_t root_edges = h->first_edge[r + 1] - h->first_edge[r];
	int32_t *distance = mt_heap_spare_array(h, n, sizeof *h->distance);
	uint32_t *queue = mt_heap_spare_array(h, (size_t)n + root_edges + 1, sizeof *queue);
	struct pending p = { 0 };
	size_t len = 0;

	h->distance = distance;
	for (uint32_t i = 0; i < n; i++)
		h->distance[i] = MT_HEAP_NO_DISTANCE;
	for (uint32_t e = h->first_edge[r]; e < h->first_edge[r + 1]; e++) {
		uint32_t to = mt_heap_eto(h, e);
		const char *name = mt_heap_str(h, h->node_name[to]);
		if (h->node_type[to] != h->t.synthetic || strcmp(name, "(Document DOM trees)") == 0) {
			h->distance[to] = 1;
			queue[len++] = to;
		}
	}
	/* A user root listed twice is queued twice, as in DevTools. */
	bfs(h, queue, len, &p);
	h->distance[r] = len > 0 ? MT_HEAP_SYSTEM_DISTANCE : 0;
	queue[0] = r;
	bfs(h, queue, 1, &p);
	free(p.slot);
	mt_heap_spare_keep(h, queue, ((size_t)n + root_edges + 1) * sizeof *queue);
}
