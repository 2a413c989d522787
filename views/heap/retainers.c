/* views/heap/retainers.c: the retainers of one object (arg: its id, or
 * a core object's address) as DevTools shows them under its lists: a tree
 * growing toward the GC roots, each level sorted by distance, the first
 * chain opened up to 20 levels while it is not yet at a root, cycles
 * marked, weak edges hidden unless asked. Ignored retainers (I) make
 * distances be computed again without them; R forgets them.
 * `--print retainers --id N` prints these rows; its JSON gives the
 * shortest retaining paths to the roots (core/heap/paths.c). */
#include "views/heap/ui.h"
#include "core/heap/paths.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define AUTO_LEVELS 20
#define PATHS_DEFAULT 10       /* paths in --format json without --limit */
#define VISIT_MAX 1000000      /* nodes a path search may visit */

struct rrow {
	uint32_t node;    /* the retainer */
	uint32_t edge;    /* its edge to the row above (or to the target) */
	int depth;
	int open, cycle, leaf;
};

struct rettree {
	struct mt_artifact *doc; /* borrowed: v->doc */
	struct mt_heap *h;      /* borrowed from v->doc */
	uint32_t target;
	struct rrow *v;         /* owned */
	size_t n, cap;
	int weak;               /* weak edges shown */
	struct strbuf tmp;      /* owned scratch for rows */
	struct strbuf ban;      /* owned: the banner's text */
};

static const struct view_col cols[] = {
	{ "Retainer", 0, 0 },
	{ "Distance", 9, 1 },
	{ "Self size", 12, 1 },
	{ "Retained size", 14, 1 },
};

struct child { uint32_t node, edge; };

static int by_distance(const void *a, const void *b, void *arg)
{
	const int32_t *d = arg;
	const struct child *x = a, *y = b;
	/* unreached nodes (no distance) last */
	uint32_t dx = (uint32_t)d[x->node], dy = (uint32_t)d[y->node];

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x->edge < y->edge ? -1 : x->edge > y->edge;
}

/* The retainers of node that the pane shows, nearest the roots first. */
static size_t children(struct rettree *t, uint32_t node, struct child **out)
{
	struct mt_heap *h = t->h;
	uint32_t lo = h->first_retainer[node], hi = h->first_retainer[node + 1];
	struct child *c = xmalloc((hi - lo ? hi - lo : 1) * sizeof *c);
	size_t n = 0;

	for (uint32_t s = lo; s < hi; s++) {
		uint32_t src = mt_heap_ret_src(h, s), e;
		if (src == h->root)
			continue;
		e = mt_heap_ret_edge(h, s);
		if (mt_heap_etype(h, e) == h->t.e_weak && !t->weak)
			continue;
		c[n++] = (struct child){ src, e };
	}
	qsort_r(c, n, sizeof *c, by_distance, (void *)heapui_distances(t->doc));
	*out = c;
	return n;
}

/* Whether node is the target or one of the rows that row at depth hangs under. */
static int on_chain(struct rettree *t, size_t at, int depth, uint32_t node)
{
	if (node == t->target)
		return 1;
	for (size_t i = at; i-- > 0 && depth > 0;)
		if (t->v[i].depth == depth - 1) {
			if (t->v[i].node == node)
				return 1;
			depth--;
		}
	return 0;
}

/* Insert the retainers of what row `at - 1` holds (the target when at is 0)
 * at position at, one level deeper. */
static size_t insert_children(struct rettree *t, size_t at, uint32_t of, int depth)
{
	struct child *c;
	size_t n = children(t, of, &c);

	if (n == 0) {
		free(c);
		return 0;
	}
	if (t->n + n > t->cap) {
		t->cap = (t->n + n) * 2 + 16;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	memmove(t->v + at + n, t->v + at, (t->n - at) * sizeof *t->v);
	for (size_t i = 0; i < n; i++) {
		struct rrow *r = &t->v[at + i];
		*r = (struct rrow){ c[i].node, c[i].edge, depth, 0, 0, 0 };
		r->cycle = on_chain(t, at, depth, c[i].node);
		r->leaf = r->cycle ||
			  t->h->first_retainer[r->node] == t->h->first_retainer[r->node + 1];
	}
	t->n += n;
	free(c);
	return n;
}

static void toggle(struct rettree *t, size_t i)
{
	struct rrow *r = &t->v[i];
	size_t end = i + 1;

	if (r->leaf)
		return;
	if (!r->open) {
		r->open = 1;
		insert_children(t, i + 1, r->node, r->depth + 1);
		return;
	}
	r->open = 0;
	while (end < t->n && t->v[end].depth > r->depth)
		end++;
	memmove(t->v + i + 1, t->v + end, (t->n - end) * sizeof *t->v);
	t->n -= end - i - 1;
}

/* DevTools' expandRetainersChain: open the first row, then its first
 * child, while it is not yet held by a root. */
static void build(struct rettree *t)
{
	/* Asked each time: another pane may have ignored a retainer since. */
	const int32_t *dist = heapui_distances(t->doc);
	size_t i = 0;

	t->n = 0;
	insert_children(t, 0, t->target, 0);
	for (int level = 0; level < AUTO_LEVELS && i < t->n; level++, i++) {
		if (t->v[i].leaf || dist[t->v[i].node] <= 1)
			break;
		toggle(t, i);
	}
}

static int rettree_open(struct view *v, struct mt_error *err)
{
	struct rettree *t = xcalloc(1, sizeof *t);

	t->doc = v->doc;
	t->h = heap_of(v->doc);
	if (heap_arg_node(v, &t->target, err) < 0) {
		free(t);
		return -1;
	}
	mt_heap_retainers(t->h);
	build(t);
	v->priv = t;
	return 0;
}

static void rettree_close(struct view *v)
{
	struct rettree *t = v->priv;

	if (!t)
		return;
	free(t->v);
	strbuf_free(&t->tmp);
	strbuf_free(&t->ban);
	free(t);
	v->priv = NULL;
}

static size_t rettree_count(struct view *v)
{
	return ((struct rettree *)v->priv)->n;
}

static void rettree_row(struct view *v, size_t i, struct view_row *row)
{
	struct rettree *t = v->priv;
	const struct rrow *r = &t->v[i];

	row->depth = r->depth;
	row->fold = r->leaf ? VF_LEAF : r->open ? VF_OPEN : VF_CLOSED;
	strbuf_reset(&t->tmp);
	heap_edge_label(t->h, r->edge, &t->tmp);
	strbuf_puts(&t->tmp, " in ");
	heapui_label(t->h, r->node, &t->tmp);
	if (r->cycle) {
		strbuf_puts(&t->tmp, "  (cycle)");
		row->style = VS_DIM;
	} else if (mt_heap_etype(t->h, r->edge) == t->h->t.e_weak) {
		row->style = VS_DIM;
	}
	view_cell(v, row, 0, "%s", strbuf_str(&t->tmp));
	heapui_size_cells(v, row, 1, t->h, r->node, heapui_distances(v->doc));
}

static int rettree_enter(struct view *v, size_t i, struct view_nav *nav)
{
	(void)nav;
	toggle(v->priv, i);
	return VA_REDRAW;
}

static int rettree_command(struct view *v, size_t i, const char *name, const char *text,
			   struct view_nav *nav)
{
	struct rettree *t = v->priv;
	uint32_t node = i < t->n ? t->v[i].node : t->target;

	if (strcmp(name, "toggle-weak") == 0)
		t->weak = !t->weak;
	else if (strcmp(name, "ignore-retainer") == 0 && i < t->n)
		heapui_ignore(v->doc, node);
	else if (strcmp(name, "reset-ignored") == 0)
		heapui_unignore_all(v->doc);
	else if (strcmp(name, "dominator-chain") == 0) {
		nav->ops = &view_dominators_ops;
		nav->doc = v->doc;
		nav->arg = heap_node_arg(t->h, node);
		return VA_NAVIGATE;
	} else if (strcmp(name, "jump-id") == 0)
		return heapui_jump(v->doc, text, nav);
	else
		return -1;
	build(t);
	return VA_REDRAW;
}

static const char *rettree_banner(struct view *v)
{
	struct rettree *t = v->priv;
	size_t ign = heapui_ignored_count(v->doc);

	strbuf_reset(&t->ban);
	strbuf_puts(&t->ban, "Retainers of ");
	heapui_label(t->h, t->target, &t->ban);
	strbuf_puts(&t->ban, t->weak ? "  ·  weak edges shown" : "  ·  weak edges hidden");
	if (ign)
		strbuf_printf(&t->ban, "  ·  %zu retainer%s ignored", ign, ign == 1 ? "" : "s");
	return strbuf_str(&t->ban);
}

static void rettree_search_text(struct view *v, size_t i, struct strbuf *out)
{
	struct rettree *t = v->priv;

	heap_edge_label(t->h, t->v[i].edge, out);
	strbuf_puts(out, " in ");
	heapui_label(t->h, t->v[i].node, out);
}

/* The object and its shortest retaining paths, each step the retainer and
 * the edge it holds the step below by. */
static cJSON *rettree_json(struct view *v)
{
	struct rettree *t = v->priv;
	struct mt_heap *h = t->h;  /* the path search builds its retainer index */
	struct mt_heap_paths paths;
	size_t lim = v->opts && v->opts->limit > 0 ? (size_t)v->opts->limit : PATHS_DEFAULT;
	cJSON *o = heap_node_json(h, t->target), *arr = cJSON_CreateArray();

	mt_heap_retaining_paths(h, t->target, lim, VISIT_MAX, &paths);
	for (size_t p = 0; p < paths.n; p++) {
		cJSON *steps = cJSON_CreateArray();
		for (size_t k = 0; k < paths.v[p].n; k++) {
			uint32_t s = paths.v[p].slot[k], e = mt_heap_ret_edge(h, s);
			cJSON *x = heap_node_json(h, mt_heap_ret_src(h, s));
			strbuf_reset(&t->tmp);
			heap_edge_label(h, e, &t->tmp);
			cJSON_AddStringToObject(x, "edge", strbuf_str(&t->tmp));
			cJSON_AddStringToObject(x, "edge_type", mt_heap_edge_type_name(h, e));
			cJSON_AddItemToArray(steps, x);
		}
		cJSON_AddItemToArray(arr, steps);
	}
	cJSON_AddItemToObject(o, "paths", arr);
	cJSON_AddBoolToObject(o, "truncated", paths.truncated);
	mt_heap_paths_free(&paths);
	return o;
}

const struct view_ops view_rettree_ops = {
	.name = "retainers",
	.alias = "retainer-tree",
	.title = "Retainers",
	.kind = MT_KIND_SNAPSHOT,
	.hidden = 1,
	VIEW_COLS(cols),
	.open = rettree_open,
	.close = rettree_close,
	.count = rettree_count,
	.row = rettree_row,
	.enter = rettree_enter,
	.banner = rettree_banner,
	.search_text = rettree_search_text,
	.command = rettree_command,
	.json = rettree_json,
};
