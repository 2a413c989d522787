/* views/print.c: `--print PANE` as aligned text or JSON. */
#include "views/view.h"
#include "core/termsafe.h"
#include "core/xalloc.h"

#include <string.h>

/* One cell made safe, with tree indentation for the first column. */
static size_t safe_cell(const struct view_row *row, int col, struct strbuf *out)
{
	const char *s = row->cell[col] ? row->cell[col] : "";
	size_t w = 0;

	strbuf_reset(out);
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

/* A column is as wide as its widest cell up to this; a longer cell (a
 * Chromium class name can take hundreds) is printed whole and shifts the
 * rest of its own line only. */
#define MAX_COLUMN 64

static void measure(struct view *v, size_t n, size_t *width)
{
	struct strbuf cell = STRBUF_INIT;
	struct view_row row;

	for (int c = 0; c < v->ops->ncols; c++)
		width[c] = mt_text_width(v->ops->cols[c].title);
	for (size_t i = 0; i < n; i++) {
		view_row_begin(v, &row);
		v->ops->row(v, i, &row);
		for (int c = 0; c < v->ops->ncols; c++) {
			size_t w = safe_cell(&row, c, &cell);
			if (w > width[c])
				width[c] = w < MAX_COLUMN ? w : MAX_COLUMN;
		}
	}
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
	size_t n = ops->count(v), width[VIEW_MAX_COLS];
	struct strbuf cell = STRBUF_INIT;
	struct view_row row;

	if (ops->banner && ops->banner(v)) {
		const char *b = ops->banner(v);
		mt_termsafe(b, strlen(b), &cell);
		fprintf(out, "%s\n\n", strbuf_str(&cell));
	}
	measure(v, n, width);
	for (int c = 0; c < ops->ncols; c++) {
		put_padded(out, ops->cols[c].title, mt_text_width(ops->cols[c].title),
			   width[c], ops->cols[c].right, c == ops->ncols - 1);
		fputs(c == ops->ncols - 1 ? "\n" : "  ", out);
	}
	for (size_t i = 0; i < n; i++) {
		view_row_begin(v, &row);
		ops->row(v, i, &row);
		for (int c = 0; c < ops->ncols; c++) {
			size_t w = safe_cell(&row, c, &cell);
			put_padded(out, strbuf_str(&cell), w, width[c], ops->cols[c].right,
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
