/* tui/help.c: the help pane (`?`): every action of tui/actions.def with
 * the keys bound to it now, grouped as the table groups them, then every
 * option of tui/options.def (the tables --help and the man page print). */
#include "tui/ui.h"
#include "tui/action.h"
#include "tui/option.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

#define OPTION_ROW(i) (-2 - (i))  /* help_row.action of option i */

struct help_row {
	int action;              /* enum action, -1 for a group heading, or
				    OPTION_ROW(option) */
	const char *group;       /* borrowed from action_table */
	char *keys;              /* owned */
};

struct help {
	struct help_row *rows;   /* owned */
	size_t n;
};

static const struct view_col help_cols[] = {
	{ .title = "Keys", .width = 22 },
	{ .title = "Action", .width = 16 },
	{ .title = "What it does", .width = 0 },
};

static void add_row(struct help *h, int action, const char *group, const struct keymap *km)
{
	struct strbuf keys = STRBUF_INIT;

	if (action >= 0)
		keymap_keys_of(km, action, &keys);
	h->rows = xreallocarray(h->rows, h->n + 1, sizeof *h->rows);
	h->rows[h->n++] = (struct help_row){ action, group, strbuf_detach(&keys) };
}

static struct help *help_build(const struct keymap *km)
{
	struct help *h = xcalloc(1, sizeof *h);
	const char *group = NULL;

	for (int a = 0; a < ACT_COUNT; a++) {
		if (!group || strcmp(group, action_table[a].group) != 0) {
			group = action_table[a].group;
			add_row(h, -1, group, km);
		}
		add_row(h, a, group, km);
	}
	add_row(h, -1, "Command line", km);
	for (int o = 0; o < OPT_COUNT; o++)
		add_row(h, OPTION_ROW(o), NULL, km);
	return h;
}

/* An option's row: its form (-p, --print PANE) and its --help line. */
static void option_row(struct view *v, int o, struct view_row *row)
{
	const struct option_info *opt = &option_table[o];
	char letter[8] = "";

	if (opt->letter)
		snprintf(letter, sizeof letter, "-%c, ", opt->letter);
	view_cell(v, row, 0, "%s--%s%s%s", letter, opt->name, opt->arg ? " " : "",
		  opt->arg ? opt->arg : "");
	view_cell(v, row, 2, "%s", opt->help);
	for (char *c = v->scratch[2].buf; c && *c; c++)
		if (*c == '\n')  /* where --help breaks a long line */
			*c = ' ';
}

static void help_close(struct view *v)
{
	struct help *h = v->priv;

	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++)
		free(h->rows[i].keys);
	free(h->rows);
	free(h);
	v->priv = NULL;
}

static size_t help_count(struct view *v)
{
	return ((struct help *)v->priv)->n;
}

static void help_row(struct view *v, size_t i, struct view_row *row)
{
	struct help_row *r = &((struct help *)v->priv)->rows[i];

	if (r->action == -1) {
		row->style = VS_HEADER;
		row->cell[0] = r->group;
		return;
	}
	if (r->action < 0) {
		option_row(v, -2 - r->action, row);
		return;
	}
	row->cell[0] = r->keys ? r->keys : "";
	row->cell[1] = action_table[r->action].name;
	view_cell(v, row, 2, "%s%s", action_table[r->action].help,
		  action_ellipsis(r->action));
	if (!r->keys || !*r->keys)
		row->style = VS_DIM;
}

static const char *help_banner(struct view *v)
{
	return "Keys are set in keymaps/default.keys; yours go in ~/.config/mortem/keys "
	       "(bind KEY ACTION). q or Backspace closes this pane.";
}

static const struct view_ops help_ops = {
	.name = "help",
	.title = "Help",
	.kind = MT_KIND_UNKNOWN,
	.hidden = 1,
	VIEW_COLS(help_cols),
	.close = help_close,
	.count = help_count,
	.row = help_row,
	.banner = help_banner,
};

struct frame *help_frame(const struct keymap *km, const struct mt_opts *opts)
{
	struct mt_error err = { 0 };
	struct frame *f = frame_open(&help_ops, NULL, NULL, opts, -1, NULL, &err);

	f->view->priv = help_build(km);
	return f;
}

int help_frame_is(const struct frame *f)
{
	return f->view->ops == &help_ops;
}
