/* tui/busy.c: opening a pane whose load takes seconds (a core's
 * JavaScript heap: 12 s for 50 million objects) on a thread, while its
 * side says what the load is doing and for how long. Keys typed meanwhile
 * are kept for after, as while the files load (tui/loading.c); q quits at
 * once. Other panes open here directly. */
#include "tui/ui.h"
#include "tui/key.h"
#include "core/switches.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct busy {
	pthread_mutex_t lock;        /* guards phase and finished */
	char phase[32];              /* the load's last step ("marking"), or "" */
	int finished;
	/* the open, done on the thread */
	const struct view_ops *ops;  /* borrowed */
	struct mt_artifact *doc, *other; /* borrowed */
	const struct mt_opts *opts;  /* borrowed */
	int64_t arg;
	const char *title;           /* borrowed */
	int side;                    /* where it opens */
	struct frame *f;             /* the result, handed to the caller */
	struct mt_error err;
};

/* The load's progress (mt_progress_fn), from its thread. */
static void busy_progress(void *ctx, const char *phase, uint64_t done, uint64_t total)
{
	struct busy *b = ctx;

	(void)done;
	(void)total;
	pthread_mutex_lock(&b->lock);
	snprintf(b->phase, sizeof b->phase, "%s", phase ? phase : "");
	pthread_mutex_unlock(&b->lock);
}

static void *busy_run(void *arg)
{
	struct busy *b = arg;
	const char *delay = mt_switch(MT_SW_TEST_PANE_DELAY);
	long ms = delay ? strtol(delay, NULL, 10) : 0;

	if (ms > 0 && ms <= 60000)
		usleep((useconds_t)ms * 1000);
	b->f = frame_open(b->ops, b->doc, b->other, b->opts, b->arg, b->title, &b->err);
	pthread_mutex_lock(&b->lock);
	b->finished = 1;
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* One line on the side's first body row: what is loading, the
 * step, the time so far. Returns whether the load has finished. */
static int busy_draw(struct ui *ui, struct busy *b, const struct timespec *t0)
{
	struct screen *scr = ui->scr;
	struct side *s = &ui->side[b->side];
	char phase[32], line[256];
	int finished;

	pthread_mutex_lock(&b->lock);
	memcpy(phase, b->phase, sizeof phase);
	finished = b->finished;
	pthread_mutex_unlock(&b->lock);
	snprintf(line, sizeof line, " Loading the %s pane: %s, %.1f s  (q quits)", b->ops->title,
		 phase[0] ? phase : "opening", seconds_since(t0));
	scr->ops->blank(scr, 2, s->x, s->w, TA_NORMAL);
	scr->ops->put(scr, 2, s->x, line, TA_HINT);  /* ASCII of ours and the load's step */
	scr->ops->cursor(scr, -1, 0);
	scr->ops->flush(scr);
	return finished;
}

/* A key typed while loading: kept for the main loop (ui->typed). */
static void keep_typed(struct ui *ui, int key)
{
	int cap = (int)(sizeof ui->typed / sizeof ui->typed[0]);

	if (ui->next_typed == ui->ntyped)
		ui->next_typed = ui->ntyped = 0;
	if (ui->ntyped < cap)
		ui->typed[ui->ntyped++] = key;
}

static struct frame *open_busy(struct ui *ui, struct busy *b, struct mt_error *err)
{
	struct timespec t0;
	pthread_t tid;

	pthread_mutex_init(&b->lock, NULL);
	b->doc->progress = busy_progress;
	b->doc->progress_ctx = b;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pthread_create(&tid, NULL, busy_run, b) != 0) {
		busy_run(b);
	} else {
		while (!busy_draw(ui, b, &t0)) {
			int key = ui->scr->ops->poll_key(ui->scr, 100);
			if (key == 'q' || key == TK_CTRL('c')) {  /* at once: the load is not waited for */
				screen_free(&ui->scr);
				fflush(NULL);
				_exit(0);
			}
			if (key != TK_NONE && key != TK_RESIZE && key != TK_MOUSE)
				keep_typed(ui, key);
		}
		pthread_join(tid, NULL);
		ui->scr->ops->blank(ui->scr, 2, ui->side[b->side].x, ui->side[b->side].w,
				    TA_NORMAL);  /* the draw goes on over a clean row */
	}
	b->doc->progress = NULL;
	b->doc->progress_ctx = NULL;
	pthread_mutex_destroy(&b->lock);
	if (!b->f)
		*err = b->err;
	return b->f;
}

struct frame *ui_frame_open(struct ui *ui, int side, const struct view_ops *ops,
			    struct mt_artifact *doc, struct mt_artifact *other, int64_t arg,
			    const char *title, struct mt_error *err)
{
	struct busy b = { .ops = ops, .doc = doc, .other = other, .opts = ui->opts, .arg = arg,
			  .title = title, .side = side };

	if (!ops->slow || !doc)
		return frame_open(ops, doc, other, ui->opts, arg, title, err);
	return open_busy(ui, &b, err);
}
