/* core/jsframes/jsframe.c: what one frame (pc, fp) is: native code, a
 * typed V8 frame (its marker), or JavaScript, expanded when inlined. */
#include "core/jsframes/jsint.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HITS 64

static const char *const interp_entries[] = {
	"Builtins_InterpreterEntryTrampoline",
	"Builtins_InterpreterEnterAtBytecode",
	"Builtins_InterpreterEnterAtNextBytecode",
	"Builtins_InterpreterEnterBytecodeAdvance",
	"Builtins_BaselineOrInterpreterEnterAtBytecode",
	"Builtins_BaselineOrInterpreterEnterAtNextBytecode",
	NULL,
};

static int is_entry(const char *sym)
{
	for (int i = 0; interp_entries[i]; i++)
		if (strcmp(sym, interp_entries[i]) == 0)
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);
	return n >= k && strcmp(s + n - k, end) == 0;
}

static int is_interp_builtin(const char *sym)
{
	return is_entry(sym) || ends_with(sym, "Handler") ||
	       (strstr(sym, "Interpreter") && strstr(sym, "Ent"));
}

struct mt_js_frame *js_push(struct mt_js_stack *s, enum mt_js_kind kind, uint64_t pc, uint64_t fp)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->f = xreallocarray(s->f, s->cap, sizeof *s->f);
	}
	struct mt_js_frame *f = &s->f[s->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->pc = pc;
	f->fp = fp;
	f->pos = -1;
	return f;
}

/* "Type.name" as V8 prints method calls, or the bare name. */
static char *display_name(struct mt_js *js, uint64_t sfi, uint64_t recv)
{
	struct strbuf name = STRBUF_INIT, cls = STRBUF_INIT, out = STRBUF_INIT;

	js_function_name(js, sfi, &name);
	if (recv)
		js_receiver_class(js, recv, &cls);
	/* V8 omits the type when the name starts with it; an inferred name
	 * that is already qualified ("Module._load") reads the same way. */
	if (cls.len && !strchr(strbuf_str(&name), '.'))
		strbuf_printf(&out, "%s.", strbuf_str(&cls));
	strbuf_puts(&out, name.len ? strbuf_str(&name) : "<anonymous>");
	strbuf_free(&name);
	strbuf_free(&cls);
	return strbuf_detach(&out);
}

static void fill_js(struct mt_js *js, struct mt_js_frame *f, uint64_t sfi, uint64_t recv, int pos)
{
	struct strbuf sn = STRBUF_INIT;

	f->function = display_name(js, sfi, recv);
	f->script_obj = js_script_of(js, sfi);
	js_script_name(js, f->script_obj, &sn);
	f->script = sn.len ? strbuf_detach(&sn) : NULL;
	strbuf_free(&sn);
	f->pos = pos;
	if (pos >= 0)
		js_line_col(js, f->script_obj, pos, &f->line, &f->column);
	int start = js_function_start(js, sfi);
	if (start >= 0)
		js_line_col(js, f->script_obj, start, &f->def_line, &f->def_col);
}

/* An interpreted frame: the bytecode array and offset in the frame. */
static int interp_pos(struct mt_js *js, uint64_t fp, const char *sym, const struct mt_js_regs *top,
		      struct strbuf *note)
{
	uint64_t bca;
	int64_t off;

	if (!js->v8.tier_interp)
		return -1;
	if (js_word(js, fp + (int64_t)js->v8.fp_bc_array, &bca) != 0 ||
	    js_itype(js, bca) != js->v8.t_bca) {
		strbuf_puts(note, "no bytecode array in the frame");
		return -1;
	}
	if (js_interp_offset(js, fp, top, top && sym && !is_entry(sym), &off) != 0) {
		strbuf_puts(note, "no bytecode offset in the frame");
		return -1;
	}
	strbuf_printf(note, "bytecode offset %lld%s", (long long)off,
		      top && sym && !is_entry(sym) ? " (register)" : "");
	return js_bytecode_position(js, bca, off);
}

/* A stripped binary has no Builtins_ names: an interpreted frame shows
 * itself by a BytecodeArray and a Smi offset in its slots. */
static int looks_interpreted(struct mt_js *js, uint64_t fp)
{
	uint64_t bca, off;

	return js->v8.tier_interp && js_word(js, fp + (int64_t)js->v8.fp_bc_array, &bca) == 0 &&
	       js_itype(js, bca) == js->v8.t_bca &&
	       js_word(js, fp + (int64_t)js->v8.fp_bc_offset, &off) == 0 && js_is_smi(off);
}

static size_t describe_js(struct mt_js *js, uint64_t pc, uint64_t fp, uint64_t fn, const char *sym,
			  int in_node, const struct mt_js_regs *top, struct mt_js_stack *out)
{
	uint64_t sfi, recv = 0;
	struct strbuf note = STRBUF_INIT;
	struct js_hit hits[MAX_HITS];
	enum mt_js_kind kind;
	size_t n;

	js_field(js, fn, js->v8.o_jsf_shared, &sfi);
	js_word(js, fp + (int64_t)js->v8.fp_args, &recv);
	if ((sym && is_interp_builtin(sym)) || (!sym && in_node && looks_interpreted(js, fp))) {
		kind = MT_JSF_INTERPRETED;
		hits[0] = (struct js_hit){ sfi, interp_pos(js, fp, sym, top, &note) };
		n = 1;
	} else if (sym || in_node) {
		kind = MT_JSF_BUILTIN;     /* a builtin with JS linkage */
		hits[0] = (struct js_hit){ sfi, -1 };
		n = 1;
	} else {
		n = js_code_frames(js, fn, fp, pc, top != NULL, &kind, hits, MAX_HITS, &note);
		if (n == 0) {
			hits[0] = (struct js_hit){ sfi, -1 };
			n = 1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct mt_js_frame *f = js_push(out, kind, pc, fp);
		f->inlined = i + 1 < n;
		f->fn = fn;
		fill_js(js, f, hits[i].sfi, i + 1 == n ? recv : 0, hits[i].pos);
		if (i + 1 == n && note.len)
			f->note = xstrdup(strbuf_str(&note));
		if (i + 1 == n && sym)
			f->symbol = xstrdup(sym);   /* the code it runs in */
	}
	strbuf_free(&note);
	return n;
}

static size_t native(struct mt_js *js, uint64_t pc, uint64_t fp, const char *mod, const char *sym,
		     uint64_t off, struct mt_js_stack *out)
{
	struct mt_js_frame *f = js_push(out, MT_JSF_NATIVE, pc, fp);

	f->module = mod ? xstrdup(mod) : NULL;
	f->symbol = sym ? xstrdup(sym) : NULL;
	f->sym_off = off;
	return 1;
}

static size_t marker_frame(struct mt_js *js, uint64_t pc, uint64_t fp, const char *name,
			   const char *mod, const char *sym, uint64_t off, struct mt_js_stack *out)
{
	struct mt_js_frame *f = js_push(out, MT_JSF_MARKER, pc, fp);

	f->marker = xstrdup(name);
	f->module = mod ? xstrdup(mod) : NULL;
	f->symbol = sym ? xstrdup(sym) : NULL;
	f->sym_off = off;
	return 1;
}

static size_t unknown_frame(uint64_t pc, uint64_t fp, const char *why, struct mt_js_stack *out)
{
	struct mt_js_frame *f = js_push(out, MT_JSF_UNKNOWN, pc, fp);

	f->note = xstrdup(why);
	return 1;
}

size_t mt_js_describe(struct mt_js *js, uint64_t pc, uint64_t fp, const struct mt_js_regs *top,
		      struct mt_js_stack *out)
{
	const char *mod;
	uint64_t off, marker, fn, lo, hi;
	int exec = 0;
	/* a return address points past its call: look up the call itself */
	const char *sym = js_symbol(js, top ? pc : pc - 1, &mod, &off);
	int in_node = js_in_node(js, mod);
	int anon_exec = !mod && js->t.segment(js->t.ctx, pc, &lo, &hi, &exec) == 0 && exec;
	int builtin = sym && strncmp(sym, "Builtins_", 9) == 0;

	if (!top && sym)
		off++;
	if (!js->usable || !(builtin || anon_exec || (in_node && !sym)))
		return native(js, pc, fp, mod, sym, off, out);
	if (js_word(js, fp + (int64_t)js->v8.fp_marker, &marker) != 0)
		return builtin || anon_exec ? unknown_frame(pc, fp, "V8 frame outside the core", out) :
		       native(js, pc, fp, mod, sym, off, out);
	if (!(marker & 1)) {
		const char *name = js_v8_frametype(&js->v8, (int)(marker >> 1));
		if (name && marker >> 1 < 256)
			return marker_frame(js, pc, fp, name, mod, sym, off, out);
		return builtin || anon_exec ? unknown_frame(pc, fp, "unknown V8 frame marker", out) :
		       native(js, pc, fp, mod, sym, off, out);
	}
	if (js_word(js, fp + (int64_t)js->v8.fp_function, &fn) != 0 || !js->v8.tier_names ||
	    !js_is_jsfunction(js, fn)) {
		if (!builtin && !anon_exec)
			return native(js, pc, fp, mod, sym, off, out);
		return unknown_frame(pc, fp, js->v8.tier_names ? "JS frame without a JSFunction" :
				     "JS frame (function names unavailable)", out);
	}
	return describe_js(js, pc, fp, fn, sym, in_node, top, out);
}

/* A JS frame called by V8's construct stub (the next frame out is a
 * ConstructFrame, FastConstructFrame from V8 12) runs a constructor: V8 prints it "new Name". */
void js_mark_constructors(struct mt_js *js, struct mt_js_stack *s, size_t from)
{
	for (size_t i = from; i + 1 < s->n; i++) {
		struct mt_js_frame *f = &s->f[i];
		struct strbuf name = STRBUF_INIT;
		uint64_t sfi;
		if (!mt_js_kind_is_js(f->kind) || f->inlined || s->f[i + 1].kind != MT_JSF_MARKER ||
		    (strcmp(s->f[i + 1].marker, "ConstructFrame") != 0 &&
		     strcmp(s->f[i + 1].marker, "FastConstructFrame") != 0) ||
		    js_field(js, f->fn, js->v8.o_jsf_shared, &sfi) != 0)
			continue;
		js_function_name(js, sfi, &name);
		free(f->function);
		f->function = xmalloc(name.len + 16);
		sprintf(f->function, "new %s", name.len ? strbuf_str(&name) : "<anonymous>");
		strbuf_free(&name);
	}
}
