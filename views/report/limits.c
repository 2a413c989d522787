/* views/report/limits.c: user limits (ulimit), soft and hard. */
#include "views/report/common.h"
#include "core/report/jget.h"

static size_t limits_count(struct view *v)
{
	return rv_report(v)->nlimits;
}

static void limits_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_limit *l = &rv_report(v)->limits[i];
	char a[64], b[64];

	view_cell(v, row, 0, "%s", l->name);
	view_cell(v, row, 1, "%s", jval_text(l->soft, a, sizeof a) ? a : "?");
	view_cell(v, row, 2, "%s", jval_text(l->hard, b, sizeof b) ? b : "?");
}

/* A limit value: a number, or the string as written ("unlimited"). */
static cJSON *limit_value(const cJSON *v)
{
	uint64_t n;
	char buf[64];

	if (jval_u64(v, &n) == 1) {
		if (n < (UINT64_C(1) << 53))
			return cJSON_CreateNumber((double)n);
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)n);
		return cJSON_CreateString(buf);
	}
	return jval_text(v, buf, sizeof buf) ? cJSON_CreateString(buf) : cJSON_CreateNull();
}

static cJSON *limits_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();

	for (size_t i = 0; i < r->nlimits; i++) {
		cJSON *l = cJSON_CreateObject();
		cJSON_AddStringToObject(l, "name", r->limits[i].name);
		cJSON_AddItemToObject(l, "soft", limit_value(r->limits[i].soft));
		cJSON_AddItemToObject(l, "hard", limit_value(r->limits[i].hard));
		cJSON_AddItemToArray(arr, l);
	}
	cJSON_AddBoolToObject(o, "present", jget(r->json, "userLimits") != NULL);
	cJSON_AddItemToObject(o, "limits", arr);
	return o;
}

static const char *limits_banner(struct view *v)
{
	return rv_report(v)->nlimits ? NULL : "no userLimits in this report (Windows?)";
}

static const struct view_col limits_cols[] = {
	{ "limit", 0, 0 },
	{ "soft", 14, 1 },
	{ "hard", 14, 1 },
};

const struct view_ops view_report_limits_ops = {
	.name = "limits",
	.title = "Limits",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(limits_cols),
	.count = limits_count,
	.row = limits_row,
	.json = limits_json,
	.banner = limits_banner,
};
