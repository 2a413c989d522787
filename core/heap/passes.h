/* core/heap/passes.h: the graph passes of core/heap and what they share
 * (spare arrays, the two-thread helper, test switches): private to
 * core/heap; the model and its public calls are core/heap/heap.h. */
#ifndef MORTEM_CORE_HEAP_PASSES_H
#define MORTEM_CORE_HEAP_PASSES_H

#include "core/heap/heap.h"

/* An empty set for node_count nodes (members added with mt_heap_rankset_add). */
void mt_heap_rankset_init(struct mt_heap_rankset *s, uint32_t node_count);
/* Number the members once their bits are set; returns their count. */
uint32_t mt_heap_rankset_number(struct mt_heap_rankset *s, uint32_t node_count);
void mt_heap_rankset_free(struct mt_heap_rankset *s);
/* For a loader that makes h->loc itself (core/v8heap, in parts, with a
 * position per located node rather than a record): recs[0..n) as indexes
 * of h->loc.pos, the same positions once each, in order of first use;
 * to[i] is recs[i]'s. */
void mt_heap_positions(struct mt_heap_locations *loc, const struct mt_heap_loc *recs,
		       uint32_t n, uint32_t *to);

/* A large zeroed array for the model, faulted in at once (on huge pages
 * where xalloc asks for them and the kernel gives them); freed with free().
 * core/v8heap's model builder makes its columns with it too. */
void *mt_heap_array(size_t n, size_t size);
/* Fault [p, p + bytes) of a big array in with one call, as mt_heap_array
 * does (on this thread only): for an array written in parts by two
 * threads, each part just before it is written. */
void mt_heap_fault_in(void *p, size_t bytes);
/* Keep p (bytes long, from mt_heap_array) for a later mt_heap_spare_array
 * (freed when there is no room); p may be NULL. */
void mt_heap_spare_keep(struct mt_heap *h, void *p, size_t bytes);
/* mt_heap_array, made from the smallest kept array that is big enough
 * (shrunk to fit) when there is one. */
void *mt_heap_spare_array(struct mt_heap *h, size_t n, size_t size);
/* Free the kept arrays. */
void mt_heap_spare_release(struct mt_heap *h);
/* fn(a) on this thread and fn(b) on another, both done on return (one
 * after the other here when no thread can be made). */
void mt_heap_both(void *(*fn)(void *), void *a, void *b);
/* --- passes, in order (each in its own file) --- */
void mt_heap_dom_state(struct mt_heap *h);                /* domstate.c */
void mt_heap_mark_flags(struct mt_heap *h);               /* graph.c */
/* The part of the flags that needs only the nodes and edges (what the
 * root's shortcut edges reach): the loader runs it once the edges are in,
 * while the rest is parsed; mt_heap_mark_flags does the rest (and this,
 * when not done). */
void mt_heap_mark_page_shortcuts(struct mt_heap *h);
/* DevTools' essential edges: a bit per edge, and the essential retainers
 * per node counted up to 2 in two bits a node (read with mt_heap_ecount). */
struct mt_heap_essential {
	uint8_t *bit;              /* owned */
	uint8_t *count;            /* owned */
};
void mt_heap_essential_edges(struct mt_heap *h, struct mt_heap_essential *out); /* dominators.c */
void mt_heap_essential_free(struct mt_heap_essential *e);
void mt_heap_fill_retainers(struct mt_heap *h, const uint8_t *essential);
static inline int mt_heap_ecount(const uint8_t *count, uint32_t node)
{
	return count[node / 4] >> (node % 4 * 2) & 3;
}
/* The dominators' retainer slots: the essential retainers of the nodes
 * counting at least min of them, found through the node's rank among those
 * nodes (few: a node with one is reached from it in the DFS). */
struct mt_heap_eslots {
	struct mt_heap_rankset nodes; /* the nodes with slots */
	uint32_t *first;           /* owned: first slot per ranked node, and end */
	uint8_t *src;              /* owned: node ordinal per slot, width bytes
				      little-endian (3 while ordinals fit) */
	uint32_t count;            /* slots in src */
	int width;
	/* Hubs: nodes whose sources take fewer bytes as a bit per node than
	 * as slots (V8's maps, each held by millions of objects): they have no
	 * slots, their sources are the bits set in hub_from. */
	struct mt_heap_rankset hubs; /* the hubs, numbered 0, 1, ... */
	uint32_t nhubs;
	uint64_t *hub_from;        /* owned: nhubs sets of words words */
	size_t words;              /* node_count / 64 + 1 */
};
int mt_heap_eslots_width(uint32_t node_count);
/* The layouts made for huge snapshots (4-byte slot entries past 2^24
 * nodes, 64-bit string offsets past 4 GiB of strings) also for small ones
 * when MORTEM_TEST_WIDE is set: how the tests reach them. */
int mt_heap_test_wide(void);
static inline uint32_t mt_heap_eslots_src(const struct mt_heap_eslots *s, uint32_t slot)
{
	const uint8_t *p = s->src + (size_t)slot * (size_t)s->width;
	uint32_t x = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;

	return s->width == 4 ? x | (uint32_t)p[3] << 24 : x;
}
static inline void mt_heap_eslots_set(struct mt_heap_eslots *s, uint32_t slot, uint32_t node)
{
	uint8_t *p = s->src + (size_t)slot * (size_t)s->width;

	for (int i = 0; i < s->width; i++)
		p[i] = (uint8_t)(node >> (8 * i));
}
static inline uint32_t mt_heap_eslots_rank(const struct mt_heap_eslots *s, uint32_t node)
{
	return mt_heap_rankset_rank(&s->nodes, node);
}
/* The sources of hub node as a bit per node, or NULL when it is no hub. */
static inline const uint64_t *mt_heap_eslots_hub(const struct mt_heap_eslots *s, uint32_t node)
{
	if (!s->nhubs || !mt_heap_rankset_has(&s->hubs, node))
		return NULL;
	return s->hub_from + (size_t)mt_heap_rankset_rank(&s->hubs, node) * s->words;
}
/* num and parent (vertex = ordinal + 1; or NULL): DFS numbers and parents,
 * to leave out the slots that cannot matter (see graph.c). scratch: node_count
 * + 1 zeroed words, borrowed, given back zeroed. */
void mt_heap_eslots_fill(struct mt_heap_eslots *s, const struct mt_heap *h,
			 const uint8_t *essential, const uint8_t *count, int min,
			 const uint32_t *num, const uint32_t *parent, uint32_t *scratch);
void mt_heap_eslots_free(struct mt_heap_eslots *s);
/* first_retainer of all retainers, when there is none yet (the load leaves
 * it out: a word a node that only the retainer panes need). */
void mt_heap_retainer_counts(struct mt_heap *h);
void mt_heap_shallow_sizes(struct mt_heap *h);            /* shallow.c */
void mt_heap_distances(struct mt_heap *h);                /* distance.c */
/* Lengauer-Tarjan: h->dominator and h->dfs_order. */
void mt_heap_dominators(struct mt_heap *h, const struct mt_heap_essential *essential);
/* Retained sizes from the self sizes (after re-attribution); frees dfs_order. */
void mt_heap_retained_sizes(struct mt_heap *h);

/* Ephemeron edge names of WeakMaps (weakmap.c): "N / part of key (...) ->
 * value (...) pair in WeakMap (table @ID)". Returns 1 and fills the table
 * id and where the part after "N" starts, or 0. Cached per string. */
int mt_heap_weakmap_edge(struct mt_heap *h, uint32_t name, uint32_t *table_id,
			 uint32_t *suffix);
void mt_heap_weakmap_free(struct mt_heap_weakmap **w);
#endif
