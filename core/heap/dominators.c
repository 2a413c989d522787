/* core/heap/dominators.c: the dominator tree and retained sizes, as DevTools
 * builds them (calculateDominatorsAndRetainedSizes): Lengauer-Tarjan with
 * simple eval/link over the essential edges, the same DFS order, nodes with
 * only weak retainers DFS'd as children of the root, and any clique still
 * unreached attached to the root one by one. The numbering is DevTools', so
 * even the unreachable parts come out the same.
 *
 * The dominator tree of a graph is unique, so when the DFS numbering is a
 * true DFS of the graph (the root's tree, plus trees of nodes with only weak
 * retainers hung on the root, as edges from it would) the cheaper SEMI-NCA
 * variant finds the same tree: semidominators as in Lengauer-Tarjan, then
 * each idom as the nearest common ancestor, five arrays of node_count words.
 * Only when cliques unreachable from the root were numbered one by one (no
 * true DFS any more) is DevTools' own bucket algorithm run, to give its
 * numbers exactly: seven arrays (dom shares parent's, the bucket links the
 * DFS cursors'). The compression stack grows as needed. */
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct lt {
	const struct mt_heap *h;
	const uint8_t *essential;  /* borrowed: bit per edge */
	const uint8_t *count;      /* borrowed: essential retainers, up to 2 */
	int min_slots;             /* count from which a node has slots */
	struct mt_heap_eslots slots; /* owned */
	uint32_t *parent;          /* becomes dom: a vertex's parent is not read
				      after its own step, when dom is written */
	uint32_t *ancestor, *vertex, *label, *semi;
	uint32_t *cursor;          /* DFS: next edge per node; then bucket links */
	uint32_t *bucket;          /* bucket heads, 0 ends */
	uint32_t *stack;           /* compression stack, grown on demand */
	size_t stack_cap;
	uint32_t n;                /* vertices numbered so far */
	int cliques;               /* some vertices were numbered without a DFS */
};

static inline int essential(const uint8_t *bits, uint32_t e)
{
	return bits[e >> 3] >> (e & 7) & 1;
}

/* DevTools' computeIsEssentialEdge. */
static int is_essential(struct mt_heap *h, uint32_t src, uint32_t e)
{
	int t = mt_heap_etype(h, e);
	uint32_t to = mt_heap_eto(h, e), table, suffix;

	if (t == h->t.e_internal && mt_heap_weakmap_edge(h, mt_heap_ename(h, e), &table, &suffix) &&
	    mt_heap_id(h, src) == table)
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

void mt_heap_essential_edges(struct mt_heap *h, struct mt_heap_essential *out)
{
	uint8_t *bits = xcalloc((size_t)h->edge_count / 8 + 1, 1);
	uint8_t *count = mt_heap_array((size_t)h->node_count / 4 + 1, 1);

	for (uint32_t v = 0; v < h->node_count; v++)
		for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++) {
			if (!is_essential(h, v, e))
				continue;
			bits[e >> 3] |= (uint8_t)(1u << (e & 7));
			uint32_t to = mt_heap_eto(h, e);
			if (mt_heap_ecount(count, to) < 2)
				count[to / 4] = (uint8_t)(count[to / 4] + (1u << (to % 4 * 2)));
		}
	out->bit = bits;
	out->count = count;
}

void mt_heap_essential_free(struct mt_heap_essential *e)
{
	free(e->bit);
	free(e->count);
	e->bit = e->count = NULL;
}

static void dfs(struct lt *lt, uint32_t root)
{
	const struct mt_heap *h = lt->h;
	const uint32_t *first = h->first_edge, *eword = h->edge_word;
	const uint8_t *bits = lt->essential;
	uint32_t *semi = lt->semi, *parent = lt->parent, *cursor = lt->cursor;
	uint32_t v = root, n = lt->n;

	cursor[root - 1] = first[root - 1];
	while (v != 0) {
		if (semi[v] == 0) {
			semi[v] = ++n;
			lt->vertex[n] = lt->label[v] = v;
		}
		uint32_t next = parent[v], vo = v - 1, end = first[vo + 1], e = cursor[vo];
		for (; e < end; e++) {
			if (!essential(bits, e))
				continue;
			uint32_t wo = eword[e] & (MT_HEAP_MAX_NODES - 1), w = wo + 1;
			if (semi[w] == 0) {
				parent[w] = v;
				cursor[wo] = first[wo];
				next = w;
				break;
			}
		}
		cursor[vo] = e;  /* where the walk resumes when it comes back to v */
		v = next;
	}
	lt->n = n;
}

static void compress(struct lt *lt, uint32_t v)
{
	uint32_t *anc = lt->ancestor, *label = lt->label, *semi = lt->semi;
	size_t sp = 0;

	while (anc[anc[v]] != 0) {
		if (++sp >= lt->stack_cap) {
			lt->stack_cap = lt->stack_cap ? lt->stack_cap * 2 : 1024;
			lt->stack = xreallocarray(lt->stack, lt->stack_cap, sizeof *lt->stack);
		}
		lt->stack[sp] = v;
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

static void number_vertices(struct lt *lt, uint32_t r)
{
	uint32_t count = lt->h->node_count;

	dfs(lt, r);
	for (uint32_t v = 1; v <= count && lt->n < count; v++)
		if (lt->semi[v] == 0 && mt_heap_ecount(lt->count, v - 1) == 0) {
			lt->parent[v] = r;
			dfs(lt, v);
		}
	for (uint32_t v = 1; v <= count && lt->n < count; v++)
		if (lt->semi[v] == 0) {
			lt->parent[v] = r;
			lt->semi[v] = ++lt->n;
			lt->vertex[lt->n] = lt->label[v] = v;
			lt->cliques = 1;
		}
}

/* A hub's sources (a bit per node, in node order as slots keep them)
 * lowering w's semidominator. */
static void semi_of_hub(struct lt *lt, uint32_t w, const uint64_t *from)
{
	for (size_t i = 0; i < lt->slots.words; i++)
		for (uint64_t bits = from[i]; bits; bits &= bits - 1) {
			uint32_t u = eval(lt, (uint32_t)(i * 64 + (size_t)__builtin_ctzll(bits)) + 1);
			if (lt->semi[u] < lt->semi[w])
				lt->semi[w] = lt->semi[u];
		}
}

/* The semidominator of w: the smallest number reaching it through
 * vertices numbered above it; orphans count as children of the root. */
static void semi_of(struct lt *lt, uint32_t w, uint32_t r)
{
	uint32_t wo = w - 1;

	int count = mt_heap_ecount(lt->count, wo);

	if (count == 0) {  /* an orphan */
		lt->semi[w] = lt->semi[r];
	} else if (count < lt->min_slots) {
		/* The one essential retainer is the DFS parent. */
		uint32_t u = eval(lt, lt->parent[w]);
		if (lt->semi[u] < lt->semi[w])
			lt->semi[w] = lt->semi[u];
	} else {
		if (!lt->cliques) {  /* the parent's slot was left out */
			uint32_t u = eval(lt, lt->parent[w]);
			if (lt->semi[u] < lt->semi[w])
				lt->semi[w] = lt->semi[u];
		}
		uint32_t k = mt_heap_eslots_rank(&lt->slots, wo);
		for (uint32_t s = lt->slots.first[k]; s < lt->slots.first[k + 1]; s++) {
			uint32_t u = eval(lt, mt_heap_eslots_src(&lt->slots, s) + 1);
			if (lt->semi[u] < lt->semi[w])
				lt->semi[w] = lt->semi[u];
		}
		const uint64_t *from = mt_heap_eslots_hub(&lt->slots, wo);
		if (from)
			semi_of_hub(lt, w, from);
	}
}

/* SEMI-NCA: dom (in parent's array) of every vertex by increasing number. */
static void semi_nca(struct lt *lt, uint32_t r)
{
	uint32_t *num = lt->label, *dom = lt->parent;

	for (uint32_t i = lt->n; i >= 2; i--) {
		uint32_t w = lt->vertex[i];
		semi_of(lt, w, r);
		lt->ancestor[w] = lt->parent[w];
	}
	for (uint32_t i = 1; i <= lt->n; i++)  /* labels are done with */
		num[lt->vertex[i]] = i;
	for (uint32_t i = 2; i <= lt->n; i++) {
		uint32_t w = lt->vertex[i], x = dom[w];
		while (num[x] > lt->semi[w])
			x = dom[x];
		dom[w] = x;
	}
	dom[0] = dom[r] = r;
}

static void semidominators(struct lt *lt, uint32_t r)
{
	uint32_t *dom = lt->parent, *link = lt->cursor;

	for (uint32_t i = lt->n; i >= 2; i--) {
		uint32_t w = lt->vertex[i];
		semi_of(lt, w, r);
		uint32_t b = lt->vertex[lt->semi[w]], p = lt->parent[w];
		dom[w] = 0;  /* as DevTools' zeroed dom, until a bucket sets it */
		link[w] = lt->bucket[b];
		lt->bucket[b] = w;
		lt->ancestor[w] = p;
		for (uint32_t v = lt->bucket[p]; v; v = link[v]) {
			uint32_t u = eval(lt, v);
			dom[v] = lt->semi[u] < lt->semi[v] ? u : p;
		}
		lt->bucket[p] = 0;
	}
}

void mt_heap_dominators(struct mt_heap *h, const struct mt_heap_essential *ess)
{
	size_t len = (size_t)h->node_count + 1;
	uint32_t r = h->root + 1;
	const uint8_t *essential_bits = ess->bit;
	struct lt lt = { .h = h, .essential = essential_bits, .count = ess->count };

	lt.parent = mt_heap_spare_array(h, len, sizeof(uint32_t));
	/* The vertex order becomes dfs_order, whose memory then serves as the
	 * distances' queue: room for the root's edges as well. */
	lt.vertex = mt_heap_array(len + h->first_edge[h->root + 1] - h->first_edge[h->root],
				  sizeof(uint32_t));
	lt.label = mt_heap_array(len, sizeof(uint32_t));
	/* semi and cursor in one block: kept whole at the end, it becomes the
	 * retained sizes (8 bytes a node) without a page fault. */
	lt.semi = mt_heap_spare_array(h, 2 * len, sizeof(uint32_t));
	lt.cursor = lt.semi + len;
	number_vertices(&lt, r);
	/* Without cliques every vertex but the root was reached through an
	 * essential edge from its parent: only nodes with two or more need
	 * their retainers in slots. */
	lt.min_slots = lt.cliques ? 1 : 2;
	/* Without cliques, numbers and parents also thin the slots out (the
	 * parent is then read directly, as for a single retainer). */
	/* The DFS cursors are done with: zeroed, they are the fill's scratch,
	 * then the ancestors. */
	memset(lt.cursor, 0, len * sizeof(uint32_t));
	mt_heap_eslots_fill(&lt.slots, h, essential_bits, lt.count, lt.min_slots,
			    lt.cliques ? NULL : lt.semi, lt.cliques ? NULL : lt.parent, lt.cursor);
	uint32_t *dom = lt.parent;
	if (!lt.cliques) {
		lt.ancestor = lt.cursor;
		semi_nca(&lt, r);
	} else {
		lt.ancestor = mt_heap_array(len, sizeof(uint32_t));
		lt.bucket = mt_heap_array(len, sizeof(uint32_t));
		semidominators(&lt, r);
		free(lt.bucket);
		free(lt.ancestor);
		dom[0] = dom[r] = r;
		for (uint32_t i = 2; i <= lt.n; i++) {
			uint32_t w = lt.vertex[i];
			if (dom[w] != lt.vertex[lt.semi[w]])
				dom[w] = dom[dom[w]];
		}
	}
	free(lt.stack);
	mt_heap_spare_keep(h, lt.semi, 2 * len * sizeof(uint32_t));
	/* The slots' memory is about a word a node: kept for the distances'
	 * queue. */
	mt_heap_spare_keep(h, lt.slots.src, (size_t)lt.slots.count * (size_t)lt.slots.width);
	lt.slots.src = NULL;
	mt_heap_eslots_free(&lt.slots);
	/* Kept for the distances (the distance column). */
	mt_heap_spare_keep(h, lt.label, len * sizeof(uint32_t));
	/* Vertex numbers to ordinals, in place: dominator[i] = dom[i + 1] - 1. */
	for (uint32_t i = 0; i < h->node_count; i++)
		dom[i] = dom[i + 1] - 1;
	h->dominator = dom;
	for (uint32_t i = 1; i <= lt.n; i++)
		lt.vertex[i - 1] = lt.vertex[i] - 1;
	h->dfs_order = lt.vertex;
}

void mt_heap_retained_sizes(struct mt_heap *h)
{
	uint32_t n = h->node_count;

	if (!h->retained)  /* else made by the caller, written whole here */
		h->retained = mt_heap_spare_array(h, n, sizeof *h->retained);
	for (uint32_t i = 0; i < n; i++)
		mt_heap_set_retained(h, i, mt_heap_self(h, i));
	for (uint32_t i = n; i > 1; i--) {
		uint32_t o = h->dfs_order[i - 1], d = h->dominator[o];
		uint64_t sum = (uint64_t)h->retained[d] + h->retained[o];
		if (sum < UINT32_MAX)  /* the common case, without a call */
			h->retained[d] = (uint32_t)sum;
		else
			mt_heap_set_retained(h, d, mt_heap_retained(h, d) + mt_heap_retained(h, o));
	}
	mt_heap_spare_keep(h, h->dfs_order, ((size_t)n + 1 + h->first_edge[h->root + 1] -
					     h->first_edge[h->root]) * sizeof *h->dfs_order);
	h->dfs_order = NULL;
}
