/* views/heap/holders.c: what holds the new objects of one Comparison row
 * (arg: the row, as for the objects pane), grouped by the path that holds
 * them (core/heap/growth.h), most objects first, the selected group's
 * objects below; the last row lists every new object. Enter lists a
 * group's objects. */
#include "views/heap/ui.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct holders {
	const struct mt_heap_held *held;  /* borrowed from heapui_growth's cache */
	const struct mt_heap_diff_row *r; /* borrowed from heapui_diff's cache */
	struct mt_artifact *target;       /* borrowed: where the objects are */
	struct strbuf ban;                /* owned: the banner's text */
};

static const struct view_col cols[] = {
	{ .title = "Held by" },
	{ .title = "# New", .width = 9, .right = 1 },
	{ .title = "Share", .width = 7, .right = 1 },
	{ .title = "Retained size", .width = 14, .right = 1 },
};

static int holders_open(struct view *v, struct mt_error *err)
{
	struct mt_artifact *base, *target;
	size_t row = (size_t)(v->arg & HU_INDEX_MASK);
	const struct mt_heap_diff *d;
	const struct mt_heap_growth *g;
	struct holders *k;

	if (v->arg >= 0)
		heapui_pair_of(v, &base, &target);
	if (v->arg < 0 || !(v->arg & HU_DIFF) || !heap_of(base) || !heap_of(target)) {
		mt_error_set(err, "the holders pane is opened from a Comparison row");
		return -1;
	}
	d = heapui_diff(base, target);
	g = heapui_growth(base, target);
	if (row >= d->n || !g) {
		mt_error_set(err, "no such comparison row");
		return -1;
	}
	k = xcalloc(1, sizeof *k);
	k->held = &g->held[row];
	k->r = &d->rows[row];
	k->target = target;
	v->priv = k;
	return 0;
}

static void holders_close(struct view *v)
{
	struct holders *k = v->priv;

	if (!k)
		return;
	strbuf_free(&k->ban);
	free(k);
	v->priv = NULL;
}

static size_t holders_count(struct view *v)
{
	return ((struct holders *)v->priv)->held->n + 1;
}

static void holders_row(struct view *v, size_t i, struct view_row *row)
{
	struct holders *k = v->priv;
	char buf[32];

	if (i == k->held->n) {
		row->style = VS_DIM;
		view_cell(v, row, 0, "(every new object)");
		view_cell(v, row, 1, "%s", fmt_count(k->r->added, buf, sizeof buf));
		return;
	}
	const struct mt_heap_holder *h = &k->held->v[i];
	view_cell(v, row, 0, "%s", h->path);
	view_cell(v, row, 1, "%s", fmt_count(h->n, buf, sizeof buf));
	view_cell(v, row, 2, "%s", heapui_percent(h->n, k->held->total, buf, sizeof buf));
	view_cell(v, row, 3, "%s", fmt_count(h->retained, buf, sizeof buf));
	if (h->by_row != SIZE_MAX)
		row->style = VS_DIM;  /* held by another growing class's objects */
}

static int holders_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct holders *k = v->priv;

	nav->ops = &view_instances_ops;
	nav->doc = v->doc;
	nav->arg = v->arg;
	nav->title = k->r->name;
	if (i < k->held->n) {
		nav->arg |= HU_GROUP | (int64_t)i << HU_GROUP_SHIFT;
		nav->title = k->held->v[i].path;
	}
	return VA_NAVIGATE;
}

/* Below the list: the objects of the selected group. */
static int holders_detail(struct view *v, size_t i, struct view_nav *nav)
{
	return holders_enter(v, i, nav);
}

static const char *holders_banner(struct view *v)
{
	struct holders *k = v->priv;
	char buf[32];

	strbuf_reset(&k->ban);
	strbuf_printf(&k->ban, "%s: %s new objects by what holds them, in %s", k->r->name,
		      fmt_count(k->r->added, buf, sizeof buf), k->target->path);
	return strbuf_str(&k->ban);
}

static void holders_search_text(struct view *v, size_t i, struct strbuf *out)
{
	struct holders *k = v->priv;

	strbuf_puts(out, i < k->held->n ? k->held->v[i].path : "(every new object)");
}

static cJSON *holders_json(struct view *v)
{
	struct holders *k = v->priv;
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < k->held->n; i++) {
		const struct mt_heap_holder *h = &k->held->v[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "path", h->path);
		cJSON_AddNumberToObject(o, "new", (double)h->n);
		cJSON_AddNumberToObject(o, "retained_size", (double)h->retained);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

const struct view_ops view_holders_ops = {
	.name = "holders",
	.title = "Held by",
	.kind = MT_KIND_SNAPSHOT,
	.hidden = 1,
	.two = 1,
	VIEW_COLS(cols),
	.open = holders_open,
	.close = holders_close,
	.count = holders_count,
	.row = holders_row,
	.enter = holders_enter,
	.detail = holders_detail,
	.banner = holders_banner,
	.search_text = holders_search_text,
	.json = holders_json,
};
