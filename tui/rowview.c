/* tui/rowview.c: the selected row in full: one line per column, long
 * values wrapped to the pane's width (a command line, a path, a frame). */
#include "tui/ui.h"
#include "core/termsafe.h"
#include "core/xalloc.h"

#include <string.h>

struct rowview {
	char **title;   /* owned: the column of each line, "" on wrapped lines */
	char **text;    /* owned: safe text of each line */
	size_t n;
};

static const struct view_col rowview_cols[] = {
	{ .title = "Column", .width = 14 },
	{ .title = "Value", .width = 0 },
};

static void add_line(struct rowview *rv, const char *title, const char *text, size_t len)
{
	rv->title = xreallocarray(rv->title, rv->n + 1, sizeof *rv->title);
	rv->text = xreallocarray(rv->text, rv->n + 1, sizeof *rv->text);
	rv->title[rv->n] = xstrdup(title);
	rv->text[rv->n] = xstrndup(text, len);
	rv->n++;
}

/* One cell as lines of at most width columns. */
static void add_cell(struct rowview *rv, const char *title, const char *cell, int width)
{
	struct strbuf safe = STRBUF_INIT;
	const char *p;

	mt_termsafe(cell, strlen(cell), &safe);
	p = strbuf_str(&safe);
	if (!*p)
		add_line(rv, title, "", 0);
	while (*p) {
		size_t n = text_cut(p, width);
		if (n == 0)
			n = strlen(p);
		add_line(rv, p == strbuf_str(&safe) ? title : "", p, n);
		p += n;
	}
	strbuf_free(&safe);
}

static size_t rowview_count(struct view *v)
{
	return ((struct rowview *)v->priv)->n;
}

static void rowview_row(struct view *v, size_t i, struct view_row *row)
{
	struct rowview *rv = v->priv;

	row->cell[0] = rv->title[i];
	row->cell[1] = rv->text[i];
}

static void rowview_close(struct view *v)
{
	struct rowview *rv = v->priv;

	if (!rv)
		return;
	for (size_t i = 0; i < rv->n; i++) {
		free(rv->title[i]);
		free(rv->text[i]);
	}
	free(rv->title);
	free(rv->text);
	free(rv);
	v->priv = NULL;
}

static const struct view_ops rowview_ops = {
	.name = "row",
	.title = "Row",
	.kind = MT_KIND_UNKNOWN,
	.hidden = 1,
	.cols = rowview_cols,
	.ncols = 2,
	.close = rowview_close,
	.count = rowview_count,
	.row = rowview_row,
};

struct frame *rowview_frame(struct frame *from, size_t row, int width,
			    const struct mt_opts *opts)
{
	struct view *src = from->view;
	struct mt_error err = { 0 };
	struct frame *f = frame_open(&rowview_ops, src->doc, NULL, opts, -1, "Row", &err);
	struct rowview *rv = xcalloc(1, sizeof *rv);
	struct view_row r;

	view_row_begin(src, &r);
	src->ops->row(src, row, &r);
	for (int c = 0; c < src->ops->ncols; c++)
		add_cell(rv, src->ops->cols[c].title, r.cell[c] ? r.cell[c] : "",
			 width - 16 > 10 ? width - 16 : 10);
	f->view->priv = rv;
	return f;
}
