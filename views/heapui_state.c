/* views/heapui_state.c: what the heap panes keep per snapshot for the
 * life of the process: comparisons already computed, the pair Comparison
 * shows, and the retainers the user chose to ignore. The snapshots live as
 * long as the UI does, so entries are never dropped. */
#include "views/heapui.h"
#include "core/xalloc.h"

#include <stdlib.h>

#define MAX_ENTRIES 8

struct diff_entry {
	const struct mt_heap *base, *target; /* borrowed */
	struct mt_heap_diff *diff;           /* owned */
};

struct ignore_entry {
	const struct mt_heap *h;  /* borrowed */
	uint32_t *nodes;          /* owned */
	size_t n;
	int32_t *dist;            /* owned: distances without them, NULL when n is 0 */
};

static struct diff_entry diffs[MAX_ENTRIES];
static struct ignore_entry ignores[MAX_ENTRIES];
static struct { const struct mt_heap *base, *target; } pair;

struct mt_heap_diff *heapui_diff(const struct mt_heap *base, const struct mt_heap *target)
{
	size_t i;

	for (i = 0; i < MAX_ENTRIES && diffs[i].diff; i++)
		if (diffs[i].base == base && diffs[i].target == target)
			return diffs[i].diff;
	if (i == MAX_ENTRIES) {   /* full: the oldest goes */
		mt_heap_diff_free(&diffs[0].diff);
		for (i = 1; i < MAX_ENTRIES; i++)
			diffs[i - 1] = diffs[i];
		i = MAX_ENTRIES - 1;
	}
	diffs[i] = (struct diff_entry){ base, target, mt_heap_diff(base, target) };
	return diffs[i].diff;
}

void heapui_pair_set(struct mt_artifact *base, struct mt_artifact *target)
{
	pair.base = heap_of(base);
	pair.target = heap_of(target);
}

const struct mt_heap *heapui_base_of(const struct mt_heap *target)
{
	return target && pair.target == target ? pair.base : NULL;
}

/* DevTools' maxJSObjectId: JavaScript objects have odd ids, the others
 * (natives, synthetic roots) even ones from another range. */
uint32_t heapui_max_id(const struct mt_heap *h)
{
	static struct { const struct mt_heap *h; uint32_t id; } cache[2];
	static int next;
	uint32_t m = 0;

	for (int i = 0; i < 2; i++)
		if (cache[i].h == h)
			return cache[i].id;
	for (uint32_t i = 0; i < h->node_count; i++)
		if ((h->node_id[i] & 1) && h->node_id[i] > m)
			m = h->node_id[i];
	cache[next].h = h;
	cache[next].id = m;
	next ^= 1;
	return m;
}

static struct ignore_entry *find_ignore(const struct mt_heap *h, int add)
{
	for (size_t i = 0; i < MAX_ENTRIES; i++) {
		if (ignores[i].h == h)
			return &ignores[i];
		if (!ignores[i].h && add) {
			ignores[i].h = h;
			return &ignores[i];
		}
	}
	return NULL;
}

const int32_t *heapui_distances(const struct mt_heap *h)
{
	struct ignore_entry *e = find_ignore(h, 0);

	return e && e->dist ? e->dist : h->distance;
}

int heapui_ignored(const struct mt_heap *h, uint32_t node)
{
	struct ignore_entry *e = find_ignore(h, 0);

	for (size_t i = 0; e && i < e->n; i++)
		if (e->nodes[i] == node)
			return 1;
	return 0;
}

size_t heapui_ignored_count(const struct mt_heap *h)
{
	struct ignore_entry *e = find_ignore(h, 0);

	return e ? e->n : 0;
}

void heapui_ignore(struct mt_heap *h, uint32_t node)
{
	struct ignore_entry *e = find_ignore(h, 1);

	if (!e || heapui_ignored(h, node))
		return;
	e->nodes = xreallocarray(e->nodes, e->n + 1, sizeof *e->nodes);
	e->nodes[e->n++] = node;
	free(e->dist);
	e->dist = mt_heap_distances_ignoring(h, e->nodes, e->n);
}

void heapui_unignore_all(struct mt_heap *h)
{
	struct ignore_entry *e = find_ignore(h, 0);

	if (!e)
		return;
	free(e->nodes);
	free(e->dist);
	*e = (struct ignore_entry){ .h = h };
}
