/* views/report/env.c: environment variables, secrets masked unless
 * --no-redact. */
#include "views/report/common.h"

#include <stdio.h>

static size_t env_count(struct view *v)
{
	return rv_report(v)->nenv;
}

static int is_masked(const struct view *v, const struct mt_env_var *e)
{
	return e->shown && rv_env_value(v, e) == e->shown && e->value[0];
}

static void env_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_env_var *e = &rv_report(v)->env[i];

	view_cell(v, row, 0, "%s", e->key);
	view_cell(v, row, 1, "%s", rv_env_value(v, e));
	if (is_masked(v, e))
		row->style = VS_DIM;
}

static const char *env_banner(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	static __thread char buf[128];
	size_t masked = 0;

	if (!r->has_env)
		return "no environmentVariables in this report (--report-exclude-env?)";
	for (size_t i = 0; i < r->nenv; i++)
		masked += is_masked(v, &r->env[i]);
	if (!masked)
		return NULL;
	snprintf(buf, sizeof buf, "%zu values redacted (--no-redact shows them)", masked);
	return buf;
}

static cJSON *env_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *vars = cJSON_CreateArray();

	cJSON_AddBoolToObject(o, "present", r->has_env);
	cJSON_AddBoolToObject(o, "redacted", r->redact && (!v->opts || v->opts->redact));
	for (size_t i = 0; i < r->nenv; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", r->env[i].key);
		cJSON_AddStringToObject(e, "value", rv_env_value(v, &r->env[i]));
		cJSON_AddBoolToObject(e, "masked", is_masked(v, &r->env[i]));
		cJSON_AddItemToArray(vars, e);
	}
	cJSON_AddItemToObject(o, "variables", vars);
	return o;
}

static const struct view_col env_cols[] = {
	{ "name", 24, 0 },
	{ "value", 0, 0 },
};

const struct view_ops view_report_env_ops = {
	.name = "env",
	.title = "Environment",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(env_cols),
	.count = env_count,
	.row = env_row,
	.json = env_json,
	.banner = env_banner,
};
