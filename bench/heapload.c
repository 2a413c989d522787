/* bench/heapload.c: time mortem's full load of heap snapshots phase by
 * phase (`make bench` builds it): the same passes as mortem itself.
 *
 *   heapload FILE            one full load
 *   heapload FILE1 FILE2     both (two threads) and their comparison
 */
#include "core/heap/classes.h"
#include "core/heap/growth.h"
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct job {
	const char *path;
	struct mt_heap *h;
	struct mt_error err;
	double start, last;
	char phase[32];
};

/* Peak and current resident set (kB) from /proc/self/status. */
static void memory(long *hwm, long *rss)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");

	*hwm = *rss = 0;
	while (f && fgets(line, sizeof line, f)) {
		sscanf(line, "VmHWM: %ld", hwm);
		sscanf(line, "VmRSS: %ld", rss);
	}
	if (f)
		fclose(f);
}

static void progress(void *ctx, const char *phase, uint64_t done, uint64_t total)
{
	struct job *j = ctx;
	double t = now();

	(void)done;
	(void)total;
	if (strcmp(phase, j->phase) == 0)
		return;
	if (j->phase[0]) {
		long hwm, rss;
		memory(&hwm, &rss);
		fprintf(stderr, "%s: %-14s %6.2f s   peak %ld kB, now %ld kB\n", j->path, j->phase,
			t - j->last, hwm, rss);
	}
	snprintf(j->phase, sizeof j->phase, "%s", phase);
	j->last = t;
}

static void *load(void *arg)
{
	struct job *j = arg;

	j->start = j->last = now();
	j->h = mt_heap_load(j->path, 0, progress, j, &j->err);
	progress(j, "done", 0, 0);
	if (j->h)
		fprintf(stderr, "%s: %u nodes, %u edges, %u strings (%llu bytes)\n", j->path,
			j->h->node_count, j->h->edge_count, j->h->string_count,
			(unsigned long long)j->h->str_bytes);
	fprintf(stderr, "%s: full load %.2f s\n", j->path, now() - j->start);
	return NULL;
}

int main(int argc, char **argv)
{
	struct job jobs[2];
	pthread_t tid;
	double t0 = now();

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: heapload FILE [FILE2]\n");
		return 2;
	}
	xalloc_init();  /* as mortem's main() */
	memset(jobs, 0, sizeof jobs);
	for (int i = 1; i < argc; i++)
		jobs[i - 1].path = argv[i];
	if (argc == 3 && getenv("HEAPLOAD_ONE_AT_A_TIME")) {
		load(&jobs[0]);
		load(&jobs[1]);
	} else {
		if (argc == 3)
			pthread_create(&tid, NULL, load, &jobs[1]);
		load(&jobs[0]);
		if (argc == 3)
			pthread_join(tid, NULL);
	}
	for (int i = 0; i < argc - 1; i++)
		if (!jobs[i].h) {
			fprintf(stderr, "%s\n", jobs[i].err.msg);
			return 2;
		}
	if (argc == 3) {
		double t = now();
		struct mt_heap_diff *d = mt_heap_diff(jobs[0].h, jobs[1].h);
		fprintf(stderr, "compare: %zu classes changed, %.2f s\n", d->n, now() - t);
		t = now();
		struct mt_heap_growth *g = mt_heap_growth(jobs[1].h, d);
		fprintf(stderr, "growth: held by and %zu roots, %.2f s\n", g->nroots, now() - t);
		mt_heap_growth_free(&g);
		mt_heap_diff_free(&d);
	}
	printf("%.3f\n", now() - t0);
	for (int i = 0; i < argc - 1; i++)
		mt_heap_free(&jobs[i].h);
	return 0;
}
