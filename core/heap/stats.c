/* core/heap/stats.c: DevTools' Statistics pane (calculateStatistics): code,
 * strings, JS arrays (with their singly-retained elements store), typed
 * arrays, system objects, native memory, and the total (the root's retained
 * size plus the native bytes V8 reports outside the graph). */
#include "core/heap/stats.h"
#include "core/heap/passes.h"

#include <string.h>

static uint32_t retainer_count(const struct mt_heap *h, uint32_t node)
{
	return h->first_retainer[node + 1] - h->first_retainer[node];
}

/* An Array's own size plus its "elements" store when nothing else holds it. */
static uint64_t array_size(const struct mt_heap *h, uint32_t node)
{
	uint64_t size = mt_heap_self(h, node);

	for (uint32_t e = h->first_edge[node]; e < h->first_edge[node + 1]; e++) {
		if (mt_heap_etype(h, e) != h->t.e_internal ||
		    strcmp(mt_heap_str(h, mt_heap_ename(h, e)), "elements") != 0)
			continue;
		if (retainer_count(h, mt_heap_eto(h, e)) == 1)
			size += mt_heap_self(h, mt_heap_eto(h, e));
		break;
	}
	return size;
}

void mt_heap_statistics(struct mt_heap *h, struct mt_heap_stats *s)
{
	const struct mt_heap_types *t = &h->t;

	mt_heap_retainer_counts(h);  /* for array_size */
	memset(s, 0, sizeof *s);
	s->native = h->extra_native_bytes;
	for (uint32_t i = 0; i < h->node_count; i++) {
		int type = h->node_type[i];
		uint64_t size = mt_heap_self(h, i);
		const char *name = mt_heap_str(h, h->node_name[i]);
		if (type == t->hidden)
			s->system += size;
		else if (type == t->native) {
			s->native += size;
			if (!mt_heap_renamed(h, i) && strcmp(name, "system / JSArrayBufferData") == 0)
				s->typed_arrays += size;
		} else if (type == t->code)
			s->code += size;
		else if (type == t->string || type == t->cons_string || type == t->sliced_string)
			s->strings += size;
		else if (strcmp(name, "Array") == 0)
			s->js_arrays += array_size(h, i);
	}
	s->total = (h->retained ? mt_heap_retained(h, h->root) : 0) + h->extra_native_bytes;
	s->v8heap = s->total - s->native;
}
