/* views/heap/objects.c: the objects of one class, a virtual list that
 * stays fast with a million rows. From Summary (arg: class index, maybe
 * only those allocated between the snapshots) or from Comparison (arg: a
 * row, its new objects in the target or, toggled with x, its deleted ones
 * in the base). The retainers of the selected object show below. */
#include "views/heap/ui.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct objects {
	struct mt_artifact *doc;  /* borrowed: the snapshot the objects are in */
	struct mt_heap *h;        /* borrowed: its model */
	uint32_t *nodes;          /* owned: ordinals in display order */
	size_t n;
	char *what;               /* owned: the class, for the banner */
	int deleted;              /* Comparison: the deleted objects */
	int group;                /* Comparison: the new objects one holder holds */
	struct strbuf tmp;        /* owned scratch */
};

static const struct view_col cols[] = {
	{ "Object", 0, 0 },
	{ "Distance", 9, 1 },
	{ "Self size", 12, 1 },
	{ "Retained size", 14, 1 },
};

static void from_class(struct view *v, struct objects *o)
{
	const struct mt_heap_classes *cs = o->h->classes;
	uint32_t cls = (uint32_t)(v->arg & HU_INDEX_MASK);
	struct mt_artifact *base = (v->arg & HU_BETWEEN) ? heapui_base_of(o->doc) : NULL;
	uint64_t floor = base ? heapui_max_id(base) : 0, ceil = base ? heapui_max_id(o->doc) : UINT64_MAX;
	size_t cap = cls < cs->n ? cs->v[cls].count + 1 : 1;

	o->nodes = xmalloc(cap * sizeof *o->nodes);
	if (cls >= cs->n)
		return;
	o->what = xstrdup(cs->v[cls].name);
	for (uint32_t i = 0; i < o->h->node_count && o->n < cap; i++)
		if (cs->of[i] == cls && mt_heap_self(o->h, i) > 0 && mt_heap_id(o->h, i) > floor &&
		    mt_heap_id(o->h, i) <= ceil)
			o->nodes[o->n++] = i;
}

/* One group of a Comparison row's holders: the objects it holds. */
static void from_group(struct view *v, struct objects *o, const struct mt_heap_growth *g,
		       size_t row)
{
	size_t at = (size_t)(v->arg >> HU_GROUP_SHIFT & HU_GROUP_MASK);
	const struct mt_heap_holder *k;

	if (!g || row >= g->nrows || at >= g->held[row].n) {
		o->nodes = xmalloc(sizeof *o->nodes);
		return;
	}
	k = &g->held[row].v[at];
	o->n = k->n;
	o->nodes = xmalloc((o->n ? o->n : 1) * sizeof *o->nodes);
	memcpy(o->nodes, k->nodes, o->n * sizeof *o->nodes);
	o->what = xstrdup(k->path);
	o->group = 1;
}

static void from_diff(struct view *v, struct objects *o)
{
	struct mt_artifact *base, *target;
	heapui_pair_of(v, &base, &target);
	const struct mt_heap_diff *d = heapui_diff(base, target);
	size_t row = (size_t)(v->arg & HU_INDEX_MASK);
	const struct mt_heap_diff_row *r;

	o->deleted = (v->arg & HU_DELETED) != 0;
	o->doc = o->deleted ? base : target;
	o->h = heap_of(o->doc);
	if (row >= d->n) {
		o->nodes = xmalloc(sizeof *o->nodes);
		return;
	}
	r = &d->rows[row];
	if ((v->arg & HU_GROUP) && !o->deleted) {
		from_group(v, o, heapui_growth(base, target), row);
		return;
	}
	o->n = o->deleted ? r->removed : r->added;
	o->nodes = xmalloc((o->n ? o->n : 1) * sizeof *o->nodes);
	memcpy(o->nodes, o->deleted ? r->deleted_nodes : r->new_nodes, o->n * sizeof *o->nodes);
	o->what = xstrdup(r->name);
}

/* The index of the class named name (the largest by retained size when
 * several are), or -1. */
static int64_t class_named(const struct mt_heap_classes *cs, const char *name)
{
	int64_t best = -1;

	for (size_t i = 0; cs && i < cs->n; i++)
		if (cs->v[i].count && !cs->v[i].shadowed && strcmp(cs->v[i].name, name) == 0 &&
		    (best < 0 || cs->v[i].retained > cs->v[best].retained))
			best = (int64_t)i;
	return best;
}

static int objects_open(struct view *v, struct mt_error *err)
{
	struct objects *o;

	if (v->arg < 0 && v->opts && v->opts->class_name && heap_of(v->doc)) {
		v->arg = class_named(heap_of(v->doc)->classes, v->opts->class_name);
		if (v->arg < 0) {
			mt_error_set(err, "%s: no class named '%s' (--print classes lists them)",
				     v->doc->path, v->opts->class_name);
			return -1;
		}
	}
	if (v->arg < 0) {
		mt_error_set(err, "%s: the instances pane is opened from Summary or Comparison "
			     "(or with --class NAME, or --id N, a class's index in the snapshot)",
			     v->doc->path);
		return -1;
	}
	o = xcalloc(1, sizeof *o);
	if (v->arg & HU_DIFF) {
		if (!heap_of(v->doc) || !heap_of(v->other)) {
			free(o);
			mt_error_set(err, "the objects of a comparison need two snapshots");
			return -1;
		}
		from_diff(v, o);
	} else {
		o->doc = v->doc;
		o->h = heap_of(v->doc);
		from_class(v, o);
	}
	qsort_r(o->nodes, o->n, sizeof *o->nodes, heap_nodes_by_retained, o->h);
	v->priv = o;
	return 0;
}

static void objects_close(struct view *v)
{
	struct objects *o = v->priv;

	if (!o)
		return;
	free(o->nodes);
	free(o->what);
	strbuf_free(&o->tmp);
	free(o);
	v->priv = NULL;
}

static size_t objects_count(struct view *v)
{
	return ((struct objects *)v->priv)->n;
}

static void objects_row(struct view *v, size_t i, struct view_row *row)
{
	struct objects *o = v->priv;

	strbuf_reset(&o->tmp);
	heapui_label(o->h, o->nodes[i], &o->tmp);
	view_cell(v, row, 0, "%s", strbuf_str(&o->tmp));
	heapui_size_cells(v, row, 1, o->h, o->nodes[i], NULL);
	if (o->deleted)
		row->style = VS_REMOVED;
}

static int objects_detail(struct view *v, size_t i, struct view_nav *nav)
{
	struct objects *o = v->priv;

	nav->ops = &view_rettree_ops;
	nav->doc = o->doc;
	nav->arg = heap_node_arg(o->h, o->nodes[i]);
	return VA_NAVIGATE;
}

/* Enter: from Comparison, the object's retainers in its snapshot; from
 * Summary, what the object holds. */
static int objects_enter(struct view *v, size_t i, struct view_nav *nav)
{
	objects_detail(v, i, nav);
	if (!(v->arg & HU_DIFF))
		nav->ops = &view_edges_ops;
	return VA_NAVIGATE;
}

struct order { const struct mt_heap *h; int col, desc; };

static uint64_t key_of(const struct order *s, uint32_t n)
{
	switch (s->col) {
	case 0: return mt_heap_id(s->h, n);
	case 1: return (uint64_t)(int64_t)s->h->distance[n] + (1ULL << 40);
	case 2: return mt_heap_self(s->h, n);
	default: return mt_heap_retained(s->h, n);
	}
}

static int by_column(const void *a, const void *b, void *arg)
{
	const struct order *s = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t kx = key_of(s, x), ky = key_of(s, y);

	if (kx != ky)
		return (kx < ky) == !s->desc ? -1 : 1;
	return mt_heap_id(s->h, x) < mt_heap_id(s->h, y) ? -1 : mt_heap_id(s->h, x) > mt_heap_id(s->h, y);
}

static int objects_sort(struct view *v, int col, int desc)
{
	struct objects *o = v->priv;
	struct order s = { o->h, col, desc };

	qsort_r(o->nodes, o->n, sizeof *o->nodes, by_column, &s);
	return 0;
}

static int objects_command(struct view *v, size_t i, const char *name, const char *text,
			   struct view_nav *nav)
{
	struct objects *o = v->priv;

	if (strcmp(name, "toggle-deleted") == 0 && (v->arg & HU_DIFF) && !o->group) {
		struct mt_error err = { 0 };
		objects_close(v);
		v->arg ^= HU_DELETED;
		objects_open(v, &err);
		return VA_REDRAW;
	}
	if (strcmp(name, "dominator-chain") == 0 && i < o->n) {
		nav->ops = &view_dominators_ops;
		nav->doc = o->doc;
		nav->arg = heap_node_arg(o->h, o->nodes[i]);
		return VA_NAVIGATE;
	}
	if (strcmp(name, "jump-id") == 0)
		return heapui_jump(o->doc, text, nav);
	return -1;
}

static const char *objects_banner(struct view *v)
{
	struct objects *o = v->priv;
	char buf[32];

	strbuf_reset(&o->tmp);
	strbuf_printf(&o->tmp, "%s: %s ", o->what ? o->what : "?", fmt_count(o->n, buf, sizeof buf));
	if (o->group)
		strbuf_printf(&o->tmp, "new objects held this way, in %s", o->doc->path);
	else if (v->arg & HU_DIFF)
		strbuf_printf(&o->tmp, "%s objects, in %s  ·  x lists the %s ones",
			      o->deleted ? "deleted" : "new", o->doc->path,
			      o->deleted ? "new" : "deleted");
	else
		strbuf_printf(&o->tmp, "%s%s", o->n == 1 ? "object" : "objects",
			      (v->arg & HU_BETWEEN) ? " allocated between the snapshots" : "");
	return strbuf_str(&o->tmp);
}

static void objects_search_text(struct view *v, size_t i, struct strbuf *out)
{
	struct objects *o = v->priv;

	/* a string's text in full (up to HEAP_LABEL_MAX), not the cell's cut */
	heap_node_name(o->h, o->nodes[i], out);
	char ref[32];

	strbuf_printf(out, " %s", heap_ref(o->h, o->nodes[i], ref, sizeof ref));
}

/* The objects as {node}s (heap_node_json: a core's carry their address),
 * largest retained size first; --limit keeps that many. */
static cJSON *objects_json(struct view *v)
{
	struct objects *o = v->priv;
	cJSON *arr = cJSON_CreateArray();
	size_t n = o->n;

	if (v->opts && v->opts->limit > 0 && (size_t)v->opts->limit < n)
		n = (size_t)v->opts->limit;
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, heap_node_json(o->h, o->nodes[i]));
	return arr;
}

const struct view_ops view_instances_ops = {
	.name = "instances",
	.title = "Objects",
	.kind = MT_KIND_SNAPSHOT,
	.hidden = 1,
	VIEW_COLS(cols),
	.open = objects_open,
	.close = objects_close,
	.count = objects_count,
	.row = objects_row,
	.enter = objects_enter,
	.banner = objects_banner,
	.json = objects_json,
	.sort = objects_sort,
	.detail = objects_detail,
	.search_text = objects_search_text,
	.command = objects_command,
};
