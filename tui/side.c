/* tui/side.c: the artifacts on screen: decks of tabs of frame stacks. */
#include "tui/ui.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <string.h>

struct deck *deck_new(struct mt_artifact *doc, const char *title)
{
	struct deck *d = xcalloc(1, sizeof *d);

	d->doc = doc;
	d->title = xstrdup(title);
	return d;
}

void deck_free(struct deck **dp)
{
	struct deck *d = *dp;

	if (!d)
		return;
	for (int t = 0; t < UI_MAX_TABS; t++) {
		for (int i = 0; i < d->tabs[t].n; i++)
			frame_free(&d->tabs[t].f[i]);
		free(d->tabs[t].error);
	}
	free(d->title);
	free(d);
	*dp = NULL;
}

static void save_tabs(const struct ui *ui, struct tab_set *t)
{
	t->kind = ui->kind;
	t->two = ui->two;
	memcpy(t->tabs, ui->tabs, sizeof t->tabs);
	t->ntabs = ui->ntabs;
	t->tab = ui->tab;
}

void ui_deck_enter(struct ui *ui, struct deck *d)
{
	enum mt_kind kind = d->doc->kind == MT_KIND_ZIP ? MT_KIND_COREDUMP : d->doc->kind;

	if (kind == ui->kind)
		return;
	d->switched = 1;
	save_tabs(ui, &d->below);
	ui->kind = kind;
	ui->two = 0;
	ui->tab = 0;
	ui_find_tabs(ui);
}

void ui_deck_leave(struct ui *ui, struct deck *d)
{
	if (!d->switched)
		return;
	ui->kind = d->below.kind;
	ui->two = d->below.two;
	memcpy(ui->tabs, d->below.tabs, sizeof ui->tabs);
	ui->ntabs = d->below.ntabs;
	ui->tab = d->below.tab;
}

static struct deck *top_deck(struct ui *ui, int side)
{
	struct side *s = &ui->side[side];
	return s->deck[s->ndecks - 1];
}

struct tab_stack *ui_stack(struct ui *ui, int side)
{
	return &top_deck(ui, side)->tabs[ui->tab];
}

struct frame *ui_frame(struct ui *ui, int side)
{
	struct tab_stack *st = ui_stack(ui, side);
	return st->n ? st->f[st->n - 1] : NULL;
}

struct frame *ui_focus_frame(struct ui *ui)
{
	struct frame *f = ui_frame(ui, ui->focus);

	if (f && ui->side[ui->focus].in_detail && f->detail)
		return f->detail;
	return f;
}

/* A two-file pane (diff) spans the screen on side 0. */
int ui_side_shown(struct ui *ui, int side)
{
	if (side >= ui->nsides)
		return 0;
	return side == 0 || ui->ntabs == 0 || !ui->tabs[ui->tab]->two;
}

static void stack_error(struct tab_stack *st, const char *fmt, const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_printf(&sb, fmt, a, b);
	st->error = strbuf_detach(&sb);
}

void ui_open_tab(struct ui *ui, int side)
{
	struct tab_stack *st = ui_stack(ui, side);
	struct mt_artifact *doc = top_deck(ui, side)->doc, *other = NULL;
	const struct view_ops *ops;
	struct mt_error err = { 0 };
	struct frame *f;

	if (st->n || st->error || !doc->model || ui->ntabs == 0)
		return;
	ops = ui->tabs[ui->tab];
	if (ops->two && side == 0 && top_deck(ui, 0)->doc == &ui->docs[0])
		other = &ui->docs[1];
	else if (ops->kind != doc->kind || ops->two)
		ops = view_find(doc->kind, ops->name, 0);
	if (!ops) {
		stack_error(st, "no %s pane in this file (%s)", ui->tabs[ui->tab]->title,
			    mt_kind_name(doc->kind));
		return;
	}
	f = frame_open(ops, doc, other, ui->opts, ui->opts->id, NULL, &err);
	if (!f)
		st->error = xstrdup(err.msg);
	else
		st->f[st->n++] = f;
}

void ui_push(struct ui *ui, int side, struct frame *f)
{
	struct tab_stack *st = ui_stack(ui, side);

	if (st->n == UI_MAX_DEPTH) {
		ui_message(ui, 1, "too deep: go back first");
		frame_free(&f);
		return;
	}
	st->f[st->n++] = f;
	ui->side[side].in_detail = 0;
}

int ui_pop(struct ui *ui, int side)
{
	struct tab_stack *st = ui_stack(ui, side);
	struct side *s = &ui->side[side];

	s->in_detail = 0;
	if (st->n > 1) {
		frame_free(&st->f[--st->n]);
		return 1;
	}
	if (s->ndecks > 1) {
		ui_deck_leave(ui, s->deck[s->ndecks - 1]);
		deck_free(&s->deck[--s->ndecks]);
		return 1;
	}
	return 0;
}

const char *ui_side_error(struct ui *ui, int side)
{
	struct deck *d = top_deck(ui, side);
	struct tab_stack *st = &d->tabs[ui->tab];

	if (!d->doc->model)
		return d->doc->err.msg;
	if (ui->ntabs == 0)
		return "no panes for this kind of file yet";
	return st->n ? NULL : st->error;
}

void ui_message(struct ui *ui, int error, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(&ui->msg);
	va_start(ap, fmt);
	strbuf_vprintf(&ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_error = error;
}
