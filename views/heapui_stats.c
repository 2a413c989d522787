/* views/heapui_stats.c: the Statistics tab: DevTools' numbers (core's
 * mt_heap_statistics, as `--print statistics` prints them) with a bar of
 * each one's share of the total, drawn in text so it shows on any
 * terminal. */
#include "views/heapui.h"
#include "core/heap/stats.h"
#include "core/xalloc.h"

#include <string.h>

#define BAR_WIDTH 40

static const struct view_col cols[] = {
	{ "Kind", 16, 0 },
	{ "Bytes", 13, 1 },
	{ "Size", 10, 1 },
	{ "%", 6, 1 },
	{ "Share of the total", 0, 0 },
};

static const char *const names[] = {
	"Total", "V8 heap", "Code", "Strings", "JS arrays", "Typed arrays",
	"System objects", "Native",
};

static uint64_t value(const struct mt_heap_stats *s, size_t i)
{
	const uint64_t v[] = { s->total, s->v8heap, s->code, s->strings, s->js_arrays,
			       s->typed_arrays, s->system, s->native };
	return v[i];
}

static int stats_open(struct view *v, struct mt_error *err)
{
	struct mt_heap_stats *s = xcalloc(1, sizeof *s);

	(void)err;
	mt_heap_statistics(heap_of(v->doc), s);
	v->priv = s;
	return 0;
}

static void stats_close(struct view *v)
{
	free(v->priv);
	v->priv = NULL;
}

static size_t stats_count(struct view *v)
{
	(void)v;
	return sizeof names / sizeof names[0];
}

/* eighths of a block, so small shares still show */
static void bar(struct strbuf *out, double share)
{
	static const char *const part[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	int eighths = (int)(share * BAR_WIDTH * 8 + 0.5);

	for (int i = 0; i < eighths / 8; i++)
		strbuf_puts(out, "█");
	strbuf_puts(out, part[eighths % 8]);
}

static void stats_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_heap_stats *s = v->priv;
	struct strbuf b = STRBUF_INIT;
	uint64_t n = value(s, i);
	char buf[32];

	row->depth = i > 0;
	view_cell(v, row, 0, "%s", names[i]);
	view_cell(v, row, 1, "%s", fmt_count(n, buf, sizeof buf));
	view_cell(v, row, 2, "%s", fmt_bytes(n, buf, sizeof buf));
	view_cell(v, row, 3, "%s", heapui_percent(n, s->total, buf, sizeof buf));
	bar(&b, s->total ? (double)n / (double)s->total : 0);
	view_cell(v, row, 4, "%s", strbuf_str(&b));
	strbuf_free(&b);
}

const struct view_ops view_stats_ops = {
	.name = "stats",
	.title = "Statistics",
	.kind = MT_KIND_SNAPSHOT,
	.cols = cols,
	.ncols = 5,
	.open = stats_open,
	.close = stats_close,
	.count = stats_count,
	.row = stats_row,
};
