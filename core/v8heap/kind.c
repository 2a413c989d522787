/* core/v8heap/kind.c: the JavaScript heap of an opened core as an artifact
 * of kind snapshot, so every heap pane and --print pane takes it. */
#include "core/v8heap/v8heap.h"
#include "core/elfcore/coredump.h"
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <string.h>

/* The walk's findings as the model's notes, for the panes. */
static void keep_notes(struct mt_heap *h, const struct mt_v8heap_info *in)
{
	struct strbuf s = STRBUF_INIT;

	strbuf_printf(&s, "JavaScript heap of a core: V8 %s, %zu pages, %llu objects walked, "
		      "%llu live, %llu unreachable (%llu bytes a GC would free)", in->version,
		      in->pages, (unsigned long long)in->objects, (unsigned long long)in->live,
		      (unsigned long long)in->unreachable,
		      (unsigned long long)in->unreachable_bytes);
	h->origin = strbuf_detach(&s);
	h->notes = xcalloc(in->nwarnings + 1, sizeof *h->notes);
	for (size_t i = 0; i < in->nwarnings; i++)
		h->notes[h->nnotes++] = xstrdup(in->warnings[i]);
}

int mt_v8heap_artifact(const struct mt_artifact *core, long thread,
		       const struct mt_open_opts *o, struct mt_artifact *a,
		       struct mt_v8heap_info *out)
{
	struct mt_v8heap_info info;
	struct mt_heap *h;

	memset(a, 0, sizeof *a);
	a->path = xstrdup(core->path);
	a->kind = MT_KIND_SNAPSHOT;
	a->ops = &mt_snapshot_kind;
	if (out)
		memset(out, 0, sizeof *out);
	if (!core->model || (core->kind != MT_KIND_COREDUMP && core->kind != MT_KIND_ZIP)) {
		mt_error_set(&a->err, "%s: not a core", core->path);
		return -1;
	}
	if (thread >= 0 && (thread = mt_coredump_pick_thread(core->model, thread, &a->err)) < 0)
		return -1;
	h = mt_v8heap_load(core->model, thread,
			   !o ? MT_V8HEAP_PASSES : o->model_only ? MT_V8HEAP_MODEL_ONLY :
			   o->raw_heap ? MT_V8HEAP_PASSES_RAW : MT_V8HEAP_PASSES,
			   o ? o->progress : NULL,
			   o ? o->progress_ctx : NULL, &info, &a->err);
	if (h)
		keep_notes(h, &info);
	if (out)
		*out = info;
	else
		mt_v8heap_info_free(&info);
	a->model = h;
	return h ? 0 : -1;
}
