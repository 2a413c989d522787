/* views/report/triage.c: every finding, worst first, each followed by the
 * rows that prove it; then the findings of the worker threads. */
#include "views/report/common.h"
#include "views/report/rows.h"
#include "core/xalloc.h"

#include <stdio.h>

static void add_findings(struct rv_rows *l, const struct mt_report *r, const char *who)
{
	char rule[128];

	for (size_t i = 0; i < r->nfindings; i++) {
		const struct mt_finding *f = &r->findings[i];
		snprintf(rule, sizeof rule, "%s%s", who, f->rule);
		rv_rows_add(l, rv_severity_style(f->severity), mt_severity_name(f->severity),
			    rule, f->message, NULL);
		for (size_t j = 0; j < f->nrows; j++)
			rv_rows_add(l, VS_DIM, NULL, NULL, f->rows[j], NULL)->depth = 1;
	}
}

static int triage_open(struct view *v, struct mt_error *err)
{
	const struct mt_report *r = rv_report(v);
	struct rv_rows *l = xcalloc(1, sizeof *l);
	char who[64];

	add_findings(l, r, "");
	for (size_t w = 0; w < r->nworkers; w++) {
		snprintf(who, sizeof who, "worker %zu: ", w);
		add_findings(l, r->workers[w], who);
	}
	v->priv = l;
	return 0;
}

static cJSON *triage_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *ws = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "max_severity", mt_severity_name(mt_report_max_severity(r)));
	cJSON_AddItemToObject(o, "findings", rv_findings_json(r));
	for (size_t i = 0; i < r->nworkers; i++) {
		cJSON *w = cJSON_CreateObject();
		cJSON_AddNumberToObject(w, "index", (double)i);
		rv_add_int(w, "thread_id", r->workers[i]->tid, r->workers[i]->tid >= 0);
		cJSON_AddItemToObject(w, "findings", rv_findings_json(r->workers[i]));
		cJSON_AddItemToArray(ws, w);
	}
	cJSON_AddItemToObject(o, "workers", ws);
	return o;
}

static const char *triage_banner(struct view *v)
{
	return mt_report_max_severity(rv_report(v)) ? NULL : "no findings";
}

static const struct view_col triage_cols[] = {
	{ "severity", 8, 0 },
	{ "rule", 18, 0 },
	{ "finding", 0, 0 },
};

const struct view_ops view_report_triage_ops = {
	.name = "triage",
	.title = "Triage",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(triage_cols),
	.open = triage_open,
	.close = rv_rows_close,
	.count = rv_rows_count,
	.row = rv_rows_row,
	.json = triage_json,
	.banner = triage_banner,
};
