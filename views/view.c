/* views/view.c: creating views and filling rows. */
#include "views/view.h"
#include "core/xalloc.h"

#include <string.h>

void view_row_begin(struct view *v, struct view_row *row)
{
	memset(row, 0, sizeof *row);
	row->bar_col = -1;
	for (int i = 0; i < VIEW_MAX_COLS; i++)
		strbuf_reset(&v->scratch[i]);
}

void view_cell(struct view *v, struct view_row *row, int col, const char *fmt, ...)
{
	va_list ap;

	if (col < 0 || col >= VIEW_MAX_COLS)
		return;
	strbuf_reset(&v->scratch[col]);
	va_start(ap, fmt);
	strbuf_vprintf(&v->scratch[col], fmt, ap);
	va_end(ap);
	row->cell[col] = strbuf_str(&v->scratch[col]);
}

struct view *view_new(const struct view_ops *ops, struct mt_artifact *doc,
		      struct mt_artifact *other, const struct mt_opts *opts,
		      int64_t arg, struct mt_error *err)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->ops = ops;
	v->doc = doc;
	v->other = other;
	v->opts = opts;
	v->arg = arg;
	if (ops->open && ops->open(v, err) < 0) {
		view_free(&v);
		return NULL;
	}
	return v;
}

void view_free(struct view **vp)
{
	struct view *v = *vp;

	if (!v)
		return;
	if (v->ops->close)
		v->ops->close(v);
	for (int i = 0; i < VIEW_MAX_COLS; i++)
		strbuf_free(&v->scratch[i]);
	free(v);
	*vp = NULL;
}
