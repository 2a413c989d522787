/* tui/dispatch.c: what each action does. Handlers change state and return
 * enum ui_react bits; they never draw. */
#include "tui/ui.h"
#include "tui/action.h"

static int move_by(struct frame *f, long delta)
{
	size_t n = frame_count(f);

	if (n == 0)
		return UI_NONE;
	if (delta < 0)
		f->sel = (size_t)-delta > f->sel ? 0 : f->sel - (size_t)-delta;
	else
		f->sel = f->sel + (size_t)delta >= n ? n - 1 : f->sel + (size_t)delta;
	return UI_REPAINT;
}

static int page_by(struct frame *f, long pages_x2)
{
	long page = f->page > 1 ? (long)f->page : 1;
	long delta = pages_x2 * page / 2;
	size_t n = frame_count(f);

	/* Paging moves the view as well as the cursor, as less does. */
	if (delta > 0 && f->top + f->page < n)
		f->top += (size_t)delta;
	else if (delta < 0)
		f->top = (size_t)-delta > f->top ? 0 : f->top - (size_t)-delta;
	return move_by(f, delta);
}

static int move(struct ui *ui, int action)
{
	struct frame *f = ui_focus_frame(ui);

	if (!f)
		return UI_NONE;
	switch (action) {
	case ACT_DOWN: return move_by(f, 1);
	case ACT_UP: return move_by(f, -1);
	case ACT_PAGE_DOWN: return page_by(f, 2);
	case ACT_PAGE_UP: return page_by(f, -2);
	case ACT_HALF_DOWN: return page_by(f, 1);
	case ACT_HALF_UP: return page_by(f, -1);
	case ACT_FIRST: f->sel = 0; return UI_REPAINT;
	case ACT_LAST: f->sel = frame_count(f) ? frame_count(f) - 1 : 0; return UI_REPAINT;
	}
	return UI_NONE;
}

/* Sideways, by half the pane as less does; f->hmax is from the last draw. */
static int scroll_side(struct ui *ui, int dir)
{
	struct frame *f = ui_focus_frame(ui);
	int step;

	if (!f)
		return UI_NONE;
	if (f->hmax <= 0) {
		ui_message(ui, 0, "the rows fit: nothing to scroll sideways");
		return UI_REPAINT;
	}
	step = f->width > 4 ? f->width / 2 : 2;
	f->hscroll += dir * step;
	if (f->hscroll > f->hmax)
		f->hscroll = f->hmax;
	if (f->hscroll < 0)
		f->hscroll = 0;
	return UI_REPAINT;
}

/* Ctrl-Z, as less and vim do: the terminal given back, the process
 * stopped; on fg the screen comes back as it was, at the terminal's size
 * then. */
static int suspend(struct ui *ui)
{
	if (ui->scr->ops->suspend(ui->scr) < 0) {
		ui_message(ui, 0, "suspend: only on a terminal");
		return UI_REPAINT;
	}
	return UI_LAYOUT;
}

/* What nav needs loaded first (view_nav.load), loaded while the side says
 * so: 0, or -1 once the message line says why it could not be. */
static int load_first(struct ui *ui, const struct view_nav *nav)
{
	char what[96];

	if (!nav->load)
		return 0;
	snprintf(what, sizeof what, "the %s", nav->title ? nav->title : "pane");
	if (ui_busy_load(ui, ui->focus, what, nav->load, nav->load_arg) == 0)
		return 0;
	ui_message(ui, 1, "%s", nav->doc && nav->doc->err.set ? nav->doc->err.msg :
		   "could not load it");
	return -1;
}

static void follow(struct ui *ui, struct frame *f, struct view_nav *nav)
{
	struct mt_error err = { 0 };
	struct side *s = &ui->side[ui->focus];
	struct frame *next;

	if (load_first(ui, nav) < 0)
		return;
	if (!nav->ops && nav->doc) {
		if (s->ndecks == UI_MAX_DEPTH) {
			ui_message(ui, 1, "too deep: go back first");
			return;
		}
		s->deck[s->ndecks] = deck_new(nav->doc, nav->title ? nav->title : nav->doc->path);
		ui_deck_enter(ui, ui->focus, s->deck[s->ndecks++]);
		s->in_detail = 0;
		return;
	}
	if (!nav->ops)
		return;
	next = ui_frame_open(ui, ui->focus, nav->ops, nav->doc ? nav->doc : f->view->doc,
			     f->view->other, nav->arg, nav->title, &err);
	if (!next)
		ui_message(ui, 1, "%s", err.msg);
	else
		ui_push(ui, ui->focus, next);
}

static int enter(struct ui *ui)
{
	struct frame *f = ui_focus_frame(ui);
	struct view_nav nav = { 0 };
	int r;

	if (!f || frame_count(f) == 0)
		return UI_NONE;
	if (!f->view->ops->enter) {
		ui_message(ui, 0, "nothing opens from this pane");
		return UI_REPAINT;
	}
	r = f->view->ops->enter(f->view, frame_row(f, f->sel), &nav);
	if ((r & VA_REDRAW) && (r & VA_NAVIGATE))
		frame_reload(f);    /* the loop's reload would reach the new frame */
	if (r & VA_NAVIGATE)
		follow(ui, f, &nav);
	return r & VA_REDRAW ? UI_RELOAD : UI_REPAINT;
}

static int show_row(struct ui *ui)
{
	struct frame *f = ui_focus_frame(ui);

	if (!f || frame_count(f) == 0)
		return UI_NONE;
	ui_push(ui, ui->focus, rowview_frame(f, frame_row(f, f->sel), ui->side[ui->focus].w,
					     ui->opts));
	return UI_REPAINT;
}

static int select_tab(struct ui *ui, int tab)
{
	if (tab < 0 || tab >= ui_set(ui, ui->focus)->ntabs) {
		ui_message(ui, 0, "no pane %d", tab + 1);
		return UI_REPAINT;
	}
	ui_select_tab(ui, tab);
	ui->side[0].in_detail = ui->side[1].in_detail = 0;
	if (!ui_side_shown(ui, ui->focus))
		ui->focus = 0;
	return UI_LAYOUT;   /* a pane over both files spans the screen */
}

static int next_tab(struct ui *ui, int dir)
{
	const struct tab_set *set = ui_set(ui, ui->focus);

	return select_tab(ui, set->ntabs ? (set->tab + set->ntabs + dir) % set->ntabs : 0);
}

/* A side whose file loaded, in a UI that has panes for it. */
static int side_usable(struct ui *ui, int side)
{
	struct side *s = &ui->side[side];

	return ui_set(ui, side)->ntabs > 0 && s->deck[s->ndecks - 1]->doc->model != NULL;
}

static int focus_next(struct ui *ui)
{
	struct side *s = &ui->side[ui->focus];
	struct frame *f = ui_frame(ui, ui->focus);

	if (!s->in_detail && f && f->detail) {
		s->in_detail = 1;
		return UI_REPAINT;
	}
	s->in_detail = 0;
	for (int i = 1; i <= ui->nsides; i++) {
		int next = (ui->focus + i) % ui->nsides;
		if (ui_side_shown(ui, next) && side_usable(ui, next)) {
			ui->focus = next;
			break;
		}
	}
	return UI_REPAINT;
}

static int sort(struct ui *ui, int reverse)
{
	struct frame *f = ui_focus_frame(ui);
	const struct view_ops *ops = f ? f->view->ops : NULL;

	if (!ops || !ops->sort) {
		ui_message(ui, 0, "this pane keeps its own order");
		return UI_REPAINT;
	}
	int old = f->sort_col;

	for (int tries = 0; tries < ops->ncols; tries++) {
		int col = reverse ? (f->sort_col < 0 ? 0 : f->sort_col)
				  : (f->sort_col + 1) % ops->ncols;
		int desc = reverse ? !f->sort_desc : ops->cols[col].right;
		if (ops->sort(f->view, col, desc) == 0) {
			f->sort_col = col;
			f->sort_desc = desc;
			return UI_RELOAD;
		}
		if (reverse)
			break;
		f->sort_col = col;
	}
	f->sort_col = old;
	ui_message(ui, 0, "no column sorts here");
	return UI_REPAINT;
}

static int help(struct ui *ui, int close_only)
{
	struct frame *f = ui_frame(ui, ui->focus);

	if (f && help_frame_is(f)) {
		ui_pop(ui, ui->focus);
		return UI_REPAINT;
	}
	if (close_only)
		return UI_QUIT;
	/* Help opens on a file that loaded: the focused one, else the other. */
	if (!side_usable(ui, ui->focus))
		for (int s = 0; s < ui->nsides; s++)
			if (side_usable(ui, s) && ui_side_shown(ui, s))
				ui->focus = s;
	if (!side_usable(ui, ui->focus)) {
		ui_message(ui, 1, "%s", ui_side_error(ui, ui->focus));
		return UI_REPAINT;
	}
	ui_push(ui, ui->focus, help_frame(&ui->keys, ui->opts));
	return UI_REPAINT;
}

static int cancel(struct ui *ui)
{
	struct frame *f = ui_focus_frame(ui);

	if (f && f->filter)
		frame_set_filter(f, NULL);
	mt_regex_free(&ui->search);
	return UI_REPAINT;
}

int ui_action(struct ui *ui, int action)
{
	switch (action) {
	case ACT_ENTER: return enter(ui);
	case ACT_SHOW_ROW: return show_row(ui);
	case ACT_BACK:
		if (!ui_pop(ui, ui->focus))
			ui_message(ui, 0, "nothing to go back to");
		return UI_REPAINT;
	case ACT_PANE_NEXT: return next_tab(ui, 1);
	case ACT_PANE_PREV: return next_tab(ui, -1);
	case ACT_FOCUS_NEXT: return focus_next(ui);
	case ACT_SORT_NEXT: return sort(ui, 0);
	case ACT_SORT_REVERSE: return sort(ui, 1);
	case ACT_SEARCH: return search_start(ui, PROMPT_SEARCH);
	case ACT_SEARCH_BACK: return search_start(ui, PROMPT_SEARCH_BACK);
	case ACT_FILTER: return search_start(ui, PROMPT_FILTER);
	case ACT_SEARCH_NEXT: return search_step(ui, 0);
	case ACT_SEARCH_PREV: return search_step(ui, 1);
	case ACT_CANCEL: return cancel(ui);
	case ACT_HELP: return help(ui, 0);
	case ACT_REDRAW: return UI_REPAINT;
	case ACT_SCROLL_RIGHT: return scroll_side(ui, 1);
	case ACT_SCROLL_LEFT: return scroll_side(ui, -1);
	case ACT_SUSPEND: return suspend(ui);
	case ACT_QUIT: return help(ui, 1);
	}
	if (action >= ACT_PANE_1 && action <= ACT_PANE_9)
		return select_tab(ui, action - ACT_PANE_1);
	if (action > ACT_QUIT)
		return pane_action(ui, action, NULL);
	return move(ui, action);
}
