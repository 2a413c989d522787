/* core/heap/ignore.h: what the heap panes ask of the graph beyond the
 * loaded model: distances when the user ignores retainers (DevTools'
 * "Ignore this retainer"), and the dominator tree's children. */
#ifndef MORTEM_CORE_HEAP_IGNORE_H
#define MORTEM_CORE_HEAP_IGNORE_H

#include "core/heap/heap.h"

/* Distances by DevTools' rules (mt_heap_distances) with the outgoing edges
 * of nodes[0..n) not followed: a new array of node_count entries, freed
 * with free(). h is changed while it runs and restored before it returns. */
int32_t *mt_heap_distances_ignoring(struct mt_heap *h, const uint32_t *nodes, size_t n);

/* The dominator tree turned around: the children of node v are
 * child[first[v]..first[v + 1]), in node order. */
struct mt_heap_domkids {
	uint32_t *first;   /* owned: node_count + 1 */
	uint32_t *child;   /* owned: node_count */
};

void mt_heap_domkids_build(const struct mt_heap *h, struct mt_heap_domkids *out);
void mt_heap_domkids_free(struct mt_heap_domkids *k);

#endif
