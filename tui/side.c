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

struct tab_set *ui_set(struct ui *ui, int side)
{
	return &ui->side[side].set;
}

static int same_set(const struct tab_set *a, const struct tab_set *b)
{
	return a->kind == b->kind && a->two == b->two && a->ntabs == b->ntabs;
}

void ui_select_tab(struct ui *ui, int t)
{
	struct tab_set *mine = ui_set(ui, ui->focus);

	mine->tab = t;
	for (int s = 0; s < ui->nsides; s++)
		if (s != ui->focus && same_set(ui_set(ui, s), mine))
			ui_set(ui, s)->tab = t;
}

void ui_deck_enter(struct ui *ui, int side, struct deck *d)
{
	enum mt_kind kind = d->doc->kind == MT_KIND_ZIP ? MT_KIND_COREDUMP : d->doc->kind;
	struct tab_set *set = ui_set(ui, side);

	if (kind == set->kind)
		return;
	d->switched = 1;
	d->below = *set;
	set->kind = kind;
	set->two = 0;
	set->tab = 0;
	ui_find_tabs(set);
}

void ui_deck_leave(struct ui *ui, int side, struct deck *d)
{
	if (!d->switched)
		return;
	*ui_set(ui, side) = d->below;
}

static struct deck *top_deck(struct ui *ui, int side)
{
	struct side *s = &ui->side[side];
	return s->deck[s->ndecks - 1];
}

struct tab_stack *ui_stack(struct ui *ui, int side)
{
	return &top_deck(ui, side)->tabs[ui_set(ui, side)->tab];
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
	const struct tab_set *first = ui_set(ui, 0);

	if (side >= ui->nsides)
		return 0;
	return side == 0 || first->ntabs == 0 || !first->tabs[first->tab]->two;
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
	const struct tab_set *set = ui_set(ui, side);
	struct mt_error err = { 0 };
	struct frame *f;

	if (st->n || st->error || !doc->model || set->ntabs == 0)
		return;
	ops = set->tabs[set->tab];
	if (ops->two && side == 0 && top_deck(ui, 0)->doc == &ui->docs[0])
		other = &ui->docs[ui->ndocs - 1];  /* the second, or a series' last */
	else if (ops->kind != doc->kind || ops->two)
		ops = view_find(doc->kind, ops->name, 0);
	if (!ops) {
		stack_error(st, "no %s pane in this file (%s)", set->tabs[set->tab]->title,
			    mt_kind_name(doc->kind));
		return;
	}
	f = ui_frame_open(ui, side, ops, doc, other, ui->opts->id, NULL, &err);
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
		ui_deck_leave(ui, side, s->deck[s->ndecks - 1]);
		deck_free(&s->deck[--s->ndecks]);
		return 1;
	}
	return 0;
}

const char *ui_side_error(struct ui *ui, int side)
{
	struct deck *d = top_deck(ui, side);
	struct tab_stack *st = &d->tabs[ui_set(ui, side)->tab];

	if (!d->doc->model)
		return d->doc->err.msg;
	if (ui_set(ui, side)->ntabs == 0)
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
