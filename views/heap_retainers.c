/* views/heap_retainers.c: how an object (--id N) is held: retaining paths up
 * to the roots, shortest first, each step "edge in retainer". Bounded by
 * --limit paths (default 10) and a million nodes visited. */
#include "views/heap_common.h"
#include "core/heap/paths.h"
#include "core/xalloc.h"

#define PATHS_DEFAULT 10
#define VISIT_MAX 1000000

struct retainers_view {
	uint32_t node;
	struct mt_heap_paths paths;
	size_t *row_path;    /* owned: per row, path index */
	size_t *row_step;    /* owned: per row, step (SIZE_MAX: the path's heading) */
	size_t nrows;
	struct strbuf tmp;   /* owned scratch */
};

static const struct view_col cols[] = {
	{ "Retainer", 0, 0 },
	{ "Distance", 9, 1 },
	{ "Self size", 12, 1 },
	{ "Retained size", 14, 1 },
};

static void layout(struct retainers_view *rv)
{
	size_t n = 0;

	for (size_t p = 0; p < rv->paths.n; p++)
		n += 1 + rv->paths.v[p].n;
	rv->row_path = xmalloc((n ? n : 1) * sizeof *rv->row_path);
	rv->row_step = xmalloc((n ? n : 1) * sizeof *rv->row_step);
	for (size_t p = 0; p < rv->paths.n; p++)
		for (size_t s = 0; s <= rv->paths.v[p].n; s++) {
			rv->row_path[rv->nrows] = p;
			rv->row_step[rv->nrows++] = s == 0 ? SIZE_MAX : s - 1;
		}
}

static int retainers_open(struct view *v, struct mt_error *err)
{
	struct retainers_view *rv = xcalloc(1, sizeof *rv);
	size_t lim = v->opts && v->opts->limit > 0 ? (size_t)v->opts->limit : PATHS_DEFAULT;

	if (heap_arg_node(v, &rv->node, err) < 0) {
		free(rv);
		return -1;
	}
	mt_heap_retaining_paths(heap_of(v->doc), rv->node, lim, VISIT_MAX, &rv->paths);
	layout(rv);
	v->priv = rv;
	return 0;
}

static void retainers_close(struct view *v)
{
	if (!v->priv)
		return;
	struct retainers_view *rv = v->priv;

	mt_heap_paths_free(&rv->paths);
	free(rv->row_path);
	free(rv->row_step);
	strbuf_free(&rv->tmp);
	free(rv);
}

static size_t retainers_count(struct view *v)
{
	return ((struct retainers_view *)v->priv)->nrows;
}

static void retainers_row(struct view *v, size_t i, struct view_row *row)
{
	struct retainers_view *rv = v->priv;
	const struct mt_heap *h = heap_of(v->doc);
	const struct mt_heap_path *p = &rv->paths.v[rv->row_path[i]];
	size_t step = rv->row_step[i];
	char buf[32];

	if (step == SIZE_MAX) {
		row->style = VS_HEADER;
		view_cell(v, row, 0, "path %zu: %zu step%s to a root", rv->row_path[i] + 1, p->n,
			  p->n == 1 ? "" : "s");
		return;
	}
	uint32_t s = p->slot[step], from = mt_heap_ret_src(h, s);
	row->depth = (int)step + 1;
	strbuf_reset(&rv->tmp);
	heap_edge_label(h, mt_heap_ret_edge(h, s), &rv->tmp);
	strbuf_puts(&rv->tmp, " in ");
	heap_node_name(h, from, &rv->tmp);
	char ref[32];

	view_cell(v, row, 0, "%s %s", strbuf_str(&rv->tmp), heap_ref(h, from, ref, sizeof ref));
	view_cell(v, row, 1, "%s", heap_distance_text(h->distance[from], buf, sizeof buf));
	view_cell(v, row, 2, "%s", fmt_count(mt_heap_self(h, from), buf, sizeof buf));
	view_cell(v, row, 3, "%s", fmt_count(h->retained[from], buf, sizeof buf));
}

static cJSON *retainers_json(struct view *v)
{
	struct retainers_view *rv = v->priv;
	const struct mt_heap *h = heap_of(v->doc);
	cJSON *o = heap_node_json(h, rv->node), *paths = cJSON_CreateArray();

	for (size_t p = 0; p < rv->paths.n; p++) {
		cJSON *steps = cJSON_CreateArray();
		for (size_t k = 0; k < rv->paths.v[p].n; k++) {
			uint32_t s = rv->paths.v[p].slot[k], e = mt_heap_ret_edge(h, s);
			cJSON *x = heap_node_json(h, mt_heap_ret_src(h, s));
			strbuf_reset(&rv->tmp);
			heap_edge_label(h, e, &rv->tmp);
			cJSON_AddStringToObject(x, "edge", strbuf_str(&rv->tmp));
			cJSON_AddStringToObject(x, "edge_type", mt_heap_edge_type_name(h, e));
			cJSON_AddItemToArray(steps, x);
		}
		cJSON_AddItemToArray(paths, steps);
	}
	cJSON_AddItemToObject(o, "paths", paths);
	cJSON_AddBoolToObject(o, "truncated", rv->paths.truncated);
	return o;
}

const struct view_ops view_retainers_ops = {
	.name = "retainers",
	.title = "Retainers",
	.kind = MT_KIND_SNAPSHOT,
	.hidden = 1,
	.cols = cols,
	.ncols = 4,
	.open = retainers_open,
	.close = retainers_close,
	.count = retainers_count,
	.row = retainers_row,
	.json = retainers_json,
};
