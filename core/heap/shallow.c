/* core/heap/shallow.c: DevTools' shallow-size re-attribution
 * (calculateShallowSizes): `array` and `hidden` nodes (and native
 * "system / ExternalStringData") owned by exactly one other node, through
 * chains of such nodes and never through weak edges, give their self size
 * to that owner, unless the owner is synthetic or the root. Skipped when the
 * snapshot has no user roots (taken with exposeInternals) and in raw mode. */
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <string.h>

#define UNVISITED 0xffffffffu
#define MULTIPLE 0xfffffffeu

static int is_owned_kind(const struct mt_heap *h, uint32_t i)
{
	int t = h->node_type[i];

	return t == h->t.hidden || t == h->t.array ||
	       (t == h->t.native && !mt_heap_renamed(h, i) &&
		strcmp(mt_heap_str(h, h->node_name[i]), "system / ExternalStringData") == 0);
}

/* Propagate owners through owned nodes; each node enters the work list at
 * most twice (unvisited -> one owner -> several owners). */
static void propagate(const struct mt_heap *h, uint32_t *owners, uint32_t *work, size_t len)
{
	while (len) {
		uint32_t v = work[--len], owner = owners[v];
		for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++) {
			uint32_t to;
			if (mt_heap_etype(h, e) == h->t.e_weak)
				continue;
			to = mt_heap_eto(h, e);
			if (owners[to] == UNVISITED) {
				owners[to] = owner;
				work[len++] = to;
			} else if (owners[to] != to && owners[to] != owner && owners[to] != MULTIPLE) {
				owners[to] = MULTIPLE;
				work[len++] = to;
			}
		}
	}
}

void mt_heap_shallow_sizes(struct mt_heap *h)
{
	uint32_t n = h->node_count;
	uint32_t *owners, *work;
	size_t len = 0;

	if (h->raw || !h->has_user_roots || n >= MULTIPLE)
		return;
	/* Sized one and two words a node past n, and kept when done: the
	 * dominators' parent and semi arrays are made from them. */
	owners = xmalloc(((size_t)n + 1) * sizeof *owners);
	work = xmalloc(((size_t)n + 1) * 2 * sizeof *work);
	for (uint32_t i = 0; i < n; i++) {
		if (is_owned_kind(h, i)) {
			owners[i] = UNVISITED;
		} else {
			owners[i] = i;
			work[len++] = i;
		}
	}
	propagate(h, owners, work, len);
	mt_heap_spare_keep(h, work, ((size_t)n + 1) * 2 * sizeof *work);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t o = owners[i];
		if (o == UNVISITED || o == MULTIPLE || o == i)
			continue;
		if (h->node_type[o] == h->t.synthetic || o == h->root)
			continue;
		mt_heap_set_self(h, o, mt_heap_self(h, o) + mt_heap_self(h, i));
		mt_heap_set_self(h, i, 0);
	}
	mt_heap_spare_keep(h, owners, ((size_t)n + 1) * sizeof *owners);
}
