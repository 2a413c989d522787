/* core/report/build.c: the typed sections of the model, from the tree.
 * Only a missing or malformed header is fatal; every other section is
 * optional and a field of an unexpected type reads as missing. */
#include "core/report/internal.h"
#include "core/report/jget.h"
#include "core/report/legacy.h"
#include "core/report/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

#define MAX_WORKER_DEPTH 16

static const char *str_or_null(const cJSON *obj, const char *key)
{
	const char *s = NULL;

	return jget_str(obj, key, &s) == 1 ? s : NULL;
}

static int64_t i64_or(const cJSON *obj, const char *key, int64_t dflt)
{
	int64_t v;

	return jget_i64(obj, key, &v) == 1 ? v : dflt;
}

static int build_header(struct mt_report *r, const char *name, struct mt_error *err)
{
	const cJSON *h = jget(r->json, "header");

	if (!h) {
		mt_report_error(err, name, "field header: missing");
		return -1;
	}
	if (!cJSON_IsObject(h)) {
		mt_report_error(err, name, "field header: not an object");
		return -1;
	}
	r->header = h;
	r->version = (int)i64_or(h, "reportVersion", 0);
	r->event = str_or_null(h, "event");
	r->trigger = str_or_null(h, "trigger");
	if (!r->trigger)
		r->trigger = str_or_null(h, "location");
	r->node_version = str_or_null(h, "nodejsVersion");
	r->platform = str_or_null(h, "platform");
	r->arch = str_or_null(h, "arch");
	r->host = str_or_null(h, "host");
	r->cwd = str_or_null(h, "cwd");
	r->os_name = str_or_null(h, "osName");
	r->os_release = str_or_null(h, "osRelease");
	r->os_version = str_or_null(h, "osVersion");
	r->os_machine = str_or_null(h, "osMachine");
	r->dump_time = str_or_null(h, "dumpEventTime");
	r->timestamp_ms = i64_or(h, "dumpEventTimeStamp", -1);
	r->pid = i64_or(h, "processId", -1);
	r->tid = i64_or(h, "threadId", -1);
	const cJSON *cpus = jget(h, "cpus");
	r->ncpus = cJSON_IsArray(cpus) ? (size_t)cJSON_GetArraySize(cpus) : 0;
	return 0;
}

static void build_argv(struct mt_report *r, const struct mt_redactor *rd)
{
	const cJSON *cl = jget(r->header, "commandLine"), *a;

	if (!cJSON_IsArray(cl))
		return;
	r->argv = xcalloc((size_t)cJSON_GetArraySize(cl) + 1, sizeof *r->argv);
	cJSON_ArrayForEach(a, cl) {
		if (!cJSON_IsString(a) || !a->valuestring)
			continue;
		char *masked = rd ? mt_redact_arg(rd, a->valuestring) : NULL;
		r->argv[r->argc++] = masked ? masked : xstrdup(a->valuestring);
	}
}

static void build_js_stack(struct mt_report *r)
{
	const cJSON *js = jget(r->json, "javascriptStack"), *f;
	const cJSON *stack = jget(js, "stack");

	r->js_message = str_or_null(js, "message");
	r->error_props = jget(js, "errorProperties");
	if (!cJSON_IsObject(r->error_props))
		r->error_props = NULL;
	if (!cJSON_IsArray(stack))
		return;
	r->js_frames = xcalloc((size_t)cJSON_GetArraySize(stack) + 1, sizeof *r->js_frames);
	cJSON_ArrayForEach(f, stack)
		if (cJSON_IsString(f) && f->valuestring)
			mt_js_frame_parse(f->valuestring, &r->js_frames[r->njs_frames++]);
}

static void build_native(struct mt_report *r)
{
	const cJSON *ns = jget(r->json, "nativeStack"), *f;

	if (!cJSON_IsArray(ns))
		return;
	r->native = xcalloc((size_t)cJSON_GetArraySize(ns) + 1, sizeof *r->native);
	cJSON_ArrayForEach(f, ns) {
		struct mt_native_frame *n = &r->native[r->nnative];
		const char *pc = str_or_null(f, "pc"), *symbol = str_or_null(f, "symbol");
		if (cJSON_IsString(f) && f->valuestring) {   /* node 11.8 */
			mt_legacy_native_frame(f->valuestring, n);
			r->nnative++;
		} else if (pc || symbol) {
			n->pc = xstrdup(pc ? pc : "");
			n->symbol = xstrdup(symbol ? symbol : "");
			r->nnative++;
		}
	}
}

static void build_heap(struct mt_report *r)
{
	const cJSON *heap = jget(r->json, "javascriptHeap");
	const cJSON *spaces = jget(heap, "heapSpaces"), *s;

	if (!cJSON_IsObject(heap))
		return;
	r->heap = heap;
	if (!cJSON_IsObject(spaces))
		return;
	r->spaces = xcalloc((size_t)cJSON_GetArraySize(spaces) + 1, sizeof *r->spaces);
	cJSON_ArrayForEach(s, spaces) {
		struct mt_heap_space *sp = &r->spaces[r->nspaces];
		if (!cJSON_IsObject(s) || !s->string)
			continue;
		sp->name = s->string;
		jget_u64(s, "memorySize", &sp->memory_size);
		jget_u64(s, "committedMemory", &sp->committed);
		jget_u64(s, "capacity", &sp->capacity);
		jget_u64(s, "used", &sp->used);
		jget_u64(s, "available", &sp->available);
		r->nspaces++;
	}
}

static void build_env(struct mt_report *r, const struct mt_redactor *rd)
{
	const cJSON *env = jget(r->json, "environmentVariables"), *e;
	char num[64];

	if (!cJSON_IsObject(env))
		return;
	r->has_env = 1;
	r->env = xcalloc((size_t)cJSON_GetArraySize(env) + 1, sizeof *r->env);
	cJSON_ArrayForEach(e, env) {
		struct mt_env_var *v = &r->env[r->nenv];
		if (!e->string)
			continue;
		v->key = e->string;
		v->value = cJSON_IsString(e) ? e->valuestring : NULL;
		if (!v->value) {
			/* a number or a bool where a string belongs: show it as text */
			const char *t = jval_text(e, num, sizeof num);
			v->shown = xstrdup(t ? t : "");
			v->value = "";
		}
		if (rd) {
			v->secret_key = mt_redact_is_secret_key(rd, v->key);
			char *masked = mt_redact_pair(rd, v->key, v->shown ? v->shown : v->value);
			if (masked) {
				free(v->shown);
				v->shown = masked;
			}
		}
		r->nenv++;
	}
}

static void build_limits(struct mt_report *r)
{
	const cJSON *lim = jget(r->json, "userLimits"), *l;

	if (!cJSON_IsObject(lim))
		return;
	r->limits = xcalloc((size_t)cJSON_GetArraySize(lim) + 1, sizeof *r->limits);
	cJSON_ArrayForEach(l, lim) {
		if (!l->string || !cJSON_IsObject(l))
			continue;
		r->limits[r->nlimits].name = l->string;
		r->limits[r->nlimits].soft = jget(l, "soft");
		r->limits[r->nlimits].hard = jget(l, "hard");
		r->nlimits++;
	}
}

static void build_libs(struct mt_report *r)
{
	const cJSON *so = jget(r->json, "sharedObjects"), *s;

	if (!cJSON_IsArray(so))
		return;
	r->libs = xcalloc((size_t)cJSON_GetArraySize(so) + 1, sizeof *r->libs);
	cJSON_ArrayForEach(s, so)
		if (cJSON_IsString(s) && s->valuestring)
			r->libs[r->nlibs++] = s->valuestring;
}

struct build_ctx {
	const struct mt_redactor *rd;   /* NULL: no redaction */
	struct mt_thresholds th;
};

static int build_one(struct mt_report *r, const char *name, const struct build_ctx *c,
		     int depth, struct mt_error *err);

static int build_workers(struct mt_report *r, const char *name,
			 const struct build_ctx *c, int depth, struct mt_error *err)
{
	const cJSON *ws = jget(r->json, "workers"), *w;
	size_t i = 0;

	if (!cJSON_IsArray(ws))
		return 0;
	if (depth >= MAX_WORKER_DEPTH) {
		mt_report_error(err, name, "field workers: nested more than %d deep",
				MAX_WORKER_DEPTH);
		return -1;
	}
	r->workers = xcalloc((size_t)cJSON_GetArraySize(ws) + 1, sizeof *r->workers);
	cJSON_ArrayForEach(w, ws) {
		struct mt_report *child = xcalloc(1, sizeof *child);
		child->json = w;
		child->redact = r->redact;
		r->workers[r->nworkers++] = child;
		if (!cJSON_IsObject(w)) {
			mt_report_error(err, name, "field workers[%zu]: not an object", i);
			return -1;
		}
		struct strbuf sub = STRBUF_INIT;
		if (name && *name)
			strbuf_printf(&sub, "%s: ", name);
		strbuf_printf(&sub, "workers[%zu]", i++);
		int rc = build_one(child, strbuf_str(&sub), c, depth + 1, err);
		strbuf_free(&sub);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int build_one(struct mt_report *r, const char *name, const struct build_ctx *c,
		     int depth, struct mt_error *err)
{
	if (build_header(r, name, err) < 0)
		return -1;
	build_argv(r, c->rd);
	build_js_stack(r);
	build_native(r);
	build_heap(r);
	build_env(r, c->rd);
	build_limits(r);
	build_libs(r);
	mt_report_build_handles(r);
	if (build_workers(r, name, c, depth, err) < 0)
		return -1;
	mt_report_triage(r, &c->th);
	return 0;
}

int mt_report_build(struct mt_report *r, const char *name, const struct mt_report_opts *o,
		    struct mt_error *err)
{
	struct mt_redactor *rd = NULL;
	struct build_ctx c = { 0 };

	mt_thresholds_default(&c.th);
	if (o->thresholds && mt_thresholds_parse(&c.th, o->thresholds, err) < 0)
		return -1;
	if (r->redact && !(rd = mt_redactor_for(o->redact_keys, o->redact_values, err)))
		return -1;
	c.rd = rd;
	int rc = build_one(r, name, &c, 0, err);
	mt_redactor_free(&rd);
	return rc;
}
