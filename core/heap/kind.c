/* core/heap/kind.c: stub loader until the snapshot loader lands; replaced by the real one. */
#include "core/artifact.h"

const struct mt_kind_ops mt_snapshot_kind = { .name = "snapshot", .load = NULL };
