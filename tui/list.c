/* tui/list.c: drawing a frame's rows as columns. Only the rows on screen
 * are asked of the view. */
#include "tui/ui.h"
#include "core/termsafe.h"

#include <string.h>
#include <wchar.h>

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

/* The part of the safe text s from column from, at most n columns wide,
 * appended to out; a wide character cut by either edge becomes a blank. */
static void text_slice(const char *s, int from, int n, struct strbuf *out)
{
	size_t len = strlen(s), i = 0;
	int col = 0;

	while (i < len && col < from + n) {
		int32_t cp;
		size_t k = mt_utf8_next(s + i, len - i, &cp);
		int w = cp < 0 ? 1 : wcwidth((wchar_t)cp);
		if (w < 0)
			w = 1;
		if (col >= from && col + w <= from + n)
			strbuf_add(out, s + i, k);
		else if (col + w > from && w > 0)
			for (int c = col; c < col + w; c++)
				if (c >= from && c < from + n)
					strbuf_putc(out, ' ');
		col += w;
		i += k;
	}
}

/* Where a column lands in a pane scrolled sideways by `off`: the part of
 * its w columns that shows (from, n) and the screen column it starts at.
 * Returns 0 when none of it shows. */
struct slice { int from, n, x; };

static int visible(int cx, int cw, int off, int w, struct slice *sl)
{
	int start = cx - off, end = start + cw;

	if (cw <= 0 || end <= 0 || start >= w)
		return 0;
	sl->from = start < 0 ? -start : 0;
	sl->x = start < 0 ? 0 : start;
	sl->n = (end > w ? w : end) - sl->x;
	return sl->n > 0;
}

/* One cell: safe text fitted to cw columns (right-aligned or not), the
 * shown part of it drawn, with a bar of `fill` columns behind it and the
 * search's matches marked. A number is drawn whole or not at all. */
struct cell_look { int right, attr, fill, meter_bars; struct mt_regex *hl; };

static void draw_cell(struct screen *scr, int y, int x, int cw, const struct slice *sl,
		      const char *safe, const struct cell_look *lk)
{
	struct strbuf fit = STRBUF_INIT, line = STRBUF_INIT, part = STRBUF_INIT;
	int used;

	if (cw <= 0 || (lk->right && sl->n < cw))
		return;
	used = (int)mt_text_fit(safe, (size_t)cw, &fit);
	if (lk->right)
		strbuf_printf(&line, "%*s%s", cw - used, "", strbuf_str(&fit));
	else
		strbuf_printf(&line, "%s%*s", strbuf_str(&fit), cw - used, "");
	if (sl->from + sl->n < cw && sl->n > 1 &&
	    strspn(strbuf_str(&line) + text_cut(strbuf_str(&line), sl->from + sl->n), " ") <
	    strlen(strbuf_str(&line) + text_cut(strbuf_str(&line), sl->from + sl->n))) {
		/* text the pane's edge cuts ends in … as text cut to its column does */
		text_slice(strbuf_str(&line), sl->from, sl->n - 1, &part);
		strbuf_puts(&part, "\xe2\x80\xa6");
	} else {
		text_slice(strbuf_str(&line), sl->from, sl->n, &part);
	}
	if (lk->fill > 0 && sl->n == cw) {
		size_t cut = text_cut(strbuf_str(&line), lk->fill);
		char *s = line.buf, keep = s[cut];
		s[cut] = '\0';
		int done = scr->ops->put(scr, y, x + sl->x, s, TA_BAR | (lk->attr & TA_SELECTED));
		s[cut] = keep;
		scr->ops->put(scr, y, x + sl->x + done, s + cut, lk->attr);
	} else {
		/* blanks around the text are not drawn (a selected row was
		 * blanked first): an underlined title stays its own width */
		size_t end = part.len, lead = strspn(strbuf_str(&part), " ");
		while (end > lead && part.buf[end - 1] == ' ')
			end--;
		part.buf[end] = '\0';
		scr->ops->put(scr, y, x + sl->x + (int)lead, strbuf_str(&part) + lead, lk->attr);
		if (lk->meter_bars > 0 && sl->from < 1 + lk->meter_bars) {
			int from = 1 > sl->from ? 1 : sl->from, to = 1 + lk->meter_bars;
			if (to > sl->from + sl->n)
				to = sl->from + sl->n;
			strbuf_reset(&part);
			for (int i = from; i < to; i++)
				strbuf_putc(&part, '|');
			scr->ops->put(scr, y, x + sl->x + from - sl->from, strbuf_str(&part),
				      TA_METER | (lk->attr & TA_SELECTED));
		}
		if (lk->hl) {
			strbuf_reset(&part);
			text_slice(strbuf_str(&line), sl->from, sl->n, &part);
			highlight(scr, y, x + sl->x, strbuf_str(&part), lk->hl, lk->attr);
		}
	}
	strbuf_free(&fit);
	strbuf_free(&line);
	strbuf_free(&part);
}

static void first_cell_prefix(const struct view_row *r, struct strbuf *out)
{
	for (int d = 0; d < r->depth && d < 32; d++)
		strbuf_puts(out, "  ");
	if (r->fold != VF_LEAF)
		strbuf_puts(out, r->fold == VF_OPEN ? "- " : "+ ");
}

/* Cell c of row r as it is drawn cw columns wide: safe text, with the tree
 * prefix on the first column, a meter column as its bar. Returns the
 * number of bar characters of a meter (0 otherwise). */
static int cell_text(const struct view_ops *ops, const struct view_row *r, int c, int cw,
		     struct strbuf *out)
{
	const char *cell = r->cell[c] ? r->cell[c] : "";

	strbuf_reset(out);
	if ((ops->meters & VIEW_METER(c))) {
		struct strbuf label = STRBUF_INIT;
		int bars;
		mt_termsafe(cell, strlen(cell), &label);
		if (cw <= 0) {            /* measuring: the label and its brackets */
			strbuf_printf(out, "[%s]", strbuf_str(&label));
			strbuf_free(&label);
			return 0;
		}
		view_meter(r->bar, strbuf_str(&label), cw, out);
		strbuf_free(&label);
		bars = (int)strspn(strbuf_str(out) + (out->len && out->buf[0] == '['), "|");
		return out->len && out->buf[0] == '[' ? bars : 0;
	}
	if (c == 0)
		first_cell_prefix(r, out);
	mt_termsafe(cell, strlen(cell), out);
	return 0;
}

static void draw_row(struct screen *scr, struct frame *f, size_t row, int y, int x,
		     int w, const struct view_layout *lay, int selected, struct mt_regex *hl)
{
	struct view *v = f->view;
	struct view_row r;
	struct strbuf safe = STRBUF_INIT;
	struct slice sl;
	int attr;

	view_row_begin(v, &r);
	v->ops->row(v, row, &r);
	attr = style_attr(r.style) | (selected ? TA_SELECTED : 0);
	if (selected)
		scr->ops->blank(scr, y, x, w, attr);
	for (int c = 0; c < v->ops->ncols; c++) {
		struct cell_look lk = { .right = v->ops->cols[c].right, .attr = attr, .hl = hl };
		int cw = lay->w[c];
		if (!visible(lay->x[c], cw, f->hscroll, w, &sl))
			continue;
		lk.meter_bars = cell_text(v->ops, &r, c, cw, &safe);
		if (r.bar_col == c && r.bar > 0 && !(v->ops->meters & VIEW_METER(c))) {
			lk.fill = (int)(r.bar * cw + 0.5);
			if (lk.fill > cw)
				lk.fill = cw;
		}
		draw_cell(scr, y, x, cw, &sl, strbuf_str(&safe), &lk);
	}
	strbuf_free(&safe);
}

static void draw_titles(struct screen *scr, struct frame *f, int y, int x, int w,
			const struct view_layout *lay)
{
	const struct view_ops *ops = f->view->ops;
	struct strbuf t = STRBUF_INIT;
	struct slice sl;

	for (int c = 0; c < ops->ncols; c++) {
		struct cell_look lk = { .right = ops->cols[c].right, .attr = TA_COLTITLE };
		if (!visible(lay->x[c], lay->w[c], f->hscroll, w, &sl))
			continue;
		strbuf_reset(&t);
		strbuf_puts(&t, ops->cols[c].title);
		if (f->sort_col == c)
			strbuf_puts(&t, f->sort_desc ? "\xe2\x96\xbc" : "\xe2\x96\xb2");
		draw_cell(scr, y, x, lay->w[c], &sl, strbuf_str(&t), &lk);
	}
	strbuf_free(&t);
}

static void draw_line(struct screen *scr, int y, int x, int w, const char *safe, int attr)
{
	struct slice sl = { 0, w, 0 };
	struct cell_look lk = { .attr = attr };

	draw_cell(scr, y, x, w, &sl, safe, &lk);
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
	draw_line(scr, y, x, w, strbuf_str(&msg), TA_DIM);
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
		int t = view_title_need(v->ops, c);
		if (t > f->need[c])
			f->need[c] = t;
	}
	for (size_t i = f->top; i < n && i < f->top + page; i++) {
		view_row_begin(v, &r);
		v->ops->row(v, frame_row(f, i), &r);
		for (int c = 0; c < v->ops->ncols; c++) {
			cell_text(v->ops, &r, c, 0, &safe);
			int cw = (int)mt_text_width(strbuf_str(&safe));
			if (cw > f->need[c])
				f->need[c] = cw;
		}
	}
	strbuf_free(&safe);
	memcpy(need, f->need, sizeof f->need);
}

/* The columns for a pane w wide, scrolled sideways by f->hscroll: the row
 * is laid out in w + hscroll columns (what was cut grows back) and shown
 * from column hscroll. */
static void layout(struct frame *f, const int *need, int w, struct view_layout *lay)
{
	view_layout(f->view->ops, need, w, lay);
	f->hmax = lay->natural > w ? lay->natural - w : 0;
	if (f->hscroll > f->hmax)
		f->hscroll = f->hmax;
	if (f->hscroll < 0)
		f->hscroll = 0;
	if (f->hscroll)
		view_layout(f->view->ops, need, w + f->hscroll, lay);
}

void list_draw(struct ui *ui, struct frame *f, int y, int x, int h, int w, int focused)
{
	struct screen *scr = ui->scr;
	const struct view_ops *ops = f->view->ops;
	const char *banner = ops->banner ? ops->banner(f->view) : NULL;
	struct view_layout lay;
	int need[VIEW_MAX_COLS];
	size_t n, page;

	if (banner && h > 2) {
		struct strbuf safe = STRBUF_INIT;
		mt_termsafe(banner, strlen(banner), &safe);
		draw_line(scr, y++, x, w, strbuf_str(&safe), TA_HINT);
		strbuf_free(&safe);
		h--;
	}
	page = h > 1 ? (size_t)h - 1 : 1;
	f->page = page;
	f->width = w;
	frame_clamp(f, page);
	measure(f, page, need);
	layout(f, need, w, &lay);
	draw_titles(scr, f, y++, x, w, &lay);
	n = frame_count(f);
	if (n == 0)
		draw_empty(scr, f, y, x, w);
	for (size_t i = f->top; i < n && i < f->top + page; i++)
		draw_row(scr, f, frame_row(f, i), y + (int)(i - f->top), x, w, &lay,
			 i == f->sel && focused >= 0, ui->search ? ui->search : f->filter);
}
