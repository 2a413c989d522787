/* views/heap_classes.c: the Summary of a snapshot, DevTools' Constructors
 * grid: one row per class key with count, distance, self and retained
 * size, largest retained size first. */
#include "views/heap_common.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct classes_view {
	uint32_t *rows;   /* owned: class indexes in display order */
	size_t n;
};

static const struct view_col cols[] = {
	{ "Class", 0, 0 },
	{ "Count", 10, 1 },
	{ "Distance", 9, 1 },
	{ "Self size", 14, 1 },
	{ "Retained size", 14, 1 },
};

static int by_retained(const void *a, const void *b, void *arg)
{
	const struct mt_heap_classes *c = arg;
	const struct mt_heap_class *x = &c->v[*(const uint32_t *)a];
	const struct mt_heap_class *y = &c->v[*(const uint32_t *)b];

	if (x->retained != y->retained)
		return x->retained > y->retained ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int classes_open(struct view *v, struct mt_error *err)
{
	struct mt_heap *h = heap_of(v->doc);
	struct classes_view *cv = xcalloc(1, sizeof *cv);

	(void)err;
	cv->n = mt_heap_classes_visible(h->classes, &cv->rows);
	qsort_r(cv->rows, cv->n, sizeof *cv->rows, by_retained, h->classes);
	if (v->opts && v->opts->limit > 0 && (size_t)v->opts->limit < cv->n)
		cv->n = (size_t)v->opts->limit;
	v->priv = cv;
	return 0;
}

static void classes_close(struct view *v)
{
	if (!v->priv)
		return;
	struct classes_view *cv = v->priv;

	free(cv->rows);
	free(cv);
}

static size_t classes_count(struct view *v)
{
	return ((struct classes_view *)v->priv)->n;
}

static void classes_row(struct view *v, size_t i, struct view_row *row)
{
	struct classes_view *cv = v->priv;
	const struct mt_heap_class *c = &heap_of(v->doc)->classes->v[cv->rows[i]];
	char buf[32];

	view_cell(v, row, 0, "%s", c->name);
	view_cell(v, row, 1, "%s", fmt_count(c->count, buf, sizeof buf));
	view_cell(v, row, 2, "%s", heap_distance_text(c->distance, buf, sizeof buf));
	view_cell(v, row, 3, "%s", fmt_count(c->self, buf, sizeof buf));
	view_cell(v, row, 4, "%s", fmt_count(c->retained, buf, sizeof buf));
}

static cJSON *classes_json(struct view *v)
{
	struct classes_view *cv = v->priv;
	const struct mt_heap_classes *cs = heap_of(v->doc)->classes;
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < cv->n; i++) {
		const struct mt_heap_class *c = &cs->v[cv->rows[i]];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", c->name);
		cJSON_AddStringToObject(o, "key", c->key);
		cJSON_AddNumberToObject(o, "count", (double)c->count);
		cJSON_AddNumberToObject(o, "distance", c->distance);
		cJSON_AddNumberToObject(o, "self_size", (double)c->self);
		cJSON_AddNumberToObject(o, "retained_size", (double)c->retained);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

const struct view_ops view_classes_ops = {
	.name = "classes",
	.title = "Classes",
	.kind = MT_KIND_SNAPSHOT,
	.hidden = 1,   /* --print only: the Summary pane is the tab */
	.cols = cols,
	.ncols = 5,
	.open = classes_open,
	.close = classes_close,
	.count = classes_count,
	.row = classes_row,
	.json = classes_json,
};
