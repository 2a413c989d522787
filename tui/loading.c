/* tui/loading.c: opening the files on threads while the screen shows how
 * far each has come (heap snapshots take seconds). */
#include "tui/ui.h"
#include "tui/key.h"
#include "core/termsafe.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct job {
	struct mt_artifact *doc;     /* borrowed slot to fill */
	const char *path;            /* borrowed */
	struct mt_open_opts open;    /* copy, with this job's progress */
	pthread_mutex_t lock;        /* guards the fields below */
	char phase[32];
	uint64_t done, total;
	int finished;
	pthread_t tid;
	int threaded;
	struct timespec start;       /* when the job began, for bytes per second */
};

static void progress(void *ctx, const char *phase, uint64_t done, uint64_t total)
{
	struct job *j = ctx;

	pthread_mutex_lock(&j->lock);
	snprintf(j->phase, sizeof j->phase, "%s", phase);
	j->done = done;
	j->total = total;
	pthread_mutex_unlock(&j->lock);
}

static void *run(void *arg)
{
	struct job *j = arg;

	mt_artifact_open(j->doc, j->path, &j->open);
	pthread_mutex_lock(&j->lock);
	j->finished = 1;
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/* ", 12.3 MiB/s" while bytes are being read (called with the lock held). */
static void add_rate(struct strbuf *line, struct job *j)
{
	struct timespec now;
	double secs;
	double rate;

	if (j->finished || !j->total || !j->done)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (double)(now.tv_sec - j->start.tv_sec) + (double)(now.tv_nsec - j->start.tv_nsec) / 1e9;
	if (secs < 0.05)
		return;
	rate = (double)j->done / secs;
	if (rate >= 1024.0 * 1024 * 1024)
		strbuf_printf(line, "  %.1f GiB/s", rate / (1024.0 * 1024 * 1024));
	else if (rate >= 1024.0 * 1024)
		strbuf_printf(line, "  %.1f MiB/s", rate / (1024.0 * 1024));
	else
		strbuf_printf(line, "  %.0f KiB/s", rate / 1024.0);
}

/* One line: path, phase, speed and a bar of how much is done. */
static void draw_job(struct screen *scr, struct job *j, int y)
{
	struct strbuf line = STRBUF_INIT, safe = STRBUF_INIT;
	int barw = scr->cols / 3, fill, pct;

	pthread_mutex_lock(&j->lock);
	pct = j->total ? (int)(j->done * 100 / j->total) : 0;
	strbuf_printf(&line, " %s: %s", j->finished ? "ready" : j->phase[0] ? j->phase : "opening",
		      j->path);
	add_rate(&line, j);
	pthread_mutex_unlock(&j->lock);
	pct = pct > 100 ? 100 : pct;
	mt_termsafe(line.buf, line.len, &safe);
	strbuf_reset(&line);
	mt_text_fit(strbuf_str(&safe), (size_t)(scr->cols - barw - 7 > 0 ? scr->cols - barw - 7 : 0), &line);
	scr->ops->put(scr, y, 0, strbuf_str(&line), TA_NORMAL);
	fill = barw * pct / 100;
	scr->ops->blank(scr, y, scr->cols - barw - 6, fill, TA_BAR);
	scr->ops->blank(scr, y, scr->cols - barw - 6 + fill, barw - fill, TA_DIM | TA_SELECTED);
	strbuf_reset(&line);
	strbuf_printf(&line, "%4d%%", pct);
	scr->ops->put(scr, y, scr->cols - 5, strbuf_str(&line), TA_NORMAL);
	strbuf_free(&line);
	strbuf_free(&safe);
}

static int all_finished(struct job *jobs, int n)
{
	int done = 1;

	for (int i = 0; i < n; i++) {
		pthread_mutex_lock(&jobs[i].lock);
		done &= jobs[i].finished;
		pthread_mutex_unlock(&jobs[i].lock);
	}
	return done;
}

static int show_progress(struct screen *scr, struct job *jobs, int n, int *typed, int max)
{
	int ntyped = 0;

	while (!all_finished(jobs, n)) {
		int key;
		scr->ops->clear(scr);
		scr->ops->put(scr, 0, 0, " mortem: loading", TA_TITLE);
		for (int i = 0; i < n; i++)
			draw_job(scr, &jobs[i], 2 + i);
		scr->ops->cursor(scr, -1, 0);
		scr->ops->flush(scr);
		key = scr->ops->poll_key(scr, 100);
		if (key == 'q' || key == TK_CTRL('c'))
			return -1;   /* quit at once: the caller does not wait */
		if (key != TK_NONE && key != TK_RESIZE && key != TK_MOUSE && ntyped < max)
			typed[ntyped++] = key;   /* typed ahead: used once the UI is up */
	}
	return ntyped;
}

int tui_load(struct screen *scr, struct mt_artifact *docs, int n,
	     const char *const *files, const struct mt_open_opts *open, int *typed, int max)
{
	struct job jobs[2];
	int ntyped;

	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < n && i < 2; i++) {
		jobs[i].doc = &docs[i];
		jobs[i].path = files[i];
		jobs[i].open = *open;
		jobs[i].open.progress = progress;
		jobs[i].open.progress_ctx = &jobs[i];
		clock_gettime(CLOCK_MONOTONIC, &jobs[i].start);
		pthread_mutex_init(&jobs[i].lock, NULL);
		jobs[i].threaded = pthread_create(&jobs[i].tid, NULL, run, &jobs[i]) == 0;
		if (!jobs[i].threaded)
			run(&jobs[i]);
	}
	ntyped = show_progress(scr, jobs, n, typed, max);
	if (ntyped < 0)
		return -1;   /* the threads still run: the process ends now */
	for (int i = 0; i < n && i < 2; i++) {
		if (jobs[i].threaded)
			pthread_join(jobs[i].tid, NULL);
		pthread_mutex_destroy(&jobs[i].lock);
	}
	return ntyped;
}
