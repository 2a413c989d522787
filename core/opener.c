/* core/opener.c: opening artifacts on threads, with their progress. */
#include "core/opener.h"

#include <stdio.h>
#include <string.h>

static void progress(void *ctx, const char *phase, uint64_t done, uint64_t total)
{
	struct mt_opening *j = ctx;

	pthread_mutex_lock(&j->lock);
	snprintf(j->phase, sizeof j->phase, "%s", phase);
	j->done = done;
	j->total = total;
	pthread_mutex_unlock(&j->lock);
}

static void *run(void *arg)
{
	struct mt_opening *j = arg;

	mt_artifact_open(j->doc, j->path, &j->open);
	pthread_mutex_lock(&j->lock);
	j->finished = 1;
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

void mt_open_start(struct mt_opening *jobs, int n, struct mt_artifact *docs,
		   const char *const *paths, const struct mt_open_opts *o)
{
	for (int i = 0; i < n; i++) {
		struct mt_opening *j = &jobs[i];
		memset(j, 0, sizeof *j);
		j->doc = &docs[i];
		j->path = paths[i];
		j->open = *o;
		j->open.progress = progress;
		j->open.progress_ctx = j;
		clock_gettime(CLOCK_MONOTONIC, &j->start);
		pthread_mutex_init(&j->lock, NULL);
		j->threaded = pthread_create(&j->tid, NULL, run, j) == 0;
		if (!j->threaded)
			run(j);   /* no thread to be had: here, at once */
	}
}

void mt_open_state(struct mt_opening *j, struct mt_opening_state *out)
{
	struct timespec now;
	double secs;

	pthread_mutex_lock(&j->lock);
	memcpy(out->phase, j->phase, sizeof out->phase);
	out->done = j->done;
	out->total = j->total;
	out->finished = j->finished;
	pthread_mutex_unlock(&j->lock);
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (double)(now.tv_sec - j->start.tv_sec) + (double)(now.tv_nsec - j->start.tv_nsec) / 1e9;
	out->rate = !out->finished && out->total && out->done && secs >= 0.05 ?
		    (double)out->done / secs : 0;
}

int mt_open_all_finished(struct mt_opening *jobs, int n)
{
	int done = 1;

	for (int i = 0; i < n; i++) {
		pthread_mutex_lock(&jobs[i].lock);
		done &= jobs[i].finished;
		pthread_mutex_unlock(&jobs[i].lock);
	}
	return done;
}

void mt_open_finish(struct mt_opening *jobs, int n)
{
	for (int i = 0; i < n; i++) {
		if (jobs[i].threaded)
			pthread_join(jobs[i].tid, NULL);
		pthread_mutex_destroy(&jobs[i].lock);
	}
}
