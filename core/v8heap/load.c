/* core/v8heap/load.c: a core's JavaScript heap, step by step (internal.h
 * lists them), timed per phase, then the graph passes of core/heap; the
 * walk's warnings; the isolates of a core. */
#include "core/v8heap/internal.h"
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void vh_warn(struct vh *vh, const char *fmt, ...)
{
	struct mt_v8heap_info *info = vh->info;
	va_list ap;
	struct strbuf s = STRBUF_INIT;

	if (info->nwarnings >= 64)
		return;
	va_start(ap, fmt);
	strbuf_vprintf(&s, fmt, ap);
	va_end(ap);
	info->warnings = xreallocarray(info->warnings, info->nwarnings + 1, sizeof *info->warnings);
	info->warnings[info->nwarnings++] = strbuf_detach(&s);
}

static void vh_free(struct vh *vh)
{
	vh_props_free(vh);
	vh_tables_free(vh);
	vh_pages_free(vh);
	vh_meta_free(&vh->m);
	free(vh->labs);
	free(vh->obj);
	vh_marks_free(vh);
	free(vh->targets);
	free(vh->found);
	vh_u64map_free(&vh->maps);
}

void vh_objects_free(struct vh *vh)
{
	free(vh->obj);
	vh_marks_free(vh);
	vh->obj = NULL;
	vh->nobj = 0;
	mt_coredump_release(vh->core, vh->core->map, vh->core->map_len);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Say the phase that starts, and count the time of the one that ended. */
static void phase(struct vh *vh, int ended, double *t, mt_progress_fn progress, void *ctx,
		  const char *next)
{
	double t1 = now();

	if (ended >= 0)
		vh->info->phase[ended] += t1 - *t;
	*t = t1;
	if (progress && next)
		progress(ctx, next, 0, 0);
}

/* The marking undone and done again (walk: the walk too, with the pages
 * as they are now). */
static void mark_again(struct vh *vh, struct vh_roots *r, struct vh_handles *j, int walk)
{
	vh_unmark(vh);
	vh_roots_free(r);
	if (walk) {
		vh->info->moved_copies = vh->info->stale_pages = 0;
		vh_walk(vh);
		vh_dispatch_find(vh);
	}
	vh_roots_start(vh, r, j);
	vh_mark(vh, r, j);
}

/* After the marking, for a core taken during a GC (live objects point into
 * from-space): marked again, references to old copies taken for their new
 * copies (vh->follow_from); then, when some still point at objects in
 * from-space that no GC had moved (a scavenge under way), walked and marked
 * again with from-space's pages. What was done said in warnings. */
static void mark_through_gc(struct vh *vh, struct vh_roots *r, struct vh_handles *j)
{
	struct mt_v8heap_info *in = vh->info;

	if (in->young_refs) {
		vh->follow_from = 1;
		mark_again(vh, r, j, 0);
	}
	if (in->young_refs && vh_pages_add_from(vh))
		mark_again(vh, r, j, 1);
	if (in->followed)
		vh_warn(vh, "the core was taken during a garbage collection, before it updated "
			"the pointers to what it moved: %llu references were taken for the new "
			"copies; names read through old copies may be missing (objects named "
			"Object, properties by index)", (unsigned long long)in->followed);
	if (in->young_live)
		vh_warn(vh, "the core was taken during a scavenge: %llu young objects it had not "
			"moved yet were read in its from-space", (unsigned long long)in->young_live);
	if (in->young_refs)
		vh_warn(vh, "%llu references of live objects point into the young generation's "
			"from-space at objects no GC had moved yet: the core was taken during a "
			"scavenge, and those young objects are missing",
			(unsigned long long)in->young_refs);
}

/* What the root's shortcuts reach (the first graph pass, core/heap/graph.c). */
static void *shortcuts_run(void *arg)
{
	mt_heap_mark_page_shortcuts(arg);
	return NULL;
}

size_t mt_v8heap_isolates(const struct mt_coredump *c, struct mt_v8heap_isolate **out)
{
	struct mt_v8heap_info info = { 0 };
	struct vh vh = { .core = c, .want_thread = -1, .info = &info };
	size_t n = 0;

	*out = NULL;
	if (c->arch == MT_ARCH_X86_64 && vh_meta_load(&vh, c, NULL) == 0)
		n = vh_isolates(&vh, out);
	vh_free(&vh);
	mt_v8heap_info_free(&info);
	return n;
}

struct mt_heap *mt_v8heap_load(const struct mt_coredump *c, long thread,
			       enum mt_v8heap_passes passes, mt_progress_fn progress, void *ctx,
			       struct mt_v8heap_info *info, struct mt_error *err)
{
	struct mt_v8heap_info scratch;
	struct vh vh = { .core = c, .want_thread = thread };
	struct vh_roots roots;
	struct vh_handles handles;
	struct mt_heap *h = NULL;
	double t0 = now(), t = t0;
	pthread_t tid;
	int shortcuts = 0;

	vh.info = info ? info : &scratch;
	memset(vh.info, 0, sizeof *vh.info);
	phase(&vh, -1, &t, progress, ctx, "heap pages");
	if (c->arch != MT_ARCH_X86_64) {
		mt_error_set(err, "%s: no JavaScript heap: x86-64 cores only (this one is %s)",
			     c->path, mt_coredump_arch_name(c->arch));
	} else if (vh_meta_load(&vh, c, err) == 0 && vh_pages_find(&vh, err) == 0) {
		vh_isolate_find(&vh);
		vh_tables_load(&vh);
		vh_roots_start(&vh, &roots, &handles);
		phase(&vh, 0, &t, progress, ctx, "objects");
		vh_walk(&vh);
		vh_dispatch_find(&vh);
		phase(&vh, 1, &t, progress, ctx, "marking");
		vh_mark(&vh, &roots, &handles);
		mark_through_gc(&vh, &roots, &handles);
		vh_facts_settle(&vh);
		vh_release_all_but_pages(&vh);  /* the model's first pass gives those back */
		phase(&vh, 2, &t, progress, ctx, "model");
		h = vh_build(&vh, &roots);
		if (h)  /* beside the frees, as a snapshot's parse does it beside the rest */
			shortcuts = pthread_create(&tid, NULL, shortcuts_run, h) == 0;
		vh_roots_free(&roots);
		if (vh.info->pages_missing)
			vh_warn(&vh, "%zu of %zu heap pages are cut from the core: their objects "
				"are partly missing", vh.info->pages_missing, vh.info->pages);
	}
	vh_free(&vh);
	if (shortcuts)
		pthread_join(tid, NULL);
	phase(&vh, 3, &t, NULL, NULL, NULL);
	if (h && passes != MT_V8HEAP_MODEL_ONLY)
		mt_heap_analyze(h, passes == MT_V8HEAP_PASSES_RAW, progress, ctx);
	phase(&vh, 4, &t, NULL, NULL, NULL);
	vh.info->seconds = t - t0;
	if (!info)
		mt_v8heap_info_free(&scratch);
	return h;
}

void mt_v8heap_info_free(struct mt_v8heap_info *info)
{
	for (size_t i = 0; i < info->nwarnings; i++)
		free(info->warnings[i]);
	free(info->warnings);
	free(info->isolates);
	info->warnings = NULL;
	info->nwarnings = 0;
	info->isolates = NULL;
	info->nisolates = 0;
}
