/* tui/draw.c: the whole screen: tabs, one column per file, status line. */
#include "tui/ui.h"
#include "tui/action.h"
#include "core/termsafe.h"

#include <string.h>

#define SEP "\xe2\x94\x82"       /* │ between the two files */
#define CRUMB " \xe2\x80\xba "   /* › between breadcrumbs */

static void put_safe(struct ui *ui, int y, int x, int w, const char *s, int attr)
{
	struct strbuf safe = STRBUF_INIT, fit = STRBUF_INIT;

	mt_termsafe(s, strlen(s), &safe);
	mt_text_fit(strbuf_str(&safe), w > 0 ? (size_t)w : 0, &fit);
	ui->scr->ops->put(ui->scr, y, x, strbuf_str(&fit), attr);
	strbuf_free(&safe);
	strbuf_free(&fit);
}

static void too_small(struct ui *ui)
{
	struct strbuf msg = STRBUF_INIT;
	struct screen *scr = ui->scr;

	put_safe(ui, scr->rows / 2 - 1, 0, scr->cols, "Terminal too small", TA_ERROR);
	strbuf_printf(&msg, "%dx%d, need %dx%d", scr->cols, scr->rows, UI_MIN_COLS, UI_MIN_ROWS);
	put_safe(ui, scr->rows / 2, 0, scr->cols, strbuf_str(&msg), TA_ERROR);
	strbuf_free(&msg);
}

static int tab_label(const struct tab_set *set, int t, struct strbuf *out)
{
	strbuf_reset(out);
	if (t < 9)
		strbuf_printf(out, " %d %s ", t + 1, set->tabs[t]->title);
	else
		strbuf_printf(out, " %s ", set->tabs[t]->title);
	return (int)mt_text_width(strbuf_str(out));
}

/* The tabs of the side that has the keyboard. */
static void draw_tabs(struct ui *ui)
{
	const struct tab_set *set = ui_set(ui, ui->focus);
	struct strbuf label = STRBUF_INIT;
	int first = 0, x = 0, width = 0;

	/* Scroll the tab line so the current tab is on it. */
	for (int t = set->tab; t >= 0 && width + tab_label(set, t, &label) <= ui->scr->cols; t--) {
		width += tab_label(set, t, &label);
		first = t;
	}
	for (int t = first; t < set->ntabs && x < ui->scr->cols; t++) {
		tab_label(set, t, &label);
		x += ui->scr->ops->put(ui->scr, 0, x, strbuf_str(&label),
				       t == set->tab ? TA_TAB_ACTIVE : TA_TAB);
	}
	strbuf_free(&label);
}

/* A file's name made safe in at most budget columns: the directory is
 * cut (…/reports/leak.json), never the name; when even …/name does not
 * fit, the name stays whole and what follows it on the line is cut. */
static void fit_path(const char *path, int budget, struct strbuf *out)
{
	struct strbuf safe = STRBUF_INIT;
	const char *p, *name, *tail;

	mt_termsafe(path, strlen(path), &safe);
	p = strbuf_str(&safe);
	name = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
	if ((int)mt_text_width(p) <= budget || name == p) {
		strbuf_puts(out, p);
		strbuf_free(&safe);
		return;
	}
	tail = name - 1;      /* the longest tail from a '/' that fits after … */
	for (const char *q = p; q < name; q++)
		if (*q == '/' && (int)mt_text_width(q) + 1 <= budget) {
			tail = q;
			break;
		}
	strbuf_puts(out, "\xe2\x80\xa6");
	strbuf_puts(out, tail);
	strbuf_free(&safe);
}

static void draw_title(struct ui *ui, int s, int y, int x, int w)
{
	struct side *side = &ui->side[s];
	struct tab_stack *st = ui_stack(ui, s);
	struct strbuf t = STRBUF_INIT, crumbs = STRBUF_INIT, safe = STRBUF_INIT;
	int focus = s == ui->focus && ui->nsides > 1 && !side->in_detail;
	const char *other = st->n && st->f[0]->view->other ? st->f[0]->view->other->path : NULL;
	int budget;

	for (int i = 0; i < st->n; i++)
		strbuf_printf(&crumbs, CRUMB "%s", st->f[i]->title);
	mt_termsafe(strbuf_str(&crumbs), crumbs.len, &safe);
	/* what the file names may take: the rest of the line, shared by two */
	budget = w - 1 - (int)mt_text_width(strbuf_str(&safe)) - (other ? 3 : 0);
	if (other)
		budget /= 2;
	strbuf_putc(&t, ' ');
	fit_path(side->deck[side->ndecks - 1]->title, budget, &t);
	if (other) {   /* a two-file pane names both */
		strbuf_puts(&t, " \xe2\x87\x84 ");
		fit_path(other, budget, &t);
	}
	strbuf_puts(&t, strbuf_str(&crumbs));
	strbuf_free(&crumbs);
	strbuf_free(&safe);
	ui->scr->ops->blank(ui->scr, y, x, w, focus ? TA_TITLE_FOCUS : TA_TITLE);
	put_safe(ui, y, x, w, strbuf_str(&t), focus ? TA_TITLE_FOCUS : TA_TITLE);
	strbuf_free(&t);
}

/* A message over as many lines as it needs (an error in a file's pane). */
static void draw_wrapped(struct ui *ui, int y, int x, int h, int w, const char *msg, int attr)
{
	struct strbuf safe = STRBUF_INIT;
	const char *p;

	mt_termsafe(msg, strlen(msg), &safe);
	p = strbuf_str(&safe);
	for (int line = 0; *p && line < h && w > 0; line++) {
		size_t n = text_cut(p, w);
		char keep;
		if (n == 0)
			break;
		keep = ((char *)p)[n];
		((char *)p)[n] = '\0';
		ui->scr->ops->put(ui->scr, y + line, x, p, attr);
		((char *)p)[n] = keep;
		p += n;
	}
	strbuf_free(&safe);
}

static void draw_detail(struct ui *ui, int s, struct frame *d, int y, int x, int h, int w)
{
	int focus = s == ui->focus && ui->side[s].in_detail;
	struct strbuf t = STRBUF_INIT;

	strbuf_printf(&t, " \xe2\x86\xb3 %s", d->title);
	ui->scr->ops->blank(ui->scr, y, x, w, focus ? TA_TITLE_FOCUS : TA_TITLE);
	put_safe(ui, y, x, w, strbuf_str(&t), focus ? TA_TITLE_FOCUS : TA_TITLE);
	strbuf_free(&t);
	list_draw(ui, d, y + 1, x, h - 1, w, focus ? 1 : 0);
}

static void draw_side(struct ui *ui, int s, int y, int x, int h, int w)
{
	const char *error;
	struct frame *f;
	int hl;

	ui_open_tab(ui, s);
	draw_title(ui, s, y, x, w);
	if ((error = ui_side_error(ui, s))) {
		draw_wrapped(ui, y + 1, x, h - 1, w, error, TA_ERROR);
		return;
	}
	if (!(f = ui_frame(ui, s)))
		return;
	frame_sync_detail(f, ui->opts);
	if (!f->detail) {
		ui->side[s].in_detail = 0;
		list_draw(ui, f, y + 1, x, h - 1, w, 1);
		return;
	}
	hl = (h - 1) * 3 / 5;
	list_draw(ui, f, y + 1, x, hl, w, 1);
	draw_detail(ui, s, f->detail, y + 1 + hl, x, h - 1 - hl, w);
}

static void status_text(struct ui *ui, struct strbuf *out)
{
	struct frame *f = ui_focus_frame(ui);

	if (!f || ui_side_error(ui, ui->focus)) {
		strbuf_puts(out, " mortem");
		return;
	}
	strbuf_printf(out, " %s  %zu/%zu", f->title, frame_count(f) ? f->sel + 1 : 0,
		      frame_count(f));
	if (f->filter)
		strbuf_printf(out, "  filter /%s/", mt_regex_pattern(f->filter));
	if (ui->search)
		strbuf_printf(out, "  search %c%s%c", ui->search_back ? '?' : '/',
			      mt_regex_pattern(ui->search), ui->search_back ? '?' : '/');
	if (f->hmax > 0)   /* columns hidden left and right: ← → show them */
		strbuf_printf(out, "  \xe2\x86\x90%d \xe2\x86\x92%d", f->hscroll, f->hmax - f->hscroll);
}

static void draw_status(struct ui *ui, int y)
{
	struct screen *scr = ui->scr;
	struct strbuf left = STRBUF_INIT, right = STRBUF_INIT;
	int attr = TA_STATUS;

	scr->ops->blank(scr, y, 0, scr->cols, TA_STATUS);
	if (ui->prompt) {
		if (ui->prompt == PROMPT_PANE)
			strbuf_printf(&left, "%s: ", action_table[ui->prompt_action].name);
		else
			strbuf_putc(&left, ui->prompt == PROMPT_FILTER ? '&' :
					   ui->prompt == PROMPT_SEARCH_BACK ? '?' : '/');
		strbuf_puts(&left, strbuf_str(&ui->input));
	} else if (ui->msg.len) {
		strbuf_printf(&left, " %s", strbuf_str(&ui->msg));
		attr = ui->msg_error ? TA_ERROR : TA_STATUS;
	} else {
		status_text(ui, &left);
		keymap_keys_of(&ui->keys, ACT_HELP, &right);
		if (right.len) {
			char *sp = strchr(right.buf, ' ');
			if (sp)
				right.len = (size_t)(sp - right.buf), *sp = '\0';
			strbuf_puts(&right, " help ");
		}
	}
	int rw = (int)mt_text_width(strbuf_str(&right));
	put_safe(ui, y, 0, scr->cols - rw, strbuf_str(&left), attr);
	if (rw && rw < scr->cols / 2)
		scr->ops->put(scr, y, scr->cols - rw, strbuf_str(&right), TA_STATUS);
	if (ui->prompt)
		scr->ops->cursor(scr, y, (int)mt_text_width(strbuf_str(&left)));
	else
		scr->ops->cursor(scr, -1, 0);
	strbuf_free(&left);
	strbuf_free(&right);
}

/* Where things go for the current size: only after a resize or when a
 * pane that spans both files comes or goes. */
void ui_layout(struct ui *ui)
{
	struct screen *scr = ui->scr;

	ui->too_small = scr->cols < UI_MIN_COLS || scr->rows < UI_MIN_ROWS;
	ui->body = scr->rows - 2;
	ui->split = ui_side_shown(ui, 1) ? (scr->cols - 1) / 2 : 0;
	ui->side[0].x = 0;
	ui->side[0].w = ui->split ? ui->split : scr->cols;
	ui->side[1].x = ui->split + 1;
	ui->side[1].w = ui->split ? scr->cols - ui->split - 1 : 0;
}

void ui_draw(struct ui *ui)
{
	struct screen *scr = ui->scr;

	scr->ops->clear(scr);
	if (ui->too_small) {
		too_small(ui);
		scr->ops->cursor(scr, -1, 0);
		scr->ops->flush(scr);
		return;
	}
	draw_tabs(ui);
	for (int s = 0; s < ui->nsides; s++)
		if (ui_side_shown(ui, s))
			draw_side(ui, s, 1, ui->side[s].x, ui->body, ui->side[s].w);
	for (int y = 1; ui->split && y <= ui->body; y++)
		scr->ops->put(scr, y, ui->split, SEP, TA_DIM);
	draw_status(ui, scr->rows - 1);
	scr->ops->flush(scr);
}
