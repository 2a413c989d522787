/* views/report/jsstack.c: the JavaScript stack, frame by frame (never
 * redacted), then the error's own properties. */
#include "views/report/common.h"
#include "core/report/jget.h"

static size_t nprops(const struct mt_report *r)
{
	return r->error_props ? (size_t)cJSON_GetArraySize(r->error_props) : 0;
}

static size_t jsstack_count(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	size_t n = nprops(r);

	return r->njs_frames + (n ? n + 1 : 0);
}

static void prop_row(struct view *v, const struct mt_report *r, size_t k, struct view_row *row)
{
	const cJSON *p = cJSON_GetArrayItem(r->error_props, (int)k);
	char buf[512];

	row->depth = 1;
	view_cell(v, row, 1, "%s", p && p->string ? p->string : "");
	view_cell(v, row, 2, "%s", p && jval_text(p, buf, sizeof buf) ? buf : "");
}

static void jsstack_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_report *r = rv_report(v);

	if (i >= r->njs_frames) {
		if (i == r->njs_frames) {
			row->style = VS_HEADER;
			view_cell(v, row, 1, "error properties");
		} else
			prop_row(v, r, i - r->njs_frames - 1, row);
		return;
	}
	const struct mt_js_frame *f = &r->js_frames[i];
	view_cell(v, row, 0, "%zu", i);
	view_cell(v, row, 1, "%s", f->function);
	view_cell(v, row, 2, "%s", f->file);
	if (f->line >= 0)
		view_cell(v, row, 3, "%lld", (long long)f->line);
	if (f->column >= 0)
		view_cell(v, row, 4, "%lld", (long long)f->column);
	if (f->file[0] && (f->file[0] == 'n' && f->file[1] == 'o' && f->file[2] == 'd'))
		row->style = VS_DIM;    /* node: internals */
}

static const char *jsstack_banner(struct view *v)
{
	const struct mt_report *r = rv_report(v);

	return r->js_message && r->js_message[0] ? r->js_message : "(no message)";
}

static cJSON *jsstack_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *frames = cJSON_CreateArray();

	rv_add_str(o, "message", r->js_message);
	for (size_t i = 0; i < r->njs_frames; i++) {
		const struct mt_js_frame *f = &r->js_frames[i];
		cJSON *fo = cJSON_CreateObject();
		cJSON_AddStringToObject(fo, "function", f->function);
		cJSON_AddStringToObject(fo, "file", f->file);
		rv_add_int(fo, "line", f->line, f->line >= 0);
		rv_add_int(fo, "column", f->column, f->column >= 0);
		cJSON_AddStringToObject(fo, "raw", f->raw);
		cJSON_AddItemToArray(frames, fo);
	}
	cJSON_AddItemToObject(o, "frames", frames);
	cJSON_AddItemToObject(o, "error_properties", r->error_props ?
			      cJSON_Duplicate(r->error_props, 1) : cJSON_CreateObject());
	return o;
}

static const struct view_col jsstack_cols[] = {
	{ "#", 3, 1 },
	{ "function", 28, 0 },
	{ "file", 0, 0 },
	{ "line", 6, 1 },
	{ "column", 6, 1 },
};

const struct view_ops view_report_jsstack_ops = {
	.name = "jsstack",
	.title = "JS stack",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(jsstack_cols),
	.count = jsstack_count,
	.row = jsstack_row,
	.json = jsstack_json,
	.banner = jsstack_banner,
};
