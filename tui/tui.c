/* tui/tui.c: starting and ending the UI, in a terminal or headless. */
#include "tui/ui.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int first_loaded(struct mt_artifact *docs, int ndocs)
{
	for (int i = 0; i < ndocs; i++)
		if (docs[i].model)
			return i;
	return -1;
}

void ui_find_tabs(struct tab_set *t)
{
	const struct view_ops *ops;

	t->ntabs = 0;
	while (t->ntabs < UI_MAX_TABS && (ops = view_tab(t->kind, t->two, (size_t)t->ntabs)))
		t->tabs[t->ntabs++] = ops;
}

/* --pane NAME: shown first on each side that has it; an error when the
 * first file's kind has no such pane and the other's neither. */
static int first_tab(struct ui *ui, int first, const char *name, struct mt_error *err)
{
	struct strbuf names = STRBUF_INIT;
	const struct tab_set *set = ui_set(ui, first);
	int found = 0;

	if (!name)
		return 0;
	for (int s = 0; s < ui->nsides; s++) {
		struct tab_set *t = ui_set(ui, s);
		for (int i = 0; i < t->ntabs; i++)
			if (strcmp(t->tabs[i]->name, name) == 0 ||
			    (t->tabs[i]->alias && strcmp(t->tabs[i]->alias, name) == 0)) {
				t->tab = i;
				found = 1;
				break;
			}
	}
	if (found)
		return 0;
	for (int t = 0; t < set->ntabs; t++)
		strbuf_printf(&names, "%s%s", t ? ", " : "", set->tabs[t]->name);
	mt_error_set(err, "no pane '%s' for a %s (panes: %s)", name,
		     mt_kind_name(set->kind), names.len ? strbuf_str(&names) : "none yet");
	strbuf_free(&names);
	return -1;
}

static enum mt_kind kind_of(const struct mt_artifact *doc)
{
	return doc->kind == MT_KIND_ZIP ? MT_KIND_COREDUMP : doc->kind;
}

static int setup_keys(struct ui *ui, const char *keymap, struct mt_error *err)
{
	struct mt_error user = { 0 };

	if (keymap_load_builtin(&ui->keys, keymap, err) < 0)
		return -1;
	/* A bad line in the user's file is shown, and the rest still applies. */
	if (keymap_load_user(&ui->keys, &user) < 0)
		ui_message(ui, 1, "%s", user.msg);
	return 0;
}

static int setup(struct ui *ui, struct mt_artifact *docs, int ndocs,
		 const struct tui_start *start, struct mt_error *err)
{
	int first = first_loaded(docs, ndocs);

	if (ndocs > 2) {  /* a series: its first and last side by side */
		for (int i = 0; i < ndocs; i++)
			if (docs[i].kind != MT_KIND_SNAPSHOT || !docs[i].model) {
				mt_error_set(err, "%s: more than two files must all be heap snapshots "
					     "(a series)%s%s", docs[i].path, docs[i].model ? "" : ": ",
					     docs[i].model ? "" : docs[i].err.msg);
				return -1;
			}
		mt_artifact_series(docs, ndocs);
	}
	int last = ndocs - 1;   /* the second side's file */
	ui->two = ndocs >= 2 && docs[0].model && docs[last].model && docs[0].kind == docs[last].kind;
	ui->nsides = ndocs > 2 ? 2 : ndocs;
	ui->focus = first;
	for (int i = 0; i < ui->nsides; i++) {
		struct tab_set *set = ui_set(ui, i);
		struct mt_artifact *doc = &docs[i ? last : 0];
		ui->side[i].deck[0] = deck_new(doc, doc->path);
		ui->side[i].ndecks = 1;
		/* each side the panes of its own kind; a file that failed
		 * shows its error under the first one's */
		set->kind = kind_of(doc->model ? doc : &docs[first]);
		set->two = ui->two;
		ui_find_tabs(set);
	}
	if (first_tab(ui, first, start->first_pane, err) < 0 ||
	    setup_keys(ui, start->keymap, err) < 0)
		return -1;
	return 0;
}

static void teardown(struct ui *ui)
{
	screen_free(&ui->scr);
	for (int s = 0; s < ui->nsides; s++)
		while (ui->side[s].ndecks > 0)
			deck_free(&ui->side[s].deck[--ui->side[s].ndecks]);
	keymap_free(&ui->keys);
	mt_regex_free(&ui->search);
	strbuf_free(&ui->input);
	strbuf_free(&ui->msg);
}

static void print_errors(struct mt_artifact *docs, int ndocs)
{
	for (int i = 0; i < ndocs; i++)
		fprintf(stderr, "mortem: %s\n", docs[i].err.msg);
}

int tui_run(struct mt_artifact *docs, int ndocs, const struct mt_opts *opts,
	    const struct tui_start *start)
{
	struct ui ui = { .docs = docs, .ndocs = ndocs, .opts = opts };
	struct mt_error err = { 0 };

	if (start->files)
		memset(docs, 0, sizeof *docs * (size_t)ndocs);
	ui.scr = start->headless ? screen_grid_new(start->cols, start->rows, start->keys, &err)
				 : screen_curses_new(&err);
	if (!ui.scr) {
		fprintf(stderr, "mortem: %s\n", err.msg);
		return 2;
	}
	if (start->files)
		ui.ntyped = tui_load(ui.scr, docs, ndocs, start->files, start->open, ui.typed,
				     (int)(sizeof ui.typed / sizeof ui.typed[0]));
	if (ui.ntyped < 0) {   /* q while loading: leave without waiting for the files */
		screen_free(&ui.scr);
		fflush(NULL);
		_exit(0);
	}
	if (first_loaded(docs, ndocs) < 0) {
		screen_free(&ui.scr);
		print_errors(docs, ndocs);
		return 2;
	}
	if (setup(&ui, docs, ndocs, start, &err) < 0) {
		teardown(&ui);
		fprintf(stderr, "mortem: %s\n", err.msg);
		return 2;
	}
	ui_loop(&ui);
	if (start->headless)
		screen_grid_dump(ui.scr, stdout);
	teardown(&ui);
	return 0;
}
