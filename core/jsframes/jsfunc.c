/* core/jsframes/jsfunc.c: what a SharedFunctionInfo says about a function:
 * its name (a String, or found in its ScopeInfo), its Script, where it
 * starts; and script offsets turned into line:column. */
#include "core/jsframes/jsint.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SI_MAX_INLINED_LOCALS 75 /* kScopeInfoMaxInlinedLocalNamesSize */
#define MAP_HOPS 4096            /* back pointers: 37 for http.Server */

/* The ScopeInfo name heuristic (llnode, otel): the first non-empty String
 * after the context locals; the exact slot depends on flag bits that have
 * no metadata. */
static void scope_info_name(struct mt_js *js, uint64_t si, struct strbuf *out)
{
	const struct js_v8 *v = &js->v8;
	uint64_t base = si - 1 + 8, w;

	if (js_word(js, base + (uint64_t)v->si_nlocals * 8, &w) != 0 || !js_is_smi(w) ||
	    js_smi(w) < 0 || js_smi(w) > 4096)
		return;
	int64_t nloc = js_smi(w);
	int64_t idx = v->si_first + (nloc < SI_MAX_INLINED_LOCALS ? 2 * nloc : nloc + 1);
	for (int64_t i = idx; i < idx + 8; i++) {
		size_t before = out->len;
		if (js_word(js, base + (uint64_t)i * 8, &w) != 0 || !js_is_heap(w) || !js_is_string(js, w))
			continue;
		if (js_string(js, w, 512, out) == 0 && out->len > before)
			return;
	}
}

void js_function_name(struct mt_js *js, uint64_t sfi, struct strbuf *out)
{
	const struct js_v8 *v = &js->v8;
	uint64_t nos;

	if (js_field(js, sfi, v->o_sfi_name, &nos) != 0 || js_is_smi(nos))
		return;
	int t = js_itype(js, nos);
	if (t >= 0 && t < v->first_nonstring)
		js_string(js, nos, 512, out);
	else if (t == v->t_scopeinfo)
		scope_info_name(js, nos, out);
}

/* The constructor name of a receiver's map (V8's type name in "Type.fn"),
 * through the map's back pointers; nothing for the global proxy, oddballs
 * and primitives (V8 prints no type there). */
void js_receiver_class(struct mt_js *js, uint64_t recv, struct strbuf *out)
{
	const struct js_v8 *v = &js->v8;
	uint64_t m, ctor;
	int t = js_is_heap(recv) ? js_itype(js, recv) : -1;

	if (t < 0 || v->o_map_ctor == JS_NONE || v->t_first_receiver == JS_NONE ||
	    t < v->t_first_receiver || t == v->t_global_proxy)
		return;
	/* V8 13 names a function receiver by the function itself. */
	if (js_v8_at_least(v, 13, 0, 0) && js_is_jsfunction(js, recv) &&
	    js_field(js, recv, v->o_jsf_shared, &m) == 0) {
		js_function_name(js, m, out);
		if (out->len)
			return;
	}
	if (js_field(js, recv, v->o_map, &m) != 0)
		return;
	for (int hop = 0; hop < MAP_HOPS; hop++) {
		if (!js_is_heap(m) || js_field(js, m, v->o_map_ctor, &ctor) != 0)
			return;
		if (js_itype(js, ctor) == v->t_map) {
			m = ctor;
			continue;
		}
		if (js_is_heap(ctor) && js_is_jsfunction(js, ctor)) {
			uint64_t sfi;
			if (js_field(js, ctor, v->o_jsf_shared, &sfi) == 0)
				js_function_name(js, sfi, out);
		}
		return;
	}
}

uint64_t js_script_of(struct mt_js *js, uint64_t sfi)
{
	uint64_t s;

	if (!js->v8.tier_scripts || js_field(js, sfi, js->v8.o_sfi_script, &s) != 0)
		return 0;
	return js_itype(js, s) == js->v8.t_script ? s : 0;
}

void js_script_name(struct mt_js *js, uint64_t script, struct strbuf *out)
{
	uint64_t n;

	if (script && js_field(js, script, js->v8.o_script_name, &n) == 0)
		js_string(js, n, 4096, out);
}

char *js_script_source(struct mt_js *js, uint64_t script, struct strbuf *why)
{
	struct strbuf src = STRBUF_INIT;
	uint64_t s;

	if (!script || js_field(js, script, js->v8.o_script_src, &s) != 0 || !js_is_heap(s)) {
		strbuf_puts(why, "the core holds no source for this script");
		return NULL;
	}
	if (js_string(js, s, JS_MAX_STRING, &src) != 0) {
		strbuf_puts(why, "the script source is not readable from the core or the binary");
		strbuf_free(&src);
		return NULL;
	}
	return strbuf_detach(&src);
}

static int from_line_ends(struct mt_js *js, uint64_t le, int pos, int *line, int *col)
{
	int64_t n = js_array_len(js, le, 1 << 24), lo = 0, hi;
	uint64_t w;

	if (n <= 0)
		return -1;
	hi = n;
	while (lo < hi) {             /* first line end >= pos */
		int64_t mid = lo + (hi - lo) / 2;
		if (js_array_get(js, le, mid, &w) != 0 || !js_is_smi(w))
			return -1;
		if (js_smi(w) < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	int64_t start = 0;
	if (lo > 0) {
		if (js_array_get(js, le, lo - 1, &w) != 0 || !js_is_smi(w))
			return -1;
		start = js_smi(w) + 1;
	}
	*line = (int)lo + 1;
	*col = (int)(pos - start) + 1;
	return 0;
}

/* Count lines in the source, by UTF-16 offset as V8 counts them. */
static int from_source(struct mt_js *js, uint64_t script, int pos, int *line, int *col)
{
	struct strbuf why = STRBUF_INIT;
	char *src = js_script_source(js, script, &why);
	int l = 1, c = 1, units = 0;

	strbuf_free(&why);
	if (!src)
		return -1;
	for (const unsigned char *p = (const unsigned char *)src; *p && units < pos; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;      /* UTF-8 continuation bytes */
		units += (*p >= 0xf0) ? 2 : 1;
		if (*p == '\n') {
			l++;
			c = 1;
		} else {
			c += (*p >= 0xf0) ? 2 : 1;
		}
	}
	free(src);
	if (units < pos)
		return -1;
	*line = l;
	*col = c;
	return 0;
}

int js_line_col(struct mt_js *js, uint64_t script, int pos, int *line, int *col)
{
	uint64_t le;

	*line = *col = 0;
	if (!script || pos < 0)
		return -1;
	if (js->v8.o_script_lines != JS_NONE &&
	    js_field(js, script, js->v8.o_script_lines, &le) == 0 &&
	    js_itype(js, le) == js->v8.t_fixed && from_line_ends(js, le, pos, line, col) == 0)
		return 0;
	return js->v8.o_script_src == JS_NONE ? -1 : from_source(js, script, pos, line, col);
}

/* Where the function starts: ScopeInfo position slots (fixed at 3/4 since
 * V8 12.8.44, where first_vars became 5; earlier the first increasing Smi
 * pair after the locals), else UncompiledData.start_position. */
static int scope_info_start(struct mt_js *js, uint64_t si)
{
	const struct js_v8 *v = &js->v8;
	uint64_t base = si - 1 + 8, a, b;

	if (v->si_first >= 5)
		return js_word(js, base + 24, &a) == 0 && js_word(js, base + 32, &b) == 0 &&
		       js_is_smi(a) && js_is_smi(b) && js_smi(a) <= js_smi(b) ? (int)js_smi(a) : -1;
	if (js_word(js, base + (uint64_t)v->si_nlocals * 8, &a) != 0 || !js_is_smi(a) ||
	    js_smi(a) < 0 || js_smi(a) >= SI_MAX_INLINED_LOCALS)
		return -1;
	int64_t i0 = v->si_first + 2 * js_smi(a);
	uint64_t prev = 1;
	for (int64_t i = i0; i < i0 + 10; i++) {
		if (js_word(js, base + (uint64_t)i * 8, &b) != 0)
			return -1;
		if (js_is_smi(prev) && js_is_smi(b) && js_smi(prev) >= 0 && js_smi(prev) < js_smi(b))
			return (int)js_smi(prev);
		prev = b;
	}
	return -1;
}

int js_function_start(struct mt_js *js, uint64_t sfi)
{
	const struct js_v8 *v = &js->v8;
	uint64_t nos, fd;
	uint32_t start;

	if (js_field(js, sfi, v->o_sfi_name, &nos) == 0 && js_itype(js, nos) == v->t_scopeinfo) {
		int s = scope_info_start(js, nos);
		if (s >= 0)
			return s;
	}
	if (v->o_unc_start == JS_NONE || js_field(js, sfi, v->o_sfi_fdata, &fd) != 0)
		return -1;
	int t = js_itype(js, fd);
	for (int i = 0; i < v->n_uncompiled; i++)
		if (t == v->t_uncompiled[i] && js_u32(js, fd - 1 + (uint64_t)v->o_unc_start, &start) == 0)
			return start < (1u << 30) ? (int)start : -1;
	return -1;
}
