/* views/report/rows.c: prepared text rows for the report panes. */
#include "views/report/rows.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <string.h>

struct rv_row *rv_rows_add(struct rv_rows *l, enum view_style style, const char *c0,
			   const char *c1, const char *c2, const char *c3)
{
	const char *c[4] = { c0, c1, c2, c3 };

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->rows = xreallocarray(l->rows, l->cap, sizeof *l->rows);
	}
	struct rv_row *r = &l->rows[l->n++];
	memset(r, 0, sizeof *r);
	r->style = style;
	for (int i = 0; i < 4; i++)
		r->cell[i] = c[i] ? xstrdup(c[i]) : NULL;
	return r;
}

struct rv_row *rv_rows_addf(struct rv_rows *l, const char *field, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	struct rv_row *r = rv_rows_add(l, VS_NORMAL, field, strbuf_str(&sb), NULL, NULL);
	strbuf_free(&sb);
	return r;
}

void rv_rows_fill(const struct rv_rows *l, size_t i, struct view_row *row)
{
	if (i >= l->n)
		return;
	row->style = l->rows[i].style;
	row->depth = l->rows[i].depth;
	for (int c = 0; c < 4; c++)
		row->cell[c] = l->rows[i].cell[c];
}

void rv_rows_free(struct rv_rows **lp)
{
	struct rv_rows *l = *lp;

	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		for (int c = 0; c < 4; c++)
			free(l->rows[i].cell[c]);
	free(l->rows);
	free(l);
	*lp = NULL;
}

size_t rv_rows_count(struct view *v)
{
	struct rv_rows *l = v->priv;

	return l ? l->n : 0;
}

void rv_rows_row(struct view *v, size_t i, struct view_row *row)
{
	rv_rows_fill(v->priv, i, row);
}

void rv_rows_close(struct view *v)
{
	struct rv_rows *l = v->priv;

	rv_rows_free(&l);
	v->priv = NULL;
}
