/* tui/loop.c: the event loop: the one place that draws. */
#include "tui/ui.h"
#include "tui/action.h"
#include "tui/key.h"

static int handle_key(struct ui *ui, int key)
{
	char name[32];
	int action;

	if (key == TK_RESIZE)
		return UI_LAYOUT;
	if (key == TK_MOUSE)
		return UI_NONE;
	strbuf_reset(&ui->msg);
	if (ui->prompt)
		return ui_prompt_key(ui, key);
	if (ui->pending_key) {          /* the second key of zh */
		int first = ui->pending_key;
		ui->pending_key = 0;
		action = keymap_action2(&ui->keys, first, key);
		if (action < 0) {
			char name2[32];
			ui_message(ui, 0, "%s%s does nothing; ? lists the keys",
				   tk_name(first, name, sizeof name), tk_name(key, name2, sizeof name2));
			return UI_REPAINT;
		}
		return ui_action(ui, action) | UI_REPAINT;
	}
	if (keymap_is_prefix(&ui->keys, key)) {
		ui->pending_key = key;
		ui_message(ui, 0, "%s-", tk_name(key, name, sizeof name));
		return UI_REPAINT;
	}
	action = keymap_action(&ui->keys, key);
	if (action < 0) {
		ui_message(ui, 0, "%s does nothing; ? lists the keys", tk_name(key, name, sizeof name));
		return UI_REPAINT;
	}
	return ui_action(ui, action) | UI_REPAINT;
}

int ui_loop(struct ui *ui)
{
	int react = UI_LAYOUT;

	for (;;) {
		if (react & UI_LAYOUT)
			ui_layout(ui);
		if ((react & UI_RELOAD) && ui_focus_frame(ui))
			frame_reload(ui_focus_frame(ui));
		if (react & (UI_REPAINT | UI_RELOAD | UI_LAYOUT))
			ui_draw(ui);
		react = UI_NONE;
		int key = ui->next_typed < ui->ntyped ? ui->typed[ui->next_typed++]
						      : ui->scr->ops->read_key(ui->scr);
		if (key == TK_NONE)
			return 0;
		/* Esc typed just before a key reads as Alt+key: when that is
		 * not bound, it was meant as the two keys. */
		if ((key & TK_META) && !ui->pending_key && keymap_action(&ui->keys, key) < 0) {
			react = handle_key(ui, TK_ESC);
			if (react & UI_QUIT)
				return 0;
			key &= ~TK_META;
		}
		react |= handle_key(ui, key);
		if (react & UI_QUIT)
			return 0;
	}
}
