/* core/heap/domstate.c: DevTools' propagateDOMState. Embedder (native)
 * nodes that know their state pass it on through non-hidden, non-weak
 * edges to the native nodes they reach: attached wins, and every detached
 * one is renamed "Detached <name>" (here: flagged MT_HEAP_RENAMED, and
 * mt_heap_node_name adds the prefix). JavaScript nodes stop the spread. */
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

struct dom {
	struct mt_heap *h;
	uint8_t *visited;          /* owned */
	uint32_t *attached, *detached; /* owned stacks */
	size_t na, nd;
};

static void process(struct dom *d, uint32_t node, int state)
{
	struct mt_heap *h = d->h;

	if (d->visited[node])
		return;
	d->visited[node] = 1;
	if (h->node_type[node] != h->t.native)
		return;
	h->node_detached[node] = (uint8_t)((h->node_detached[node] & MT_HEAP_RENAMED) | state);
	if (state == 1)
		d->attached[d->na++] = node;
	else if (state == 2) {
		h->node_detached[node] |= MT_HEAP_RENAMED;
		d->detached[d->nd++] = node;
	}
}

static void spread(struct dom *d, uint32_t node, int state)
{
	struct mt_heap *h = d->h;

	for (uint32_t e = h->first_edge[node]; e < h->first_edge[node + 1]; e++) {
		int t = mt_heap_etype(h, e);
		if (t != h->t.e_hidden && t != h->t.e_weak)
			process(d, mt_heap_eto(h, e), state);
	}
}

void mt_heap_dom_state(struct mt_heap *h)
{
	struct dom d = { .h = h };
	uint32_t n = h->node_count;

	if (!h->has_detachedness)
		return;
	d.visited = xcalloc(n, 1);
	d.attached = xmalloc((size_t)n * sizeof *d.attached);
	d.detached = xmalloc((size_t)n * sizeof *d.detached);
	for (uint32_t i = 0; i < n; i++) {
		int state = h->node_detached[i] & 3;
		if (state)
			process(&d, i, state);
	}
	while (d.na)
		spread(&d, d.attached[--d.na], 1);
	while (d.nd) {
		uint32_t v = d.detached[--d.nd];
		if ((h->node_detached[v] & 3) != 1)
			spread(&d, v, 2);
	}
	free(d.visited);
	free(d.attached);
	free(d.detached);
}
