/* views/coredump/backtrace.c: the native frames of one thread (v->arg, else
 * --thread, else the crashing thread), or of every thread with
 * --all-threads; each frame says how it was found. */
#include "views/coredump/common.h"
#include "views/js/frames.h"
#include "core/xalloc.h"

#include <string.h>

#define HEADER SIZE_MAX

struct bt_row {
	size_t thread;
	size_t frame;            /* HEADER: the thread's heading row */
};

struct bt {
	int all;
	size_t thread;           /* when !all */
	struct bt_row *rows;     /* owned */
	size_t n;
	struct js_bt *js;        /* owned: native and JS frames of a node core, or NULL */
};

static void add_row(struct bt *b, size_t thread, size_t frame)
{
	b->rows = xreallocarray(b->rows, b->n + 1, sizeof *b->rows);
	b->rows[b->n++] = (struct bt_row){ thread, frame };
}

static int bt_open(struct view *v, struct mt_error *err)
{
	const struct mt_coredump *c = coredump_of(v);
	struct bt *b = xcalloc(1, sizeof *b);
	long t;

	b->all = v->arg < 0 && v->opts && v->opts->all_threads;
	if (!b->all) {
		if ((t = coredump_view_thread(v, err)) < 0) {
			free(b);
			return -1;
		}
		b->thread = (size_t)t;
	}
	b->js = js_bt_open(c);
	for (size_t i = 0; i < c->nthreads; i++) {
		if (!b->all && i != b->thread)
			continue;
		if (b->all)
			add_row(b, i, HEADER);
		size_t nf = b->js ? js_bt_count(b->js, i) : c->threads[i].nframes;
		for (size_t f = 0; f < nf; f++)
			add_row(b, i, f);
	}
	v->priv = b;
	return 0;
}

static void bt_close(struct view *v)
{
	struct bt *b = v->priv;

	if (b) {
		free(b->rows);
		js_bt_free(&b->js);
	}
	free(b);
	v->priv = NULL;
}

static size_t bt_count(struct view *v)
{
	return ((struct bt *)v->priv)->n;
}

static void header_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_coredump_thread *t = &coredump_of(v)->threads[i];
	const char *sig = mt_signal_name(coredump_of(v)->machine, t->signal);

	row->style = VS_HEADER;
	view_cell(v, row, 0, "thread %zu", i);
	view_cell(v, row, 2, "tid %d%s%s", t->tid, i == 0 && sig ? ", " : "",
		  i == 0 && sig ? sig : "");
}

static void bt_row(struct view *v, size_t i, struct view_row *row)
{
	const struct bt_row *r = &((struct bt *)v->priv)->rows[i];
	const struct mt_coredump_thread *t = &coredump_of(v)->threads[r->thread];
	const struct mt_coredump_frame *f;
	struct strbuf sb = STRBUF_INIT;
	char hex[32];

	if (r->frame == HEADER) {
		header_row(v, r->thread, row);
		return;
	}
	if (((struct bt *)v->priv)->js) {
		row->depth = ((struct bt *)v->priv)->all;
		js_bt_row(v, ((struct bt *)v->priv)->js, r->thread, r->frame, row);
		return;
	}
	f = &t->frames[r->frame];
	row->depth = ((struct bt *)v->priv)->all;
	mt_coredump_frame_text(f, &sb);
	view_cell(v, row, 0, "#%zu", r->frame);
	view_cell(v, row, 1, "%s", coredump_hex(f->pc, hex, sizeof hex));
	view_cell(v, row, 2, "%s", strbuf_str(&sb));
	view_cell(v, row, 3, "%s", mt_coredump_module_name(f->module));
	view_cell(v, row, 4, "%s", mt_frame_how_name(f->how));
	if (f->how == MT_HOW_SCAN)
		row->style = VS_DIM;
	strbuf_free(&sb);
}

static cJSON *bt_json(struct view *v)
{
	const struct bt *b = v->priv;
	const struct mt_coredump *c = coredump_of(v);
	cJSON *arr;

	if (!b->all)
		return b->js ? js_bt_thread_json(b->js, c, b->thread) : coredump_thread_json(c, b->thread);
	arr = cJSON_CreateArray();
	for (size_t i = 0; i < c->nthreads; i++)
		cJSON_AddItemToArray(arr, b->js ? js_bt_thread_json(b->js, c, i) :
				     coredump_thread_json(c, i));
	return arr;
}

static const char *bt_banner(struct view *v)
{
	const struct bt *b = v->priv;
	const struct mt_coredump *c = coredump_of(v);

	if (b->js && !b->all && b->thread < c->nthreads && js_bt_banner(b->js, b->thread))
		return js_bt_banner(b->js, b->thread);
	if (!b->all && b->thread < c->nthreads && c->threads[b->thread].unwind_note)
		return c->threads[b->thread].unwind_note;
	return coredump_cut_warning(c);
}

/* Enter on a JS frame: its source, receiver and arguments (views/js/frame.c). */
static int bt_enter(struct view *v, size_t i, struct view_nav *nav)
{
	const struct bt *b = v->priv;
	const struct bt_row *r = &b->rows[i];

	if (!b->js || r->frame == HEADER)
		return VA_NONE;
	return js_bt_enter(b->js, r->thread, r->frame, nav);
}

static const struct view_col bt_cols[] = {
	{ "#", 4, 0 },
	{ "pc", 18, 0 },
	{ "function", 0, 0 },
	{ "module", 16, 0 },
	{ "how", 7, 0 },
};

const struct view_ops view_coredump_backtrace_ops = {
	.name = "backtrace",
	.title = "Backtrace",
	.kind = MT_KIND_COREDUMP,
	VIEW_COLS(bt_cols),
	.open = bt_open,
	.close = bt_close,
	.count = bt_count,
	.row = bt_row,
	.json = bt_json,
	.banner = bt_banner,
	.enter = bt_enter,
};
