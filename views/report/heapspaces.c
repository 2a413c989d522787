/* views/report/heapspaces.c: V8 heap spaces (used, committed, available,
 * a meter of used against capacity, [|||||    73%]), then the heap
 * against its limit. */
#include "views/report/common.h"
#include "core/report/jget.h"

static size_t heapspaces_count(struct view *v)
{
	const struct mt_report *r = rv_report(v);

	return r->heap ? r->nspaces + 1 : 0;
}

static double share(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

static void heapspaces_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_report *r = rv_report(v);
	char b[32];

	if (i == r->nspaces) {          /* the whole heap against its limit */
		uint64_t used = 0, limit = 0, committed = 0, avail = 0;
		jget_u64(r->heap, "usedMemory", &used);
		jget_u64(r->heap, "memoryLimit", &limit);
		jget_u64(r->heap, "totalCommittedMemory", &committed);
		jget_u64(r->heap, "availableMemory", &avail);
		row->style = VS_HEADER;
		view_cell(v, row, 0, "heap (limit %s)", fmt_bytes(limit, b, sizeof b));
		view_cell(v, row, 1, "%s", fmt_bytes(used, b, sizeof b));
		view_cell(v, row, 2, "%s", fmt_bytes(committed, b, sizeof b));
		view_cell(v, row, 3, "%s", fmt_bytes(avail, b, sizeof b));
		row->bar = share(used, limit);
		view_cell(v, row, 4, "%.0f%% of limit", row->bar * 100);
		return;
	}
	const struct mt_heap_space *s = &r->spaces[i];
	view_cell(v, row, 0, "%s", s->name);
	view_cell(v, row, 1, "%s", fmt_bytes(s->used, b, sizeof b));
	view_cell(v, row, 2, "%s", fmt_bytes(s->committed, b, sizeof b));
	view_cell(v, row, 3, "%s", fmt_bytes(s->available, b, sizeof b));
	row->bar = share(s->used, s->capacity);
	view_cell(v, row, 4, "%.0f%%", row->bar * 100);
	if (!s->capacity)
		row->style = VS_DIM;
}

static void add_field(cJSON *o, const char *key, const cJSON *heap, const char *field)
{
	uint64_t n;

	if (jget_u64(heap, field, &n) == 1)
		rv_add_u64(o, key, n);
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *heapspaces_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *spaces = cJSON_CreateArray();

	cJSON_AddBoolToObject(o, "present", r->heap != NULL);
	add_field(o, "used", r->heap, "usedMemory");
	add_field(o, "limit", r->heap, "memoryLimit");
	add_field(o, "total", r->heap, "totalMemory");
	add_field(o, "committed", r->heap, "totalCommittedMemory");
	add_field(o, "available", r->heap, "availableMemory");
	add_field(o, "external", r->heap, "externalMemory");
	add_field(o, "malloced", r->heap, "mallocedMemory");
	for (size_t i = 0; i < r->nspaces; i++) {
		const struct mt_heap_space *s = &r->spaces[i];
		cJSON *so = cJSON_CreateObject();
		cJSON_AddStringToObject(so, "name", s->name);
		rv_add_u64(so, "memory_size", s->memory_size);
		rv_add_u64(so, "committed", s->committed);
		rv_add_u64(so, "capacity", s->capacity);
		rv_add_u64(so, "used", s->used);
		rv_add_u64(so, "available", s->available);
		cJSON_AddItemToArray(spaces, so);
	}
	cJSON_AddItemToObject(o, "spaces", spaces);
	return o;
}

static const char *heapspaces_banner(struct view *v)
{
	return rv_report(v)->heap ? NULL : "no javascriptHeap in this report (not a JavaScript thread)";
}

static const struct view_col heapspaces_cols[] = {
	{ "space", 12, 0 },
	{ "used", 10, 1 },
	{ "committed", 10, 1 },
	{ "available", 10, 1 },
	{ "use", 32, 0 },      /* a meter, 32 wide or the rest when less */
};

const struct view_ops view_report_heapspaces_ops = {
	.name = "heapspaces",
	.title = "Heap spaces",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(heapspaces_cols),
	.meters = VIEW_METER(4),
	.count = heapspaces_count,
	.row = heapspaces_row,
	.json = heapspaces_json,
	.banner = heapspaces_banner,
};
