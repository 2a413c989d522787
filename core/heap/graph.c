/* core/heap/graph.c: reverse edges (retainers) and the node flags DevTools
 * derives before distances and dominators: user roots and the page-owned
 * mark (everything reachable from the root's shortcut edges without
 * following weak edges).
 *
 * A retainer slot holds only the source node (4 bytes an edge), with a bit
 * saying whether the edge is essential for dominators; sources come in node
 * order, so the edge a slot stands for is found by scanning its source.
 *
 * The dominators use slots of their own, fewer: only the essential retainers,
 * and only of the nodes that have more than one of them (a single one is
 * the node's DFS parent), or at least one when cliques were numbered. A
 * node whose slots would take more bytes than a bit per node (a hub: one of
 * V8's maps, held by every object of its shape) keeps its retainers as such
 * a set instead, read in the same order. */
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/switches.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

void mt_heap_fill_retainers(struct mt_heap *h, const uint8_t *essential)
{
	uint32_t n = h->node_count, *fill = h->first_retainer + 1;

	h->ret_node = mt_heap_array(h->edge_count, sizeof *h->ret_node);
	for (uint32_t src = 0; src < n; src++)
		for (uint32_t e = h->first_edge[src]; e < h->first_edge[src + 1]; e++) {
			int ess = !essential || (essential[e >> 3] >> (e & 7) & 1);
			h->ret_node[fill[mt_heap_eto(h, e)]++] = src | (ess ? 0 : MT_HEAP_RET_INESSENTIAL);
		}
	/* Each cursor ended where the next node starts: first_retainer[i] is
	 * now the first slot of node i. */
}

static inline int bit(const uint8_t *bits, uint32_t e)
{
	return bits[e >> 3] >> (e & 7) & 1;
}

static inline int has_slots(const uint8_t *count, uint32_t node, int min)
{
	return mt_heap_ecount(count, node) >= min;
}

/* Whether the essential edge src -> to gets a slot. With DFS numbers, a
 * source numbered below the target but not below its parent cannot lower
 * the semidominator below the parent's number: it is left out. */
static inline int wanted(const uint8_t *count, int min, const uint32_t *num,
			 const uint32_t *parent, uint32_t src, uint32_t to)
{
	if (!has_slots(count, to, min))
		return 0;
	if (!num)
		return 1;
	uint32_t ns = num[src + 1];
	return ns > num[to + 1] || ns < num[parent[to + 1]];
}

/* The slots of sources lo..hi-1: counted per ranked target (cnt[r], or
 * cnt[r + 2] for the first part, which counts in the index itself), then
 * written at the cursors cur[r]. Two parts run on two threads. */
struct eslots_part {
	const struct mt_heap *h;
	struct mt_heap_eslots *s;
	const uint8_t *essential, *count;
	int min;
	const uint32_t *num, *parent;
	uint32_t lo, hi;
	uint32_t *cnt, *cur;
	int filling;
};

static void eslots_part(struct eslots_part *p)
{
	const struct mt_heap *h = p->h;

	for (uint32_t src = p->lo; src < p->hi; src++)
		for (uint32_t e = h->first_edge[src]; e < h->first_edge[src + 1]; e++) {
			uint32_t to = mt_heap_eto(h, e);
			if (!bit(p->essential, e) || !wanted(p->count, p->min, p->num, p->parent, src, to))
				continue;
			if (p->filling && p->s->nhubs && mt_heap_rankset_has(&p->s->hubs, to)) {
				/* the threads' sources lie in words of their own */
				uint64_t *from = p->s->hub_from + (size_t)mt_heap_rankset_rank(
					&p->s->hubs, to) * p->s->words;
				from[src / 64] |= 1ull << (src % 64);
				continue;
			}
			uint32_t r = mt_heap_eslots_rank(p->s, to);
			if (p->filling)
				mt_heap_eslots_set(p->s, p->cur[r]++, src);
			else
				p->cnt[r]++;
		}
}

static void *eslots_thread(void *arg)
{
	eslots_part(arg);
	return NULL;
}

/* The source where about half the edges lie before, a multiple of 64 (so
 * that the threads set bits of the hubs' sets in words of their own). */
static uint32_t half_of_edges(const struct mt_heap *h)
{
	uint32_t lo = 0, hi = h->node_count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (h->first_edge[mid] < h->edge_count / 2)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo / 64 * 64;
}

/* Ranked nodes whose count slots take more bytes than a bit per node
 * become hubs: their counts are set to 0 (no slots) and their sets made. */
static void hubs_choose(struct mt_heap_eslots *s, uint32_t n, uint32_t *count)
{
	size_t set_bytes = s->words * sizeof *s->hub_from;

	mt_heap_rankset_init(&s->hubs, n);
	for (uint32_t v = 0; v < n; v++)
		if (mt_heap_rankset_has(&s->nodes, v)) {
			uint32_t r = mt_heap_eslots_rank(s, v);
			if ((size_t)count[r] * (size_t)s->width > set_bytes) {
				mt_heap_rankset_add(&s->hubs, v);
				count[r] = 0;
			}
		}
	s->nhubs = mt_heap_rankset_number(&s->hubs, n);
	s->hub_from = s->nhubs ? mt_heap_array((size_t)s->nhubs * s->words, sizeof *s->hub_from) : NULL;
}

void mt_heap_eslots_fill(struct mt_heap_eslots *s, const struct mt_heap *h,
			 const uint8_t *essential, const uint8_t *count, int min,
			 const uint32_t *num, const uint32_t *parent, uint32_t *scratch)
{
	uint32_t n = h->node_count;

	mt_heap_rankset_init(&s->nodes, n);
	for (uint32_t v = 0; v < n; v++)
		if (has_slots(count, v, min))
			mt_heap_rankset_add(&s->nodes, v);
	uint32_t m = mt_heap_rankset_number(&s->nodes, n);
	/* Sources below the half count in first[r + 2], those above in b's
	 * cnt[r]; slots of one target keep their sources in order. */
	uint32_t *first = s->first = mt_heap_array((size_t)m + 2, sizeof *first);
	uint32_t *second = scratch;  /* m <= n */
	struct eslots_part a = { h, s, essential, count, min, num, parent, 0, half_of_edges(h),
				 first + 2, first + 1, 0 };
	struct eslots_part b = a;
	b.lo = a.hi;
	b.hi = n;
	b.cnt = b.cur = second;
	mt_heap_both(eslots_thread, &a, &b);
	for (uint32_t r = 0; r < m; r++) {  /* first[r + 2]: both counts; second[r]: a's */
		uint32_t own = first[r + 2];
		first[r + 2] += second[r];
		second[r] = own;
	}
	s->width = mt_heap_eslots_width(n);
	s->words = (size_t)n / 64 + 1;
	hubs_choose(s, n, first + 2);
	for (uint32_t r = 0; r < m; r++)  /* a hub's slots: none on either side */
		if (!first[r + 2])
			second[r] = 0;
	for (uint32_t i = 1; i <= m; i++)
		first[i + 1] += first[i];
	for (uint32_t r = 0; r < m; r++)  /* b writes after a's slots */
		second[r] += first[r + 1];
	s->count = first[m + 1];
	s->src = mt_heap_array(s->count, (size_t)s->width);
	a.filling = b.filling = 1;
	mt_heap_both(eslots_thread, &a, &b);
	/* b's cursors ended where the next target starts: first[r] becomes the
	 * first slot of ranked node r. */
	for (uint32_t r = 0; r < m; r++)
		first[r + 1] = second[r];
	memset(second, 0, (size_t)m * sizeof *second);
}

int mt_heap_test_wide(void)
{
	return mt_switch(MT_SW_TEST_WIDE) != NULL;
}

int mt_heap_eslots_width(uint32_t node_count)
{
	return node_count <= (1u << 24) && !mt_heap_test_wide() ? 3 : 4;
}

void mt_heap_eslots_free(struct mt_heap_eslots *s)
{
	mt_heap_rankset_free(&s->nodes);
	mt_heap_rankset_free(&s->hubs);
	free(s->hub_from);
	free(s->first);
	free(s->src);
	memset(s, 0, sizeof *s);
}

void mt_heap_retainer_counts(struct mt_heap *h)
{
	uint32_t n = h->node_count, *first;

	if (h->first_retainer)
		return;
	first = h->first_retainer = mt_heap_array((size_t)n + 2, sizeof *first);
	for (uint32_t e = 0; e < h->edge_count; e++)
		first[mt_heap_eto(h, e) + 1]++;
	for (uint32_t i = 1; i <= n; i++)
		first[i] += first[i - 1];
	first[n + 1] = first[n];
}

void mt_heap_retainers(struct mt_heap *h)
{
	uint32_t n = h->node_count;

	if (h->ret_node)
		return;
	mt_heap_retainer_counts(h);
	/* As fill cursors: first_retainer[i + 1] = first slot of node i. */
	memmove(h->first_retainer + 1, h->first_retainer, (size_t)n * sizeof *h->first_retainer);
	mt_heap_fill_retainers(h, NULL);
}

uint32_t mt_heap_ret_target(const struct mt_heap *h, uint32_t slot)
{
	uint32_t lo = 0, hi = h->node_count;

	while (lo < hi) {  /* the last node whose first slot is <= slot */
		uint32_t mid = lo + (hi - lo) / 2;
		if (h->first_retainer[mid + 1] <= slot)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

uint32_t mt_heap_ret_edge(const struct mt_heap *h, uint32_t slot)
{
	uint32_t to = mt_heap_ret_target(h, slot), src = mt_heap_ret_src(h, slot), k = 0;

	/* Slots of one source sit together, in its edge order. */
	for (uint32_t s = slot; s > h->first_retainer[to] && mt_heap_ret_src(h, s - 1) == src; s--)
		k++;
	for (uint32_t e = h->first_edge[src]; e < h->first_edge[src + 1]; e++)
		if (mt_heap_eto(h, e) == to && k-- == 0)
			return e;
	return h->first_edge[src];
}

/* DevTools' isUserRoot for JS snapshots: not synthetic, or the synthetic
 * "(Document DOM trees)" of a browser. */
static int is_dom_trees_root(const struct mt_heap *h, uint32_t node)
{
	return h->node_type[node] == h->t.synthetic &&
	       strcmp(mt_heap_str(h, h->node_name[node]), "(Document DOM trees)") == 0;
}

static int is_user_root(const struct mt_heap *h, uint32_t node)
{
	return h->node_type[node] != h->t.synthetic || is_dom_trees_root(h, node);
}

/* Mark what the root's shortcut edges reach (dom_trees 0) or what its
 * element edges to "(Document DOM trees)" reach (1), not through weak
 * edges. Marking is a union, so the two can run at different times. */
static void mark_page_from(struct mt_heap *h, int dom_trees)
{
	uint32_t *stack = xmalloc(((size_t)h->node_count + 1) * sizeof *stack);
	size_t sp = 0;
	uint32_t r = h->root;

	for (uint32_t e = h->first_edge[r]; e < h->first_edge[r + 1]; e++) {
		uint32_t to = mt_heap_eto(h, e);
		int t = mt_heap_etype(h, e);
		if (dom_trees ? t != h->t.e_element || !is_dom_trees_root(h, to) : t != h->t.e_shortcut)
			continue;
		if (h->flags[to] & MT_HEAP_F_PAGE)
			continue;
		stack[sp++] = to;
		h->flags[to] |= MT_HEAP_F_PAGE;
	}
	while (sp) {
		uint32_t v = stack[--sp];
		for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++) {
			uint32_t to = mt_heap_eto(h, e);
			if ((h->flags[to] & MT_HEAP_F_PAGE) || mt_heap_etype(h, e) == h->t.e_weak)
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

void mt_heap_mark_page_shortcuts(struct mt_heap *h)
{
	if (!h->flags)
		h->flags = mt_heap_array(h->node_count, 1);
	mark_page_from(h, 0);
	h->page_shortcuts_marked = 1;
}

void mt_heap_mark_flags(struct mt_heap *h)
{
	uint32_t r = h->root;

	if (!h->page_shortcuts_marked)
		mt_heap_mark_page_shortcuts(h);
	h->has_user_roots = 0;
	for (uint32_t e = h->first_edge[r]; e < h->first_edge[r + 1]; e++)
		if (is_user_root(h, mt_heap_eto(h, e)))
			h->has_user_roots = 1;
	mark_detached(h);
	mark_page_from(h, 1);
}
