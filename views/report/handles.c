/* views/report/handles.c: libuv handles grouped by type and endpoint, with
 * counts; Enter on a group opens it into its handles. */
#include "views/report/common.h"
#include "core/report/jget.h"
#include "core/xalloc.h"

#include <string.h>

/* A visible row: a group, or member m of an open group. */
struct hrow {
	size_t group;
	ssize_t member;          /* -1 for the group row itself */
};

struct handles_priv {
	unsigned char *open;     /* owned: one flag per group */
	struct hrow *rows;       /* owned: the visible rows */
	size_t nrows;
};

static void layout(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	struct handles_priv *p = v->priv;

	p->nrows = 0;
	for (size_t g = 0; g < r->ngroups; g++) {
		p->rows[p->nrows++] = (struct hrow){ g, -1 };
		if (p->open[g])
			for (size_t m = 0; m < r->groups[g].count; m++)
				p->rows[p->nrows++] = (struct hrow){ g, (ssize_t)m };
	}
}

static int handles_open(struct view *v, struct mt_error *err)
{
	const struct mt_report *r = rv_report(v);
	struct handles_priv *p = xcalloc(1, sizeof *p);

	p->open = xcalloc(r->ngroups + 1, 1);
	p->rows = xcalloc(r->ngroups + r->nhandles + 1, sizeof *p->rows);
	v->priv = p;
	layout(v);
	return 0;
}

static void handles_close(struct view *v)
{
	struct handles_priv *p = v->priv;

	if (p) {
		free(p->open);
		free(p->rows);
		free(p);
	}
	v->priv = NULL;
}

static size_t handles_count(struct view *v)
{
	return ((struct handles_priv *)v->priv)->nrows;
}

static const char *yes_no(int flag)
{
	return flag == 1 ? "yes" : flag == 0 ? "no" : "?";
}

static void timer_detail(struct view *v, struct view_row *row, const struct mt_handle *h)
{
	if (h->fires_in_ms < 0 || h->expired)
		view_cell(v, row, 5, "overdue by %lld ms%s", (long long)-h->fires_in_ms,
			  h->expired ? " (expired)" : "");
	else
		view_cell(v, row, 5, "fires in %.1f s%s", (double)h->fires_in_ms / 1000,
			  h->repeat > 0 ? ", repeats" : "");
}

/* A handle's fd and its detail (a timer's, or the report's text). */
static void fd_and_detail(struct view *v, struct view_row *row, const struct mt_handle *h)
{
	if (h->fd >= 0)
		view_cell(v, row, 4, "%lld", (long long)h->fd);
	if (h->has_timer)
		timer_detail(v, row, h);
	else if (h->detail)
		view_cell(v, row, 5, "%s", h->detail);
}

static void member_row(struct view *v, const struct mt_handle *h, struct view_row *row)
{
	char l[300], rm[300];

	row->depth = 1;
	row->style = h->active == 0 ? VS_DIM : VS_NORMAL;
	/* both ends (the group row above names the type) */
	if (h->local.present || h->remote.present)
		view_cell(v, row, 0, "%s -> %s", mt_endpoint_text(&h->local, l, sizeof l),
			  mt_endpoint_text(&h->remote, rm, sizeof rm));
	else
		view_cell(v, row, 0, "%s %s", h->type, h->address ? h->address : "");
	view_cell(v, row, 2, "%s", yes_no(h->active));
	view_cell(v, row, 3, "%s", yes_no(h->referenced));
	fd_and_detail(v, row, h);
}

static void handles_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_report *r = rv_report(v);
	struct handles_priv *p = v->priv;
	const struct hrow *hr = &p->rows[i];
	const struct mt_handle_group *g = &r->groups[hr->group];

	if (hr->member >= 0) {
		member_row(v, &r->handles[g->members[hr->member]], row);
		return;
	}
	row->fold = p->open[hr->group] ? VF_OPEN : VF_CLOSED;
	row->style = g->active == 0 ? VS_DIM : VS_NORMAL;
	view_cell(v, row, 0, "%s", g->key);
	view_cell(v, row, 1, "%zu", g->count);
	view_cell(v, row, 2, "%zu", g->active);
	view_cell(v, row, 3, "%zu", g->referenced);
	if (g->count == 1)        /* a lone handle shows its fd and detail inline */
		fd_and_detail(v, row, &r->handles[g->members[0]]);
}

static int handles_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct handles_priv *p = v->priv;

	if (i >= p->nrows)
		return VA_NONE;
	size_t g = p->rows[i].group;
	p->open[g] = !p->open[g];
	layout(v);
	return VA_REDRAW;
}

static cJSON *endpoint_json(const struct mt_endpoint *e)
{
	if (!e->present)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	rv_add_str(o, "host", e->host);
	rv_add_str(o, "ip", e->ip);
	rv_add_int(o, "port", e->port, e->port >= 0);
	return o;
}

static cJSON *handle_json(const struct mt_handle *h)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", h->type);
	rv_add_str(o, "address", h->address);
	if (h->active >= 0)
		cJSON_AddBoolToObject(o, "active", h->active);
	else
		cJSON_AddNullToObject(o, "active");
	if (h->referenced >= 0)
		cJSON_AddBoolToObject(o, "referenced", h->referenced);
	else
		cJSON_AddNullToObject(o, "referenced");
	rv_add_int(o, "fd", h->fd, h->fd >= 0);
	cJSON_AddItemToObject(o, "local", endpoint_json(&h->local));
	cJSON_AddItemToObject(o, "remote", endpoint_json(&h->remote));
	if (h->has_timer) {
		rv_add_int(o, "fires_in_ms", h->fires_in_ms, 1);
		cJSON_AddBoolToObject(o, "expired", h->expired);
		rv_add_int(o, "repeat", h->repeat, 1);
	}
	rv_add_str(o, "detail", h->detail);
	return o;
}

static cJSON *handles_json(struct view *v)
{
	static const char *const dir[] = { "other", "listen", "inbound", "outbound" };
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *groups = cJSON_CreateArray();
	double idle;

	cJSON_AddNumberToObject(o, "total", (double)r->nhandles);
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct mt_handle_group *g = &r->groups[i];
		cJSON *go = cJSON_CreateObject(), *hs = cJSON_CreateArray();
		cJSON_AddStringToObject(go, "key", g->key);
		cJSON_AddStringToObject(go, "type", g->type);
		cJSON_AddStringToObject(go, "direction", dir[g->dir]);
		cJSON_AddStringToObject(go, "endpoint", g->endpoint);
		cJSON_AddNumberToObject(go, "count", (double)g->count);
		cJSON_AddNumberToObject(go, "active", (double)g->active);
		cJSON_AddNumberToObject(go, "referenced", (double)g->referenced);
		for (size_t m = 0; m < g->count; m++)
			cJSON_AddItemToArray(hs, handle_json(&r->handles[g->members[m]]));
		cJSON_AddItemToObject(go, "handles", hs);
		cJSON_AddItemToArray(groups, go);
	}
	cJSON_AddItemToObject(o, "groups", groups);
	if (jget_double(r->loop, "loopIdleTimeSeconds", &idle) == 1)
		cJSON_AddNumberToObject(o, "loop_idle_seconds", idle);
	else
		cJSON_AddNullToObject(o, "loop_idle_seconds");
	return o;
}

static const char *handles_banner(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	return r->nhandles ? NULL : "no libuv handles in this report";
}

static const struct view_col handles_cols[] = {
	{ "handle", 40, 0 },   /* the endpoints stay whole, the counts scroll */
	{ "count", 6, 1 },
	{ "active", 6, 1 },
	{ "ref", 5, 1 },
	{ "fd", 5, 1 },
	{ "detail", 0, 0 },
};

const struct view_ops view_report_handles_ops = {
	.name = "handles",
	.title = "Handles",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(handles_cols),
	.open = handles_open,
	.close = handles_close,
	.count = handles_count,
	.row = handles_row,
	.enter = handles_enter,
	.json = handles_json,
	.banner = handles_banner,
};
