/* views/heap/dominators.c: the dominator chain of an object (--id N) up to
 * the root: each line is the object that alone keeps the one below alive. */
#include "views/heap/common.h"
#include "core/xalloc.h"

struct dominators_view {
	uint32_t *chain;   /* owned: the object first, the root last */
	size_t n;
	struct strbuf tmp; /* owned scratch */
};

static const struct view_col cols[] = {
	{ "Object", 0, 0 },
	{ "Type", 12, 0 },
	{ "Distance", 9, 1 },
	{ "Self size", 12, 1 },
	{ "Retained size", 14, 1 },
};

static int dominators_open(struct view *v, struct mt_error *err)
{
	const struct mt_heap *h = heap_of(v->doc);
	struct dominators_view *dv = xcalloc(1, sizeof *dv);
	uint32_t node;
	size_t cap = 16;

	if (heap_arg_node(v, &node, err) < 0) {
		free(dv);
		return -1;
	}
	dv->chain = xmalloc(cap * sizeof *dv->chain);
	for (;;) {
		if (dv->n == cap) {
			cap *= 2;
			dv->chain = xreallocarray(dv->chain, cap, sizeof *dv->chain);
		}
		dv->chain[dv->n++] = node;
		if (node == h->root || dv->n > h->node_count)
			break;
		node = h->dominator[node];
	}
	v->priv = dv;
	return 0;
}

static void dominators_close(struct view *v)
{
	if (!v->priv)
		return;
	struct dominators_view *dv = v->priv;

	free(dv->chain);
	strbuf_free(&dv->tmp);
	free(dv);
}

static size_t dominators_count(struct view *v)
{
	return ((struct dominators_view *)v->priv)->n;
}

static void dominators_row(struct view *v, size_t i, struct view_row *row)
{
	struct dominators_view *dv = v->priv;
	const struct mt_heap *h = heap_of(v->doc);
	uint32_t node = dv->chain[i];
	char buf[32];

	strbuf_reset(&dv->tmp);
	heap_node_name(h, node, &dv->tmp);
	char ref[32];

	view_cell(v, row, 0, "%s %s", strbuf_str(&dv->tmp), heap_ref(h, node, ref, sizeof ref));
	view_cell(v, row, 1, "%s", mt_heap_node_type_name(h, node));
	view_cell(v, row, 2, "%s", heap_distance_text(h->distance[node], buf, sizeof buf));
	view_cell(v, row, 3, "%s", fmt_count(mt_heap_self(h, node), buf, sizeof buf));
	view_cell(v, row, 4, "%s", fmt_count(mt_heap_retained(h, node), buf, sizeof buf));
}

static cJSON *dominators_json(struct view *v)
{
	struct dominators_view *dv = v->priv;
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < dv->n; i++)
		cJSON_AddItemToArray(arr, heap_node_json(heap_of(v->doc), dv->chain[i]));
	return arr;
}

const struct view_ops view_dominators_ops = {
	.name = "dominators",
	.title = "Dominators",
	.kind = MT_KIND_SNAPSHOT,
	.hidden = 1,
	VIEW_COLS(cols),
	.open = dominators_open,
	.close = dominators_close,
	.count = dominators_count,
	.row = dominators_row,
	.json = dominators_json,
};
