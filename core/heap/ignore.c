/* core/heap/ignore.c: distances without some retainers, and the dominator
 * tree's children, for the heap panes. */
#include "core/heap/ignore.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <stdlib.h>

int32_t *mt_heap_distances_ignoring(struct mt_heap *h, const uint32_t *nodes, size_t n)
{
	int32_t *keep = h->distance, *out;
	size_t nedges = 0, k = 0;
	uint32_t *saved;

	for (size_t i = 0; i < n; i++)
		nedges += h->first_edge[nodes[i] + 1] - h->first_edge[nodes[i]];
	saved = xmalloc((nedges ? nedges : 1) * sizeof *saved);
	/* An ignored node's edges read as weak, which the walk never follows. */
	for (size_t i = 0; i < n; i++)
		for (uint32_t e = h->first_edge[nodes[i]]; e < h->first_edge[nodes[i] + 1]; e++) {
			saved[k++] = h->edge_word[e];
			h->edge_word[e] = mt_heap_eto(h, e) | (uint32_t)h->t.e_weak << 28;
		}
	mt_heap_distances(h);
	out = h->distance;
	h->distance = keep;
	/* Restore in reverse, so an edge of a node listed twice ends as it was. */
	for (size_t i = n; i-- > 0;)
		for (uint32_t e = h->first_edge[nodes[i] + 1]; e-- > h->first_edge[nodes[i]];)
			h->edge_word[e] = saved[--k];
	free(saved);
	return out;
}

void mt_heap_domkids_build(const struct mt_heap *h, struct mt_heap_domkids *out)
{
	uint32_t n = h->node_count;
	uint32_t *fill;

	out->first = xcalloc((size_t)n + 1, sizeof *out->first);
	out->child = xmalloc((n ? n : 1) * sizeof *out->child);
	for (uint32_t v = 0; v < n; v++)
		if (v != h->root && h->dominator[v] < n && h->dominator[v] != v)
			out->first[h->dominator[v] + 1]++;
	for (uint32_t v = 0; v < n; v++)
		out->first[v + 1] += out->first[v];
	fill = xmalloc(((size_t)n + 1) * sizeof *fill);
	for (uint32_t v = 0; v <= n; v++)
		fill[v] = out->first[v];
	for (uint32_t v = 0; v < n; v++)
		if (v != h->root && h->dominator[v] < n && h->dominator[v] != v)
			out->child[fill[h->dominator[v]]++] = v;
	free(fill);
}

void mt_heap_domkids_free(struct mt_heap_domkids *k)
{
	free(k->first);
	free(k->child);
	k->first = k->child = NULL;
}
