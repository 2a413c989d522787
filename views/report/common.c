/* views/report/common.c: helpers shared by the report panes. */
#include "views/report/common.h"

#include <stdio.h>
#include <time.h>

struct mt_report *rv_report(const struct view *v)
{
	return v->doc ? v->doc->model : NULL;
}

struct mt_report *rv_other(const struct view *v)
{
	return v->other ? v->other->model : NULL;
}

enum view_style rv_severity_style(enum mt_severity sev)
{
	switch (sev) {
	case MT_SEV_CRITICAL: return VS_CRIT;
	case MT_SEV_WARNING: return VS_WARN;
	case MT_SEV_INFO: return VS_INFO;
	default: return VS_NORMAL;
	}
}

const char *rv_time_utc(int64_t ms, char *buf, size_t size)
{
	struct tm tm;
	time_t secs = (time_t)(ms / 1000);

	buf[0] = '\0';
	if (ms < 0 || !gmtime_r(&secs, &tm))
		return buf;
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
	return buf;
}

void rv_add_str(cJSON *obj, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(obj, key, s);
	else
		cJSON_AddNullToObject(obj, key);
}

void rv_add_int(cJSON *obj, const char *key, int64_t n, int have)
{
	char buf[32];

	if (!have)
		cJSON_AddNullToObject(obj, key);
	else if (n > -(INT64_C(1) << 53) && n < (INT64_C(1) << 53))
		cJSON_AddNumberToObject(obj, key, (double)n);
	else {
		snprintf(buf, sizeof buf, "%lld", (long long)n);
		cJSON_AddStringToObject(obj, key, buf);
	}
}

void rv_add_u64(cJSON *obj, const char *key, uint64_t n)
{
	char buf[32];

	if (n < (UINT64_C(1) << 53))
		cJSON_AddNumberToObject(obj, key, (double)n);
	else {
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)n);
		cJSON_AddStringToObject(obj, key, buf);
	}
}

cJSON *rv_findings_json(const struct mt_report *r)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < r->nfindings; i++) {
		const struct mt_finding *f = &r->findings[i];
		cJSON *o = cJSON_CreateObject(), *rows = cJSON_CreateArray();
		cJSON_AddStringToObject(o, "rule", f->rule);
		cJSON_AddStringToObject(o, "severity", mt_severity_name(f->severity));
		cJSON_AddStringToObject(o, "message", f->message);
		for (size_t j = 0; j < f->nrows; j++)
			cJSON_AddItemToArray(rows, cJSON_CreateString(f->rows[j]));
		cJSON_AddItemToObject(o, "rows", rows);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

const char *rv_env_value(const struct view *v, const struct mt_env_var *e)
{
	int redact = !v->opts || v->opts->redact;

	return e->shown && (redact || !e->value[0]) ? e->shown : e->value;
}
