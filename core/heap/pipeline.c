/* core/heap/pipeline.c: a full load: parse, then the passes in DevTools'
 * order, reporting each phase. */
#include "core/heap/classes.h"
#include "core/heap/heap.h"

#include <stdlib.h>

static void phase(mt_heap_progress progress, void *ctx, const char *name)
{
	if (progress)
		progress(ctx, name, 0, 0);
}

struct mt_heap *mt_heap_load(const char *path, int raw, mt_heap_progress progress,
			     void *ctx, struct mt_error *err)
{
	struct mt_heap *h = mt_heap_parse(path, progress, ctx, err);

	if (!h)
		return NULL;
	h->raw = raw;
	phase(progress, ctx, "retainers");
	mt_heap_count_retainers(h);
	mt_heap_dom_state(h);
	mt_heap_mark_flags(h);
	uint8_t *essential = mt_heap_essential_edges(h);
	mt_heap_fill_retainers(h, essential);
	phase(progress, ctx, "dominators");
	mt_heap_dominators(h, essential);
	free(essential);
	phase(progress, ctx, "shallow sizes");
	mt_heap_shallow_sizes(h);
	mt_heap_retained_sizes(h);
	phase(progress, ctx, "distances");
	mt_heap_distances(h);
	phase(progress, ctx, "classes");
	h->classes = mt_heap_classes_build(h, NULL, 1);
	return h;
}
