/* core/heap/pipeline.c: a full load: parse, then the passes in DevTools'
 * order, on two threads where they do not depend on each other:
 *
 *   helper thread                  loading thread
 *                                  DOM state, flags
 *   shallow sizes                  essential edges
 *   --------------------------- join ---------------------------------------
 *   dominators                     interface inference
 *   --------------------------- join ---------------------------------------
 *   retained sizes                 distances
 *   --------------------------- join ---------------------------------------
 *   classes (names, aggregates, class retained sizes)
 *
 * Nothing one side writes is read by the other before the join. Distances
 * wait for the join: beside the dominators they would raise the peak of
 * memory by two words a node. The retainer index (first_retainer, a word a
 * node) is not built here at all: the panes that walk retainers build it
 * (mt_heap_retainers, mt_heap_retainer_counts) when they open. */
#include "core/heap/classes.h"
#include "core/heap/passes.h"
#include "core/heap/heap.h"

#include <pthread.h>
#include <stdlib.h>

struct helper {
	struct mt_heap *h;          /* borrowed */
	const struct mt_heap_essential *essential; /* borrowed */
	int step;
};

static void *helper_run(void *arg)
{
	struct helper *x = arg;

	if (x->step == 4) {
		mt_heap_shallow_sizes(x->h);
	} else if (x->step == 3) {
		mt_heap_retained_sizes(x->h);
	} else {
		mt_heap_dominators(x->h, x->essential);
	}
	return NULL;
}

/* Run the helper's step beside fn(h) on this thread (or after it when no
 * thread can be made). */
static void side_by_side(struct helper *x, void (*fn)(struct mt_heap *, void *), void *arg)
{
	pthread_t tid;
	int threaded = pthread_create(&tid, NULL, helper_run, x) == 0;

	fn(x->h, arg);
	if (threaded)
		pthread_join(tid, NULL);
	else
		helper_run(x);
}

static void phase(mt_heap_progress progress, void *ctx, const char *name)
{
	if (progress)
		progress(ctx, name, 0, 0);
}

static void flags(struct mt_heap *h, void *arg)
{
	(void)arg;
	mt_heap_dom_state(h);
	mt_heap_mark_flags(h);
}

static void essential_edges(struct mt_heap *h, void *arg)
{
	mt_heap_essential_edges(h, arg);
}

static void interfaces(struct mt_heap *h, void *arg)
{
	hifaces_infer(h, arg);
}

static void distances(struct mt_heap *h, void *arg)
{
	(void)arg;
	mt_heap_distances(h);
}

void mt_heap_analyze(struct mt_heap *h, int raw, mt_heap_progress progress, void *ctx)
{
	struct helper x = { .h = h, .step = 4 };
	struct hifaces own;
	struct mt_heap_essential essential = { 0 };

	h->raw = raw;
	phase(progress, ctx, "retainers");
	flags(h, NULL);
	side_by_side(&x, essential_edges, &essential);
	phase(progress, ctx, "dominators");
	x.essential = &essential;
	x.step = 2;
	side_by_side(&x, interfaces, &own);
	mt_heap_essential_free(&essential);
	/* Views build ret_node (mt_heap_retainers) when they need it. */
	phase(progress, ctx, "distances");
	h->retained = mt_heap_spare_array(h, h->node_count, sizeof *h->retained);
	x.step = 3;
	side_by_side(&x, distances, NULL);
	mt_heap_spare_release(h);
	phase(progress, ctx, "classes");
	h->classes = mt_heap_classes_build(h, &own, NULL, 1);
}

struct mt_heap *mt_heap_load(const char *path, int raw, mt_heap_progress progress,
			     void *ctx, struct mt_error *err)
{
	struct mt_heap *h = mt_heap_parse(path, progress, ctx, err);

	if (h)
		mt_heap_analyze(h, raw, progress, ctx);
	return h;
}
