/* views/js/frames.h: JavaScript frames in the core panes.
 *
 * js_bt gives the backtrace pane (views/coredump/backtrace.c) native and JS
 * frames interleaved for a node core; Enter on a JS frame opens the hidden
 * js-frame pane (views/js/frame.c): the function's source around the line,
 * the receiver and the arguments. */
#ifndef MORTEM_VIEWS_JS_VIEW_H
#define MORTEM_VIEWS_JS_VIEW_H

#include "core/elfcore/coredump.h"
#include "core/jsframes/jsframes.h"
#include "views/view.h"

struct js_bt;

/* The merged frames of every thread; NULL when the core is not node's (the
 * pane then shows the core's native frames as before). */
struct js_bt *js_bt_open(const struct mt_coredump *c);
void js_bt_free(struct js_bt **b);

size_t js_bt_count(const struct js_bt *b, size_t thread);
/* Cells of frame f of thread t in the backtrace columns: #, pc, function,
 * module, how. */
void js_bt_row(struct view *v, const struct js_bt *b, size_t t, size_t f, struct view_row *row);
/* Thread t as JSON (index, tid, signal, crashed, frames[], note); JS frames
 * have kind "js" with tier, function, script, line, column, inlined; V8's
 * typed frames kind "v8" with marker. */
cJSON *js_bt_thread_json(const struct js_bt *b, const struct mt_coredump *c, size_t t);
/* A line for the pane's banner: why JS frames are missing, or a note. */
const char *js_bt_banner(const struct js_bt *b, size_t t);
/* Enter on frame f of thread t: the js-frame pane for a JS frame. */
int js_bt_enter(const struct js_bt *b, size_t t, size_t f, struct view_nav *nav);

/* The js-frame pane's argument: thread and frame in one number. */
#define JS_FRAME_ARG(t, f) ((int64_t)(t) * 65536 + (int64_t)(f))

extern const struct view_ops view_js_frame_ops;

#endif
