/* views/coredump/jsheap.c: the JavaScript heap of a node core (llnode's
 * findjsobjects): what the walk found, what a GC would free, the largest
 * classes; Enter opens the heap as a snapshot of its own, with every heap
 * pane (Summary, Dominators, Statistics, objects, retainers). The walk runs
 * when the pane first opens. */
#include "views/coredump/common.h"
#include "core/heap/classes.h"
#include "core/v8heap/v8heap.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOP_CLASSES 30

struct ch_row {
	int header;
	char *name;              /* owned */
	char *value;             /* owned */
	long isolate;            /* Enter opens this isolate (index), or -1: the shown one */
};

struct core_heap {
	struct mt_artifact heap;     /* owned: the heap as a snapshot artifact */
	struct mt_v8heap_info info;  /* owned */
	struct ch_row *rows;         /* owned */
	size_t n;
	const struct mt_v8heap_isolate *iso; /* borrowed from info: every isolate */
	size_t niso;
	struct mt_artifact *others;  /* owned: niso, each loaded on first Enter */
	size_t loading;              /* the isolate Enter loads (load_isolate) */
	long shown;                  /* thread whose heap `heap` is, -1 default */
};

static void add(struct core_heap *p, int header, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "object" or "objects", as n asks. */
static const char *objects(uint64_t n)
{
	return n == 1 ? "object" : "objects";
}

static void add(struct core_heap *p, int header, const char *name, const char *fmt, ...)
{
	struct strbuf s = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&s, fmt, ap);
	va_end(ap);
	p->rows = xreallocarray(p->rows, p->n + 1, sizeof *p->rows);
	p->rows[p->n++] = (struct ch_row){ header, xstrdup(name), strbuf_detach(&s), -1 };
}

/* One row per isolate when a worker runs one of its own. */
static void isolate_rows(struct core_heap *p)
{
	if (p->niso < 2)
		return;
	add(p, 1, "Isolates", "%zu: the main thread's and its workers' (Enter opens one)", p->niso);
	for (size_t i = 0; i < p->niso; i++) {
		const struct mt_v8heap_isolate *x = &p->iso[i];
		add(p, 0, x->main ? "main thread" : "worker", "thread %zu (tid %d): %s 0x%llx, "
		    "%zu pages%s", x->thread, x->tid, x->isolate ? "isolate" : "heap",
		    (unsigned long long)(x->isolate ? x->isolate : x->heap), x->pages,
		    x->heap == p->info.heap ? " (shown here)" : "");
		p->rows[p->n - 1].isolate = (long)i;
	}
}

static void walk_rows(struct core_heap *p)
{
	const struct mt_v8heap_info *in = &p->info;
	char a[32], b[32], c[32], d[32];

	add(p, 1, "JavaScript heap", "V8 %s", in->version);
	if (in->isolate)
		add(p, 0, "isolate", "0x%llx (%s)", (unsigned long long)in->isolate,
		    in->isolate_from_tls ? "g_current_isolate_" : "found by search");
	add(p, 0, "heap pages", "%zu, %s%s", in->pages, fmt_bytes(in->heap_bytes, a, sizeof a),
	    in->pages_missing ? " (some cut from the core)" : "");
	add(p, 0, "objects walked", "%s", fmt_count(in->objects, a, sizeof a));
	if (in->moved_copies || in->stale_pages)  /* V8 ran out of memory in a mark-compact */
		add(p, 0, "  moved by a GC", "%s old %s left out, and the rest of %s %s whose "
		    "new copies are gone: the core was taken before V8 gave their pages back",
		    fmt_count(in->moved_copies, a, sizeof a),
		    in->moved_copies == 1 ? "copy" : "copies", fmt_count(in->stale_pages, b, sizeof b),
		    in->stale_pages == 1 ? "page" : "pages");
	add(p, 0, "live", "%s %s, %s", fmt_count(in->live, a, sizeof a), objects(in->live),
	    fmt_bytes(in->live_bytes, b, sizeof b));
	add(p, 0, "(unreachable)", "%s %s, %s: not reached from a root, a GC would free them",
	    fmt_count(in->unreachable, a, sizeof a), objects(in->unreachable),
	    fmt_bytes(in->unreachable_bytes, b, sizeof b));
	add(p, 0, "roots", "table %s, isolate %s, stacks %s, handles and memory %s",
	    fmt_count(in->roots[0], a, sizeof a), fmt_count(in->roots[1], b, sizeof b),
	    fmt_count(in->roots[2], c, sizeof c), fmt_count(in->roots[3], d, sizeof d));
	add(p, 0, "  of node's memory", "%s strong global handles; left out: %s weak ones",
	    fmt_count(in->global_handles, a, sizeof a), fmt_count(in->weak_handles, b, sizeof b));
	add(p, 0, "  freed chunks", "left out: %s a tcache keeps, %s in malloc's fastbins",
	    fmt_count(in->tcache_chunks, c, sizeof c), fmt_count(in->fastbin_chunks, d, sizeof d));
	add(p, 0, "  kept by memory alone", "%s %s, %s: reached only through words of node's "
	    "memory that are no V8 handle, which may be stale (a GC's work lists, freed "
	    "buffers)", fmt_count(in->memory_only, a, sizeof a), objects(in->memory_only),
	    fmt_bytes(in->memory_only_bytes, b, sizeof b));
	add(p, 0, "time", "%.2f s: pages %.2f, walk %.2f, marking %.2f, model %.2f, graph %.2f",
	    in->seconds, in->phase[0], in->phase[1], in->phase[2], in->phase[3], in->phase[4]);
	for (size_t i = 0; i < in->nwarnings; i++)
		add(p, 0, i ? "" : "partial", "%s", in->warnings[i]);
}

static int by_retained(const void *x, const void *y, void *ctx)
{
	const struct mt_heap_classes *c = ctx;
	uint64_t a = c->v[*(const uint32_t *)x].retained, b = c->v[*(const uint32_t *)y].retained;

	return a > b ? -1 : a < b;
}

static void class_rows(struct core_heap *p)
{
	const struct mt_heap *h = p->heap.model;
	uint32_t *idx;
	size_t n = mt_heap_classes_visible(h->classes, &idx);
	char a[32], b[32], c[32];

	qsort_r(idx, n, sizeof *idx, by_retained, h->classes);
	add(p, 1, "Largest classes", "by retained size (Enter: the heap panes)");
	for (size_t i = 0; i < n && i < TOP_CLASSES; i++) {
		const struct mt_heap_class *k = &h->classes->v[idx[i]];
		add(p, 0, k->name, "%s %s, %s self, %s retained", fmt_count(k->count, a, sizeof a),
		    objects(k->count), fmt_bytes(k->self, b, sizeof b),
		    fmt_bytes(k->retained, c, sizeof c));
	}
	free(idx);
}

static int ch_open(struct view *v, struct mt_error *err)
{
	struct core_heap *p = xcalloc(1, sizeof *p);
	struct mt_open_opts o = { .raw_heap = v->opts ? v->opts->raw : 0,
				  .progress = v->doc->progress, .progress_ctx = v->doc->progress_ctx };

	(void)err;
	v->priv = p;
	p->shown = v->opts ? v->opts->thread : -1;
	if (mt_v8heap_artifact(v->doc, p->shown, &o, &p->heap, &p->info) < 0) {
		add(p, 1, "No JavaScript heap", "%s", p->heap.err.msg);
		return 0;
	}
	p->iso = p->info.isolates;
	p->niso = p->info.nisolates;
	p->others = xcalloc(p->niso ? p->niso : 1, sizeof *p->others);
	walk_rows(p);
	isolate_rows(p);
	class_rows(p);
	return 0;
}

static void ch_close(struct view *v)
{
	struct core_heap *p = v->priv;

	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->rows[i].name);
		free(p->rows[i].value);
	}
	free(p->rows);
	mt_v8heap_info_free(&p->info);
	mt_artifact_close(&p->heap);
	for (size_t i = 0; i < p->niso; i++)
		mt_artifact_close(&p->others[i]);
	free(p->others);
	free(p);
	v->priv = NULL;
}

static size_t ch_count(struct view *v)
{
	return ((struct core_heap *)v->priv)->n;
}

static void ch_row(struct view *v, size_t i, struct view_row *row)
{
	const struct ch_row *r = &((struct core_heap *)v->priv)->rows[i];

	row->depth = r->header ? 0 : 1;
	row->style = r->header ? VS_HEADER : VS_NORMAL;
	row->cell[0] = r->name;
	row->cell[1] = r->value;
}

/* Load the heap of isolate p->loading into p->others (view_nav.load: on
 * the UI's thread of loads): 0, or -1 with its err set. */
static int load_isolate(void *arg, mt_progress_fn progress, void *ctx)
{
	struct view *v = arg;
	struct core_heap *p = v->priv;
	struct mt_artifact *heap = &p->others[p->loading];
	struct mt_open_opts o = { .raw_heap = v->opts ? v->opts->raw : 0,
				  .progress = progress, .progress_ctx = ctx };

	if (!heap->model && !heap->err.set)
		mt_v8heap_artifact(v->doc, (long)p->iso[p->loading].thread, &o, heap, NULL);
	return heap->model ? 0 : -1;
}

static int ch_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct core_heap *p = v->priv;
	struct mt_artifact *heap = &p->heap;
	long k = i < p->n ? p->rows[i].isolate : -1;

	if (k >= 0 && p->iso[k].heap != p->info.heap) {  /* a worker's: loaded on first use */
		heap = &p->others[k];
		p->loading = (size_t)k;
		if (!heap->model) {
			nav->load = load_isolate;
			nav->load_arg = v;
		}
	}
	if (!heap->model && !nav->load)
		return VA_NONE;
	nav->ops = NULL;          /* the heap opens as a snapshot of its own */
	nav->doc = heap;
	nav->arg = -1;
	nav->title = heap == &p->heap ? "JavaScript heap" : "JavaScript heap of a worker";
	return VA_NAVIGATE;
}

static const char *ch_banner(struct view *v)
{
	const struct core_heap *p = v->priv;

	return p->heap.model ? "Enter opens the heap's own panes: Summary, Dominators, Statistics"
			     : NULL;
}

static cJSON *ch_json(struct view *v)
{
	const struct core_heap *p = v->priv;
	const struct mt_v8heap_info *in = &p->info;
	cJSON *o = cJSON_CreateObject(), *w = cJSON_CreateArray();
	char addr[24];

	if (!p->heap.model) {
		cJSON_AddStringToObject(o, "error", p->heap.err.msg);
		return o;
	}
	cJSON_AddStringToObject(o, "v8", in->version);
	snprintf(addr, sizeof addr, "0x%llx", (unsigned long long)in->isolate);
	cJSON_AddStringToObject(o, "isolate", addr);
	cJSON_AddNumberToObject(o, "pages", (double)in->pages);
	cJSON_AddNumberToObject(o, "pages_missing", (double)in->pages_missing);
	cJSON_AddNumberToObject(o, "heap_bytes", (double)in->heap_bytes);
	cJSON_AddNumberToObject(o, "objects", (double)in->objects);
	cJSON_AddNumberToObject(o, "moved_copies", (double)in->moved_copies);
	cJSON_AddNumberToObject(o, "stale_pages", (double)in->stale_pages);
	cJSON_AddNumberToObject(o, "followed", (double)in->followed);
	cJSON_AddNumberToObject(o, "young_missing", (double)in->young_refs);
	cJSON_AddNumberToObject(o, "young_live", (double)in->young_live);
	cJSON_AddNumberToObject(o, "live", (double)in->live);
	cJSON_AddNumberToObject(o, "live_bytes", (double)in->live_bytes);
	cJSON_AddNumberToObject(o, "unreachable", (double)in->unreachable);
	cJSON_AddNumberToObject(o, "unreachable_bytes", (double)in->unreachable_bytes);
	cJSON *roots = cJSON_AddObjectToObject(o, "roots");
	static const char *const sets[MT_V8HEAP_ROOT_SETS] = { "table", "isolate", "stacks",
							       "handles" };
	for (int i = 0; i < MT_V8HEAP_ROOT_SETS; i++)
		cJSON_AddNumberToObject(roots, sets[i], (double)in->roots[i]);
	cJSON_AddNumberToObject(roots, "global_handles", (double)in->global_handles);
	cJSON_AddNumberToObject(roots, "weak_handles_left_out", (double)in->weak_handles);
	cJSON_AddNumberToObject(roots, "tcache_chunks_left_out", (double)in->tcache_chunks);
	cJSON_AddNumberToObject(roots, "fastbin_chunks_left_out", (double)in->fastbin_chunks);
	cJSON_AddNumberToObject(roots, "memory_only", (double)in->memory_only);
	cJSON_AddNumberToObject(roots, "memory_only_bytes", (double)in->memory_only_bytes);
	for (size_t i = 0; i < in->nwarnings; i++)
		cJSON_AddItemToArray(w, coredump_json_string(in->warnings[i]));
	cJSON_AddItemToObject(o, "warnings", w);
	cJSON *isos = cJSON_AddArrayToObject(o, "isolates");
	for (size_t i = 0; i < p->niso; i++) {
		cJSON *x = cJSON_CreateObject();
		snprintf(addr, sizeof addr, "0x%llx", (unsigned long long)p->iso[i].isolate);
		cJSON_AddNumberToObject(x, "thread", (double)p->iso[i].thread);
		cJSON_AddNumberToObject(x, "tid", p->iso[i].tid);
		cJSON_AddStringToObject(x, "isolate", addr);
		cJSON_AddNumberToObject(x, "pages", (double)p->iso[i].pages);
		cJSON_AddBoolToObject(x, "main", p->iso[i].main);
		cJSON_AddBoolToObject(x, "shown", p->iso[i].heap == in->heap);
		cJSON_AddItemToArray(isos, x);
	}
	return o;
}

static const struct view_col ch_cols[] = {
	{ "item", 28, 0 },
	{ "value", 0, 0 },
};

const struct view_ops view_coredump_heap_ops = {
	.name = "jsheap",
	.title = "JS heap",
	.kind = MT_KIND_COREDUMP,
	.slow = 1,
	VIEW_COLS(ch_cols),
	.open = ch_open,
	.close = ch_close,
	.count = ch_count,
	.row = ch_row,
	.enter = ch_enter,
	.json = ch_json,
	.banner = ch_banner,
};
