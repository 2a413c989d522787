/* core/jsframes/jsframes.c: opening the metadata, deciding what can be
 * decoded, and the frame list helpers. */
#include "core/jsframes/jsint.h"
#include "core/switches.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEWEST_TESTED_MAJOR 13
#define NEWEST_TESTED_MINOR 6

static char *fmt_line(const char *fmt, const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_printf(&sb, fmt, a, b ? b : "");
	return strbuf_detach(&sb);
}

/* The binary must be the one the core ran: the module map compares its
 * build-id with the core's own copy of the note (in the dumped first page)
 * and refuses another build. */
static int check_binary(struct mt_js *js)
{
	struct mt_coredump_module *m = js->node;
	struct mt_elf *e = m ? mt_modmap_elf(&js->mm, m) : NULL;
	char got[129], want[129];

	if (!m) {
		js->status = xstrdup("JS frames unavailable: the core maps no executable");
		return -1;
	}
	if (!e && m->build_id_mismatch) {
		mt_build_id_hex(m->file_build_id, m->file_build_id_len, got);
		mt_build_id_hex(m->build_id, m->build_id_len, want);
		js->status = fmt_line("JS frames unavailable: node binary build-id %s does not match "
				      "the core (%s)", got, want);
		return -1;
	}
	if (!e) {
		js->status = fmt_line("JS frames need the node binary the core came from (%s)%s",
				      m->elf_error ? m->elf_error : m->path, NULL);
		return -1;
	}
	if (!js_v8_present(e)) {
		js->status = fmt_line("JS frames unavailable: %s has no V8 postmortem metadata "
				      "(v8dbg_* symbols)%s", m->file ? m->file : m->path, NULL);
		return -1;
	}
	return 0;
}

static int check_metadata(struct mt_js *js)
{
	const struct js_v8 *v = &js->v8;
	char buf[64];

	if (!v->tier_frames) {
		js->status = fmt_line("JS frames unavailable: metadata missing: %s%s",
				      strbuf_str(&v->missing), NULL);
		return -1;
	}
	if (v->tagged != 8) {
		snprintf(buf, sizeof buf, "%d", v->tagged);
		js->status = fmt_line("JS frames unavailable: pointer-compressed heap (TaggedSize=%s) "
				      "not supported%s", buf, NULL);
		return -1;
	}
	if (v->version[0] && v->version[0] < 10) {
		js->status = fmt_line("JS frames unavailable: V8 %s is older than the oldest "
				      "supported (10)%s", js->version, NULL);
		return -1;
	}
	return 0;
}

static void set_warning(struct mt_js *js)
{
	struct strbuf w = STRBUF_INIT;
	const struct js_v8 *v = &js->v8;

	if (v->version[0] > NEWEST_TESTED_MAJOR ||
	    (v->version[0] == NEWEST_TESTED_MAJOR && v->version[1] > NEWEST_TESTED_MINOR))
		strbuf_printf(&w, "untested %s, decoding anyway", js->version);
	if (v->lost.len)
		strbuf_printf(&w, "%s%s", w.len ? "; " : "", strbuf_str(&v->lost));
	js->warning = w.len ? strbuf_detach(&w) : NULL;
	strbuf_free(&w);
}

struct mt_js *mt_js_open(const struct mt_js_target *t, const char *node, struct mt_error *err)
{
	struct mt_js *js;

	if (!t || !t->read || !t->segment) {
		mt_error_set(err, "jsframes: no core to read");
		return NULL;
	}
	js = xcalloc(1, sizeof *js);
	js->t = *t;
	js_target_open(js, node);
	if (check_binary(js) != 0)
		return js;
	js_v8_load(&js->v8, js, mt_switch(MT_SW_JS_HIDE));
	if (js->v8.version[0])
		snprintf(js->version, sizeof js->version, "V8 %d.%d.%d.%d", js->v8.version[0],
			 js->v8.version[1], js->v8.version[2], js->v8.version[3]);
	if (check_metadata(js) != 0)
		return js;
	js->usable = 1;
	set_warning(js);
	return js;
}

void mt_js_close(struct mt_js **pjs)
{
	struct mt_js *js = *pjs;

	if (!js)
		return;
	js_v8_free(&js->v8);
	js_target_close(js);
	free(js->status);
	free(js->warning);
	free(js);
	*pjs = NULL;
}

const char *mt_js_status(const struct mt_js *js) { return js->status; }
const char *mt_js_warning(const struct mt_js *js) { return js->warning; }
const char *mt_js_version(const struct mt_js *js) { return js->version; }

void mt_js_frame_clear(struct mt_js_frame *f)
{
	free(f->module);
	free(f->symbol);
	free(f->marker);
	free(f->function);
	free(f->script);
	free(f->how);
	free(f->note);
	memset(f, 0, sizeof *f);
}

void mt_js_stack_free(struct mt_js_stack *s)
{
	for (size_t i = 0; i < s->n; i++)
		mt_js_frame_clear(&s->f[i]);
	free(s->f);
	free(s->note);
	memset(s, 0, sizeof *s);
}

const char *mt_js_kind_name(enum mt_js_kind k)
{
	static const char *const names[] = {
		[MT_JSF_NATIVE] = "native", [MT_JSF_MARKER] = "v8",
		[MT_JSF_INTERPRETED] = "interpreted", [MT_JSF_BASELINE] = "baseline",
		[MT_JSF_MAGLEV] = "maglev", [MT_JSF_TURBOFAN] = "turbofan",
		[MT_JSF_BUILTIN] = "builtin", [MT_JSF_JIT] = "jit", [MT_JSF_UNKNOWN] = "unknown",
	};
	return (unsigned)k < sizeof names / sizeof *names ? names[k] : "unknown";
}

int mt_js_kind_is_js(enum mt_js_kind k)
{
	return k >= MT_JSF_INTERPRETED && k <= MT_JSF_JIT;
}
