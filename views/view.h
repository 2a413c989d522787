/* views/view.h: the pane contract.
 *
 * A view turns one core model into rows of cells. The same rows feed the
 * curses UI (only the visible ones are asked for), the headless renderer and
 * `--print PANE --format text`; `json` feeds `--format json`. Views never
 * touch the terminal, never exit, and never include curses.
 *
 * Adding a pane: one file in views/ defining `const struct view_ops
 * view_<id>_ops`, and one VIEW(<id>) line in the .def list of its kind.
 */
#ifndef MORTEM_VIEWS_VIEW_H
#define MORTEM_VIEWS_VIEW_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "core/artifact.h"
#include "core/strbuf.h"

#define VIEW_MAX_COLS 12

enum view_style {
	VS_NORMAL = 0,
	VS_HEADER,    /* a section heading inside a pane */
	VS_DIM,       /* secondary: flags, inactive handles, unchanged lines */
	VS_INFO,      /* severity colours for findings */
	VS_WARN,
	VS_CRIT,
	VS_ADDED,     /* diff: present only in the second artifact / grew */
	VS_REMOVED,   /* diff: present only in the first artifact / shrank */
	VS_SELECTED_HINT, /* a row the view wants to draw attention to */
};

/* A column is as wide as its widest cell on screen (views/columns.c): a
 * right-aligned one (a number) is never cut; when the row does not fit,
 * the widest text columns are cut first, a text column not below its
 * width, and what is still too wide scrolls sideways. */
struct view_col {
	const char *title;  /* heading; also the key of generic JSON rows */
	int width;          /* text: the least it is cut to (what the row exists
			       for stays whole, the rest scrolls sideways);
			       0: free text, that takes the rest of the line
			       (shared when several do); meter: its width */
	int right;          /* right-aligned (numbers) */
};

/* A bit of view_ops.meters: column c is a meter bar, [|||||     73%], its
 * cell the label and row->bar the fill (views/columns.c). */
#define VIEW_METER(c) (1u << (c))

enum view_fold { VF_LEAF = 0, VF_CLOSED, VF_OPEN };

struct view_row {
	int depth;                 /* tree indentation level of the first cell */
	enum view_fold fold;
	enum view_style style;
	int bar_col;               /* cell drawn with a bar behind it, -1 none;
				      a meter column's bar is always its own */
	double bar;                /* bar fill, 0.0 to 1.0 */
	const char *cell[VIEW_MAX_COLS]; /* borrowed until the next row() call;
					    NULL reads as "" */
};

/* Options every view may read; set by the command line. */
struct mt_opts {
	int redact;             /* 1 unless --no-redact */
	int raw;                /* --raw: snapshots without re-attribution */
	int show_internal;      /* comparison: internal classes unfolded */
	int64_t id;             /* --id N (snapshot node id), -1 when unset */
	const char *class_name; /* --class NAME (instances), NULL when unset;
				   borrowed from argv */
	int thread;             /* --thread N, -1 for the crashing thread */
	int all_threads;        /* --all-threads */
	int limit;              /* bound on listed paths and rows, 0 default */
	int fail_on;            /* enum mt_severity, 0 when unset */
	int batch;              /* --print: refuse what the UI only warns about */
};

struct view;

/* Where Enter leads: a new view of `ops` over `doc` (NULL: the same doc)
 * with `arg` (an object id, a thread index, a worker index...). With ops
 * NULL and doc set, doc opens as its own set of panes (a worker's nested
 * report): the tabs then show doc until Backspace goes back. */
struct view_nav {
	const struct view_ops *ops;
	struct mt_artifact *doc;   /* borrowed; owned by the parent view's priv */
	int64_t arg;
	const char *title;         /* borrowed; for the breadcrumb, may be NULL */
	/* What must be loaded before the navigation (a worker's heap, into
	 * doc), or NULL: the UI runs it on a thread while it says "Loading
	 * TITLE" with the load's progress. Returns 0, or -1 with doc->err
	 * set, and the navigation does not happen. */
	int (*load)(void *arg, mt_progress_fn progress, void *ctx);
	void *load_arg;            /* borrowed: the parent view */
};

enum view_act {
	VA_NONE = 0,
	VA_REDRAW = 1,   /* rows changed (a fold opened or closed) */
	VA_NAVIGATE = 2, /* *nav was filled: open it on top of this view */
};

/* .cols and .ncols of a view_ops from a static array of columns. */
#define VIEW_COLS(array) .cols = (array), .ncols = (int)(sizeof (array) / sizeof (array)[0])

struct view_ops {
	const char *name;         /* "handles": --print name and pane id */
	const char *alias;        /* an older --print name kept working, or NULL */
	const char *title;        /* "Handles": tab label */
	enum mt_kind kind;        /* the artifact kind it shows */
	int two;                  /* needs two artifacts (diff, compare) */
	int hidden;               /* reached only by Enter, not a tab */
	int slow;                 /* open may take seconds (it loads a core's JS
				     heap): the UI opens it on a thread and shows
				     the load's progress from v->doc->progress */
	const struct view_col *cols;
	int ncols;
	unsigned meters;          /* VIEW_METER(c) bits: meter bar columns */
	/* Build private state from v->doc (and v->other). Optional. */
	int (*open)(struct view *v, struct mt_error *err);
	void (*close)(struct view *v);           /* free v->priv; optional */
	size_t (*count)(struct view *v);
	void (*row)(struct view *v, size_t i, struct view_row *row);
	/* Enter on row i; returns enum view_act bits. Optional. */
	int (*enter)(struct view *v, size_t i, struct view_nav *nav);
	/* The whole pane as JSON for --format json; the caller frees it.
	 * Optional: without it, rows become objects keyed by column titles. */
	cJSON *(*json)(struct view *v);
	/* A one-line note drawn above the rows (a warning, a summary). Optional. */
	const char *(*banner)(struct view *v);
	/* Sort the rows by column col, descending when desc; the UI re-reads
	 * the rows after. Returns 0, or -1 when col does not sort. Optional:
	 * without it the pane keeps its own order. */
	int (*sort)(struct view *v, int col, int desc);
	/* A detail pane under the list for row i (the retainers of the object
	 * on row i): fill *nav and return VA_NAVIGATE, or VA_NONE for none.
	 * Called when the selection settles on a row. Optional. */
	int (*detail)(struct view *v, size_t i, struct view_nav *nav);
	/* The text that `/` search and the filter match for row i, appended
	 * to out. Optional: the row's cells joined by two spaces. */
	void (*search_text)(struct view *v, size_t i, struct strbuf *out);
	/* A pane's own action, by its name in tui/actions.def
	 * ("toggle-internal"): i is the selected row (SIZE_MAX when the pane
	 * is empty), text what the action's prompt read (NULL without one).
	 * Returns enum view_act bits, or -1 when the pane has no such action.
	 * Optional. */
	int (*command)(struct view *v, size_t i, const char *name, const char *text,
		       struct view_nav *nav);
};

struct view {
	const struct view_ops *ops;   /* borrowed static table */
	struct mt_artifact *doc;      /* borrowed: the artifact shown */
	struct mt_artifact *other;    /* borrowed: second artifact for two-pane views */
	const struct mt_opts *opts;   /* borrowed for the view's life */
	int64_t arg;                  /* from view_nav, or -1 */
	void *priv;                   /* owned by ops (freed in close) */
	struct strbuf scratch[VIEW_MAX_COLS]; /* owned: cell text of the current row */
};

/* Format cell col of row into the view's scratch space. */
void view_cell(struct view *v, struct view_row *row, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Start a row: clears cells and scratch, depth 0, bar_col -1. */
void view_row_begin(struct view *v, struct view_row *row);

/* Open ops on doc (and other); returns NULL with err set on failure.
 * The result is freed with view_free. */
struct view *view_new(const struct view_ops *ops, struct mt_artifact *doc,
		      struct mt_artifact *other, const struct mt_opts *opts,
		      int64_t arg, struct mt_error *err);
void view_free(struct view **v);

/* The registry (views/registry.c): every view, in tab order per kind. */
const struct view_ops *view_find(enum mt_kind kind, const char *name, int two);
/* The i-th tab of a kind (two: whether two artifacts are open); NULL past the end. */
const struct view_ops *view_tab(enum mt_kind kind, int two, size_t i);
/* Human list of pane names for a kind, for usage errors. */
void view_names(enum mt_kind kind, struct strbuf *out);

/* Where the columns go (views/columns.c), for the UI and --print alike.
 * need[c] is the widest cell of column c among the rows shown (and its
 * title, view_title_need); avail the width of the pane, 0 for --print
 * (no limit; a long text column is capped and its long cells shift only
 * their own line). */
struct view_layout {
	int x[VIEW_MAX_COLS];   /* where column c starts in the row */
	int w[VIEW_MAX_COLS];   /* its width */
	int width;              /* the row: more than avail when it does not fit */
	int natural;            /* the row with no cell cut */
};
void view_layout(const struct view_ops *ops, const int *need, int avail,
		 struct view_layout *out);
/* What column c's title needs (with room for the sort mark). */
int view_title_need(const struct view_ops *ops, int c);
/* A meter bar as htop draws it, width columns: [|||||||     73%]. */
void view_meter(double fill, const char *label, int width, struct strbuf *out);

/* Batch output (views/print.c). Returns 0, or -1 with err set. */
int view_print_text(struct view *v, FILE *out, struct mt_error *err);
int view_print_json(struct view *v, FILE *out, struct mt_error *err);

/* Helpers shared by views (views/format.c). */
const char *fmt_bytes(uint64_t n, char *buf, size_t size);     /* "12.3 MiB" */
const char *fmt_count(uint64_t n, char *buf, size_t size);     /* "1 234 567" */

#endif
