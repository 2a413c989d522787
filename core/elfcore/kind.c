/* core/elfcore/kind.c: the loader of the core kind (raw and gzipped ELF
 * cores, core-dump-handler zip bundles). The model is a struct mt_coredump. */
#include "core/artifact.h"
#include "core/elfcore/coredump.h"

static void *core_load(const char *path, const struct mt_open_opts *o, struct mt_error *err)
{
	return mt_coredump_open(path, o, err);
}

static void core_free(void *model)
{
	struct mt_coredump *c = model;

	mt_coredump_close(&c);
}

const struct mt_kind_ops mt_coredump_kind = {
	.name = "core",
	.load = core_load,
	.free = core_free,
};
