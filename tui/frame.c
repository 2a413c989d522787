/* tui/frame.c: one view on screen: cursor, filter, sort and detail. */
#include "tui/ui.h"
#include "core/xalloc.h"

#include <string.h>

struct frame *frame_open(const struct view_ops *ops, struct mt_artifact *doc,
			 struct mt_artifact *other, const struct mt_opts *opts,
			 int64_t arg, const char *title, struct mt_error *err)
{
	struct view *v = view_new(ops, doc, other, opts, arg, err);
	struct frame *f;

	if (!v)
		return NULL;
	f = xcalloc(1, sizeof *f);
	f->view = v;
	f->title = xstrdup(title ? title : ops->title);
	f->sort_col = -1;
	f->detail_row = (size_t)-1;
	return f;
}

void frame_free(struct frame **fp)
{
	struct frame *f = *fp;

	if (!f)
		return;
	frame_free(&f->detail);
	view_free(&f->view);
	mt_regex_free(&f->filter);
	free(f->shown);
	free(f->title);
	free(f);
	*fp = NULL;
}

size_t frame_count(struct frame *f)
{
	return f->filter ? f->nshown : f->view->ops->count(f->view);
}

size_t frame_row(struct frame *f, size_t i)
{
	return f->filter ? f->shown[i] : i;
}

void frame_text(struct frame *f, size_t row, struct strbuf *out)
{
	struct view *v = f->view;
	struct view_row r;

	if (v->ops->search_text) {
		v->ops->search_text(v, row, out);
		return;
	}
	view_row_begin(v, &r);
	v->ops->row(v, row, &r);
	for (int c = 0; c < v->ops->ncols; c++) {
		if (c)
			strbuf_puts(out, "  ");
		strbuf_puts(out, r.cell[c] ? r.cell[c] : "");
	}
}

/* Rebuild the list of rows the filter keeps; the selection stays on its
 * row when that row is kept. */
static void refilter(struct frame *f)
{
	size_t n = f->view->ops->count(f->view), keep = 0, old = 0;
	struct strbuf text = STRBUF_INIT;

	if (f->shown && f->sel < f->nshown)
		old = f->shown[f->sel];
	else if (!f->shown)
		old = f->sel;
	free(f->shown);
	f->shown = xreallocarray(NULL, n ? n : 1, sizeof *f->shown);
	f->nshown = 0;
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&text);
		frame_text(f, i, &text);
		if (mt_regex_test(f->filter, strbuf_str(&text))) {
			if (i <= old)
				keep = f->nshown;
			f->shown[f->nshown++] = i;
		}
	}
	strbuf_free(&text);
	f->sel = keep;
}

int frame_set_filter(struct frame *f, struct mt_regex *re)
{
	size_t row = f->filter && f->sel < f->nshown ? f->shown[f->sel] : f->sel;

	mt_regex_free(&f->filter);
	f->filter = re;
	if (re) {
		refilter(f);
		return f->nshown > 0;
	}
	free(f->shown);
	f->shown = NULL;
	f->nshown = 0;
	f->sel = row;
	frame_clamp(f, f->page);
	return 1;
}

void frame_reload(struct frame *f)
{
	if (f->filter)
		refilter(f);
	frame_free(&f->detail);
	f->detail_row = (size_t)-1;
	frame_clamp(f, f->page);
}

void frame_clamp(struct frame *f, size_t page)
{
	size_t n = frame_count(f);

	if (page == 0)
		page = 1;
	if (f->sel >= n)
		f->sel = n ? n - 1 : 0;
	if (f->top > f->sel)
		f->top = f->sel;
	if (f->sel >= f->top + page)
		f->top = f->sel - page + 1;
	if (n > page && f->top > n - page)
		f->top = n - page;
	if (n <= page)
		f->top = 0;
}

/* Open the detail frame of the selected row when the row changed. */
void frame_sync_detail(struct frame *f, const struct mt_opts *opts)
{
	struct view *v = f->view;
	struct view_nav nav = { 0 };
	struct mt_error err = { 0 };
	size_t row;

	if (!v->ops->detail)
		return;
	if (frame_count(f) == 0) {
		frame_free(&f->detail);
		return;
	}
	row = frame_row(f, f->sel);
	if (row == f->detail_row)
		return;
	frame_free(&f->detail);
	f->detail_row = row;
	if (!(v->ops->detail(v, row, &nav) & VA_NAVIGATE) || !nav.ops)
		return;
	f->detail = frame_open(nav.ops, nav.doc ? nav.doc : v->doc, v->other, opts,
			       nav.arg, nav.title, &err);
}
