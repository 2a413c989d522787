/* core/heap/graph.c: reverse edges (retainers) and the node flags DevTools
 * derives before distances and dominators: user roots and the page-owned
 * mark (everything reachable from the root's shortcut edges without
 * following weak edges). */
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <string.h>

void mt_heap_build_retainers(struct mt_heap *h)
{
	uint32_t n = h->node_count, m = h->edge_count;
	uint32_t *first = xcalloc((size_t)n + 1, sizeof *first);
	uint32_t *fill;

	for (uint32_t e = 0; e < m; e++)
		first[h->edge_to[e] + 1]++;
	for (uint32_t i = 0; i < n; i++)
		first[i + 1] += first[i];
	h->ret_edge = xmalloc((m ? m : 1) * sizeof *h->ret_edge);
	h->ret_node = xmalloc((m ? m : 1) * sizeof *h->ret_node);
	fill = xmalloc(((size_t)n + 1) * sizeof *fill);
	memcpy(fill, first, ((size_t)n + 1) * sizeof *fill);
	for (uint32_t src = 0; src < n; src++)
		for (uint32_t e = h->first_edge[src]; e < h->first_edge[src + 1]; e++) {
			uint32_t slot = fill[h->edge_to[e]]++;
			h->ret_edge[slot] = e;
			h->ret_node[slot] = src;
		}
	free(fill);
	h->first_retainer = first;
}

/* DevTools' isUserRoot for JS snapshots: not synthetic, or the synthetic
 * "(Document DOM trees)" of a browser. */
static int is_user_root(const struct mt_heap *h, uint32_t node)
{
	return h->node_type[node] != h->t.synthetic ||
	       strcmp(mt_heap_str(h, h->node_name[node]), "(Document DOM trees)") == 0;
}

static int is_dom_trees_root(const struct mt_heap *h, uint32_t node)
{
	return h->node_type[node] == h->t.synthetic &&
	       strcmp(mt_heap_str(h, h->node_name[node]), "(Document DOM trees)") == 0;
}

static void mark_page_owned(struct mt_heap *h)
{
	uint32_t *stack = xmalloc(((size_t)h->node_count + 1) * sizeof *stack);
	size_t sp = 0;
	uint32_t r = h->root;

	for (uint32_t e = h->first_edge[r]; e < h->first_edge[r + 1]; e++) {
		uint32_t to = h->edge_to[e];
		int t = h->edge_type[e];
		if (t == h->t.e_element ? !is_dom_trees_root(h, to) : t != h->t.e_shortcut)
			continue;
		stack[sp++] = to;
		h->flags[to] |= MT_HEAP_F_PAGE;
	}
	while (sp) {
		uint32_t v = stack[--sp];
		for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++) {
			uint32_t to = h->edge_to[e];
			if ((h->flags[to] & MT_HEAP_F_PAGE) || h->edge_type[e] == h->t.e_weak)
				continue;
			h->flags[to] |= MT_HEAP_F_PAGE;
			stack[sp++] = to;
		}
	}
	free(stack);
}

static void mark_detached(struct mt_heap *h)
{
	for (uint32_t i = 0; i < h->node_count; i++)
		if (h->node_type[i] == h->t.native && (mt_heap_renamed(h, i) ||
		    strncmp(mt_heap_str(h, h->node_name[i]), "Detached ", 9) == 0))
			h->flags[i] |= MT_HEAP_F_DETACHED;
}

void mt_heap_mark_flags(struct mt_heap *h)
{
	uint32_t r = h->root;

	h->flags = xcalloc(h->node_count, 1);
	h->has_user_roots = 0;
	for (uint32_t e = h->first_edge[r]; e < h->first_edge[r + 1]; e++)
		if (is_user_root(h, h->edge_to[e]))
			h->has_user_roots = 1;
	mark_detached(h);
	mark_page_owned(h);
}
