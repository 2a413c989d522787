/* core/elfcore/kind.c: stub loader until the core loader lands; replaced by the real one. */
#include "core/artifact.h"

const struct mt_kind_ops mt_core_kind = { .name = "core", .load = NULL };
