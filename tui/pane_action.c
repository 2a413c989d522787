/* tui/pane_action.c: actions that a pane implements itself (the heap
 * panes' toggles, ignore-retainer, jump-id): the focused frame is asked
 * first, then, from a detail, the list above it. An action declared with
 * input TEXT in tui/actions.def first reads a line of text in the status
 * line. */
#include "tui/ui.h"
#include "tui/action.h"

/* Ask f; returns the view's answer, -1 when it has no such action. */
static int ask(struct ui *ui, struct frame *f, int action, const char *text)
{
	const struct view_ops *ops = f->view->ops;
	struct view_nav nav = { 0 };
	size_t n = frame_count(f);
	int r;

	if (!ops->command)
		return -1;
	r = ops->command(f->view, n ? frame_row(f, f->sel) : SIZE_MAX,
			 action_table[action].name, text, &nav);
	if (r < 0)
		return -1;
	if (r & VA_REDRAW)
		frame_reload(f);
	if ((r & VA_NAVIGATE) && nav.ops) {
		struct mt_error err = { 0 };
		struct frame *next = ui_frame_open(ui, ui->focus, nav.ops,
						   nav.doc ? nav.doc : f->view->doc,
						   f->view->other, nav.arg, nav.title, &err);
		if (next)
			ui_push(ui, ui->focus, next);
		else
			ui_message(ui, 1, "%s", err.msg);
	}
	return r;
}

int pane_action(struct ui *ui, int action, const char *text)
{
	struct frame *top = ui_frame(ui, ui->focus), *f = ui_focus_frame(ui);

	if (!f)
		return UI_NONE;
	if (!text && action_table[action].input == ACTION_INPUT_TEXT) {
		ui->prompt = PROMPT_PANE;
		ui->prompt_action = action;
		strbuf_reset(&ui->input);
		return UI_REPAINT;
	}
	if (ask(ui, f, action, text) >= 0)
		return UI_REPAINT;
	if (f != top && top && ask(ui, top, action, text) >= 0)
		return UI_REPAINT;
	ui_message(ui, 0, "%s: not in this pane", action_table[action].name);
	return UI_REPAINT;
}
