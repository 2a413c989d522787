/* core/jsframes/jscore.h: JavaScript frames over an opened mt_coredump
 * (core/elfcore/coredump.h): the one adapter between the two. */
#ifndef MORTEM_CORE_JSFRAMES_JSCORE_H
#define MORTEM_CORE_JSFRAMES_JSCORE_H

#include "core/elfcore/coredump.h"
#include "core/jsframes/jsframes.h"

/* Open the metadata for core c, through the core's own module map (the
 * node binary: --exe, else the executable's NT_FILE path under --sysroot;
 * opened once for the core and the frames). NULL only when c is not an
 * x86-64 core; then err says why. Close with mt_js_close() before c. */
struct mt_js *mt_js_open_core(const struct mt_coredump *c, struct mt_error *err);

/* The merged backtrace of thread t: native and JS frames, native ones named
 * (demangled) by the core's own symbolizer. When JS frames are unavailable
 * the core's native frames are given, with mt_js_status() as the note. */
void mt_js_core_thread(struct mt_js *js, const struct mt_coredump *c, size_t t,
		       struct mt_js_stack *out);

/* The V8 postmortem metadata read for js (core/jsframes/jsmeta.h), for
 * core/v8heap: borrowed until mt_js_close(). */
struct js_v8;
const struct js_v8 *mt_js_metadata(const struct mt_js *js);

#endif
