/* tui/screen.h: what the UI draws on, with two backends.
 *
 * The UI draws only through these calls: the curses backend
 * (tui/screen_curses.c) puts the cells on a terminal, the grid backend
 * (tui/screen_grid.c) keeps them in memory for --headless and screenshots
 * and takes its keys from a script. Text given to put() is already made
 * safe by core/termsafe.h; the backend clips it at the right edge and
 * never splits a wide character.
 */
#ifndef MORTEM_TUI_SCREEN_H
#define MORTEM_TUI_SCREEN_H

#include <stdio.h>

#include "core/error.h"

/* Semantic attributes; the backend maps them to colours or to bold/dim. */
enum tui_attr {
	TA_NORMAL = 0,
	TA_HEADER,      /* a section heading in a pane (VS_HEADER) */
	TA_DIM,
	TA_INFO, TA_WARN, TA_CRIT,
	TA_ADDED, TA_REMOVED,
	TA_HINT,
	TA_COLTITLE,    /* column headings */
	TA_TAB, TA_TAB_ACTIVE,
	TA_TITLE, TA_TITLE_FOCUS, /* the title line of a file's pane */
	TA_STATUS, TA_ERROR,
	TA_BAR,         /* the filled part of a bar */
	TA_MATCH,       /* text matching the search */
	TA_METER,       /* the bars of a meter: [|||||     73%] */
	TA_COUNT
};
#define TA_SELECTED 0x100  /* or-ed: the selected row */

struct screen;

struct screen_ops {
	void (*clear)(struct screen *scr);
	/* Draw s (safe UTF-8) from column x of row y; returns columns used. */
	int (*put)(struct screen *scr, int y, int x, const char *s, int attr);
	/* Draw n blanks from column x of row y. */
	void (*blank)(struct screen *scr, int y, int x, int n, int attr);
	/* Show the text cursor at y, x, or hide it when y < 0. */
	void (*cursor)(struct screen *scr, int y, int x);
	void (*flush)(struct screen *scr);
	/* Wait for the next key (tui/key.h); TK_NONE when no more will come.
	 * TK_RESIZE after the size changed (cols and rows are then new). */
	int (*read_key)(struct screen *scr);
	/* Wait at most ms for a key (TK_NONE when none came); headless: none. */
	int (*poll_key)(struct screen *scr, int ms);
	/* Give the terminal back and stop the process (SIGTSTP); returns
	 * when it is continued, the terminal taken again (cols and rows are
	 * then its size), or -1 at once when there is no terminal. */
	int (*suspend)(struct screen *scr);
	void (*close)(struct screen *scr);
};

struct screen {
	const struct screen_ops *ops;  /* borrowed static table */
	int cols, rows;                /* current size */
	void *priv;                    /* owned by the backend */
};

/* The terminal; NULL with err set when it cannot start. */
struct screen *screen_curses_new(struct mt_error *err);
/* A cols x rows grid reading keys from a script (tui/key.h names, plus
 * <Resize:WxH>); NULL with err set when the script is bad. */
struct screen *screen_grid_new(int cols, int rows, const char *keys, struct mt_error *err);
/* The grid as text, trailing blanks trimmed, one line per row. */
void screen_grid_dump(struct screen *scr, FILE *out);
void screen_free(struct screen **scr);

#endif
