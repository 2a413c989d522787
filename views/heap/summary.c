/* views/heap/summary.c: DevTools' Summary of a snapshot: one row per
 * class with ×count, distance, shallow and retained size (bytes and share
 * of the total), largest retained size first, any column sorted with s.
 * With two snapshots open, a keeps only the objects allocated between them
 * (ids above the base's largest). Enter lists a class's objects.
 * `--print summary` (or its older name `classes`) prints these rows. */
#include "views/heap/ui.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct agg { uint64_t count, self, retained; int32_t distance; };

struct summary {
	struct mt_artifact *doc; /* borrowed: v->doc */
	struct mt_heap *h;      /* borrowed from v->doc */
	struct agg *agg;        /* owned: per class */
	unsigned char *twin;    /* owned: per class, a shown row of the same name */
	uint32_t *rows;         /* owned: class indexes shown, in order */
	size_t n;
	int between;            /* only objects allocated between the snapshots */
	uint64_t total;         /* the root's retained size */
	int sort_col, sort_desc;
	struct strbuf ban;      /* owned */
	struct strbuf tmp;      /* owned: a row's label */
};

static const struct view_col cols[] = {
	{ "Constructor", 0, 0 },
	{ "Count", 8, 1 },
	{ "Dist", 4, 1 },
	{ "Shallow", 10, 1 },
	{ "%", 6, 1 },
	{ "Retained", 11, 1 },
	{ "%", 6, 1 },
};

/* Whether an instance above node in the dominator tree is of the same
 * class and counted too (DevTools counts only the outermost). */
static int nested(const struct mt_heap *h, uint32_t node, uint32_t cls, uint64_t floor,
		  uint64_t ceil)
{
	uint32_t v = node;

	for (uint32_t steps = 0; v != h->root && steps < h->node_count; steps++) {
		v = h->dominator[v];
		if (h->classes->of[v] == cls && mt_heap_self(h, v) > 0 && mt_heap_id(h, v) > floor &&
		    mt_heap_id(h, v) <= ceil)
			return 1;
	}
	return 0;
}

static void aggregate(struct summary *s)
{
	const struct mt_heap *h = s->h;
	const struct mt_heap_classes *cs = h->classes;
	struct mt_artifact *base = s->between ? heapui_base_of(s->doc) : NULL;
	uint64_t floor = base ? heapui_max_id(base) : 0, ceil = base ? heapui_max_id(s->doc) : 0;

	free(s->agg);
	free(s->rows);
	s->agg = xcalloc(cs->n + 1, sizeof *s->agg);
	s->rows = xmalloc((cs->n + 1) * sizeof *s->rows);
	s->n = 0;
	if (!base) {
		uint32_t *vis;
		size_t n = mt_heap_classes_visible(cs, &vis);
		for (size_t i = 0; i < n; i++) {
			const struct mt_heap_class *c = &cs->v[vis[i]];
			s->agg[vis[i]] = (struct agg){ c->count, c->self, c->retained, c->distance };
			s->rows[s->n++] = vis[i];
		}
		free(vis);
		return;
	}
	for (uint32_t i = 0; i < h->node_count; i++) {
		uint32_t c = cs->of[i];
		struct agg *a = &s->agg[c];
		if (mt_heap_self(h, i) == 0 || mt_heap_id(h, i) <= floor || mt_heap_id(h, i) > ceil ||
		    c >= cs->n)
			continue;
		if (a->count == 0) {
			a->distance = h->distance[i];
			s->rows[s->n++] = c;
		}
		a->count++;
		a->self += mt_heap_self(h, i);
		if (h->distance[i] < a->distance)
			a->distance = h->distance[i];
		if (!nested(h, i, c, floor, ceil))
			a->retained += mt_heap_retained(h, i);
	}
}

static int64_t key(const struct summary *s, uint32_t c, int col)
{
	const struct agg *a = &s->agg[c];

	switch (col) {
	case 1: return (int64_t)a->count;
	case 2: return a->distance;
	case 3: case 4: return (int64_t)a->self;
	default: return (int64_t)a->retained;
	}
}

static int by_column(const void *x, const void *y, void *arg)
{
	const struct summary *s = arg;
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	const char *na = s->h->classes->v[a].name, *nb = s->h->classes->v[b].name;
	int col = s->sort_col < 0 ? 5 : s->sort_col, desc = s->sort_col < 0 || s->sort_desc;
	int r = 0;

	if (col == 0)
		r = strcmp(na, nb);
	else if (key(s, a, col) != key(s, b, col))
		r = key(s, a, col) < key(s, b, col) ? -1 : 1;
	if (desc)
		r = -r;
	if (!r)
		r = strcmp(na, nb);
	return r ? r : strcmp(s->h->classes->v[a].key, s->h->classes->v[b].key);
}

/* Rows that share their name (two constructors of one name in two
 * places) show where each is from. */
static void find_twins(struct summary *s)
{
	const struct mt_heap_classes *cs = s->h->classes;
	const char **names = xmalloc((s->n ? s->n : 1) * sizeof *names);
	unsigned char *tw = xmalloc(s->n ? s->n : 1);

	free(s->twin);
	s->twin = xcalloc(cs->n + 1, 1);
	for (size_t i = 0; i < s->n; i++)
		names[i] = cs->v[s->rows[i]].name;
	heap_twins(names, s->n, tw);
	for (size_t i = 0; i < s->n; i++)
		s->twin[s->rows[i]] = tw[i];
	free(names);
	free(tw);
}

/* Class c's row label (heap_class_label), in s->tmp until the next. */
static const char *label(struct summary *s, uint32_t c)
{
	strbuf_reset(&s->tmp);
	heap_class_label(s->h, s->h->classes->v[c].name, s->h->classes->v[c].key, s->twin[c],
			 &s->tmp);
	return strbuf_str(&s->tmp);
}

static void arrange(struct summary *s)
{
	aggregate(s);
	find_twins(s);
	qsort_r(s->rows, s->n, sizeof *s->rows, by_column, s);
}

static int summary_open(struct view *v, struct mt_error *err)
{
	struct summary *s = xcalloc(1, sizeof *s);

	(void)err;
	s->doc = v->doc;
	s->h = heap_of(v->doc);
	s->total = mt_heap_retained(s->h, s->h->root);
	s->sort_col = -1;
	arrange(s);
	if (v->opts && v->opts->limit > 0 && (size_t)v->opts->limit < s->n)
		s->n = (size_t)v->opts->limit;  /* --limit: the largest only */
	v->priv = s;
	return 0;
}

static void summary_close(struct view *v)
{
	struct summary *s = v->priv;

	if (!s)
		return;
	free(s->agg);
	free(s->rows);
	free(s->twin);
	strbuf_free(&s->ban);
	strbuf_free(&s->tmp);
	free(s);
	v->priv = NULL;
}

static size_t summary_count(struct view *v)
{
	return ((struct summary *)v->priv)->n;
}

static void summary_row(struct view *v, size_t i, struct view_row *row)
{
	struct summary *s = v->priv;
	uint32_t c = s->rows[i];
	const struct agg *a = &s->agg[c];
	char buf[32];

	row->fold = VF_CLOSED;
	view_cell(v, row, 0, "%s", label(s, c));
	view_cell(v, row, 1, "×%s", fmt_count(a->count, buf, sizeof buf));
	view_cell(v, row, 2, "%s", heap_distance_text(a->distance, buf, sizeof buf));
	view_cell(v, row, 3, "%s", fmt_count(a->self, buf, sizeof buf));
	view_cell(v, row, 4, "%s", heapui_percent(a->self, s->total, buf, sizeof buf));
	view_cell(v, row, 5, "%s", fmt_count(a->retained, buf, sizeof buf));
	view_cell(v, row, 6, "%s", heapui_percent(a->retained, s->total, buf, sizeof buf));
	row->bar_col = 6;
	row->bar = s->total ? (double)a->retained / (double)s->total : 0;
}

static int summary_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct summary *s = v->priv;

	nav->ops = &view_instances_ops;
	nav->doc = v->doc;
	nav->arg = (int64_t)s->rows[i] | (s->between ? HU_BETWEEN : 0);
	nav->title = label(s, s->rows[i]);  /* the frame copies it at once */
	return VA_NAVIGATE;
}

static int summary_sort(struct view *v, int col, int desc)
{
	struct summary *s = v->priv;

	s->sort_col = col;
	s->sort_desc = desc;
	qsort_r(s->rows, s->n, sizeof *s->rows, by_column, s);
	return 0;
}

static int summary_command(struct view *v, size_t i, const char *name, const char *text,
			   struct view_nav *nav)
{
	struct summary *s = v->priv;

	(void)i;
	if (strcmp(name, "toggle-between") == 0) {
		s->between = !s->between;
		arrange(s);
		return VA_REDRAW;
	}
	if (strcmp(name, "jump-id") == 0)
		return heapui_jump(v->doc, text, nav);
	return -1;
}

static const char *summary_banner(struct view *v)
{
	struct summary *s = v->priv;
	char buf[32];

	if (!s->between)
		return NULL;
	strbuf_reset(&s->ban);
	if (heapui_base_of(s->doc))
		strbuf_printf(&s->ban, "objects allocated between the snapshots (ids above %s)  ·  "
			      "a shows all", fmt_count(heapui_max_id(heapui_base_of(s->doc)), buf,
						       sizeof buf));
	else
		strbuf_puts(&s->ban, "no earlier snapshot to compare with: this is the base "
			    "(or one snapshot)  ·  a shows all");
	return strbuf_str(&s->ban);
}

static void summary_search_text(struct view *v, size_t i, struct strbuf *out)
{
	struct summary *s = v->priv;

	strbuf_puts(out, s->h->classes->v[s->rows[i]].name);
}

static cJSON *summary_json(struct view *v)
{
	struct summary *s = v->priv;
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < s->n; i++) {
		const struct agg *a = &s->agg[s->rows[i]];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", s->h->classes->v[s->rows[i]].name);
		cJSON_AddStringToObject(o, "key", s->h->classes->v[s->rows[i]].key);
		cJSON_AddNumberToObject(o, "index", s->rows[i]);  /* --print instances --id */
		strbuf_reset(&s->tmp);
		if (heap_class_source(s->h, s->h->classes->v[s->rows[i]].key, 0, &s->tmp))
			cJSON_AddStringToObject(o, "source", strbuf_str(&s->tmp));
		cJSON_AddNumberToObject(o, "count", (double)a->count);
		cJSON_AddNumberToObject(o, "distance", a->distance);
		cJSON_AddNumberToObject(o, "self_size", (double)a->self);
		cJSON_AddNumberToObject(o, "retained_size", (double)a->retained);
		cJSON_AddNumberToObject(o, "total_size", (double)s->total);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

const struct view_ops view_summary_ops = {
	.name = "summary",
	.alias = "classes",
	.title = "Summary",
	.kind = MT_KIND_SNAPSHOT,
	VIEW_COLS(cols),
	.open = summary_open,
	.close = summary_close,
	.count = summary_count,
	.row = summary_row,
	.enter = summary_enter,
	.json = summary_json,
	.banner = summary_banner,
	.sort = summary_sort,
	.search_text = summary_search_text,
	.command = summary_command,
};
