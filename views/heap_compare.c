/* views/heap_compare.c: DevTools' Comparison of two snapshots of one
 * process: per class, objects new and deleted by id, their self sizes,
 * largest # Delta first. Snapshots that cannot come from one process are
 * refused with the reason instead of a meaningless diff. */
#include "views/heap_common.h"
#include "core/xalloc.h"

static const struct view_col cols[] = {
	{ "Class", 0, 0 },
	{ "# New", 9, 1 },
	{ "# Deleted", 9, 1 },
	{ "# Delta", 9, 1 },
	{ "Alloc. Size", 12, 1 },
	{ "Freed Size", 12, 1 },
	{ "Size Delta", 12, 1 },
};

static int compare_open(struct view *v, struct mt_error *err)
{
	struct mt_heap *a = heap_of(v->doc), *b = heap_of(v->other);
	struct mt_heap_diff *d;

	if (!a || !b) {
		mt_error_set(err, "compare needs two heap snapshots");
		return -1;
	}
	d = mt_heap_diff(a, b);
	if (!d->same_process) {
		mt_error_set(err, "%s and %s cannot come from one process (%llu objects keep "
			     "their id and class, %llu ids name objects of another type): "
			     "a comparison by object id would be meaningless", v->doc->path,
			     v->other->path, (unsigned long long)d->unchanged,
			     (unsigned long long)d->moved_other_type);
		mt_heap_diff_free(&d);
		return -1;
	}
	v->priv = d;
	return 0;
}

static void compare_close(struct view *v)
{
	if (!v->priv)
		return;
	struct mt_heap_diff *d = v->priv;

	mt_heap_diff_free(&d);
}

static size_t compare_count(struct view *v)
{
	const struct mt_heap_diff *d = v->priv;
	size_t lim = v->opts && v->opts->limit > 0 ? (size_t)v->opts->limit : d->n;

	return d->n < lim ? d->n : lim;
}

static void compare_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_heap_diff_row *r = &((struct mt_heap_diff *)v->priv)->rows[i];

	view_cell(v, row, 0, "%s", r->name);
	heap_diff_row_cells(v, r, row);
}

static cJSON *compare_json(struct view *v)
{
	const struct mt_heap_diff *d = v->priv;
	size_t n = compare_count(v);
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		const struct mt_heap_diff_row *r = &d->rows[i];
		cJSON *o = heap_diff_row_json(r, r->name, r->key);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static const char *compare_banner(struct view *v)
{
	const struct mt_heap_diff *d = v->priv;

	return d->by_class ? "a core has no object ids: compared by class only (# New: all of "
			     "the target's, # Deleted: all of the base's)" : NULL;
}

const struct view_ops view_compare_ops = {
	.name = "compare",
	.title = "Compare",
	.kind = MT_KIND_SNAPSHOT,
	.two = 1,
	.hidden = 1,   /* --print only: the Comparison pane is the tab */
	.cols = cols,
	.ncols = 7,
	.open = compare_open,
	.close = compare_close,
	.count = compare_count,
	.row = compare_row,
	.json = compare_json,
	.banner = compare_banner,
};
