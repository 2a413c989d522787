/* views/heap/series.c: the Series pane: each class's count in every
 * snapshot opened (a series: `mortem a b c ...`, or the two of a pair),
 * the classes that grew at every step first and marked, as memlab reads
 * growth over several snapshots to cut the noise of one comparison. Classes
 * are matched by DevTools' class key. `--print series`. */
#include "views/heap/ui.h"
#include "core/xalloc.h"
#include "core/strhash.h"

#include <stdlib.h>
#include <string.h>

struct srow {
	const char *name;     /* borrowed from a snapshot's class table */
	const char *key;      /* borrowed */
	uint64_t *count;      /* owned: one per snapshot */
	int every;            /* grew at every step */
};

struct series {
	struct mt_artifact **snap; /* owned array of borrowed artifacts */
	int n;
	struct srow *v;            /* owned */
	size_t nrows, cap;
	size_t *slot;              /* owned: open addressing on key, nrows + 1 based */
	size_t nslot;
	struct strbuf tmp, ban;    /* owned */
};

static const struct view_col cols[] = {
	{ .title = "Class" },
	{ .title = "Grew", .width = 10 },
	{ .title = "First", .width = 10, .right = 1 },
	{ .title = "Last", .width = 10, .right = 1 },
	{ .title = "Change", .width = 10, .right = 1 },
	{ .title = "Counts, snapshot by snapshot", .width = 30 },
};

static struct srow *row_for(struct series *s, const char *key, const char *name)
{
	if ((s->nrows + 1) * 2 > s->nslot) {
		free(s->slot);
		s->nslot = s->nslot ? s->nslot * 2 : 1024;
		s->slot = xcalloc(s->nslot, sizeof *s->slot);
		for (size_t r = 0; r < s->nrows; r++) {
			size_t k = mt_hash_str(MT_HASH_SEED, s->v[r].key) % s->nslot;
			while (s->slot[k])
				k = (k + 1) % s->nslot;
			s->slot[k] = r + 1;
		}
	}
	size_t k = mt_hash_str(MT_HASH_SEED, key) % s->nslot;
	for (; s->slot[k]; k = (k + 1) % s->nslot)
		if (strcmp(s->v[s->slot[k] - 1].key, key) == 0)
			return &s->v[s->slot[k] - 1];
	if (s->nrows == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	struct srow *r = &s->v[s->nrows];
	r->name = name;
	r->key = key;
	r->count = xcalloc((size_t)s->n, sizeof *r->count);
	r->every = 0;
	s->slot[k] = ++s->nrows;
	return r;
}

static int64_t change_of(const struct series *s, const struct srow *r)
{
	return (int64_t)r->count[s->n - 1] - (int64_t)r->count[0];
}

static int by_growth(const void *a, const void *b, void *arg)
{
	const struct series *s = arg;
	const struct srow *x = a, *y = b;
	int64_t dx = change_of(s, x), dy = change_of(s, y);

	if (x->every != y->every)
		return x->every ? -1 : 1;
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void add_snapshot(struct series *s, int i)
{
	const struct mt_heap_classes *c = heap_of(s->snap[i])->classes;
	uint32_t *vis;
	size_t n = mt_heap_classes_visible(c, &vis);

	for (size_t k = 0; k < n; k++) {
		const struct mt_heap_class *cl = &c->v[vis[k]];
		row_for(s, cl->key, cl->name)->count[i] += cl->count;
	}
	free(vis);
}

static int series_open(struct view *v, struct mt_error *err)
{
	struct series *s;
	int n = v->doc->series ? v->doc->nseries : 2;

	if (!heap_of(v->doc) || !(v->doc->series || heap_of(v->other))) {
		mt_error_set(err, "the series needs two heap snapshots or more");
		return -1;
	}
	s = xcalloc(1, sizeof *s);
	s->n = n;
	s->snap = xmalloc((size_t)n * sizeof *s->snap);
	for (int i = 0; i < n; i++)
		s->snap[i] = v->doc->series ? &v->doc->series[i] : i ? v->other : v->doc;
	for (int i = 0; i < n; i++)
		add_snapshot(s, i);
	for (size_t r = 0; r < s->nrows; r++) {
		s->v[r].every = 1;
		for (int i = 1; i < n; i++)
			s->v[r].every &= s->v[r].count[i] > s->v[r].count[i - 1];
	}
	qsort_r(s->v, s->nrows, sizeof *s->v, by_growth, s);
	v->priv = s;
	return 0;
}

static void series_close(struct view *v)
{
	struct series *s = v->priv;

	if (!s)
		return;
	for (size_t r = 0; r < s->nrows; r++)
		free(s->v[r].count);
	free(s->v);
	free(s->slot);
	free(s->snap);
	strbuf_free(&s->tmp);
	strbuf_free(&s->ban);
	free(s);
	v->priv = NULL;
}

static size_t series_count(struct view *v)
{
	size_t n = ((struct series *)v->priv)->nrows;

	if (v->opts && v->opts->limit > 0 && (size_t)v->opts->limit < n)
		n = (size_t)v->opts->limit;
	return n;
}

static void series_row(struct view *v, size_t i, struct view_row *row)
{
	struct series *s = v->priv;
	const struct srow *r = &s->v[i];
	char buf[32];
	int64_t d = change_of(s, r);

	view_cell(v, row, 0, "%s", r->name);
	if (r->every)
		view_cell(v, row, 1, "every step");
	view_cell(v, row, 2, "%s", fmt_count(r->count[0], buf, sizeof buf));
	view_cell(v, row, 3, "%s", fmt_count(r->count[s->n - 1], buf, sizeof buf));
	view_cell(v, row, 4, "%s%s", d > 0 ? "+" : d < 0 ? "-" : "",
		  fmt_count((uint64_t)(d < 0 ? -d : d), buf, sizeof buf));
	strbuf_reset(&s->tmp);
	for (int k = 0; k < s->n; k++)
		strbuf_printf(&s->tmp, "%s%s", k ? " → " : "", fmt_count(r->count[k], buf, sizeof buf));
	view_cell(v, row, 5, "%s", strbuf_str(&s->tmp));
	row->style = r->every ? VS_ADDED : d < 0 ? VS_REMOVED : VS_NORMAL;
}

static const char *series_banner(struct view *v)
{
	struct series *s = v->priv;
	size_t every = 0;

	for (size_t r = 0; r < s->nrows; r++)
		every += s->v[r].every;
	strbuf_reset(&s->ban);
	strbuf_printf(&s->ban, "%d snapshots, %s → %s: %zu classes grew at every step", s->n,
		      s->snap[0]->path, s->snap[s->n - 1]->path, every);
	return strbuf_str(&s->ban);
}

static void series_search_text(struct view *v, size_t i, struct strbuf *out)
{
	strbuf_puts(out, ((struct series *)v->priv)->v[i].name);
}

static cJSON *series_json(struct view *v)
{
	struct series *s = v->priv;
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < series_count(v); i++) {
		const struct srow *r = &s->v[i];
		cJSON *o = cJSON_CreateObject(), *counts = cJSON_CreateArray();
		cJSON_AddStringToObject(o, "name", r->name);
		cJSON_AddStringToObject(o, "key", r->key);
		for (int k = 0; k < s->n; k++)
			cJSON_AddItemToArray(counts, cJSON_CreateNumber((double)r->count[k]));
		cJSON_AddItemToObject(o, "counts", counts);
		cJSON_AddNumberToObject(o, "change", (double)change_of(s, r));
		cJSON_AddBoolToObject(o, "grew_every_step", r->every);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

const struct view_ops view_series_ops = {
	.name = "series",
	.title = "Series",
	.kind = MT_KIND_SNAPSHOT,
	.two = 1,
	VIEW_COLS(cols),
	.open = series_open,
	.close = series_close,
	.count = series_count,
	.row = series_row,
	.banner = series_banner,
	.search_text = series_search_text,
	.json = series_json,
};
