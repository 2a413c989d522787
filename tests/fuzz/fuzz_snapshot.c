/* tests/fuzz/fuzz_snapshot.c: libFuzzer target for the heap snapshot loader
 * and every pass after it (retainers, distances, dominators, classes,
 * statistics, retaining paths, comparison with itself, holders of the
 * growth with every other object taken as new). Any input must end
 * in a model or a one-line error, never a crash or a hang. */
#include "core/heap/classes.h"
#include "core/heap/growth.h"
#include "core/heap/heap.h"
#include "core/heap/paths.h"
#include "core/heap/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int input_fd = -1;
static char input_path[64];

/* The holders and growth roots when every odd node is new: a comparison
 * made up from the model's own classes (each class one row). */
static void growth_of_odd_nodes(struct mt_heap *h)
{
	const struct mt_heap_classes *c = h->classes;
	struct mt_heap_diff d = { 0 };

	d.rows = calloc(c->n + 1, sizeof *d.rows);
	for (size_t k = 0; k < c->n; k++) {
		d.rows[d.n].name = c->v[k].name;
		d.rows[d.n].key = c->v[k].key;
		d.rows[d.n].new_nodes = malloc((h->node_count + 1) * sizeof(uint32_t));
		for (uint32_t i = 1; i < h->node_count; i += 2)
			if (c->of[i] == k && mt_heap_self(h, i))
				d.rows[d.n].new_nodes[d.rows[d.n].added++] = i;
		d.n++;
	}
	struct mt_heap_growth *g = mt_heap_growth(h, &d);
	for (size_t r = 0; r < g->nroots; r++)
		if (g->roots[r].row >= d.n || g->roots[r].held_objects == 0)
			abort();
	mt_heap_growth_free(&g);
	for (size_t r = 0; r < d.n; r++)
		free(d.rows[r].new_nodes);
	free(d.rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_error err = { 0 };
	struct mt_heap *h;

	if (input_fd < 0) {
		input_fd = memfd_create("snapshot", 0);
		if (input_fd < 0)
			abort();
		snprintf(input_path, sizeof input_path, "/proc/self/fd/%d", input_fd);
		/* Inputs of a few KB: a buffer of 1.5 KB makes them cross buffer
		 * ends, read ahead and cut into pieces as gigabyte files do. */
		setenv("MORTEM_TEST_BUFFER", "1536", 1);
	}
	if (ftruncate(input_fd, 0) < 0 || pwrite(input_fd, data, size, 0) != (ssize_t)size)
		abort();
	h = mt_heap_load(input_path, size & 1, NULL, NULL, &err);
	if (!h) {
		if (!err.set || strchr(err.msg, '\n'))
			abort();
		return 0;
	}
	struct mt_heap_stats st;
	struct mt_heap_paths paths;
	mt_heap_statistics(h, &st);
	mt_heap_retaining_paths(h, h->node_count - 1, 3, 1000, &paths);
	mt_heap_paths_free(&paths);
	struct mt_heap_diff *d = mt_heap_diff(h, h);
	if (d->n != 0)
		abort();  /* a snapshot compared with itself has no change */
	mt_heap_diff_free(&d);
	growth_of_odd_nodes(h);
	mt_heap_free(&h);
	return 0;
}
