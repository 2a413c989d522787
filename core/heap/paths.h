/* core/heap/paths.h: retaining paths of one object up to the roots. */
#ifndef MORTEM_CORE_HEAP_PATHS_H
#define MORTEM_CORE_HEAP_PATHS_H

#include "core/heap/heap.h"

/* One path: retainer slots, the target's retainer first; slot s means
 * the slot's source holds mt_heap_ret_target() through mt_heap_ret_edge(). The last
 * retainer is a node the root holds directly. */
struct mt_heap_path {
	uint32_t *slot;   /* owned */
	size_t n;
};

struct mt_heap_paths {
	struct mt_heap_path *v;  /* owned */
	size_t n;
	int truncated;           /* a bound stopped the walk */
};

/* Shortest paths first, at most max_paths, visiting at most max_visit
 * nodes. */
void mt_heap_retaining_paths(struct mt_heap *h, uint32_t target, size_t max_paths,
			     size_t max_visit, struct mt_heap_paths *out);
void mt_heap_paths_free(struct mt_heap_paths *p);

#endif
