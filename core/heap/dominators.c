/* core/heap/dominators.c: the dominator tree and retained sizes, as DevTools
 * builds them (calculateDominatorsAndRetainedSizes): Lengauer-Tarjan with
 * simple eval/link over the essential edges, the same DFS order, nodes with
 * only weak retainers DFS'd as children of the root, and any clique still
 * unreached attached to the root one by one. The numbering is DevTools', so
 * even the unreachable parts come out the same. */
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct lt {
	const struct mt_heap *h;
	const uint8_t *essential;  /* borrowed: bit per edge */
	uint32_t *parent, *ancestor, *vertex, *label, *semi, *dom;
	uint32_t *next_edge;       /* per node ordinal: DFS cursor */
	uint32_t *stack;           /* compression stack */
	uint32_t *bucket, *bucket_next; /* bucket lists, 0 ends */
	uint32_t n;                /* vertices numbered so far */
};

static inline int essential(const uint8_t *bits, uint32_t e)
{
	return bits[e >> 3] >> (e & 7) & 1;
}

/* DevTools' computeIsEssentialEdge. */
static int is_essential(struct mt_heap *h, uint32_t src, uint32_t e)
{
	int t = h->edge_type[e];
	uint32_t to = h->edge_to[e], table, suffix;

	if (t == h->t.e_internal && mt_heap_weakmap_edge(h, h->edge_name[e], &table, &suffix) &&
	    h->node_id[src] == table)
		return 0;
	if (t == h->t.e_weak || to == src)
		return 0;
	if (src != h->root) {
		if (t == h->t.e_shortcut)
			return 0;
		if ((h->flags[to] & MT_HEAP_F_PAGE) && !(h->flags[src] & MT_HEAP_F_PAGE))
			return 0;
	}
	return 1;
}

static uint8_t *essential_edges(struct mt_heap *h)
{
	uint8_t *bits = xcalloc((size_t)h->edge_count / 8 + 1, 1);

	for (uint32_t v = 0; v < h->node_count; v++)
		for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++)
			if (is_essential(h, v, e))
				bits[e >> 3] |= (uint8_t)(1u << (e & 7));
	return bits;
}

static void dfs(struct lt *lt, uint32_t root)
{
	const struct mt_heap *h = lt->h;
	uint32_t v = root;

	lt->next_edge[root - 1] = h->first_edge[root - 1];
	while (v != 0) {
		if (lt->semi[v] == 0) {
			lt->semi[v] = ++lt->n;
			lt->vertex[lt->n] = lt->label[v] = v;
		}
		uint32_t next = lt->parent[v], vo = v - 1, end = h->first_edge[vo + 1];
		for (; lt->next_edge[vo] < end; lt->next_edge[vo]++) {
			uint32_t e = lt->next_edge[vo];
			if (!essential(lt->essential, e))
				continue;
			uint32_t wo = h->edge_to[e], w = wo + 1;
			if (lt->semi[w] == 0) {
				lt->parent[w] = v;
				lt->next_edge[wo] = h->first_edge[wo];
				next = w;
				break;
			}
		}
		v = next;
	}
}

static void compress(struct lt *lt, uint32_t v)
{
	uint32_t *anc = lt->ancestor, *label = lt->label, *semi = lt->semi;
	size_t sp = 0;

	while (anc[anc[v]] != 0) {
		lt->stack[++sp] = v;
		v = anc[v];
	}
	while (sp > 0) {
		uint32_t w = lt->stack[sp--];
		if (semi[label[anc[w]]] < semi[label[w]])
			label[w] = label[anc[w]];
		anc[w] = anc[anc[w]];
	}
}

static inline uint32_t eval(struct lt *lt, uint32_t v)
{
	if (lt->ancestor[v] == 0)
		return v;
	compress(lt, v);
	return lt->label[v];
}

static int only_weak_retainers(const struct lt *lt, uint32_t ordinal)
{
	const struct mt_heap *h = lt->h;

	for (uint32_t s = h->first_retainer[ordinal]; s < h->first_retainer[ordinal + 1]; s++)
		if (essential(lt->essential, h->ret_edge[s]))
			return 0;
	return 1;
}

static void number_vertices(struct lt *lt, uint32_t r)
{
	uint32_t count = lt->h->node_count;

	dfs(lt, r);
	for (uint32_t v = 1; v <= count && lt->n < count; v++)
		if (lt->semi[v] == 0 && only_weak_retainers(lt, v - 1)) {
			lt->parent[v] = r;
			dfs(lt, v);
		}
	for (uint32_t v = 1; v <= count && lt->n < count; v++)
		if (lt->semi[v] == 0) {
			lt->parent[v] = r;
			lt->semi[v] = ++lt->n;
			lt->vertex[lt->n] = lt->label[v] = v;
		}
}

static void semidominators(struct lt *lt, uint32_t r)
{
	const struct mt_heap *h = lt->h;

	for (uint32_t i = lt->n; i >= 2; i--) {
		uint32_t w = lt->vertex[i], wo = w - 1;
		int orphan = 1;
		for (uint32_t s = h->first_retainer[wo]; s < h->first_retainer[wo + 1]; s++) {
			if (!essential(lt->essential, h->ret_edge[s]))
				continue;
			orphan = 0;
			uint32_t u = eval(lt, h->ret_node[s] + 1);
			if (lt->semi[u] < lt->semi[w])
				lt->semi[w] = lt->semi[u];
		}
		if (orphan)
			lt->semi[w] = lt->semi[r];
		uint32_t b = lt->vertex[lt->semi[w]], p = lt->parent[w];
		lt->bucket_next[w] = lt->bucket[b];
		lt->bucket[b] = w;
		lt->ancestor[w] = p;  /* link */
		for (uint32_t v = lt->bucket[p]; v; v = lt->bucket_next[v]) {
			uint32_t u = eval(lt, v);
			lt->dom[v] = lt->semi[u] < lt->semi[v] ? u : p;
		}
		lt->bucket[p] = 0;
	}
}

static uint32_t *alloc_vec(size_t n)
{
	return xcalloc(n, sizeof(uint32_t));
}

void mt_heap_dominators(struct mt_heap *h)
{
	size_t len = (size_t)h->node_count + 1;
	uint32_t r = h->root + 1;
	struct lt lt = { .h = h };

	lt.essential = essential_edges(h);
	lt.parent = alloc_vec(len);
	lt.ancestor = alloc_vec(len);
	lt.vertex = alloc_vec(len);
	lt.label = alloc_vec(len);
	lt.semi = alloc_vec(len);
	lt.next_edge = alloc_vec(len);
	number_vertices(&lt, r);
	free(lt.next_edge);
	lt.stack = alloc_vec(len);
	lt.bucket = alloc_vec(len);
	lt.bucket_next = alloc_vec(len);
	lt.dom = alloc_vec(len);
	semidominators(&lt, r);
	free(lt.stack);
	free(lt.bucket);
	free(lt.bucket_next);
	free(lt.ancestor);
	free(lt.label);
	free(lt.parent);
	free((void *)lt.essential);
	lt.dom[0] = lt.dom[r] = r;
	for (uint32_t i = 2; i <= lt.n; i++) {
		uint32_t w = lt.vertex[i];
		if (lt.dom[w] != lt.vertex[lt.semi[w]])
			lt.dom[w] = lt.dom[lt.dom[w]];
	}
	free(lt.semi);
	h->dominator = xmalloc((len - 1) * sizeof *h->dominator);
	h->retained = xmalloc((len - 1) * sizeof *h->retained);
	for (uint32_t i = 0; i < h->node_count; i++) {
		h->dominator[i] = lt.dom[i + 1] - 1;
		h->retained[i] = mt_heap_self(h, i);
	}
	free(lt.dom);
	for (uint32_t i = lt.n; i > 1; i--) {
		uint32_t o = lt.vertex[i] - 1;
		h->retained[h->dominator[o]] += h->retained[o];
	}
	free(lt.vertex);
}
