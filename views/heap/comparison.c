/* views/heap/comparison.c: the Comparison pane of two snapshots, first
 * when two are open: DevTools' columns, largest # Delta first (at equal
 * delta, the class whose new objects retain the most: the one that holds
 * the others). Internal classes ("(string)", "(array)", "system / ...")
 * grow with every leak, so they are folded into one (internal) row unless
 * i (or --show-internal) lists them as DevTools does. X swaps base and
 * target. Held by names what holds most of a class's new objects
 * (core/heap/growth.h); Enter lists every holder, and a holder's
 * objects. `--print comparison` (or compare) prints these rows, DevTools'
 * whole table with --show-internal;
 * two snapshots that cannot come from one process are compared all the
 * same, with a warning in the banner (and on stderr when printed). */
#include "views/heap/ui.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define INTERNAL SIZE_MAX   /* the (internal) row */

struct comparison {
	struct mt_artifact *base, *target; /* borrowed: v->doc and v->other, maybe swapped */
	const struct mt_heap_diff *d;      /* borrowed from heapui_diff's cache */
	const struct mt_heap_growth *g;    /* borrowed from heapui_growth's cache */
	uint64_t *held;          /* owned: per diff row, retained size of its new objects */
	unsigned char *twin;     /* owned: per diff row, another row has its name */
	size_t *rows;            /* owned: diff rows in display order, INTERNAL for the fold */
	size_t n;
	size_t ninternal;        /* internal classes */
	struct mt_heap_diff_row sum; /* the (internal) row's totals */
	int swapped, show_internal, open_internal;
	int bi, ti;              /* a series: base and target, indexes in it */
	int sort_col, sort_desc; /* -1: # Delta, then what the new objects hold */
	struct strbuf ban;       /* owned: the banner's text */
	struct strbuf tmp;       /* owned: scratch for a row's cells */
};

static const struct view_col cols[] = {
	{ "Class", 0, 0 },
	{ "# New", 9, 1 },
	{ "# Deleted", 9, 1 },
	{ "# Delta", 9, 1 },
	{ "Alloc. Size", 12, 1 },
	{ "Freed Size", 12, 1 },
	{ "Size Delta", 12, 1 },
	{ .title = "Held by", .width = 30 },
};

static int is_internal(const char *name)
{
	return name[0] == '(' || strncmp(name, "system / ", 9) == 0;
}

static int64_t column(const struct comparison *c, size_t i, int col)
{
	const struct mt_heap_diff_row *r = &c->d->rows[i];

	switch (col) {
	case 1: return (int64_t)r->added;
	case 2: return (int64_t)r->removed;
	case 4: return (int64_t)r->added_size;
	case 5: return (int64_t)r->removed_size;
	case 6: return (int64_t)r->added_size - (int64_t)r->removed_size;
	default: return (int64_t)r->added - (int64_t)r->removed;
	}
}

static int by_column(const void *a, const void *b, void *arg)
{
	const struct comparison *c = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int col = c->sort_col < 0 ? 3 : c->sort_col, desc = c->sort_col < 0 || c->sort_desc;
	int r = 0;

	if (col == 0)
		r = strcmp(c->d->rows[x].name, c->d->rows[y].name);
	else if (column(c, x, col) != column(c, y, col))
		r = column(c, x, col) < column(c, y, col) ? -1 : 1;
	if (desc)
		r = -r;
	if (r == 0 && c->sort_col < 0 && c->held[x] != c->held[y])
		r = c->held[x] > c->held[y] ? -1 : 1;
	return r ? r : strcmp(c->d->rows[x].name, c->d->rows[y].name);
}

static void add_to_sum(struct mt_heap_diff_row *s, const struct mt_heap_diff_row *r)
{
	s->added += r->added;
	s->removed += r->removed;
	s->added_size += r->added_size;
	s->removed_size += r->removed_size;
}

/* The rows in display order: user classes sorted, then the fold. */
static void arrange(struct comparison *c)
{
	size_t *all = xmalloc((c->d->n + 1) * sizeof *all), nall = 0;

	free(c->rows);
	c->rows = xmalloc((c->d->n + 1) * sizeof *c->rows);
	c->n = c->ninternal = 0;
	memset(&c->sum, 0, sizeof c->sum);
	for (size_t i = 0; i < c->d->n; i++)
		all[nall++] = i;
	qsort_r(all, nall, sizeof *all, by_column, c);
	for (size_t i = 0; i < nall; i++)
		if (c->show_internal || !is_internal(c->d->rows[all[i]].name))
			c->rows[c->n++] = all[i];
	if (!c->show_internal) {
		size_t at = c->n;
		for (size_t i = 0; i < nall; i++)
			if (is_internal(c->d->rows[all[i]].name)) {
				add_to_sum(&c->sum, &c->d->rows[all[i]]);
				all[c->ninternal++] = all[i];
			}
		if (c->ninternal) {
			c->rows = xreallocarray(c->rows, at + 1 + c->ninternal, sizeof *c->rows);
			c->rows[c->n++] = INTERNAL;
			if (c->open_internal)
				for (size_t i = 0; i < c->ninternal; i++)
					c->rows[c->n++] = all[i];
		}
	}
	free(all);
}

/* Rows that share their name (two constructors of one name in two
 * places) show where each is from. */
static void find_twins(struct comparison *c)
{
	const char **names = xmalloc((c->d->n ? c->d->n : 1) * sizeof *names);

	free(c->twin);
	c->twin = xmalloc(c->d->n ? c->d->n : 1);
	for (size_t i = 0; i < c->d->n; i++)
		names[i] = c->d->rows[i].name;
	heap_twins(names, c->d->n, c->twin);
	free(names);
}

static void compute(struct comparison *c, struct view *v)
{
	const struct mt_heap *t;

	if (v->doc->series) {
		c->base = &v->doc->series[c->bi];
		c->target = &v->doc->series[c->ti];
	} else {
		c->base = c->swapped ? v->other : v->doc;
		c->target = c->swapped ? v->doc : v->other;
	}
	c->d = heapui_diff(c->base, c->target);
	c->g = heapui_growth(c->base, c->target);
	heapui_pair_set(c->base, c->target);
	t = heap_of(c->target);
	free(c->held);
	c->held = xcalloc(c->d->n + 1, sizeof *c->held);
	for (size_t i = 0; i < c->d->n; i++)
		for (uint64_t k = 0; k < c->d->rows[i].added; k++)
			c->held[i] += mt_heap_retained(t, c->d->rows[i].new_nodes[k]);
	find_twins(c);
	arrange(c);
}

static int comparison_open(struct view *v, struct mt_error *err)
{
	struct comparison *c;

	if (!heap_of(v->doc) || !heap_of(v->other)) {
		mt_error_set(err, "the comparison needs two heap snapshots");
		return -1;
	}
	c = xcalloc(1, sizeof *c);
	c->show_internal = v->opts && v->opts->show_internal;
	c->sort_col = -1;
	c->ti = v->doc->series ? v->doc->nseries - 1 : 1;
	compute(c, v);
	v->priv = c;
	if (v->opts && v->opts->batch && !c->d->same_process)  /* and in the banner */
		fprintf(stderr, "mortem: warning: %s and %s cannot come from one process (%llu "
			"objects keep their id and class, %llu JavaScript objects' ids name "
			"objects of another type): the comparison by id is meaningless\n",
			v->doc->path, v->other->path, (unsigned long long)c->d->unchanged,
			(unsigned long long)c->d->moved_other_type);
	return 0;
}

static void comparison_close(struct view *v)
{
	struct comparison *c = v->priv;

	if (!c)
		return;
	free(c->rows);
	free(c->held);
	free(c->twin);
	strbuf_free(&c->ban);
	strbuf_free(&c->tmp);
	free(c);
	v->priv = NULL;
}

static size_t comparison_count(struct view *v)
{
	size_t n = ((struct comparison *)v->priv)->n;

	if (v->opts && v->opts->limit > 0 && (size_t)v->opts->limit < n)
		n = (size_t)v->opts->limit;  /* --limit: the largest deltas only */
	return n;
}

/* What holds the most of a row's new objects, with its share when it is
 * not all of them: "Visit.meta (99.9 %)". */
static void held_by_text(const struct comparison *c, size_t r, struct strbuf *out)
{
	const struct mt_heap_held *hd = c->g && r < c->g->nrows ? &c->g->held[r] : NULL;

	if (!hd || !hd->n)
		return;
	strbuf_puts(out, hd->v[0].path);
	if (hd->v[0].n < hd->total)
		strbuf_printf(out, " (%.1f %%)", 100.0 * (double)hd->v[0].n / (double)hd->total);
}

static void held_by_cell(struct view *v, struct comparison *c, size_t r, struct view_row *row)
{
	strbuf_reset(&c->tmp);
	held_by_text(c, r, &c->tmp);
	view_cell(v, row, 7, "%s", strbuf_str(&c->tmp));
}

static void comparison_row(struct view *v, size_t i, struct view_row *row)
{
	struct comparison *c = v->priv;
	const struct mt_heap_diff_row *r;

	if (c->rows[i] == INTERNAL) {
		r = &c->sum;
		row->fold = c->open_internal ? VF_OPEN : VF_CLOSED;
		view_cell(v, row, 0, "(internal) ×%zu classes", c->ninternal);
	} else {
		r = &c->d->rows[c->rows[i]];
		row->depth = !c->show_internal && is_internal(r->name);
		strbuf_reset(&c->tmp);
		heap_class_label(heap_of(r->base_only ? c->base : c->target), r->name, r->key,
				 c->twin[c->rows[i]], &c->tmp);
		view_cell(v, row, 0, "%s", strbuf_str(&c->tmp));
		held_by_cell(v, c, c->rows[i], row);
	}
	heap_diff_row_cells(v, r, row);
}

static int comparison_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct comparison *c = v->priv;

	if (c->rows[i] == INTERNAL) {
		c->open_internal = !c->open_internal;
		arrange(c);
		return VA_REDRAW;
	}
	nav->ops = &view_holders_ops;
	nav->doc = v->doc;
	nav->arg = (int64_t)c->rows[i] | HU_DIFF |
		   (v->doc->series ? heapui_pair_arg(c->bi, c->ti) : c->swapped ? HU_SWAPPED : 0);
	nav->title = c->d->rows[c->rows[i]].name;
	return VA_NAVIGATE;
}

static int comparison_sort(struct view *v, int col, int desc)
{
	struct comparison *c = v->priv;

	c->sort_col = col;
	c->sort_desc = desc;
	arrange(c);
	return 0;
}

/* A series: move the base or the target one snapshot, never onto the
 * other one. */
static int move_pair(struct comparison *c, struct view *v, int *which, int other, int by)
{
	int to = *which + by;

	if (to == other)
		to += by;
	if (to < 0 || to >= v->doc->nseries)
		return VA_NONE;
	*which = to;
	compute(c, v);
	return VA_REDRAW;
}

static int comparison_command(struct view *v, size_t i, const char *name, const char *text,
			      struct view_nav *nav)
{
	struct comparison *c = v->priv;

	(void)i;
	if (strcmp(name, "toggle-internal") == 0) {
		c->show_internal = !c->show_internal;
		arrange(c);
		return VA_REDRAW;
	}
	if (strcmp(name, "swap-snapshots") == 0) {
		int t = c->bi;
		c->swapped = !c->swapped;
		c->bi = c->ti;
		c->ti = t;
		compute(c, v);
		return VA_REDRAW;
	}
	if (v->doc->series && strncmp(name, "base-", 5) == 0)
		return move_pair(c, v, &c->bi, c->ti, strcmp(name, "base-next") == 0 ? 1 : -1);
	if (v->doc->series && strncmp(name, "target-", 7) == 0)
		return move_pair(c, v, &c->ti, c->bi, strcmp(name, "target-next") == 0 ? 1 : -1);
	if (strcmp(name, "jump-id") == 0)
		return heapui_jump(c->target, text, nav);
	return -1;
}

static const char *comparison_banner(struct view *v)
{
	struct comparison *c = v->priv;

	strbuf_reset(&c->ban);
	if (c->d->by_class)
		strbuf_puts(&c->ban, "a core has no object ids: compared by class only (# New: "
			    "all of the target's, # Deleted: all of the base's)  ·  ");
	else if (!c->d->same_process)
		strbuf_printf(&c->ban, "WARNING: these snapshots cannot come from one process "
			      "(%llu objects keep their id and class): the comparison by id is "
			      "meaningless  ·  ", (unsigned long long)c->d->unchanged);
	int ui = !(v->opts && v->opts->batch);  /* key hints only where keys work */
	if (c->show_internal)
		strbuf_printf(&c->ban, "all classes, as DevTools lists them%s",
			      ui ? " (i folds internal ones)" : "");
	else
		strbuf_printf(&c->ban, "internal classes folded into (internal) (%s lists them)",
			      ui ? "i" : "--show-internal");
	if (v->doc->series)
		strbuf_printf(&c->ban, "  ·  base #%d %s → target #%d %s%s", c->bi + 1,
			      c->base->path, c->ti + 1, c->target->path,
			      ui ? " ([ ] base, { } target, X swaps)" : "");
	else
		strbuf_printf(&c->ban, "  ·  base %s → target %s%s", c->base->path,
			      c->target->path, ui ? " (X swaps)" : "");
	return strbuf_str(&c->ban);
}

static void comparison_search_text(struct view *v, size_t i, struct strbuf *out)
{
	struct comparison *c = v->priv;

	strbuf_puts(out, c->rows[i] == INTERNAL ? "(internal)" : c->d->rows[c->rows[i]].name);
}

/* DevTools' whole table, as doc/heap.md documents it: every class, none
 * folded, in the pane's order (--limit rows). */
static cJSON *comparison_json(struct view *v)
{
	struct comparison *c = v->priv;
	cJSON *arr = cJSON_CreateArray();
	size_t n = c->d->n, lim = v->opts && v->opts->limit > 0 ? (size_t)v->opts->limit : n;
	size_t *all = xmalloc((n ? n : 1) * sizeof *all);

	for (size_t i = 0; i < n; i++)
		all[i] = i;
	qsort_r(all, n, sizeof *all, by_column, c);
	for (size_t i = 0; i < n && i < lim; i++) {
		const struct mt_heap_diff_row *r = &c->d->rows[all[i]];
		cJSON *o = heap_diff_row_json(r, r->name, r->key);
		const struct mt_heap_held *hd = &c->g->held[all[i]];
		if (hd->n) {
			cJSON_AddStringToObject(o, "held_by", hd->v[0].path);
			cJSON_AddNumberToObject(o, "held_by_new", (double)hd->v[0].n);
		}
		cJSON_AddItemToArray(arr, o);
	}
	free(all);
	return arr;
}

const struct view_ops view_comparison_ops = {
	.name = "comparison",
	.alias = "compare",
	.title = "Comparison",
	.kind = MT_KIND_SNAPSHOT,
	.two = 1,
	VIEW_COLS(cols),
	.open = comparison_open,
	.close = comparison_close,
	.count = comparison_count,
	.row = comparison_row,
	.enter = comparison_enter,
	.json = comparison_json,
	.banner = comparison_banner,
	.sort = comparison_sort,
	.search_text = comparison_search_text,
	.command = comparison_command,
};
