/* views/report/rows.h: a list of prepared text rows, for the report panes
 * whose rows are computed once when the pane opens (overview, limits...). */
#ifndef MORTEM_VIEWS_REPORT_ROWS_H
#define MORTEM_VIEWS_REPORT_ROWS_H

#include "views/view.h"

struct rv_row {
	char *cell[4];           /* owned; NULL reads as "" */
	enum view_style style;
	int depth;
};

struct rv_rows {
	struct rv_row *rows;     /* owned */
	size_t n, cap;
};

/* Append a row of up to 4 cells (NULL ends the list early). */
struct rv_row *rv_rows_add(struct rv_rows *l, enum view_style style, const char *c0,
			   const char *c1, const char *c2, const char *c3);
/* Append a row whose second cell is formatted. */
struct rv_row *rv_rows_addf(struct rv_rows *l, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void rv_rows_fill(const struct rv_rows *l, size_t i, struct view_row *row);
void rv_rows_free(struct rv_rows **l);

/* Generic ops for a pane whose priv is a struct rv_rows. */
size_t rv_rows_count(struct view *v);
void rv_rows_row(struct view *v, size_t i, struct view_row *row);
void rv_rows_close(struct view *v);

#endif
