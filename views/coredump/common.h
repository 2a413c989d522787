/* views/coredump/common.h: helpers shared by the core panes (views/core_*.c). */
#ifndef MORTEM_VIEWS_CORE_VIEW_H
#define MORTEM_VIEWS_CORE_VIEW_H

#include "core/elfcore/coredump.h"
#include "views/view.h"

/* The core a view shows (v->doc->model). */
static inline struct mt_coredump *coredump_of(const struct view *v)
{
	return v->doc->model;
}

/* The thread index for a pane: v->arg when a parent pane chose one, else
 * --thread, else the crashing thread. -1 with err when there is none. */
long coredump_view_thread(const struct view *v, struct mt_error *err);

/* One frame as the JSON object of the backtrace contract:
 * index, pc, kind "native", function, module, offset, how. */
cJSON *coredump_frame_json(const struct mt_coredump_frame *f, size_t index);
/* A thread with its frames: index, tid, signal, crashed, frames[], note. */
cJSON *coredump_thread_json(const struct mt_coredump *c, size_t index);

/* Add a string from the artifact to a JSON object: invalid UTF-8 becomes
 * U+FFFD, so the output stays valid JSON text. */
void coredump_json_str(cJSON *obj, const char *key, const char *s);
cJSON *coredump_json_string(const char *s);

/* The warning that the core file is cut short, or NULL (owned by the core). */
const char *coredump_cut_warning(const struct mt_coredump *c);

/* "0x00007f12345678ab" */
const char *coredump_hex(uint64_t v, char *buf, size_t size);

/* An environment entry "NAME=value" with its value redacted when opts say
 * so; returns a new string the caller frees. The one place redaction is
 * called from the core panes. */
char *coredump_redact_env(const struct view *v, const char *entry);

/* The command line (argv joined by spaces) with the values of secret-looking
 * options ("--db-password=x") masked unless --no-redact; a new string the
 * caller frees. */
char *coredump_redact_cmdline(const struct view *v, const struct mt_coredump *c);

#endif
