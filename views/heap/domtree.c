/* views/heap/domtree.c: the dominator tree from the root: under each
 * object, the objects that only it keeps alive, largest retained size
 * first, with a bar of their share of the heap. Enter opens and closes a
 * level; o shows the dominator chain of any object. */
#include "views/heap/ui.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct drow {
	uint32_t node;
	int depth, open;
};

struct domtree {
	struct mt_heap *h;           /* borrowed from v->doc */
	struct mt_heap_domkids kids; /* owned */
	struct drow *v;              /* owned */
	size_t n, cap;
	uint64_t total;
	struct strbuf tmp;           /* owned scratch */
};

static const struct view_col cols[] = {
	{ "Object", 0, 0 },
	{ "Distance", 9, 1 },
	{ "Self size", 12, 1 },
	{ "Retained size", 14, 1 },
	{ "%", 7, 1 },
};

static size_t nkids(const struct domtree *t, uint32_t node)
{
	return t->kids.first[node + 1] - t->kids.first[node];
}

static void open_row(struct domtree *t, size_t i)
{
	uint32_t node = t->v[i].node;
	size_t n = nkids(t, node);
	uint32_t *k = xmalloc((n ? n : 1) * sizeof *k);

	memcpy(k, t->kids.child + t->kids.first[node], n * sizeof *k);
	qsort_r(k, n, sizeof *k, heap_nodes_by_retained, t->h);
	if (t->n + n > t->cap) {
		t->cap = (t->n + n) * 2 + 16;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	memmove(t->v + i + 1 + n, t->v + i + 1, (t->n - i - 1) * sizeof *t->v);
	for (size_t j = 0; j < n; j++)
		t->v[i + 1 + j] = (struct drow){ k[j], t->v[i].depth + 1, 0 };
	t->n += n;
	t->v[i].open = 1;
	free(k);
}

static void close_row(struct domtree *t, size_t i)
{
	size_t end = i + 1;

	while (end < t->n && t->v[end].depth > t->v[i].depth)
		end++;
	memmove(t->v + i + 1, t->v + end, (t->n - end) * sizeof *t->v);
	t->n -= end - i - 1;
	t->v[i].open = 0;
}

static int domtree_open(struct view *v, struct mt_error *err)
{
	struct domtree *t = xcalloc(1, sizeof *t);

	(void)err;
	t->h = heap_of(v->doc);
	t->total = mt_heap_retained(t->h, t->h->root);
	mt_heap_domkids_build(t->h, &t->kids);
	t->cap = 16;
	t->v = xmalloc(t->cap * sizeof *t->v);
	t->v[t->n++] = (struct drow){ t->h->root, 0, 0 };
	open_row(t, 0);
	v->priv = t;
	return 0;
}

static void domtree_close(struct view *v)
{
	struct domtree *t = v->priv;

	if (!t)
		return;
	mt_heap_domkids_free(&t->kids);
	free(t->v);
	strbuf_free(&t->tmp);
	free(t);
	v->priv = NULL;
}

static size_t domtree_count(struct view *v)
{
	return ((struct domtree *)v->priv)->n;
}

static void domtree_row(struct view *v, size_t i, struct view_row *row)
{
	struct domtree *t = v->priv;
	const struct drow *r = &t->v[i];
	char buf[32];

	row->depth = r->depth;
	row->fold = nkids(t, r->node) == 0 ? VF_LEAF : r->open ? VF_OPEN : VF_CLOSED;
	strbuf_reset(&t->tmp);
	heapui_label(t->h, r->node, &t->tmp);
	view_cell(v, row, 0, "%s", strbuf_str(&t->tmp));
	heapui_size_cells(v, row, 1, t->h, r->node, NULL);
	view_cell(v, row, 4, "%s", heapui_percent(mt_heap_retained(t->h, r->node), t->total, buf,
						   sizeof buf));
	row->bar_col = 4;
	row->bar = t->total ? (double)mt_heap_retained(t->h, r->node) / (double)t->total : 0;
}

static int domtree_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct domtree *t = v->priv;

	(void)nav;
	if (t->v[i].open)
		close_row(t, i);
	else
		open_row(t, i);
	return VA_REDRAW;
}

static int domtree_command(struct view *v, size_t i, const char *name, const char *text,
			   struct view_nav *nav)
{
	struct domtree *t = v->priv;

	if (strcmp(name, "dominator-chain") == 0 && i < t->n) {
		nav->ops = &view_dominators_ops;
		nav->doc = v->doc;
		nav->arg = heap_node_arg(t->h, t->v[i].node);
		return VA_NAVIGATE;
	}
	if (strcmp(name, "jump-id") == 0)
		return heapui_jump(v->doc, text, nav);
	return -1;
}

static int domtree_detail(struct view *v, size_t i, struct view_nav *nav)
{
	struct domtree *t = v->priv;

	if (t->v[i].node == t->h->root)
		return VA_NONE;
	nav->ops = &view_rettree_ops;
	nav->doc = v->doc;
	nav->arg = heap_node_arg(t->h, t->v[i].node);
	return VA_NAVIGATE;
}

static void domtree_search_text(struct view *v, size_t i, struct strbuf *out)
{
	struct domtree *t = v->priv;

	heapui_label(t->h, t->v[i].node, out);
}

const struct view_ops view_domtree_ops = {
	.name = "domtree",
	.title = "Dominators",
	.kind = MT_KIND_SNAPSHOT,
	VIEW_COLS(cols),
	.open = domtree_open,
	.close = domtree_close,
	.count = domtree_count,
	.row = domtree_row,
	.enter = domtree_enter,
	.detail = domtree_detail,
	.search_text = domtree_search_text,
	.command = domtree_command,
};
