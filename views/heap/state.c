/* views/heap/state.c: what the heap panes keep for an open snapshot, in
 * its artifact (views_cache), freed when it closes: the comparisons it is
 * the target of, the base the Comparison pairs it with, DevTools'
 * maxJSObjectId, and the retainers the user chose to ignore with the
 * distances computed without them. One pane's choices (a pair, an ignored
 * retainer) are read by the others through here. */
#include "views/heap/ui.h"
#include "core/xalloc.h"

#include <stdlib.h>

struct diff_entry {
	const struct mt_artifact *base;  /* borrowed: an artifact open as long */
	struct mt_heap_diff *diff;       /* owned */
	struct mt_heap_growth *growth;   /* owned: its holders, made on first use */
};

struct heap_state {
	struct diff_entry *diffs;        /* owned: comparisons with this as the target */
	size_t ndiffs;
	struct mt_artifact *base;        /* borrowed: the Comparison's base, or NULL */
	int has_max_id;
	uint64_t max_id;
	uint32_t *ignored;               /* owned: ignored retainers */
	size_t nignored;
	int32_t *dist;                   /* owned: distances without them, or NULL */
};

static void state_free(void *p)
{
	struct heap_state *s = p;

	for (size_t i = 0; i < s->ndiffs; i++)
	{
		mt_heap_growth_free(&s->diffs[i].growth);
		mt_heap_diff_free(&s->diffs[i].diff);
	}
	free(s->diffs);
	free(s->ignored);
	free(s->dist);
	free(s);
}

static struct heap_state *state_of(struct mt_artifact *doc)
{
	if (!doc->views_cache) {
		doc->views_cache = xcalloc(1, sizeof(struct heap_state));
		doc->views_cache_free = state_free;
	}
	return doc->views_cache;
}

struct mt_heap_diff *heapui_diff(struct mt_artifact *base, struct mt_artifact *target)
{
	struct heap_state *s = state_of(target);

	for (size_t i = 0; i < s->ndiffs; i++)
		if (s->diffs[i].base == base)
			return s->diffs[i].diff;
	s->diffs = xreallocarray(s->diffs, s->ndiffs + 1, sizeof *s->diffs);
	s->diffs[s->ndiffs] = (struct diff_entry){ base, mt_heap_diff(heap_of(base), heap_of(target)),
						   NULL };
	return s->diffs[s->ndiffs++].diff;
}

const struct mt_heap_growth *heapui_growth(struct mt_artifact *base, struct mt_artifact *target)
{
	const struct mt_heap_diff *d = heapui_diff(base, target);
	struct heap_state *s = state_of(target);

	for (size_t i = 0; i < s->ndiffs; i++)
		if (s->diffs[i].diff == d) {
			if (!s->diffs[i].growth)
				s->diffs[i].growth = mt_heap_growth(heap_of(target), d);
			return s->diffs[i].growth;
		}
	return NULL;
}

void heapui_pair_of(const struct view *v, struct mt_artifact **base,
		    struct mt_artifact **target)
{
	int swapped = (v->arg & HU_SWAPPED) != 0;
	int bi = (int)(v->arg >> HU_PAIR_BASE_SHIFT & 15), ti = (int)(v->arg >> HU_PAIR_TARGET_SHIFT & 15);

	if ((v->arg & HU_PAIR) && v->doc->series && bi < v->doc->nseries &&
	    ti < v->doc->nseries) {
		*base = &v->doc->series[bi];
		*target = &v->doc->series[ti];
		return;
	}
	*base = swapped ? v->other : v->doc;
	*target = swapped ? v->doc : v->other;
}

int64_t heapui_pair_arg(int base, int target)
{
	return HU_PAIR | (int64_t)base << HU_PAIR_BASE_SHIFT | (int64_t)target << HU_PAIR_TARGET_SHIFT;
}

void heapui_pair_set(struct mt_artifact *base, struct mt_artifact *target)
{
	state_of(target)->base = base;
}

struct mt_artifact *heapui_base_of(struct mt_artifact *target)
{
	return target->views_cache ? ((struct heap_state *)target->views_cache)->base : NULL;
}

/* DevTools' maxJSObjectId: JavaScript objects have odd ids, the others
 * (natives, synthetic roots) even ones from another range. */
uint64_t heapui_max_id(struct mt_artifact *doc)
{
	struct heap_state *s = state_of(doc);
	const struct mt_heap *h = heap_of(doc);

	if (!s->has_max_id) {
		for (uint32_t i = 0; i < h->node_count; i++)
			if ((mt_heap_id(h, i) & 1) && mt_heap_id(h, i) > s->max_id)
				s->max_id = mt_heap_id(h, i);
		s->has_max_id = 1;
	}
	return s->max_id;
}

const int32_t *heapui_distances(struct mt_artifact *doc)
{
	const struct heap_state *s = doc->views_cache;

	return s && s->dist ? s->dist : heap_of(doc)->distance;
}

int heapui_ignored(struct mt_artifact *doc, uint32_t node)
{
	const struct heap_state *s = doc->views_cache;

	for (size_t i = 0; s && i < s->nignored; i++)
		if (s->ignored[i] == node)
			return 1;
	return 0;
}

size_t heapui_ignored_count(struct mt_artifact *doc)
{
	const struct heap_state *s = doc->views_cache;

	return s ? s->nignored : 0;
}

void heapui_ignore(struct mt_artifact *doc, uint32_t node)
{
	struct heap_state *s = state_of(doc);

	if (heapui_ignored(doc, node))
		return;
	s->ignored = xreallocarray(s->ignored, s->nignored + 1, sizeof *s->ignored);
	s->ignored[s->nignored++] = node;
	free(s->dist);
	s->dist = mt_heap_distances_ignoring(heap_of(doc), s->ignored, s->nignored);
}

void heapui_unignore_all(struct mt_artifact *doc)
{
	struct heap_state *s = doc->views_cache;

	if (!s)
		return;
	free(s->ignored);
	free(s->dist);
	s->ignored = NULL;
	s->dist = NULL;
	s->nignored = 0;
}
