/* views/report/workers.c: worker threads; Enter opens a worker's nested
 * report as a report of its own, with every pane (view_nav with ops NULL
 * and doc set, see views/view.h). */
#include "views/report/common.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <string.h>

/* One artifact per worker, wrapping the nested report. The path is owned;
 * the model is borrowed from the parent report and never freed here. */
struct workers_priv {
	struct mt_artifact *docs;   /* owned array */
	size_t n;
};

static int workers_open(struct view *v, struct mt_error *err)
{
	const struct mt_report *r = rv_report(v);
	struct workers_priv *p = xcalloc(1, sizeof *p);

	p->docs = xcalloc(r->nworkers + 1, sizeof *p->docs);
	p->n = r->nworkers;
	for (size_t i = 0; i < r->nworkers; i++) {
		struct strbuf name = STRBUF_INIT;
		strbuf_printf(&name, "%s: workers[%zu]", v->doc->path ? v->doc->path : "", i);
		p->docs[i].path = strbuf_detach(&name);
		p->docs[i].kind = MT_KIND_REPORT;
		p->docs[i].ops = &mt_report_kind;
		p->docs[i].model = r->workers[i];
	}
	v->priv = p;
	return 0;
}

static void workers_close(struct view *v)
{
	struct workers_priv *p = v->priv;

	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->docs[i].path);   /* the model belongs to the parent report */
	free(p->docs);
	free(p);
	v->priv = NULL;
}

static size_t workers_count(struct view *v)
{
	return rv_report(v)->nworkers;
}

static void workers_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_report *w = rv_report(v)->workers[i];
	enum mt_severity worst = mt_report_max_severity(w);

	view_cell(v, row, 0, "%zu", i);
	if (w->tid >= 0)
		view_cell(v, row, 1, "%lld", (long long)w->tid);
	view_cell(v, row, 2, "%s", w->event ? w->event : "");
	view_cell(v, row, 3, "%zu", w->nhandles);
	view_cell(v, row, 4, "%zu", w->nworkers);
	if (w->nfindings)
		view_cell(v, row, 5, "%zu (%s)", w->nfindings, mt_severity_name(worst));
	row->style = rv_severity_style(worst == MT_SEV_INFO ? MT_SEV_NONE : worst);
}

static int workers_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct workers_priv *p = v->priv;

	if (i >= p->n)
		return VA_NONE;
	nav->ops = NULL;            /* the worker opens as a report of its own */
	nav->doc = &p->docs[i];
	nav->arg = (int64_t)i;
	nav->title = p->docs[i].path;
	return VA_NAVIGATE;
}

static cJSON *workers_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();

	for (size_t i = 0; i < r->nworkers; i++) {
		const struct mt_report *w = r->workers[i];
		cJSON *wo = cJSON_CreateObject();
		cJSON_AddNumberToObject(wo, "index", (double)i);
		rv_add_int(wo, "thread_id", w->tid, w->tid >= 0);
		rv_add_str(wo, "event", w->event);
		rv_add_str(wo, "trigger", w->trigger);
		rv_add_str(wo, "node_version", w->node_version);
		cJSON_AddNumberToObject(wo, "handles", (double)w->nhandles);
		cJSON_AddNumberToObject(wo, "workers", (double)w->nworkers);
		cJSON_AddStringToObject(wo, "max_severity",
					mt_severity_name(mt_report_max_severity(w)));
		cJSON_AddItemToObject(wo, "findings", rv_findings_json(w));
		cJSON_AddItemToArray(arr, wo);
	}
	cJSON_AddItemToObject(o, "workers", arr);
	return o;
}

static const char *workers_banner(struct view *v)
{
	return rv_report(v)->nworkers ? NULL : "no worker threads";
}

static const struct view_col workers_cols[] = {
	{ "#", 3, 1 },
	{ "thread", 6, 1 },
	{ "event", 0, 0 },
	{ "handles", 7, 1 },
	{ "workers", 7, 1 },
	{ "findings", 16, 0 },
};

const struct view_ops view_report_workers_ops = {
	.name = "workers",
	.title = "Workers",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(workers_cols),
	.open = workers_open,
	.close = workers_close,
	.count = workers_count,
	.row = workers_row,
	.enter = workers_enter,
	.json = workers_json,
	.banner = workers_banner,
};
