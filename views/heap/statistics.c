/* views/heap/statistics.c: DevTools' Statistics pane: where the bytes go
 * (core's mt_heap_statistics), with a meter of each one's share of the
 * total, [|||||    20.7%], drawn in text so it shows on any terminal and in
 * --print, as wide as the pane leaves it. */
#include "views/heap/ui.h"
#include "core/heap/stats.h"
#include "core/xalloc.h"

#include <string.h>

static const struct view_col cols[] = {
	{ "Kind", 16, 0 },
	{ "Bytes", 13, 1 },
	{ "Size", 10, 1 },
	{ "Share of the total", 44, 0 },   /* a meter */
};

static size_t stats_count(struct view *v)
{
	(void)v;
	return HEAP_STAT_ROWS;
}

static void stats_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_heap_stats *s = v->priv;
	uint64_t n = heap_stat_value(s, i);
	char buf[32];

	row->depth = i > 0;
	view_cell(v, row, 0, "%s", heap_stat_name(i));
	view_cell(v, row, 1, "%s", fmt_count(n, buf, sizeof buf));
	view_cell(v, row, 2, "%s", fmt_bytes(n, buf, sizeof buf));
	view_cell(v, row, 3, "%s", heapui_percent(n, s->total, buf, sizeof buf));
	row->bar = s->total ? (double)n / (double)s->total : 0;
}

static cJSON *stats_json(struct view *v)
{
	const struct mt_heap_stats *s = v->priv;
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "total", (double)s->total);
	cJSON_AddNumberToObject(o, "v8heap", (double)s->v8heap);
	cJSON_AddNumberToObject(o, "code", (double)s->code);
	cJSON_AddNumberToObject(o, "strings", (double)s->strings);
	cJSON_AddNumberToObject(o, "js_arrays", (double)s->js_arrays);
	cJSON_AddNumberToObject(o, "typed_arrays", (double)s->typed_arrays);
	cJSON_AddNumberToObject(o, "system", (double)s->system);
	cJSON_AddNumberToObject(o, "native", (double)s->native);
	return o;
}

const struct view_ops view_stats_ops = {
	.name = "statistics",
	.alias = "stats",
	.title = "Statistics",
	.kind = MT_KIND_SNAPSHOT,
	VIEW_COLS(cols),
	.meters = VIEW_METER(3),
	.open = heap_stats_open,
	.close = heap_stats_close,
	.count = stats_count,
	.row = stats_row,
	.json = stats_json,
};
