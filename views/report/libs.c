/* views/report/libs.c: the shared objects loaded in the process. */
#include "views/report/common.h"

static size_t libs_count(struct view *v)
{
	return rv_report(v)->nlibs;
}

static void libs_row(struct view *v, size_t i, struct view_row *row)
{
	view_cell(v, row, 0, "%s", rv_report(v)->libs[i]);
}

static cJSON *libs_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();

	for (size_t i = 0; i < r->nlibs; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(r->libs[i]));
	cJSON_AddItemToObject(o, "libraries", arr);
	return o;
}

static const struct view_col libs_cols[] = {
	{ "library", 0, 0 },
};

const struct view_ops view_report_libs_ops = {
	.name = "libs",
	.title = "Libraries",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(libs_cols),
	.count = libs_count,
	.row = libs_row,
	.json = libs_json,
};
