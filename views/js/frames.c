/* views/js/frames.c: native and JavaScript frames interleaved, for the
 * backtrace pane of a node core. */
#include "views/js/frames.h"
#include "core/jsframes/jscore.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct js_bt {
	struct mt_js *js;          /* owned */
	struct mt_js_stack *st;    /* owned: one per thread */
	size_t n;
	char *banner;              /* owned: scratch for js_bt_banner */
};

/* A node process: the metadata loaded, or the executable named node. */
static int is_node(const struct mt_coredump *c, const struct mt_js *js)
{
	const struct mt_coredump_module *exe = mt_coredump_exe(c);
	const char *base = exe ? strrchr(exe->path, '/') : NULL;

	if (!mt_js_status(js))
		return 1;
	base = base ? base + 1 : exe ? exe->path : "";
	return strncmp(base, "node", 4) == 0;
}

struct js_bt *js_bt_open(const struct mt_coredump *c)
{
	struct mt_error err = { 0 };
	struct mt_js *js = mt_js_open_core(c, &err);
	struct js_bt *b;

	if (!js)
		return NULL;
	if (!is_node(c, js)) {
		mt_js_close(&js);
		return NULL;
	}
	b = xcalloc(1, sizeof *b);
	b->js = js;
	b->n = c->nthreads;
	b->st = xcalloc(b->n ? b->n : 1, sizeof *b->st);
	for (size_t i = 0; i < b->n; i++)
		mt_js_core_thread(js, c, i, &b->st[i]);
	return b;
}

void js_bt_free(struct js_bt **pb)
{
	struct js_bt *b = *pb;

	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		mt_js_stack_free(&b->st[i]);
	free(b->st);
	free(b->banner);
	mt_js_close(&b->js);
	free(b);
	*pb = NULL;
}

size_t js_bt_count(const struct js_bt *b, size_t t)
{
	return t < b->n ? b->st[t].n : 0;
}

static void function_cell(struct view *v, const struct mt_js_frame *f, struct view_row *row)
{
	if (mt_js_kind_is_js(f->kind)) {
		char pos[32] = "";
		if (f->line)
			snprintf(pos, sizeof pos, ":%d:%d", f->line, f->column);
		view_cell(v, row, 2, "%s (%s%s) [%s%s]%s%s", f->function,
			  f->script ? f->script : "no script", pos, mt_js_kind_name(f->kind),
			  f->inlined ? ", inlined" : "", f->symbol ? " in " : "",
			  f->symbol ? f->symbol : "");
	} else if (f->kind == MT_JSF_MARKER) {
		view_cell(v, row, 2, "<%s> %s", f->marker, f->symbol ? f->symbol : "");
	} else if (f->kind == MT_JSF_UNKNOWN) {
		view_cell(v, row, 2, "<V8 frame: %s>", f->note ? f->note : "unknown");
	} else if (f->symbol) {
		view_cell(v, row, 2, "%s+0x%llx", f->symbol, (unsigned long long)f->sym_off);
	} else {
		view_cell(v, row, 2, "0x%llx", (unsigned long long)f->pc);
	}
}

void js_bt_row(struct view *v, const struct js_bt *b, size_t t, size_t i, struct view_row *row)
{
	const struct mt_js_frame *f = &b->st[t].f[i];

	view_cell(v, row, 0, "#%zu", i);
	view_cell(v, row, 1, "0x%016llx", (unsigned long long)f->pc);
	function_cell(v, f, row);
	const char *base = f->module ? strrchr(f->module, '/') : NULL;
	view_cell(v, row, 3, "%s", mt_js_kind_is_js(f->kind) ? "JS" : base ? base + 1 :
		  f->module ? f->module : f->kind == MT_JSF_NATIVE ? "" : "JIT");
	view_cell(v, row, 4, "%s", f->how ? f->how : "");
	if (mt_js_kind_is_js(f->kind))
		row->style = VS_SELECTED_HINT;
	else if (f->kind == MT_JSF_MARKER || (f->how && strcmp(f->how, "scan") == 0))
		row->style = VS_DIM;
}

static void add_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

static cJSON *frame_json(const struct mt_js_frame *f, size_t i)
{
	cJSON *o = cJSON_CreateObject();
	char hex[32];

	cJSON_AddNumberToObject(o, "index", (double)i);
	snprintf(hex, sizeof hex, "0x%016llx", (unsigned long long)f->pc);
	cJSON_AddStringToObject(o, "pc", hex);
	if (mt_js_kind_is_js(f->kind)) {
		cJSON_AddStringToObject(o, "kind", "js");
		cJSON_AddStringToObject(o, "tier", mt_js_kind_name(f->kind));
		add_str(o, "function", f->function);
		add_str(o, "script", f->script);
		if (f->line) {
			cJSON_AddNumberToObject(o, "line", f->line);
			cJSON_AddNumberToObject(o, "column", f->column);
		} else {
			cJSON_AddNullToObject(o, "line");
			cJSON_AddNullToObject(o, "column");
		}
		cJSON_AddBoolToObject(o, "inlined", f->inlined);
	} else {
		cJSON_AddStringToObject(o, "kind", f->kind == MT_JSF_NATIVE ? "native" :
					f->kind == MT_JSF_MARKER ? "v8" : "unknown");
		if (f->kind == MT_JSF_MARKER)
			cJSON_AddStringToObject(o, "marker", f->marker);
		add_str(o, "function", f->symbol);
		add_str(o, "module", f->module);
		cJSON_AddNumberToObject(o, "offset", (double)f->sym_off);
	}
	add_str(o, "how", f->how);
	if (f->note)
		cJSON_AddStringToObject(o, "note", f->note);
	return o;
}

cJSON *js_bt_thread_json(const struct js_bt *b, const struct mt_coredump *c, size_t t)
{
	cJSON *o = cJSON_CreateObject(), *frames = cJSON_CreateArray();
	const struct mt_js_stack *s = &b->st[t];

	cJSON_AddNumberToObject(o, "index", (double)t);
	cJSON_AddNumberToObject(o, "tid", c->threads[t].tid);
	cJSON_AddNumberToObject(o, "signal", c->threads[t].signal);
	cJSON_AddBoolToObject(o, "crashed", t == 0);
	for (size_t i = 0; i < s->n; i++)
		cJSON_AddItemToArray(frames, frame_json(&s->f[i], i));
	cJSON_AddItemToObject(o, "frames", frames);
	if (s->note)
		cJSON_AddStringToObject(o, "note", s->note);
	if (mt_js_warning(b->js))
		cJSON_AddStringToObject(o, "js_warning", mt_js_warning(b->js));
	return o;
}

const char *js_bt_banner(const struct js_bt *b, size_t t)
{
	struct js_bt *w = (struct js_bt *)b;    /* the banner text is scratch */
	const char *note = t < b->n ? b->st[t].note : NULL, *warn = mt_js_warning(b->js);

	free(w->banner);
	w->banner = NULL;
	if (!note && !warn)
		return NULL;
	size_t n = (note ? strlen(note) : 0) + (warn ? strlen(warn) : 0) + 4;
	w->banner = xmalloc(n);
	snprintf(w->banner, n, "%s%s%s", note ? note : "", note && warn ? "; " : "", warn ? warn : "");
	return w->banner;
}

int js_bt_enter(const struct js_bt *b, size_t t, size_t i, struct view_nav *nav)
{
	if (t >= b->n || i >= b->st[t].n || !mt_js_kind_is_js(b->st[t].f[i].kind))
		return VA_NONE;
	nav->ops = &view_js_frame_ops;
	nav->doc = NULL;
	nav->arg = JS_FRAME_ARG(t, i);
	nav->title = b->st[t].f[i].function;
	return VA_NAVIGATE;
}
