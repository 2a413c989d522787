/* core/jsframes/jsverdict.c: the JavaScript side of a node core's verdict.
 *
 * - The top JavaScript frame of the crashing thread (the frames of
 *   mt_js_core_thread), with script:line:column.
 * - An uncaught exception under --abort-on-uncaught-exception: V8 aborts
 *   inside Isolate::Throw (CreateMessageOrAbort), before the exception is
 *   stored in the isolate; the error is still held by the native frames
 *   between the stack pointer and the JavaScript frame that threw, as a
 *   tagged pointer or through a handle. The first JSError found there is
 *   named by its constructor and its own "message" property, read through
 *   its map's descriptors as V8's postmortem metadata (v8dbg_prop_*)
 *   describes them. Anything else thrown (a string, a plain object) is
 *   not named.
 * - A fatal out-of-memory: V8 passes its handler a location string
 *   ("Reached heap limit", "MarkCompactCollector: young object promotion
 *   failed"...), a pointer into node's read-only data still on the
 *   handler's stack; the known ones say which generation ran out.
 * Every read is bounded; what is not found is left out. */
#include "core/jsframes/jsverdict.h"
#include "core/jsframes/jscore.h"
#include "core/jsframes/jsint.h"

#include <string.h>

#define SCAN_BYTES (256 * 1024)  /* of stack above the stack pointer, at most */
#define OOM_SCAN_BYTES (32 * 1024)
#define MESSAGE_MAX 200          /* characters of a message shown */

/* The metadata that own properties need; ok 0 when any is missing. */
struct jv_props {
	int ok, t_error;
	int o_bf3, o_descs, o_desc_hdr, o_isize, o_inobj, o_props;
	int desc_size, desc_key, desc_details, desc_value;
	struct js_prop_bits prop;
};

static void props_meta(const struct js_v8 *v, struct jv_props *p)
{
	p->t_error = js_v8_const(v, "type_JSError__JS_ERROR_TYPE");
	p->o_bf3 = js_v8_field(v, "Map", "bit_field3");
	p->o_descs = js_v8_field(v, "Map", "instance_descriptors");
	p->o_desc_hdr = js_v8_field(v, "DescriptorArray", "header_size");
	p->o_isize = js_v8_field(v, "Map", "instance_size_in_words");
	p->o_inobj = js_v8_field(v, "Map", "inobject_properties_start_or_constructor_function_index");
	p->o_props = js_v8_field(v, "JSReceiver", "raw_properties_or_hash");
	p->desc_size = js_v8_const(v, "prop_desc_size");
	p->desc_key = js_v8_const(v, "prop_desc_key");
	p->desc_details = js_v8_const(v, "prop_desc_details");
	p->desc_value = js_v8_const(v, "prop_desc_value");
	const int *all = &p->t_error;
	p->ok = v->tagged == 8 &&    /* no pointer compression: 8-byte fields, 32-bit Smis */
		js_prop_bits_load(v, &p->prop, NULL) == 0;
	for (const int *f = all; f <= &p->desc_value; f++)
		p->ok &= *f != JS_NONE;
	p->ok = p->ok && p->desc_size > 0 && p->desc_size <= 8 && p->desc_key >= 0 &&
		p->desc_key < p->desc_size && p->desc_details >= 0 &&
		p->desc_details < p->desc_size && p->desc_value >= 0 && p->desc_value < p->desc_size;
}

/* The value of obj's own data property `name` (a fast map's descriptors),
 * or 0 when it has none or it cannot be read. */
static uint64_t own_property(struct mt_js *js, const struct jv_props *p, uint64_t obj,
			     const char *name)
{
	uint64_t map, descs, props, out = 0;
	uint32_t bf3;
	unsigned char words[2];

	if (js_field(js, obj, js->v8.o_map, &map) != 0 || !js_is_heap(map) ||
	    js_read(js, map - 1 + (uint64_t)p->o_bf3, &bf3, 4) != 0 ||
	    js_prop_dictionary_map(&p->prop, bf3) ||
	    js_read(js, map - 1 + (uint64_t)p->o_isize, &words[0], 1) != 0 ||
	    js_read(js, map - 1 + (uint64_t)p->o_inobj, &words[1], 1) != 0 ||
	    js_field(js, map, p->o_descs, &descs) != 0 || !js_is_heap(descs))
		return 0;
	uint32_t nown = js_prop_own_descriptors(&p->prop, bf3);
	uint32_t in_start = words[1], n_inobj = words[0] > in_start ? words[0] - in_start : 0;
	for (uint32_t i = 0; i < nown && i < 1024; i++) {
		uint64_t entry = descs - 1 + (uint64_t)p->o_desc_hdr + 8ull * (uint64_t)p->desc_size * i;
		uint64_t key, details;
		struct strbuf k = STRBUF_INIT;
		if (js_word(js, entry + 8ull * (uint64_t)p->desc_key, &key) != 0 ||
		    js_word(js, entry + 8ull * (uint64_t)p->desc_details, &details) != 0)
			break;
		int match = js_string(js, key, 64, &k) == 0 && strcmp(strbuf_str(&k), name) == 0;
		strbuf_free(&k);
		if (!match)
			continue;
		uint64_t idx;
		enum js_prop_where at = js_prop_where(&p->prop, js_smi(details), &idx);
		if (at == JS_PROP_ACCESSOR)
			return 0;                      /* no stored value */
		if (at == JS_PROP_CONSTANT)
			js_word(js, entry + 8ull * (uint64_t)p->desc_value, &out);
		else if (idx < n_inobj)
			js_word(js, obj - 1 + 8 * (in_start + idx), &out);
		else if (js_field(js, obj, p->o_props, &props) == 0 && js_is_heap(props))
			js_word(js, props - 1 + 16 + 8 * (idx - n_inobj), &out);  /* PropertyArray */
		return out;
	}
	return 0;
}

/* The error a word of the stack holds: itself, or through a handle. */
static uint64_t error_at(struct mt_js *js, const struct jv_props *p, uint64_t w)
{
	uint64_t v;

	if (js_is_heap(w))
		return js_itype(js, w) == p->t_error ? w : 0;
	if (w & 7 || w < 4096 || js_word(js, w, &v) != 0 || !js_is_heap(v))
		return 0;
	return js_itype(js, v) == p->t_error ? v : 0;
}

/* ": TypeError: f is not a function" from the first error on the stack
 * between sp and limit. */
static void thrown(struct mt_js *js, uint64_t sp, uint64_t limit, struct strbuf *out)
{
	struct jv_props p;
	uint64_t buf[512], err = 0;

	props_meta(&js->v8, &p);
	if (!p.ok)
		return;
	for (uint64_t at = sp; at < limit && !err; at += sizeof buf) {
		size_t n = limit - at < sizeof buf ? (size_t)(limit - at) : sizeof buf;
		if (js_read(js, at, buf, n) != 0)
			break;
		for (size_t i = 0; i < n / 8 && !err; i++)
			err = error_at(js, &p, buf[i]);
	}
	if (!err)
		return;
	struct strbuf cls = STRBUF_INIT, msg = STRBUF_INIT;
	uint64_t m = own_property(js, &p, err, "message");
	js_receiver_class(js, err, &cls);
	if (m && js_is_string(js, m))
		js_string(js, m, MESSAGE_MAX, &msg);
	strbuf_printf(out, ": %s", cls.len ? strbuf_str(&cls) : "Error");
	if (msg.len)
		strbuf_printf(out, ": %s", strbuf_str(&msg));
	strbuf_free(&cls);
	strbuf_free(&msg);
}

/* V8's fatal out-of-memory locations (heap.cc, mark-compact.cc,
 * scavenger.cc, api.cc) and which part of the heap each says ran out. */
static const struct { const char *location, *what; } oom_locations[] = {
	{ "Reached heap limit", "the old generation is full" },
	{ "Ineffective mark-compacts near heap limit", "the old generation is full" },
	{ "CALL_AND_RETRY_LAST", "the old generation is full" },
	{ "MarkCompactCollector: young object promotion failed",
	  "young objects could not move to the full old generation" },
	{ "Scavenger: semi-space copy", "the new space is full" },
	{ "NewSpace::EnsureCurrentCapacity", "the new space could not grow" },
	{ "invalid array length", "an array too long for V8" },
	{ "invalid table size", "a hash table too large for V8" },
};

/* ": Reached heap limit (the old generation is full)" from a location
 * string pointed to from the stack between sp and limit. */
static void oom_location(struct mt_js *js, uint64_t sp, uint64_t limit, struct strbuf *out)
{
	uint64_t buf[512];

	for (uint64_t at = sp; at < limit; at += sizeof buf) {
		size_t n = limit - at < sizeof buf ? (size_t)(limit - at) : sizeof buf;
		if (js_read(js, at, buf, n) != 0)
			return;
		for (size_t i = 0; i < n / 8; i++) {
			char text[64];
			if (buf[i] < 4096 || js_read(js, buf[i], text, sizeof text) != 0)
				continue;
			for (size_t k = 0; k < sizeof oom_locations / sizeof *oom_locations; k++) {
				size_t len = strlen(oom_locations[k].location);
				if (memcmp(text, oom_locations[k].location, len) == 0 &&
				    text[len] == '\0') {
					strbuf_printf(out, ": %s (%s)", oom_locations[k].location,
						      oom_locations[k].what);
					return;
				}
			}
		}
	}
}

void mt_js_verdict(const struct mt_coredump *c, enum mt_js_crash what, struct strbuf *out)
{
	struct mt_js *js;
	struct mt_js_stack st = { 0 };
	const struct mt_js_frame *top = NULL;
	uint64_t sp;

	if (c->nthreads == 0 || !(js = mt_js_open_core(c, NULL)))
		return;
	if (mt_js_status(js)) {
		mt_js_close(&js);
		return;
	}
	sp = c->threads[0].sp;
	mt_js_core_thread(js, c, 0, &st);
	/* The first JavaScript frame; but where the program was (a snapshot, an
	 * OOM) is the first one of a script: a sample in Math.sqrt's builtin
	 * is in the function that called it. */
	const struct mt_js_frame *first = NULL;
	for (size_t i = 0; i < st.n && !top; i++) {
		const struct mt_js_frame *f = &st.f[i];
		if (!mt_js_kind_is_js(f->kind) || !f->function || !*f->function)
			continue;
		if (!first)
			first = f;
		if (what == MT_JS_CRASH_THROW || (f->script && *f->script))
			top = f;
	}
	if (!top)
		top = first;
	if (what == MT_JS_CRASH_THROW && sp)
		thrown(js, sp, top && top->fp > sp && top->fp - sp < SCAN_BYTES ? top->fp
									: sp + SCAN_BYTES, out);
	else if (what == MT_JS_CRASH_OOM && sp)
		oom_location(js, sp, sp + OOM_SCAN_BYTES, out);
	if (top) {
		strbuf_printf(out, ", %s %s", what == MT_JS_CRASH_THROW ? "thrown in" : "in",
			      top->function);
		if (top->script && top->line > 0)
			strbuf_printf(out, " (%s:%d:%d)", top->script, top->line, top->column);
		else if (top->script)
			strbuf_printf(out, " (%s)", top->script);
	}
	mt_js_stack_free(&st);
	mt_js_close(&js);
}
