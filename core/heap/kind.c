/* core/heap/kind.c: V8 heap snapshots as an artifact kind. */
#include "core/artifact.h"
#include "core/heap/heap.h"
#include "core/heap/passes.h"

static void *snapshot_load(const char *path, const struct mt_open_opts *o, struct mt_error *err)
{
	return mt_heap_load(path, o ? o->raw_heap : 0, o ? o->progress : NULL,
			    o ? o->progress_ctx : NULL, err);
}

static void snapshot_free(void *model)
{
	struct mt_heap *h = model;

	mt_heap_free(&h);
}

const struct mt_kind_ops mt_snapshot_kind = {
	.name = "snapshot",
	.load = snapshot_load,
	.free = snapshot_free,
};
