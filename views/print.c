/* views/print.c: `--print PANE` as aligned text or JSON. */
#include "views/view.h"
#include "core/termsafe.h"
#include "core/xalloc.h"

#include <string.h>

/* One cell made safe, with tree indentation for the first column; a
 * meter column's cell becomes its bar, width columns wide. */
static size_t safe_cell(const struct view_ops *ops, const struct view_row *row, int col,
			int width, struct strbuf *out)
{
	const char *s = row->cell[col] ? row->cell[col] : "";
	size_t w = 0;

	strbuf_reset(out);
	if ((ops->meters & VIEW_METER(col)) && width > 0) {
		struct strbuf label = STRBUF_INIT;
		mt_termsafe(s, strlen(s), &label);
		view_meter(row->bar, strbuf_str(&label), width, out);
		strbuf_free(&label);
		return mt_text_width(strbuf_str(out));
	}
	if (col == 0) {
		for (int d = 0; d < row->depth; d++, w += 2)
			strbuf_puts(out, "  ");
		if (row->fold != VF_LEAF) {
			strbuf_puts(out, row->fold == VF_OPEN ? "- " : "+ ");
			w += 2;
		}
	}
	return w + mt_termsafe(s, strlen(s), out);
}

/* The columns as views/columns.c lays them out with no width limit. */
static void measure(struct view *v, size_t n, struct view_layout *lay)
{
	struct strbuf cell = STRBUF_INIT;
	struct view_row row;
	int need[VIEW_MAX_COLS];

	for (int c = 0; c < v->ops->ncols; c++)
		need[c] = (int)mt_text_width(v->ops->cols[c].title);
	for (size_t i = 0; i < n; i++) {
		view_row_begin(v, &row);
		v->ops->row(v, i, &row);
		for (int c = 0; c < v->ops->ncols; c++) {
			int w = (int)safe_cell(v->ops, &row, c, 0, &cell) +
				((v->ops->meters & VIEW_METER(c)) ? 2 : 0);
			if (w > need[c])
				need[c] = w;
		}
	}
	for (int c = 0; c < v->ops->ncols; c++)
		if ((v->ops->meters & VIEW_METER(c)) && need[c] < v->ops->cols[c].width)
			need[c] = v->ops->cols[c].width;
	view_layout(v->ops, need, 0, lay);
	strbuf_free(&cell);
}

static void put_padded(FILE *out, const char *s, size_t w, size_t width,
		       int right, int last)
{
	size_t pad = width > w ? width - w : 0;

	if (right)
		fprintf(out, "%*s%s", (int)pad, "", s);
	else
		fprintf(out, "%s%*s", s, last ? 0 : (int)pad, "");
}

int view_print_text(struct view *v, FILE *out, struct mt_error *err)
{
	const struct view_ops *ops = v->ops;
	size_t n = ops->count(v);
	struct view_layout lay;
	struct strbuf cell = STRBUF_INIT;
	struct view_row row;

	if (ops->banner && ops->banner(v)) {
		const char *b = ops->banner(v);
		mt_termsafe(b, strlen(b), &cell);
		fprintf(out, "%s\n\n", strbuf_str(&cell));
	}
	measure(v, n, &lay);
	for (int c = 0; c < ops->ncols; c++) {
		put_padded(out, ops->cols[c].title, mt_text_width(ops->cols[c].title),
			   (size_t)lay.w[c], ops->cols[c].right, c == ops->ncols - 1);
		fputs(c == ops->ncols - 1 ? "\n" : "  ", out);
	}
	for (size_t i = 0; i < n; i++) {
		view_row_begin(v, &row);
		ops->row(v, i, &row);
		for (int c = 0; c < ops->ncols; c++) {
			size_t w = safe_cell(ops, &row, c, lay.w[c], &cell);
			put_padded(out, strbuf_str(&cell), w, (size_t)lay.w[c], ops->cols[c].right,
				   c == ops->ncols - 1);
			fputs(c == ops->ncols - 1 ? "\n" : "  ", out);
		}
	}
	strbuf_free(&cell);
	if (ferror(out)) {
		mt_error_set(err, "write error on output");
		return -1;
	}
	return 0;
}

static cJSON *rows_as_json(struct view *v)
{
	cJSON *arr = cJSON_CreateArray();
	struct view_row row;
	size_t n = v->ops->count(v);

	for (size_t i = 0; i < n; i++) {
		cJSON *obj = cJSON_CreateObject();
		view_row_begin(v, &row);
		v->ops->row(v, i, &row);
		if (row.depth)
			cJSON_AddNumberToObject(obj, "depth", row.depth);
		for (int c = 0; c < v->ops->ncols; c++)
			cJSON_AddStringToObject(obj, v->ops->cols[c].title,
						row.cell[c] ? row.cell[c] : "");
		cJSON_AddItemToArray(arr, obj);
	}
	return arr;
}

int view_print_json(struct view *v, FILE *out, struct mt_error *err)
{
	cJSON *json = v->ops->json ? v->ops->json(v) : rows_as_json(v);
	char *text;

	if (!json) {
		mt_error_set(err, "%s: no JSON form", v->ops->name);
		return -1;
	}
	text = cJSON_Print(json);
	cJSON_Delete(json);
	if (!text) {
		mt_error_set(err, "%s: JSON output failed", v->ops->name);
		return -1;
	}
	fputs(text, out);
	fputc('\n', out);
	cJSON_free(text);
	if (ferror(out)) {
		mt_error_set(err, "write error on output");
		return -1;
	}
	return 0;
}
