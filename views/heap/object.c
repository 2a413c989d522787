/* views/heap/object.c: one object (arg: its id, or a core object's
 * address) and what it holds, as DevTools' Containment writes edges
 * (.prop, [index], ->context_var, {internal}, [[weak]]) with a short
 * preview of each target. Enter goes into a target; the retainers of the
 * selected row show below. `--print object --id N` prints these rows. */
#include "views/heap/ui.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define JSON_EDGES 1000   /* edges in --format json without --limit */

struct edges {
	struct mt_heap *h;  /* borrowed from v->doc */
	uint32_t node;
	struct strbuf tmp;  /* owned scratch */
};

static const struct view_col cols[] = {
	{ "Edge", 22, 0 },
	{ "Object", 0, 0 },
	{ "Type", 12, 0 },
	{ "Distance", 9, 1 },
	{ "Self size", 12, 1 },
	{ "Retained size", 14, 1 },
};

static int edges_open(struct view *v, struct mt_error *err)
{
	struct edges *x = xcalloc(1, sizeof *x);

	x->h = heap_of(v->doc);
	if (heap_arg_node(v, &x->node, err) < 0) {
		free(x);
		return -1;
	}
	v->priv = x;
	return 0;
}

static void edges_close(struct view *v)
{
	struct edges *x = v->priv;

	if (!x)
		return;
	strbuf_free(&x->tmp);
	free(x);
	v->priv = NULL;
}

static size_t edges_count(struct view *v)
{
	struct edges *x = v->priv;
	size_t n = (size_t)(x->h->first_edge[x->node + 1] - x->h->first_edge[x->node]);

	if (v->opts && v->opts->limit > 0 && (size_t)v->opts->limit < n)
		n = (size_t)v->opts->limit;  /* --limit: the first edges only */
	return 1 + n;
}

/* The node a row stands for: the object on row 0, an edge's target after. */
static uint32_t row_node(struct edges *x, size_t i)
{
	return i == 0 ? x->node : mt_heap_eto(x->h, x->h->first_edge[x->node] + (uint32_t)(i - 1));
}

static void edges_row(struct view *v, size_t i, struct view_row *row)
{
	struct edges *x = v->priv;
	uint32_t node = row_node(x, i);

	strbuf_reset(&x->tmp);
	if (i == 0) {
		row->style = VS_HEADER;
		view_cell(v, row, 0, "(this object)");
	} else {
		uint32_t e = x->h->first_edge[x->node] + (uint32_t)(i - 1);
		heap_edge_label(x->h, e, &x->tmp);
		view_cell(v, row, 0, "%s", strbuf_str(&x->tmp));
		row->depth = 1;
		if (mt_heap_etype(x->h, e) == x->h->t.e_weak)
			row->style = VS_DIM;
	}
	strbuf_reset(&x->tmp);
	heapui_label(x->h, node, &x->tmp);
	view_cell(v, row, 1, "%s", strbuf_str(&x->tmp));
	view_cell(v, row, 2, "%s", mt_heap_node_type_name(x->h, node));
	heapui_size_cells(v, row, 3, x->h, node, NULL);
}

static int edges_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct edges *x = v->priv;

	if (i == 0)
		return VA_NONE;
	strbuf_reset(&x->tmp);
	heap_edge_label(x->h, x->h->first_edge[x->node] + (uint32_t)(i - 1), &x->tmp);
	nav->ops = &view_edges_ops;
	nav->doc = v->doc;
	nav->arg = heap_node_arg(x->h, row_node(x, i));
	nav->title = strbuf_str(&x->tmp);
	return VA_NAVIGATE;
}

static int edges_detail(struct view *v, size_t i, struct view_nav *nav)
{
	struct edges *x = v->priv;

	nav->ops = &view_rettree_ops;
	nav->doc = v->doc;
	nav->arg = heap_node_arg(x->h, row_node(x, i));
	return VA_NAVIGATE;
}

static int edges_command(struct view *v, size_t i, const char *name, const char *text,
			 struct view_nav *nav)
{
	struct edges *x = v->priv;

	if (strcmp(name, "dominator-chain") == 0) {
		nav->ops = &view_dominators_ops;
		nav->doc = v->doc;
		nav->arg = heap_node_arg(x->h, row_node(x, i == SIZE_MAX ? 0 : i));
		return VA_NAVIGATE;
	}
	if (strcmp(name, "jump-id") == 0)
		return heapui_jump(v->doc, text, nav);
	return -1;
}

static void edges_search_text(struct view *v, size_t i, struct strbuf *out)
{
	struct edges *x = v->priv;

	if (i > 0) {
		heap_edge_label(x->h, x->h->first_edge[x->node] + (uint32_t)(i - 1), out);
		strbuf_puts(out, " ");
	}
	heapui_label(x->h, row_node(x, i), out);
}

/* The object and its first edges (JSON_EDGES, or --limit) with their targets. */
static cJSON *edges_json(struct view *v)
{
	struct edges *x = v->priv;
	const struct mt_heap *h = x->h;
	cJSON *o = heap_node_json(h, x->node), *edges = cJSON_CreateArray();
	uint32_t first = h->first_edge[x->node], end = h->first_edge[x->node + 1];
	size_t lim = v->opts && v->opts->limit > 0 ? (size_t)v->opts->limit : JSON_EDGES;

	heap_id_json(o, "dominator", mt_heap_id(h, h->dominator[x->node]));
	cJSON_AddNumberToObject(o, "edge_count", end - first);
	for (uint32_t e = first; e < end && e - first < lim; e++) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "type", mt_heap_edge_type_name(h, e));
		if (mt_heap_edge_has_string_name(h, e))
			cJSON_AddStringToObject(j, "name", mt_heap_str(h, mt_heap_ename(h, e)));
		else
			cJSON_AddNumberToObject(j, "name", mt_heap_ename(h, e));
		cJSON_AddItemToObject(j, "to", heap_node_json(h, mt_heap_eto(h, e)));
		cJSON_AddItemToArray(edges, j);
	}
	cJSON_AddItemToObject(o, "edges", edges);
	return o;
}

const struct view_ops view_edges_ops = {
	.name = "object",
	.alias = "edges",
	.title = "Object",
	.kind = MT_KIND_SNAPSHOT,
	.hidden = 1,
	VIEW_COLS(cols),
	.open = edges_open,
	.close = edges_close,
	.count = edges_count,
	.row = edges_row,
	.enter = edges_enter,
	.detail = edges_detail,
	.search_text = edges_search_text,
	.command = edges_command,
	.json = edges_json,
};
