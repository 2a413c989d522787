/* tui/busy.c: work that takes seconds (a core's JavaScript heap: 12 s for
 * 50 million objects) on a thread, while a side says what the load is
 * doing and for how long: opening a slow pane (view_ops.slow), or the
 * load a pane asks for before Enter navigates (view_nav.load: a worker's
 * heap). Keys typed meanwhile are kept for after, as while the files
 * load (tui/loading.c); q quits at once. Other panes open here directly. */
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
	char what[64];               /* "the JS heap pane", for the line */
	int side;                    /* where the line shows */
	void (*work)(struct busy *b); /* what the thread does */
	/* a pane's open (open_work) */
	const struct view_ops *ops;  /* borrowed */
	struct mt_artifact *doc, *other; /* borrowed */
	const struct mt_opts *opts;  /* borrowed */
	int64_t arg;
	const char *title;           /* borrowed */
	struct frame *f;             /* the result, handed to the caller */
	struct mt_error err;
	/* a navigation's load (load_work) */
	int (*load)(void *arg, mt_progress_fn progress, void *ctx);
	void *load_arg;              /* borrowed */
	int rc;                      /* what load returned */
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
	b->work(b);
	pthread_mutex_lock(&b->lock);
	b->finished = 1;
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

static void open_work(struct busy *b)
{
	b->f = frame_open(b->ops, b->doc, b->other, b->opts, b->arg, b->title, &b->err);
}

static void load_work(struct busy *b)
{
	b->rc = b->load(b->load_arg, busy_progress, b);
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
	snprintf(line, sizeof line, " Loading %s: %s, %.1f s  (q quits)", b->what,
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

/* b->work on a thread while b->side says so; b->doc's progress, when
 * there is a doc, goes to the line. */
static void run_busy(struct ui *ui, struct busy *b)
{
	struct timespec t0;
	pthread_t tid;

	pthread_mutex_init(&b->lock, NULL);
	if (b->doc) {
		b->doc->progress = busy_progress;
		b->doc->progress_ctx = b;
	}
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
	if (b->doc) {
		b->doc->progress = NULL;
		b->doc->progress_ctx = NULL;
	}
	pthread_mutex_destroy(&b->lock);
}

struct frame *ui_frame_open(struct ui *ui, int side, const struct view_ops *ops,
			    struct mt_artifact *doc, struct mt_artifact *other, int64_t arg,
			    const char *title, struct mt_error *err)
{
	struct busy b = { .ops = ops, .doc = doc, .other = other, .opts = ui->opts, .arg = arg,
			  .title = title, .side = side, .work = open_work };

	if (!ops->slow || !doc)
		return frame_open(ops, doc, other, ui->opts, arg, title, err);
	snprintf(b.what, sizeof b.what, "the %s pane", ops->title);
	run_busy(ui, &b);
	if (!b.f)
		*err = b.err;
	return b.f;
}

int ui_busy_load(struct ui *ui, int side, const char *what,
		 int (*load)(void *arg, mt_progress_fn progress, void *ctx), void *arg)
{
	struct busy b = { .side = side, .work = load_work, .load = load, .load_arg = arg };

	snprintf(b.what, sizeof b.what, "%s", what);
	run_busy(ui, &b);
	return b.rc;
}
