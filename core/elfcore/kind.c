/* core/elfcore/kind.c: the loader of the core kind (raw and gzipped ELF
 * cores, core-dump-handler zip bundles). The model is a struct mt_core. */
#include "core/artifact.h"
#include "core/elfcore/coredump.h"

static void *core_load(const char *path, const struct mt_open_opts *o, struct mt_error *err)
{
	return mt_core_open(path, o, err);
}

static void core_free(void *model)
{
	struct mt_core *c = model;

	mt_core_close(&c);
}

const struct mt_kind_ops mt_core_kind = {
	.name = "core",
	.load = core_load,
	.free = core_free,
};
