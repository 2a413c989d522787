/* tui/ui.h: the state of the interactive UI, shared by the tui/ files.
 *
 * The screen shows a tab line, one column per open artifact ("side") and
 * a status line. Each side has its own set of tabs (the panes of its
 * artifact's kind) and the tab line shows the set of the side that has the
 * keyboard; two sides of one kind show the same tab. A side holds a stack of decks: a deck is one artifact with a
 * stack of frames per tab (Enter pushes a frame, Backspace pops it); a
 * worker's nested report pushes a deck. A frame is one view with its
 * cursor, filter, sort and an optional detail frame under it.
 *
 * Handlers return enum ui_react bits; only tui/loop.c draws.
 */
#ifndef MORTEM_TUI_UI_H
#define MORTEM_TUI_UI_H

#include "core/regex.h"
#include "tui/keymap.h"
#include "tui/screen.h"
#include "tui/tui.h"
#include "views/view.h"

#define UI_MAX_TABS 24
#define UI_MAX_DEPTH 32      /* frames on one tab, decks on one side */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 8

/* What a handler asks of the loop, in layers: a new size or a pane that
 * spans both files needs a new layout; rows that changed need the focused
 * frame recounted (filter, cursor, detail); anything else only a repaint. */
enum ui_react {
	UI_NONE = 0,
	UI_REPAINT = 1 << 0,   /* draw again */
	UI_RELOAD = 1 << 1,    /* rows of the focused frame changed: recount, then draw */
	UI_LAYOUT = 1 << 2,    /* the size or the split changed: lay out, then draw */
	UI_QUIT = 1 << 3,
};

struct frame {
	struct view *view;       /* owned */
	char *title;             /* owned: breadcrumb label */
	size_t sel, top;         /* selected and first drawn row, in shown rows */
	size_t page;             /* rows drawn last time (for paging) */
	size_t *shown;           /* owned: rows the filter keeps, NULL: all */
	size_t nshown;
	struct mt_regex *filter; /* owned, NULL without a filter */
	int sort_col;            /* -1: the view's own order */
	int sort_desc;
	int need[VIEW_MAX_COLS]; /* widest cell seen on screen, per column */
	int hscroll;             /* columns scrolled sideways */
	int hmax;                /* the most it can scroll (last drawn) */
	int width;               /* the pane's width (last drawn) */
	struct frame *detail;    /* owned: the detail of the selected row, or NULL */
	size_t detail_row;       /* the row it was made for */
};

struct tab_stack {
	struct frame *f[UI_MAX_DEPTH]; /* owned; f[0] opened on first visit */
	int n;
	char *error;             /* owned: why f[0] could not open, or NULL */
};

/* The tabs of one kind of artifact. */
struct tab_set {
	enum mt_kind kind;
	int two;
	const struct view_ops *tabs[UI_MAX_TABS]; /* borrowed static tables */
	int ntabs, tab;
};

struct deck {
	struct mt_artifact *doc; /* borrowed: from tui_run's caller or a parent view */
	char *title;             /* owned: what the side's title line names */
	struct tab_stack tabs[UI_MAX_TABS];
	int switched;            /* doc is of another kind than the deck below
				    (a core's heap): the UI took doc's tabs */
	struct tab_set below;    /* then the tabs to give back on leaving it */
};

struct side {
	struct deck *deck[UI_MAX_DEPTH]; /* owned; deck[0] is the opened file */
	int ndecks;
	struct tab_set set;      /* the panes of its top deck's kind, the one shown */
	int in_detail;           /* keys go to the detail frame */
	int x, w;                /* columns given at the last layout */
};

enum prompt_kind { PROMPT_NONE = 0, PROMPT_SEARCH, PROMPT_SEARCH_BACK, PROMPT_FILTER,
		   PROMPT_PANE /* text for a pane's own action (prompt_action) */ };

struct ui {
	struct screen *scr;      /* owned */
	struct mt_artifact *docs; /* borrowed: tui_run's caller owns them */
	int ndocs;
	const struct mt_opts *opts; /* borrowed */
	struct keymap keys;      /* owned */
	int two;                 /* two artifacts that make two-file panes */
	struct side side[2];
	int nsides, focus;
	int too_small;           /* layout: below UI_MIN_COLS x UI_MIN_ROWS */
	int body;                /* layout: rows between the tab and status lines */
	int split;               /* layout: column of the separator, 0 for one side */
	struct mt_regex *search; /* owned: the last search */
	int search_back;         /* the last search went backward */
	enum prompt_kind prompt;
	int prompt_action;       /* PROMPT_PANE: the action the text is for */
	struct strbuf input;     /* owned: prompt text */
	struct strbuf msg;       /* owned: status message until the next key */
	int typed[16];           /* keys typed while loading, read first */
	int ntyped, next_typed;
	int msg_error;
	int pending_key;         /* the first key of a two-key binding (z of zh), or 0 */
};

/* tui/frame.c */
struct frame *frame_open(const struct view_ops *ops, struct mt_artifact *doc,
			 struct mt_artifact *other, const struct mt_opts *opts,
			 int64_t arg, const char *title, struct mt_error *err);
void frame_free(struct frame **f);
size_t frame_count(struct frame *f);          /* shown rows */
size_t frame_row(struct frame *f, size_t i);  /* shown row i -> view row */
void frame_text(struct frame *f, size_t row, struct strbuf *out);
void frame_reload(struct frame *f);           /* rows changed: refilter, clamp */
int frame_set_filter(struct frame *f, struct mt_regex *re); /* takes re */
void frame_clamp(struct frame *f, size_t page);
void frame_sync_detail(struct frame *f, const struct mt_opts *opts);

/* tui/busy.c: frame_open, on a thread for a slow pane (view_ops.slow)
 * while side `side` shows the load's progress. */
struct frame *ui_frame_open(struct ui *ui, int side, const struct view_ops *ops,
			    struct mt_artifact *doc, struct mt_artifact *other, int64_t arg,
			    const char *title, struct mt_error *err);
/* load(arg, ...) on a thread while side `side` shows "Loading WHAT" and
 * its progress (view_nav.load); what load returns. */
int ui_busy_load(struct ui *ui, int side, const char *what,
		 int (*load)(void *arg, mt_progress_fn progress, void *ctx), void *arg);

/* tui/side.c */
struct deck *deck_new(struct mt_artifact *doc, const char *title);
/* Enter a deck (its doc's tabs when they differ) and leave it (the tabs
 * below back). */
void ui_deck_enter(struct ui *ui, int side, struct deck *d);
void ui_deck_leave(struct ui *ui, int side, struct deck *d);
/* t->tabs for t->kind and t->two (tui.c). */
void ui_find_tabs(struct tab_set *t);
/* The tabs of a side; of the focused side: those of the tab line. */
struct tab_set *ui_set(struct ui *ui, int side);
/* Show tab t on the focused side, and on the other when it is of the
 * same kind. */
void ui_select_tab(struct ui *ui, int t);
void deck_free(struct deck **d);
struct tab_stack *ui_stack(struct ui *ui, int side);   /* current tab's stack */
struct frame *ui_frame(struct ui *ui, int side);       /* its top frame or NULL */
struct frame *ui_focus_frame(struct ui *ui);           /* the frame keys go to */
int ui_side_shown(struct ui *ui, int side);
void ui_open_tab(struct ui *ui, int side);             /* open f[0] if needed */
void ui_push(struct ui *ui, int side, struct frame *f);
int ui_pop(struct ui *ui, int side);                   /* 0 when nothing to pop */
const char *ui_side_error(struct ui *ui, int side);
void ui_message(struct ui *ui, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* tui/draw.c and tui/list.c */
void ui_layout(struct ui *ui);
size_t text_cut(const char *safe, int cols);  /* bytes that fill at most cols */
void ui_draw(struct ui *ui);
void list_draw(struct ui *ui, struct frame *f, int y, int x, int h, int w, int focused);

/* tui/dispatch.c, tui/search.c */
int ui_action(struct ui *ui, int action);
int ui_prompt_key(struct ui *ui, int key);
int search_start(struct ui *ui, enum prompt_kind kind);
int search_step(struct ui *ui, int backward);
/* tui/pane_action.c: actions a pane implements (view_ops.command). */
int pane_action(struct ui *ui, int action, const char *text);

/* tui/help.c */
struct frame *help_frame(const struct keymap *km, const struct mt_opts *opts);
int help_frame_is(const struct frame *f);

/* tui/loading.c: open files on threads, the screen showing progress;
 * returns how many keys were typed meanwhile (stored in typed), or -1
 * when q asked to quit before the files were open. */
int tui_load(struct screen *scr, struct mt_artifact *docs, int n,
	     const char *const *files, const struct mt_open_opts *open, int *typed, int max);

/* tui/rowview.c: the selected row in full, wrapped to width. */
struct frame *rowview_frame(struct frame *from, size_t row, int width,
			    const struct mt_opts *opts);

/* tui/loop.c */
int ui_loop(struct ui *ui);

#endif
