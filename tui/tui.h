/* tui/tui.h: the interactive UI, in a terminal or headless. */
#ifndef MORTEM_TUI_TUI_H
#define MORTEM_TUI_TUI_H

#include "core/artifact.h"
#include "views/view.h"

struct tui_start {
	int headless;            /* render to a text grid instead of a terminal */
	int cols, rows;          /* headless screen size */
	const char *keys;        /* headless: scripted keys, e.g. "jj<Tab><Enter>" */
	const char *keymap;      /* "default", "emacs", or NULL for default */
	const char *first_pane;  /* pane to open first, or NULL */
	/* When files is set, tui_run opens them itself into docs (which it
	 * clears first) while the screen shows the progress; otherwise docs
	 * come opened. */
	const char *const *files;          /* borrowed: ndocs paths */
	const struct mt_open_opts *open;   /* borrowed, with files */
};

/* Run the UI over the opened artifacts (1 or 2; a failed one shows its
 * error in its pane). Returns the process exit status. docs stay owned by
 * the caller. */
int tui_run(struct mt_artifact *docs, int ndocs, const struct mt_opts *opts,
	    const struct tui_start *start);

#endif
