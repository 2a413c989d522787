/* core/report/legacy.h: reading the first, pre-versioned report layout. */
#ifndef MORTEM_CORE_REPORT_LEGACY_H
#define MORTEM_CORE_REPORT_LEGACY_H

#include "core/report/report.h"

/* A native frame written as a string (" [pc=0x...] symbol [module]"). */
void mt_legacy_native_frame(const char *line, struct mt_native_frame *f);
/* Fill h (endpoints, fd, timer, detail) from a handle's `details` text. */
void mt_legacy_handle(const char *details, struct mt_handle *h);

#endif
