/* tui/list.c: drawing a frame's rows as columns. Only the rows on screen
 * are asked of the view. */
#include "tui/ui.h"
#include "core/termsafe.h"

#include <string.h>
#include <wchar.h>

#define MIN_FLEX 6

static int style_attr(enum view_style s)
{
	static const int map[] = {
		[VS_NORMAL] = TA_NORMAL, [VS_HEADER] = TA_HEADER, [VS_DIM] = TA_DIM,
		[VS_INFO] = TA_INFO, [VS_WARN] = TA_WARN, [VS_CRIT] = TA_CRIT,
		[VS_ADDED] = TA_ADDED, [VS_REMOVED] = TA_REMOVED,
		[VS_SELECTED_HINT] = TA_HINT,
	};
	return (unsigned)s < sizeof map / sizeof map[0] ? map[s] : TA_NORMAL;
}

/* Share avail columns among the width-0 columns: one that needs less than
 * an even share gets what it needs, the others split the rest, and what is
 * left over goes to the last of them. */
static void share_flex(const struct view_ops *ops, const int *need, int avail, int *cw)
{
	int left = avail, nleft = 0, settled, last = -1;

	for (int c = 0; c < ops->ncols; c++)
		if (ops->cols[c].width == 0) {
			cw[c] = -1;
			nleft++;
			last = c;
		}
	do {
		settled = 0;
		for (int c = 0; c < ops->ncols && nleft; c++)
			if (cw[c] == -1 && need[c] <= left / nleft) {
				cw[c] = need[c] < MIN_FLEX ? MIN_FLEX : need[c];
				left -= cw[c];
				nleft--;
				settled = 1;
			}
	} while (settled && nleft);
	for (int c = 0; c < ops->ncols; c++)
		if (cw[c] == -1) {
			cw[c] = left / nleft > MIN_FLEX ? left / nleft : MIN_FLEX;
			left -= cw[c];
			nleft--;
		}
	if (last >= 0 && left > 0)
		cw[last] += left;
}

/* Columns' x and width inside w: fixed widths as declared, the width-0
 * columns share the rest by what their visible cells need. When that does
 * not fit, a fixed column gives up what its cells on screen do not use. */
static void layout_cols(const struct view_ops *ops, int w, const int *need, int *cx, int *cw)
{
	int fixed = ops->ncols - 1, want = 0, x = 0;

	for (int c = 0; c < ops->ncols; c++) {
		cw[c] = ops->cols[c].width;
		fixed += cw[c];
		if (!cw[c])
			want += need[c] > MIN_FLEX ? need[c] : MIN_FLEX;
	}
	for (int c = 0; c < ops->ncols && fixed + want > w; c++)
		if (cw[c] && need[c] < cw[c]) {
			fixed -= cw[c] - need[c];
			cw[c] = need[c];
		}
	share_flex(ops, need, w - fixed, cw);
	for (int c = 0; c < ops->ncols; c++) {
		cx[c] = x;
		if (x + cw[c] > w)
			cw[c] = w > x ? w - x : 0;
		x += cw[c] + 1;
	}
}

size_t text_cut(const char *s, int cols)
{
	size_t len = strlen(s), i = 0;
	int used = 0;

	while (i < len) {
		int32_t cp;
		size_t n = mt_utf8_next(s + i, len - i, &cp);
		int w = cp < 0 ? 1 : wcwidth((wchar_t)cp);
		if (w < 0)
			w = 1;
		if (used + w > cols)
			break;
		used += w;
		i += n;
	}
	return i;
}

/* Mark what the search matches in the drawn text s (at column x). */
static void highlight(struct screen *scr, int y, int x, const char *s,
		      struct mt_regex *re, int attr)
{
	size_t len = strlen(s), from = 0, st, en;
	struct mt_error err = { 0 };
	struct strbuf part = STRBUF_INIT;

	while (from < len && mt_regex_find(re, s, len, from, &st, &en, &err) == 1) {
		int32_t cp;
		if (en == st) {   /* an empty match marks nothing: step one character */
			from = st + mt_utf8_next(s + st, len - st, &cp);
			continue;
		}
		strbuf_reset(&part);
		strbuf_add(&part, s, st);
		int col = (int)mt_text_width(strbuf_str(&part));
		strbuf_reset(&part);
		strbuf_add(&part, s + st, en - st);
		scr->ops->put(scr, y, x + col, strbuf_str(&part), TA_MATCH | (attr & TA_SELECTED));
		from = en;
	}
	strbuf_free(&part);
}

/* One cell: safe text fitted to w columns, right-aligned or not, with a
 * bar of `fill` columns behind it and the search's matches marked. */
static void draw_cell(struct screen *scr, int y, int x, int w, const char *safe,
		      int right, int attr, int fill, struct mt_regex *hl)
{
	struct strbuf fit = STRBUF_INIT;
	int used, pad;
	size_t cut;

	if (w <= 0)
		return;
	used = (int)mt_text_fit(safe, (size_t)w, &fit);
	pad = right ? w - used : 0;
	if (fill <= 0) {
		scr->ops->put(scr, y, x + pad, strbuf_str(&fit), attr);
		if (hl)
			highlight(scr, y, x + pad, strbuf_str(&fit), hl, attr);
	} else {
		struct strbuf line = STRBUF_INIT;
		strbuf_printf(&line, "%*s%s%*s", pad, "", strbuf_str(&fit), w - used - pad, "");
		cut = text_cut(strbuf_str(&line), fill);
		char *s = line.buf;
		char keep = s[cut];
		s[cut] = '\0';
		int done = scr->ops->put(scr, y, x, s, TA_BAR | (attr & TA_SELECTED));
		s[cut] = keep;
		scr->ops->put(scr, y, x + done, s + cut, attr);
		strbuf_free(&line);
	}
	strbuf_free(&fit);
}

static void first_cell_prefix(const struct view_row *r, struct strbuf *out)
{
	for (int d = 0; d < r->depth && d < 32; d++)
		strbuf_puts(out, "  ");
	if (r->fold != VF_LEAF)
		strbuf_puts(out, r->fold == VF_OPEN ? "- " : "+ ");
}

static void draw_row(struct screen *scr, struct frame *f, size_t row, int y, int x,
		     int w, const int *cx, const int *cw, int selected, struct mt_regex *hl)
{
	struct view *v = f->view;
	struct view_row r;
	struct strbuf safe = STRBUF_INIT;
	int attr;

	view_row_begin(v, &r);
	v->ops->row(v, row, &r);
	attr = style_attr(r.style) | (selected ? TA_SELECTED : 0);
	if (selected)
		scr->ops->blank(scr, y, x, w, attr);
	for (int c = 0; c < v->ops->ncols; c++) {
		const char *cell = r.cell[c] ? r.cell[c] : "";
		int fill = 0;
		strbuf_reset(&safe);
		if (c == 0)
			first_cell_prefix(&r, &safe);
		mt_termsafe(cell, strlen(cell), &safe);
		if (r.bar_col == c && r.bar > 0)
			fill = (int)(r.bar * cw[c] + 0.5);
		draw_cell(scr, y, x + cx[c], cw[c], strbuf_str(&safe),
			  v->ops->cols[c].right, attr, fill > cw[c] ? cw[c] : fill, hl);
	}
	strbuf_free(&safe);
}

static void draw_titles(struct screen *scr, struct frame *f, int y, int x,
			const int *cx, const int *cw)
{
	const struct view_ops *ops = f->view->ops;
	struct strbuf t = STRBUF_INIT;

	for (int c = 0; c < ops->ncols; c++) {
		strbuf_reset(&t);
		strbuf_puts(&t, ops->cols[c].title);
		if (f->sort_col == c)
			strbuf_puts(&t, f->sort_desc ? "\xe2\x96\xbc" : "\xe2\x96\xb2");
		draw_cell(scr, y, x + cx[c], cw[c], strbuf_str(&t), ops->cols[c].right,
			  TA_COLTITLE, 0, NULL);
	}
	strbuf_free(&t);
}

static void draw_empty(struct screen *scr, struct frame *f, int y, int x, int w)
{
	struct strbuf msg = STRBUF_INIT;

	if (f->filter) {
		strbuf_puts(&msg, "(no row matches the filter /");
		mt_termsafe(mt_regex_pattern(f->filter), strlen(mt_regex_pattern(f->filter)), &msg);
		strbuf_puts(&msg, "/)");
	} else {
		strbuf_puts(&msg, "(empty)");
	}
	draw_cell(scr, y, x, w, strbuf_str(&msg), 0, TA_DIM, 0, NULL);
	strbuf_free(&msg);
}

/* The widest cell of each column among the rows on screen (and the
 * titles); kept per frame and only ever grown, so columns do not jump. */
static void measure(struct frame *f, size_t page, int *need)
{
	struct view *v = f->view;
	struct view_row r;
	struct strbuf safe = STRBUF_INIT;
	size_t n = frame_count(f);

	for (int c = 0; c < v->ops->ncols; c++) {
		int t = (int)mt_text_width(v->ops->cols[c].title) + 1;
		if (t > f->need[c])
			f->need[c] = t;
	}
	for (size_t i = f->top; i < n && i < f->top + page; i++) {
		view_row_begin(v, &r);
		v->ops->row(v, frame_row(f, i), &r);
		for (int c = 0; c < v->ops->ncols; c++) {
			const char *cell = r.cell[c] ? r.cell[c] : "";
			strbuf_reset(&safe);
			if (c == 0)
				first_cell_prefix(&r, &safe);
			mt_termsafe(cell, strlen(cell), &safe);
			int cw = (int)mt_text_width(strbuf_str(&safe));
			if (cw > f->need[c])
				f->need[c] = cw;
		}
	}
	strbuf_free(&safe);
	memcpy(need, f->need, sizeof f->need);
}

void list_draw(struct ui *ui, struct frame *f, int y, int x, int h, int w, int focused)
{
	struct screen *scr = ui->scr;
	const struct view_ops *ops = f->view->ops;
	const char *banner = ops->banner ? ops->banner(f->view) : NULL;
	int cx[VIEW_MAX_COLS], cw[VIEW_MAX_COLS], need[VIEW_MAX_COLS];
	size_t n, page;

	if (banner && h > 2) {
		struct strbuf safe = STRBUF_INIT;
		mt_termsafe(banner, strlen(banner), &safe);
		draw_cell(scr, y++, x, w, strbuf_str(&safe), 0, TA_HINT, 0, NULL);
		strbuf_free(&safe);
		h--;
	}
	page = h > 1 ? (size_t)h - 1 : 1;
	f->page = page;
	frame_clamp(f, page);
	measure(f, page, need);
	layout_cols(ops, w, need, cx, cw);
	draw_titles(scr, f, y++, x, cx, cw);
	n = frame_count(f);
	if (n == 0)
		draw_empty(scr, f, y, x, w);
	for (size_t i = f->top; i < n && i < f->top + page; i++)
		draw_row(scr, f, frame_row(f, i), y + (int)(i - f->top), x, w, cx, cw,
			 i == f->sel && focused >= 0, ui->search ? ui->search : f->filter);
}
