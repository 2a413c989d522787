/* views/report/resources.c: resource usage of the process and of the
 * event-loop thread, every field the report has (unknown ones too). */
#include "views/report/common.h"
#include "views/report/rows.h"
#include "core/report/jget.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

static const char *const byte_fields[] = {
	"free_memory", "total_memory", "rss", "constrained_memory", "available_memory",
	"maxRss", NULL
};

static int is_bytes(const char *key)
{
	for (size_t i = 0; byte_fields[i]; i++)
		if (strcmp(byte_fields[i], key) == 0)
			return 1;
	return 0;
}

static void add_value(struct rv_rows *l, const char *key, const cJSON *val, int depth)
{
	char buf[256], b[32];
	uint64_t n;
	const char *t = jval_text(val, buf, sizeof buf);

	if (!t)
		return;
	if (is_bytes(key) && jval_u64(val, &n) == 1) {
		if (n == UINT64_MAX)   /* no cgroup limit: node writes UINT64_MAX */
			snprintf(b, sizeof b, "unlimited");
		else
			fmt_bytes(n, b, sizeof b);
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)n);
		rv_rows_add(l, VS_NORMAL, key, b, buf, NULL)->depth = depth;
	} else
		rv_rows_add(l, VS_NORMAL, key, t, NULL, NULL)->depth = depth;
}

static void add_section(struct rv_rows *l, const char *title, const cJSON *obj)
{
	const cJSON *c, *d;

	if (!cJSON_IsObject(obj))
		return;
	rv_rows_add(l, VS_HEADER, title, NULL, NULL, NULL);
	cJSON_ArrayForEach(c, obj) {
		if (!c->string)
			continue;
		if (!cJSON_IsObject(c)) {
			add_value(l, c->string, c, 1);
			continue;
		}
		rv_rows_add(l, VS_NORMAL, c->string, NULL, NULL, NULL)->depth = 1;
		cJSON_ArrayForEach(d, c)
			if (d->string)
				add_value(l, d->string, d, 2);
	}
}

static int resources_open(struct view *v, struct mt_error *err)
{
	const struct mt_report *r = rv_report(v);
	struct rv_rows *l = xcalloc(1, sizeof *l);

	add_section(l, "process (resourceUsage)", jget(r->json, "resourceUsage"));
	add_section(l, "event loop thread (uvthreadResourceUsage)",
		    jget(r->json, "uvthreadResourceUsage"));
	v->priv = l;
	return 0;
}

/* Leaves of obj, nested objects flattened to "a.b"; numbers stay numbers
 * (numeric strings become numbers), other scalars stay as they are. */
static void flatten(cJSON *out, const cJSON *obj, const char *prefix)
{
	const cJSON *c;
	char key[300];
	double d;

	cJSON_ArrayForEach(c, obj) {
		snprintf(key, sizeof key, "%s%s", prefix, c->string ? c->string : "");
		if (cJSON_IsObject(c)) {
			char sub[310];
			snprintf(sub, sizeof sub, "%s.", key);
			flatten(out, c, sub);
		} else if (!cJSON_IsBool(c) && jval_double(c, &d) == 1) {
			uint64_t n;
			if (d >= 9007199254740992.0 && jval_u64(c, &n) == 1)
				rv_add_u64(out, key, n);
			else
				cJSON_AddNumberToObject(out, key, d);
		} else
			cJSON_AddItemToObject(out, key, cJSON_Duplicate(c, 1));
	}
}

static cJSON *resources_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject();
	const cJSON *p = jget(r->json, "resourceUsage"), *t = jget(r->json, "uvthreadResourceUsage");

	if (cJSON_IsObject(p)) {
		cJSON *x = cJSON_CreateObject();
		flatten(x, p, "");
		cJSON_AddItemToObject(o, "process", x);
	} else
		cJSON_AddNullToObject(o, "process");
	if (cJSON_IsObject(t)) {
		cJSON *x = cJSON_CreateObject();
		flatten(x, t, "");
		cJSON_AddItemToObject(o, "thread", x);
	} else
		cJSON_AddNullToObject(o, "thread");
	return o;
}

static const struct view_col resources_cols[] = {
	{ "field", 0, 0 },
	{ "value", 14, 1 },
	{ "raw", 22, 1 },
};

const struct view_ops view_report_resources_ops = {
	.name = "resources",
	.title = "Resources",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(resources_cols),
	.open = resources_open,
	.close = rv_rows_close,
	.count = rv_rows_count,
	.row = rv_rows_row,
	.json = resources_json,
};
