/* tui/search.c: the `/` prompt, regex search with n/N, and the filter. */
#include "tui/ui.h"
#include "tui/key.h"
#include "core/termsafe.h"

#include <stdlib.h>
#include <string.h>

int search_start(struct ui *ui, enum prompt_kind kind)
{
	struct frame *f = ui_focus_frame(ui);

	if (!f) {
		ui_message(ui, 1, "nothing to search here");
		return UI_REPAINT;
	}
	ui->prompt = kind;
	strbuf_reset(&ui->input);
	return UI_REPAINT;
}

static void drop_last_char(struct strbuf *sb)
{
	while (sb->len > 0) {
		unsigned char c = (unsigned char)sb->buf[--sb->len];
		if ((c & 0xc0) != 0x80)
			break;
	}
	if (sb->buf)
		sb->buf[sb->len] = '\0';
}

static struct mt_regex *compile(struct ui *ui, const char *pattern)
{
	struct mt_error err = { 0 };
	struct mt_regex *re = mt_regex_new(pattern, MT_RE_SMARTCASE, &err);

	if (!re)
		ui_message(ui, 1, "%s", err.msg);
	return re;
}

static void apply_filter(struct ui *ui, const char *pattern)
{
	struct frame *f = ui_focus_frame(ui);
	struct mt_regex *re;

	if (!*pattern) {
		frame_set_filter(f, NULL);
		ui_message(ui, 0, "filter off: all %zu rows", frame_count(f));
		return;
	}
	if (!(re = compile(ui, pattern)))
		return;
	if (!frame_set_filter(f, re))
		ui_message(ui, 1, "no row matches /%s/", pattern);
}

static void apply_search(struct ui *ui, const char *pattern, int back)
{
	struct mt_regex *re;

	if (*pattern) {
		if (!(re = compile(ui, pattern)))
			return;
		mt_regex_free(&ui->search);
		ui->search = re;
	}
	ui->search_back = back;
	search_step(ui, 0);
}

static int finish(struct ui *ui)
{
	enum prompt_kind kind = ui->prompt;
	char *pattern = strbuf_detach(&ui->input);

	ui->prompt = PROMPT_NONE;
	if (kind == PROMPT_PANE)
		pane_action(ui, ui->prompt_action, pattern ? pattern : "");
	else if (kind == PROMPT_FILTER)
		apply_filter(ui, pattern ? pattern : "");
	else
		apply_search(ui, pattern ? pattern : "", kind == PROMPT_SEARCH_BACK);
	free(pattern);
	return UI_REPAINT;
}

int ui_prompt_key(struct ui *ui, int key)
{
	char ch[8];

	switch (key) {
	case TK_ENTER:
		return finish(ui);
	case TK_ESC:
	case TK_CTRL('g'):
	case TK_CTRL('c'):
		ui->prompt = PROMPT_NONE;
		return UI_REPAINT;
	case TK_BS:
		if (ui->input.len == 0)
			ui->prompt = PROMPT_NONE;
		drop_last_char(&ui->input);
		return UI_REPAINT;
	case TK_CTRL('u'):
		strbuf_reset(&ui->input);
		return UI_REPAINT;
	}
	if (key >= ' ' && key < TK_BASE && key != 0x7f && ui->input.len < 1024) {
		tk_utf8(key, ch);
		strbuf_puts(&ui->input, ch);
	}
	return UI_REPAINT;
}

static int row_matches(struct frame *f, struct mt_regex *re, size_t i, struct strbuf *text)
{
	strbuf_reset(text);
	frame_text(f, frame_row(f, i), text);
	return mt_regex_test(re, strbuf_str(text));
}

int search_step(struct ui *ui, int reverse)
{
	struct frame *f = ui_focus_frame(ui);
	struct strbuf text = STRBUF_INIT;
	int back = ui->search_back ^ reverse;
	size_t n = f ? frame_count(f) : 0;

	if (!ui->search) {
		ui_message(ui, 0, "no search yet: / searches");
		return UI_REPAINT;
	}
	for (size_t k = 1; k <= n; k++) {
		size_t i = back ? (f->sel + n - k) % n : (f->sel + k) % n;
		if (row_matches(f, ui->search, i, &text)) {
			if (back ? i > f->sel : i < f->sel)
				ui_message(ui, 0, "search wrapped around");
			else if (i == f->sel)
				ui_message(ui, 0, "the only match");
			f->sel = i;
			strbuf_free(&text);
			return UI_REPAINT;
		}
	}
	strbuf_free(&text);
	ui_message(ui, 1, "not found: /%s/", mt_regex_pattern(ui->search));
	return UI_REPAINT;
}
