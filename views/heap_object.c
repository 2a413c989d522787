/* views/heap_object.c: one object (--id N) and its outgoing edges. */
#include "views/heap_common.h"
#include "core/xalloc.h"

#define EDGES_DEFAULT 1000

struct object_view {
	uint32_t node;
	size_t nedges;     /* edges shown (bounded by --limit) */
	struct strbuf tmp; /* owned scratch */
};

static const struct view_col cols[] = {
	{ "Edge", 24, 0 },
	{ "Object", 0, 0 },
	{ "Type", 12, 0 },
	{ "Distance", 9, 1 },
	{ "Self size", 12, 1 },
	{ "Retained size", 14, 1 },
};

static int object_open(struct view *v, struct mt_error *err)
{
	struct mt_heap *h = heap_of(v->doc);
	struct object_view *ov = xcalloc(1, sizeof *ov);
	size_t lim = v->opts && v->opts->limit > 0 ? (size_t)v->opts->limit : EDGES_DEFAULT;

	if (heap_arg_node(v, &ov->node, err) < 0) {
		free(ov);
		return -1;
	}
	ov->nedges = h->first_edge[ov->node + 1] - h->first_edge[ov->node];
	if (ov->nedges > lim)
		ov->nedges = lim;
	v->priv = ov;
	return 0;
}

static void object_close(struct view *v)
{
	if (!v->priv)
		return;
	struct object_view *ov = v->priv;

	strbuf_free(&ov->tmp);
	free(ov);
}

static size_t object_count(struct view *v)
{
	return 1 + ((struct object_view *)v->priv)->nedges;
}

static void node_cells(struct view *v, struct view_row *row, uint32_t node)
{
	struct object_view *ov = v->priv;
	const struct mt_heap *h = heap_of(v->doc);
	char buf[32];

	strbuf_reset(&ov->tmp);
	heap_node_name(h, node, &ov->tmp);
	char ref[32];

	view_cell(v, row, 1, "%s %s", strbuf_str(&ov->tmp), heap_ref(h, node, ref, sizeof ref));
	view_cell(v, row, 2, "%s", mt_heap_node_type_name(h, node));
	view_cell(v, row, 3, "%s", heap_distance_text(h->distance[node], buf, sizeof buf));
	view_cell(v, row, 4, "%s", fmt_count(mt_heap_self(h, node), buf, sizeof buf));
	view_cell(v, row, 5, "%s", fmt_count(h->retained[node], buf, sizeof buf));
}

static void object_row(struct view *v, size_t i, struct view_row *row)
{
	struct object_view *ov = v->priv;
	const struct mt_heap *h = heap_of(v->doc);

	if (i == 0) {
		row->style = VS_HEADER;
		view_cell(v, row, 0, "(object)");
		node_cells(v, row, ov->node);
		return;
	}
	uint32_t e = h->first_edge[ov->node] + (uint32_t)(i - 1);
	row->depth = 1;
	if (mt_heap_etype(h, e) == h->t.e_weak)
		row->style = VS_DIM;
	strbuf_reset(&ov->tmp);
	heap_edge_label(h, e, &ov->tmp);
	view_cell(v, row, 0, "%s", strbuf_str(&ov->tmp));
	node_cells(v, row, mt_heap_eto(h, e));
}

static cJSON *object_json(struct view *v)
{
	struct object_view *ov = v->priv;
	const struct mt_heap *h = heap_of(v->doc);
	cJSON *o = heap_node_json(h, ov->node), *edges = cJSON_CreateArray();
	uint32_t first = h->first_edge[ov->node];

	cJSON_AddNumberToObject(o, "dominator", h->node_id[h->dominator[ov->node]]);
	cJSON_AddNumberToObject(o, "edge_count", h->first_edge[ov->node + 1] - first);
	for (uint32_t e = first; e < first + ov->nedges; e++) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "type", mt_heap_edge_type_name(h, e));
		if (mt_heap_edge_has_string_name(h, e))
			cJSON_AddStringToObject(x, "name", mt_heap_str(h, h->edge_name[e]));
		else
			cJSON_AddNumberToObject(x, "name", h->edge_name[e]);
		cJSON_AddItemToObject(x, "to", heap_node_json(h, mt_heap_eto(h, e)));
		cJSON_AddItemToArray(edges, x);
	}
	cJSON_AddItemToObject(o, "edges", edges);
	return o;
}

const struct view_ops view_object_ops = {
	.name = "object",
	.title = "Object",
	.kind = MT_KIND_SNAPSHOT,
	.hidden = 1,
	.cols = cols,
	.ncols = 6,
	.open = object_open,
	.close = object_close,
	.count = object_count,
	.row = object_row,
	.json = object_json,
};
