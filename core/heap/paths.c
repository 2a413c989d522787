/* core/heap/paths.c: retaining paths from an object to the roots, shortest
 * first: a breadth-first walk up the retainers, skipping what DevTools'
 * retainers view skips (weak edges and the root itself), bounded in paths
 * and in nodes visited. */
#include "core/heap/paths.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <string.h>

struct walk {
	uint32_t *via;       /* owned: per node, retainer slot + 1 that reached it */
	uint32_t *queue;     /* owned */
	size_t head, len;
};

static int retained_by_root(const struct mt_heap *h, uint32_t v)
{
	for (uint32_t s = h->first_retainer[v]; s < h->first_retainer[v + 1]; s++)
		if (mt_heap_ret_src(h, s) == h->root &&
		    mt_heap_etype(h, mt_heap_ret_edge(h, s)) != h->t.e_weak)
			return 1;
	return 0;
}

static void add_path(const struct mt_heap *h, struct walk *w, uint32_t target, uint32_t end,
		     struct mt_heap_paths *out)
{
	struct mt_heap_path p = { 0 };
	size_t cap = 8;

	p.slot = xmalloc(cap * sizeof *p.slot);
	/* via[x] is the retainer slot by which x holds the node one step nearer
	 * the target: walk from the end down to the target. */
	uint32_t v = end;
	while (v != target) {
		uint32_t s = w->via[v] - 1;
		if (p.n == cap) {
			cap *= 2;
			p.slot = xreallocarray(p.slot, cap, sizeof *p.slot);
		}
		p.slot[p.n++] = s;
		v = mt_heap_ret_target(h, s);
	}
	/* Stored target first: reverse. */
	for (size_t i = 0; i < p.n / 2; i++) {
		uint32_t t = p.slot[i];
		p.slot[i] = p.slot[p.n - 1 - i];
		p.slot[p.n - 1 - i] = t;
	}
	out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
	out->v[out->n++] = p;
}

void mt_heap_retaining_paths(struct mt_heap *h, uint32_t target, size_t max_paths,
			     size_t max_visit, struct mt_heap_paths *out)
{
	struct walk w = { 0 };

	mt_heap_retainers(h);
	memset(out, 0, sizeof *out);
	w.via = xcalloc(h->node_count, sizeof *w.via);
	w.queue = xmalloc(((size_t)h->node_count + 1) * sizeof *w.queue);
	w.queue[w.len++] = target;
	w.via[target] = UINT32_MAX;
	while (w.head < w.len && out->n < max_paths) {
		uint32_t v = w.queue[w.head++];
		if (v != h->root && retained_by_root(h, v))
			add_path(h, &w, target, v, out);
		for (uint32_t s = h->first_retainer[v]; s < h->first_retainer[v + 1]; s++) {
			uint32_t from = mt_heap_ret_src(h, s);
			if (from == h->root || w.via[from] ||
			    mt_heap_etype(h, mt_heap_ret_edge(h, s)) == h->t.e_weak)
				continue;
			if (w.len >= max_visit) {
				out->truncated = 1;
				break;
			}
			w.via[from] = s + 1;
			w.queue[w.len++] = from;
		}
	}
	if (w.head < w.len)
		out->truncated = 1;
	free(w.via);
	free(w.queue);
}

void mt_heap_paths_free(struct mt_heap_paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].slot);
	free(p->v);
	memset(p, 0, sizeof *p);
}
