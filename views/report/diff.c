/* views/report/diff.c: two reports compared by section and key. Like diff,
 * the pane shows what changed: unchanged rows are hidden until
 * toggle-same (=) shows them; --format json lists every row. */
#include "views/report/common.h"
#include "core/report/diff.h"
#include "core/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct diffview {
	struct mt_diff *d;      /* owned */
	size_t *shown;          /* owned: indexes into d->rows of the rows shown */
	size_t nshown;
	size_t nsame;           /* unchanged rows, shown or not */
	int show_same;          /* toggle-same */
	struct strbuf ban;      /* owned: the banner's text */
};

/* The rows shown: all, or those that changed. */
static void pick_rows(struct diffview *dv)
{
	dv->nshown = 0;
	dv->nsame = 0;
	for (size_t i = 0; i < dv->d->n; i++) {
		int same = dv->d->rows[i].op == MT_DIFF_SAME;
		dv->nsame += same;
		if (!same || dv->show_same)
			dv->shown[dv->nshown++] = i;
	}
}

static int diff_open(struct view *v, struct mt_error *err)
{
	struct diffview *dv;

	if (!rv_report(v) || !rv_other(v)) {
		mt_error_set(err, "diff: needs two reports");
		return -1;
	}
	dv = xcalloc(1, sizeof *dv);
	dv->d = mt_report_diff(rv_report(v), rv_other(v));
	dv->shown = xcalloc(dv->d->n ? dv->d->n : 1, sizeof *dv->shown);
	pick_rows(dv);
	v->priv = dv;
	return 0;
}

static void diff_close(struct view *v)
{
	struct diffview *dv = v->priv;

	if (!dv)
		return;
	mt_diff_free(&dv->d);
	free(dv->shown);
	strbuf_free(&dv->ban);
	free(dv);
	v->priv = NULL;
}

static size_t diff_count(struct view *v)
{
	return ((struct diffview *)v->priv)->nshown;
}

static int is_bytes_key(const char *section, const char *key)
{
	return strcmp(section, "heap") == 0 ||
	       (strcmp(section, "resources") == 0 &&
		(strstr(key, "memory") || strstr(key, "rss") || strstr(key, "Rss")));
}

static void delta_cell(struct view *v, struct view_row *row, const struct mt_diff_row *d)
{
	char b[32];

	if (!d->has_delta || d->delta == 0)
		return;
	if (is_bytes_key(d->section, d->key) && fabs(d->delta) < 1.8e19)
		view_cell(v, row, 4, "%s%s", d->delta < 0 ? "-" : "+",
			  fmt_bytes((uint64_t)fabs(d->delta), b, sizeof b));
	else
		view_cell(v, row, 4, "%+.6g", d->delta);
}

static void diff_row(struct view *v, size_t i, struct view_row *row)
{
	static const enum view_style style[] = { VS_DIM, VS_NORMAL, VS_ADDED, VS_REMOVED };
	const struct diffview *dv = v->priv;
	const struct mt_diff_row *d = &dv->d->rows[dv->shown[i]];

	row->style = style[d->op];
	view_cell(v, row, 0, "%s", d->section);
	view_cell(v, row, 1, "%s", d->key);
	view_cell(v, row, 2, "%s", d->a ? d->a : "-");
	view_cell(v, row, 3, "%s", d->b ? d->b : "-");
	delta_cell(v, row, d);
	view_cell(v, row, 5, "%s", mt_diff_op_name(d->op));
}

static cJSON *diff_json(struct view *v)
{
	const struct mt_diff *d = ((struct diffview *)v->priv)->d;
	cJSON *o = cJSON_CreateObject(), *rows = cJSON_CreateArray();

	rv_add_str(o, "a", v->doc->path);
	rv_add_str(o, "b", v->other->path);
	for (size_t i = 0; i < d->n; i++) {
		const struct mt_diff_row *r = &d->rows[i];
		cJSON *ro = cJSON_CreateObject();
		cJSON_AddStringToObject(ro, "section", r->section);
		cJSON_AddStringToObject(ro, "key", r->key);
		cJSON_AddStringToObject(ro, "op", mt_diff_op_name(r->op));
		rv_add_str(ro, "a", r->a);
		rv_add_str(ro, "b", r->b);
		if (r->has_delta)
			cJSON_AddNumberToObject(ro, "delta", r->delta);
		else
			cJSON_AddNullToObject(ro, "delta");
		cJSON_AddItemToArray(rows, ro);
	}
	cJSON_AddItemToObject(o, "rows", rows);
	return o;
}

static int diff_command(struct view *v, size_t i, const char *name, const char *text,
			struct view_nav *nav)
{
	struct diffview *dv = v->priv;

	(void)i, (void)text, (void)nav;
	if (strcmp(name, "toggle-same") != 0)
		return -1;
	dv->show_same = !dv->show_same;
	pick_rows(dv);
	return VA_REDRAW;
}

static const char *diff_banner(struct view *v)
{
	struct diffview *dv = v->priv;
	int ui = !(v->opts && v->opts->batch);  /* key hints only where keys work */

	strbuf_reset(&dv->ban);
	if (dv->d->n == dv->nsame)
		strbuf_puts(&dv->ban, "no difference");
	else
		strbuf_printf(&dv->ban, "%zu rows differ", dv->d->n - dv->nsame);
	if (dv->nsame)
		strbuf_printf(&dv->ban, ", %zu unchanged %s%s", dv->nsame,
			      dv->show_same ? "shown" : "hidden",
			      !ui ? " (--format json lists them)" : dv->show_same ? " (= hides them)" : " (= shows them)");
	return strbuf_str(&dv->ban);
}

static const struct view_col diff_cols[] = {
	{ "section", 9, 0 },
	{ "key", 24, 0 },
	{ "a", 0, 0 },      /* the values: free text, sharing the rest */
	{ "b", 0, 0 },
	{ "delta", 10, 1 },
	{ "op", 7, 0 },
};

const struct view_ops view_report_diff_ops = {
	.name = "diff",
	.title = "Diff",
	.kind = MT_KIND_REPORT,
	.two = 1,
	VIEW_COLS(diff_cols),
	.open = diff_open,
	.close = diff_close,
	.count = diff_count,
	.row = diff_row,
	.json = diff_json,
	.command = diff_command,
	.banner = diff_banner,
};
