/* tests/unit/test_heap_ignore.c: what the heap panes ask of the graph
 * (core/heap/ignore.h), on the second snapshot of the committed pair
 * (tests/fixtures/heap/make-pair.js): distances with a retainer ignored, the
 * model left as it was, and the dominator tree's children. */
#include "core/heap/classes.h"
#include "core/heap/ignore.h"
#include "core/xalloc.h"
#include "tests/unit/check.h"

#include <stdlib.h>

static struct mt_heap *load(const char *name)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	struct mt_error err = { 0 };
	struct mt_heap *h;

	snprintf(path, sizeof path, "%s/tests/fixtures/heap/%s", top ? top : ".", name);
	h = mt_heap_load(path, 0, NULL, NULL, &err);
	if (!h)
		fprintf(stderr, "%s: %s\n", path, err.msg);
	return h;
}

/* The first object of the class named name, or MT_HEAP_NONE. */
static uint32_t first_of(const struct mt_heap *h, const char *name)
{
	for (size_t c = 0; c < h->classes->n; c++)
		if (strcmp(h->classes->v[c].name, name) == 0 && h->classes->v[c].count)
			return h->classes->v[c].first;
	return MT_HEAP_NONE;
}

/* Its retainer nearest the roots. */
static uint32_t nearest_retainer(struct mt_heap *h, uint32_t node)
{
	uint32_t best = MT_HEAP_NONE;

	mt_heap_retainers(h);
	for (uint32_t s = h->first_retainer[node]; s < h->first_retainer[node + 1]; s++) {
		uint32_t src = mt_heap_ret_src(h, s);
		if (src != h->root && (best == MT_HEAP_NONE || h->distance[src] < h->distance[best]))
			best = src;
	}
	return best;
}

static void test_ignoring(struct mt_heap *h)
{
	uint32_t *words = xmalloc(h->edge_count * sizeof *words);
	uint32_t g = first_of(h, "MortemGamma"), list;
	int32_t *same, *without;
	size_t differ = 0;

	memcpy(words, h->edge_word, h->edge_count * sizeof *words);
	CHECK(g != MT_HEAP_NONE);
	/* Nothing ignored: DevTools' distances exactly. */
	same = mt_heap_distances_ignoring(h, NULL, 0);
	for (uint32_t i = 0; i < h->node_count; i++)
		differ += same[i] != h->distance[i];
	CHECK_INT(differ, 0);
	/* The array holding the MortemGamma objects ignored: they are no longer
	 * reached at all; the array itself is as near as before. */
	list = nearest_retainer(h, g);
	CHECK(list != MT_HEAP_NONE);
	CHECK_STR(mt_heap_str(h, h->node_name[list]), "Array");
	without = mt_heap_distances_ignoring(h, &list, 1);
	/* Only that array (and its elements, which only it holds) keep them. */
	CHECK_INT(without[g], MT_HEAP_NO_DISTANCE);
	CHECK_INT(without[list], h->distance[list]);
	CHECK(memcmp(words, h->edge_word, h->edge_count * sizeof *words) == 0);
	free(same);
	free(without);
	free(words);
}

static void test_domkids(const struct mt_heap *h)
{
	struct mt_heap_domkids k;
	size_t kids = 0, wrong = 0;

	mt_heap_domkids_build(h, &k);
	for (uint32_t v = 0; v < h->node_count; v++)
		if (v != h->root && h->dominator[v] != v)
			kids++;
	CHECK_INT(k.first[h->node_count], kids);
	for (uint32_t v = 0; v < h->node_count; v++)
		for (uint32_t i = k.first[v]; i < k.first[v + 1]; i++)
			wrong += h->dominator[k.child[i]] != v;
	CHECK_INT(wrong, 0);
	CHECK(k.first[h->root + 1] > k.first[h->root]);
	mt_heap_domkids_free(&k);
	CHECK(k.first == NULL && k.child == NULL);
}

int main(void)
{
	struct mt_heap *h = load("pair-2.heapsnapshot.gz");

	CHECK(h != NULL);
	if (h) {
		test_ignoring(h);
		test_domkids(h);
		mt_heap_free(&h);
	}
	CHECK_DONE();
}
