/* views/js/frame.c: one JavaScript frame of a core (hidden; Enter on a JS
 * frame of the backtrace): where it is, the function's source around the
 * current line, the receiver and the arguments with their types.
 * Batch: --print js-frame [--thread N] [--id FRAME] (default: the first JS
 * frame of the crashing thread). */
#include "views/js/frames.h"
#include "core/jsframes/jscore.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SOURCE_CONTEXT 5

enum jf_part { JF_HEAD, JF_NOTE, JF_SRC_HEAD, JF_SRC, JF_SRC_NOTE, JF_VAL_HEAD, JF_VAL };

struct jf_row {
	enum jf_part part;
	size_t i;
};

struct jf {
	struct mt_js *js;          /* owned */
	struct mt_js_stack st;     /* owned: the thread's frames */
	const struct mt_js_frame *f; /* borrowed from st */
	struct mt_js_detail d;     /* owned */
	struct jf_row *rows;       /* owned */
	size_t n;
};

static void add(struct jf *j, enum jf_part part, size_t i)
{
	j->rows = xreallocarray(j->rows, j->n + 1, sizeof *j->rows);
	j->rows[j->n++] = (struct jf_row){ part, i };
}

static void layout(struct jf *j)
{
	add(j, JF_HEAD, 0);
	if (j->f->note)
		add(j, JF_NOTE, 0);
	add(j, JF_SRC_HEAD, 0);
	for (size_t i = 0; i < j->d.nlines; i++)
		add(j, JF_SRC, i);
	if (j->d.source_note)
		add(j, JF_SRC_NOTE, 0);
	add(j, JF_VAL_HEAD, 0);
	for (size_t i = 0; i < j->d.nvals; i++)
		add(j, JF_VAL, i);
}

/* The frame: from the pane's argument, else --thread and --id, else the
 * first JS frame of the thread. */
static long pick_frame(const struct view *v, const struct jf *j)
{
	long want = v->arg >= 0 ? (long)(v->arg % 65536) : v->opts && v->opts->id >= 0 ?
		    (long)v->opts->id : -1;

	if (want >= 0)
		return (size_t)want < j->st.n && mt_js_kind_is_js(j->st.f[want].kind) ? want : -1;
	for (size_t i = 0; i < j->st.n; i++)
		if (mt_js_kind_is_js(j->st.f[i].kind))
			return (long)i;
	return -1;
}

static int jf_fail(struct jf *j, struct mt_error *err, const char *what)
{
	mt_error_set(err, "js-frame: %s", what);
	mt_js_stack_free(&j->st);
	mt_js_close(&j->js);
	free(j);
	return -1;
}

static int jf_open(struct view *v, struct mt_error *err)
{
	const struct mt_coredump *c = v->doc->model;
	struct jf *j = xcalloc(1, sizeof *j);
	long t = v->arg >= 0 ? (long)(v->arg / 65536) : v->opts ? v->opts->thread : -1;
	long fi;

	if ((t = mt_coredump_pick_thread(c, t, err)) < 0) {
		free(j);
		return -1;
	}
	if (!(j->js = mt_js_open_core(c, err))) {
		free(j);
		return -1;
	}
	if (mt_js_status(j->js))
		return jf_fail(j, err, mt_js_status(j->js));
	mt_js_core_thread(j->js, c, (size_t)t, &j->st);
	if ((fi = pick_frame(v, j)) < 0)
		return jf_fail(j, err, "no JavaScript frame there");
	j->f = &j->st.f[fi];
	mt_js_detail(j->js, j->f, SOURCE_CONTEXT, &j->d);
	layout(j);
	v->priv = j;
	return 0;
}

static void jf_close(struct view *v)
{
	struct jf *j = v->priv;

	if (!j)
		return;
	mt_js_detail_free(&j->d);
	mt_js_stack_free(&j->st);
	mt_js_close(&j->js);
	free(j->rows);
	free(j);
	v->priv = NULL;
}

static size_t jf_count(struct view *v)
{
	return ((struct jf *)v->priv)->n;
}

static void head_row(struct view *v, const struct mt_js_frame *f, struct view_row *row)
{
	row->style = VS_HEADER;
	view_cell(v, row, 0, "%s", f->inlined ? "inlined" : "frame");
	if (f->line)
		view_cell(v, row, 1, "%s (%s:%d:%d) [%s, %s]", f->function,
			  f->script ? f->script : "no script", f->line, f->column,
			  mt_js_kind_name(f->kind), f->how ? f->how : "");
	else
		view_cell(v, row, 1, "%s (%s) [%s, %s]", f->function, f->script ? f->script : "no script",
			  mt_js_kind_name(f->kind), f->how ? f->how : "");
}

static void jf_row(struct view *v, size_t i, struct view_row *row)
{
	struct jf *j = v->priv;
	const struct jf_row *r = &j->rows[i];
	int line;

	switch (r->part) {
	case JF_HEAD:
		head_row(v, j->f, row);
		break;
	case JF_NOTE:
		row->style = VS_DIM;
		view_cell(v, row, 1, "%s", j->f->note);
		break;
	case JF_SRC_HEAD:
		row->style = VS_HEADER;
		view_cell(v, row, 0, "source");
		break;
	case JF_SRC:
		line = j->d.first_line + (int)r->i;
		view_cell(v, row, 0, "%s%d", line == j->f->line ? "> " : "", line);
		view_cell(v, row, 1, "%s", j->d.lines[r->i]);
		if (line == j->f->line)
			row->style = VS_SELECTED_HINT;
		break;
	case JF_SRC_NOTE:
		row->style = VS_DIM;
		view_cell(v, row, 1, "(%s)", j->d.source_note);
		break;
	case JF_VAL_HEAD:
		row->style = VS_HEADER;
		view_cell(v, row, 0, "values");
		view_cell(v, row, 1, "%s", j->f->inlined ? "(an inlined frame keeps no arguments)" : "");
		break;
	case JF_VAL:
		view_cell(v, row, 0, "%s", j->d.vals[r->i].name);
		view_cell(v, row, 1, "%s %s", j->d.vals[r->i].type, j->d.vals[r->i].text);
		break;
	}
}

static cJSON *jf_json(struct view *v)
{
	const struct jf *j = v->priv;
	const struct mt_js_frame *f = j->f;
	cJSON *o = cJSON_CreateObject(), *lines = cJSON_CreateArray(), *vals = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "function", f->function);
	if (f->script)
		cJSON_AddStringToObject(o, "script", f->script);
	cJSON_AddNumberToObject(o, "line", f->line);
	cJSON_AddNumberToObject(o, "column", f->column);
	cJSON_AddStringToObject(o, "tier", mt_js_kind_name(f->kind));
	cJSON_AddBoolToObject(o, "inlined", f->inlined);
	cJSON_AddNumberToObject(o, "first_line", j->d.first_line);
	for (size_t i = 0; i < j->d.nlines; i++)
		cJSON_AddItemToArray(lines, cJSON_CreateString(j->d.lines[i]));
	cJSON_AddItemToObject(o, "source", lines);
	if (j->d.source_note)
		cJSON_AddStringToObject(o, "source_note", j->d.source_note);
	for (size_t i = 0; i < j->d.nvals; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", j->d.vals[i].name);
		cJSON_AddStringToObject(e, "type", j->d.vals[i].type);
		cJSON_AddStringToObject(e, "value", j->d.vals[i].text);
		cJSON_AddItemToArray(vals, e);
	}
	cJSON_AddItemToObject(o, "values", vals);
	return o;
}

static const struct view_col jf_cols[] = {
	{ "#", 8, 1 },
	{ "text", 0, 0 },
};

const struct view_ops view_js_frame_ops = {
	.name = "js-frame",
	.title = "JS frame",
	.kind = MT_KIND_COREDUMP,
	.hidden = 1,
	VIEW_COLS(jf_cols),
	.open = jf_open,
	.close = jf_close,
	.count = jf_count,
	.row = jf_row,
	.json = jf_json,
};
