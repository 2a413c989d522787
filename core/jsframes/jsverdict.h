/* core/jsframes/jsverdict.h: what V8's side of a node core adds to its
 * verdict (mt_coredump_verdict): the JavaScript function that was running
 * on the crashing thread, the value an uncaught exception threw, the reason
 * V8 gave for a fatal out-of-memory. */
#ifndef MORTEM_CORE_JSFRAMES_JSVERDICT_H
#define MORTEM_CORE_JSFRAMES_JSVERDICT_H

#include "core/elfcore/coredump.h"
#include "core/strbuf.h"

enum mt_js_crash { MT_JS_CRASH_OTHER = 0, MT_JS_CRASH_THROW, MT_JS_CRASH_OOM };

/* Append to out, each part only when the core holds it:
 *  - MT_JS_CRASH_THROW: ": TypeError: f is not a function" (the thrown
 *    error's class and message, found on the crashing thread's stack);
 *  - MT_JS_CRASH_OOM: ": Reached heap limit (the old generation is full)"
 *    (the location V8 passed to its fatal out-of-memory handler);
 *  - any: ", in onRequest (/srv/app.js:10:53)" (thrown in, for a throw):
 *    the top JavaScript frame of the crashing thread.
 * Nothing is appended for a core without V8's metadata (not node's). */
void mt_js_verdict(const struct mt_coredump *c, enum mt_js_crash what, struct strbuf *out);

#endif
