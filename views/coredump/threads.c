/* views/coredump/threads.c: every thread of a core with its top frame; Enter
 * opens the thread's backtrace. */
#include "views/coredump/common.h"

#include <string.h>

extern const struct view_ops view_coredump_backtrace_ops;

static size_t threads_count(struct view *v)
{
	return coredump_of(v)->nthreads;
}

/* The first frame worth naming: for the crashing thread past libc's
 * signal machinery, for the others past libc itself (where they wait). */
static const struct mt_coredump_frame *top_frame(const struct mt_coredump *c, size_t i)
{
	const struct mt_coredump_thread *t = &c->threads[i];

	if (i == 0)
		return mt_coredump_culprit(c, i);
	for (size_t f = 0; f < t->nframes; f++)
		if (strncmp(mt_coredump_module_name(t->frames[f].module), "libc.so", 7) != 0)
			return &t->frames[f];
	return t->nframes ? &t->frames[0] : NULL;
}

static void threads_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_coredump *c = coredump_of(v);
	const struct mt_coredump_thread *t = &c->threads[i];
	const struct mt_coredump_frame *f = top_frame(c, i);
	const char *sig = mt_signal_name(c->machine, t->signal);
	struct strbuf sb = STRBUF_INIT;

	view_cell(v, row, 0, "%zu", i);
	view_cell(v, row, 1, "%d", t->tid);
	view_cell(v, row, 2, "%s", i == 0 && t->signal ? (sig ? sig : "?") : "");
	view_cell(v, row, 3, "%zu", t->nframes);
	view_cell(v, row, 4, "%s", mt_coredump_thread_role(c, i));
	if (f) {
		mt_coredump_frame_text(f, &sb);
		view_cell(v, row, 5, "%s", strbuf_str(&sb));
		view_cell(v, row, 6, "%s", mt_coredump_module_name(f->module));
	}
	if (i == 0)
		row->style = VS_SELECTED_HINT;
	strbuf_free(&sb);
}

static int threads_enter(struct view *v, size_t i, struct view_nav *nav)
{
	nav->ops = &view_coredump_backtrace_ops;
	nav->doc = NULL;
	nav->arg = (int64_t)i;
	nav->title = "Backtrace";
	return VA_NAVIGATE;
}

static cJSON *threads_json(struct view *v)
{
	const struct mt_coredump *c = coredump_of(v);
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < c->nthreads; i++) {
		const struct mt_coredump_thread *t = &c->threads[i];
		const struct mt_coredump_frame *f = top_frame(c, i);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "index", (double)i);
		cJSON_AddNumberToObject(o, "tid", t->tid);
		cJSON_AddNumberToObject(o, "signal", t->signal);
		cJSON_AddBoolToObject(o, "crashed", i == 0);
		cJSON_AddNumberToObject(o, "frames", (double)t->nframes);
		cJSON_AddStringToObject(o, "role", mt_coredump_thread_role(c, i));
		if (f)
			cJSON_AddItemToObject(o, "top_frame", coredump_frame_json(f, (size_t)(f - t->frames)));
		else
			cJSON_AddNullToObject(o, "top_frame");
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static const char *threads_banner(struct view *v)
{
	const struct mt_coredump *c = coredump_of(v);

	if (c->threads_dropped)
		return "more threads than the cap: the rest are not shown";
	return coredump_cut_warning(c);
}

static const struct view_col threads_cols[] = {
	{ "#", 3, 1 },
	{ "tid", 8, 1 },
	{ "signal", 8, 0 },
	{ "frames", 6, 1 },
	{ "role", 25, 0 },
	{ "top frame", 0, 0 },
	{ "module", 16, 0 },
};

const struct view_ops view_coredump_threads_ops = {
	.name = "threads",
	.title = "Threads",
	.kind = MT_KIND_COREDUMP,
	VIEW_COLS(threads_cols),
	.count = threads_count,
	.row = threads_row,
	.enter = threads_enter,
	.json = threads_json,
	.banner = threads_banner,
};
