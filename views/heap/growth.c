/* views/heap/growth.c: the Growth pane of two snapshots: the roots of the
 * growth (core/heap/growth.h), the groups of growing classes that nothing
 * new of another growing class holds, most bytes held first. Each gives
 * its class, its own new objects, everything new it holds and the path
 * that holds it. Enter lists the root's objects. `--print growth`. */
#include "views/heap/ui.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct growth {
	struct mt_artifact *base, *target; /* borrowed: v->doc and v->other */
	const struct mt_heap_diff *d;      /* borrowed from heapui_diff's cache */
	const struct mt_heap_growth *g;    /* borrowed from heapui_growth's cache */
	struct strbuf ban;                 /* owned: the banner's text */
};

static const struct view_col cols[] = {
	{ .title = "Class" , .width = 16 },
	{ .title = "# New", .width = 9, .right = 1 },
	{ .title = "Holds (objects)", .width = 15, .right = 1 },
	{ .title = "Holds (bytes)", .width = 14, .right = 1 },
	{ .title = "Held by" },
};

static int growth_open(struct view *v, struct mt_error *err)
{
	struct growth *w;

	if (!heap_of(v->doc) || !heap_of(v->other)) {
		mt_error_set(err, "the growth needs two heap snapshots");
		return -1;
	}
	w = xcalloc(1, sizeof *w);
	w->base = v->doc;
	w->target = v->other;
	w->d = heapui_diff(w->base, w->target);
	w->g = heapui_growth(w->base, w->target);
	v->priv = w;
	return 0;
}

static void growth_close(struct view *v)
{
	struct growth *w = v->priv;

	if (!w)
		return;
	strbuf_free(&w->ban);
	free(w);
	v->priv = NULL;
}

static size_t growth_count(struct view *v)
{
	size_t n = ((struct growth *)v->priv)->g->nroots;

	if (v->opts && v->opts->limit > 0 && (size_t)v->opts->limit < n)
		n = (size_t)v->opts->limit;
	return n;
}

static const struct mt_heap_holder *root_group(const struct growth *w, size_t i)
{
	const struct mt_heap_growth_root *r = &w->g->roots[i];

	return &w->g->held[r->row].v[r->group];
}

static void growth_row(struct view *v, size_t i, struct view_row *row)
{
	struct growth *w = v->priv;
	const struct mt_heap_growth_root *r = &w->g->roots[i];
	char buf[32];

	if (root_group(w, i)->function)
		view_cell(v, row, 0, "%s %s()", w->d->rows[r->row].name, root_group(w, i)->function);
	else
		view_cell(v, row, 0, "%s", w->d->rows[r->row].name);
	view_cell(v, row, 1, "%s", fmt_count(root_group(w, i)->n, buf, sizeof buf));
	view_cell(v, row, 2, "%s", fmt_count(r->held_objects, buf, sizeof buf));
	view_cell(v, row, 3, "%s", fmt_count(r->held_size, buf, sizeof buf));
	view_cell(v, row, 4, "%s", root_group(w, i)->path);
	row->style = VS_ADDED;
}

static int growth_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct growth *w = v->priv;
	const struct mt_heap_growth_root *r = &w->g->roots[i];

	nav->ops = &view_instances_ops;
	nav->doc = v->doc;
	nav->arg = (int64_t)r->row | HU_DIFF | HU_GROUP | (int64_t)r->group << HU_GROUP_SHIFT;
	nav->title = root_group(w, i)->path;
	return VA_NAVIGATE;
}

static const char *growth_banner(struct view *v)
{
	struct growth *w = v->priv;

	strbuf_reset(&w->ban);
	if (w->d->by_class)
		strbuf_puts(&w->ban, "a core has no object ids: no object is known to be old, so "
			    "nothing is known to hold the growth  ·  ");
	strbuf_printf(&w->ban, "what the growth hangs from: new objects that no new object of "
		      "another growing class holds  ·  base %s → target %s", w->base->path,
		      w->target->path);
	return strbuf_str(&w->ban);
}

static void growth_search_text(struct view *v, size_t i, struct strbuf *out)
{
	struct growth *w = v->priv;

	strbuf_printf(out, "%s %s", w->d->rows[w->g->roots[i].row].name, root_group(w, i)->path);
}

static cJSON *steps_json(const struct mt_heap_holder *k)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t s = 0; s < k->nsteps; s++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "edge", k->steps[s].edge);
		cJSON_AddStringToObject(o, "class", k->steps[s].cls);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *growth_json(struct view *v)
{
	struct growth *w = v->priv;
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < growth_count(v); i++) {
		const struct mt_heap_growth_root *r = &w->g->roots[i];
		const struct mt_heap_holder *k = root_group(w, i);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", w->d->rows[r->row].name);
		cJSON_AddNumberToObject(o, "new", (double)k->n);
		cJSON_AddNumberToObject(o, "held_objects", (double)r->held_objects);
		cJSON_AddNumberToObject(o, "held_size", (double)r->held_size);
		cJSON_AddStringToObject(o, "path", k->path);
		if (k->function)
			cJSON_AddStringToObject(o, "function", k->function);
		cJSON_AddItemToObject(o, "steps", steps_json(k));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

const struct view_ops view_growth_ops = {
	.name = "growth",
	.title = "Growth",
	.kind = MT_KIND_SNAPSHOT,
	.two = 1,
	VIEW_COLS(cols),
	.open = growth_open,
	.close = growth_close,
	.count = growth_count,
	.row = growth_row,
	.enter = growth_enter,
	.banner = growth_banner,
	.search_text = growth_search_text,
	.json = growth_json,
};
