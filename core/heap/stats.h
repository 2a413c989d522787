/* core/heap/stats.h: the Statistics pane's numbers, as DevTools computes
 * them (getStatistics). */
#ifndef MORTEM_CORE_HEAP_STATS_H
#define MORTEM_CORE_HEAP_STATS_H

#include "core/heap/heap.h"

struct mt_heap_stats {
	uint64_t total;        /* root retained size + extra_native_bytes */
	uint64_t native;       /* native nodes + extra_native_bytes */
	uint64_t typed_arrays; /* natives named "system / JSArrayBufferData" */
	uint64_t v8heap;       /* total - native */
	uint64_t code, strings, js_arrays, system;
};

void mt_heap_statistics(struct mt_heap *h, struct mt_heap_stats *s);

#endif
