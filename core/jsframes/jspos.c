/* core/jsframes/jspos.c: the exact position of a frame.
 *
 * Interpreted: the bytecode offset (frame slot, or the offset register in a
 * top frame inside a handler) through the BytecodeArray's source position
 * table. Baseline: the pc through the baseline code's bytecode offset
 * table (needs Bytecodes::kBytecodeSizes), then the same. Optimized: the
 * Code holding the pc, its own position table, and the inlining positions
 * of its deoptimization data for the inlined frames.
 * Encodings: v8/v8 src/codegen/source-position-table.cc, source-position.h,
 * src/baseline/bytecode-offset-iterator.h.
 */
#include "core/jsframes/jsint.h"

#include <stdlib.h>
#include <string.h>

#define CODE_SCAN_STEPS (1 << 15) /* 32-byte steps: 1 MiB back */
#define MAX_INLINED 64

static int uvlq(const unsigned char *t, size_t n, size_t *i, uint64_t *out)
{
	uint64_t v = 0;

	for (int shift = 0; shift < 64; shift += 7) {
		if (*i >= n)
			return -1;
		unsigned char c = t[(*i)++];
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

static int svlq(const unsigned char *t, size_t n, size_t *i, int64_t *out)
{
	uint64_t v;

	if (uvlq(t, n, i, &v) != 0)
		return -1;
	*out = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
	return 0;
}

/* The raw SourcePosition of the last entry at or before offset. */
int js_vlq_position(const unsigned char *t, size_t n, int64_t offset, int64_t *pos)
{
	int64_t code = -1, p = 0, d, s;
	int found = 0;

	/* Sums in unsigned arithmetic: a damaged table wraps, never overflows. */
	for (size_t i = 0; i < n;) {
		if (svlq(t, n, &i, &d) != 0)
			break;
		/* -d - 1 (~d) when negative: the sign carries is_statement */
		code = (int64_t)((uint64_t)code + (d >= 0 ? (uint64_t)d : ~(uint64_t)d));
		if (code > offset)
			break;
		if (svlq(t, n, &i, &s) != 0)
			break;
		p = (int64_t)((uint64_t)p + (uint64_t)s);
		*pos = p;
		found = 1;
	}
	return found ? 0 : -1;
}

static int script_offset(int64_t raw)
{
	if (raw & 1)                       /* an external (wasm) position */
		return -1;
	return (int)(((raw >> 1) & ((1 << 30) - 1)) - 1);
}

int js_bytecode_position(struct mt_js *js, uint64_t bca, int64_t bc_off)
{
	uint64_t spt;
	size_t n;
	int64_t raw;
	unsigned char *t;

	if (bc_off < 0 || js_field(js, bca, js->v8.o_bca_spt, &spt) != 0 || !js_is_heap(spt))
		return -1;
	t = js_bytes(js, spt, 1 << 24, &n);
	if (!t)
		return -1;
	int ok = js_vlq_position(t, n, bc_off, &raw);
	free(t);
	return ok == 0 ? script_offset(raw) : -1;
}

/* Instruction start and size of a Code object. */
static int code_range(struct mt_js *js, uint64_t code, uint64_t *start, uint32_t *size)
{
	const struct js_v8 *v = &js->v8;

	if (v->code_inline_instr)
		*start = code - 1 + (uint64_t)v->c_istart;
	else if (js_field(js, code, v->c_istart, start) != 0)
		return -1;
	return js_u32(js, code - 1 + (uint64_t)v->c_isize, size);
}

static int code_holds(struct mt_js *js, uint64_t code, uint64_t pc)
{
	uint64_t st;
	uint32_t sz;

	return js_itype(js, code) == js->v8.t_code && code_range(js, code, &st, &sz) == 0 &&
	       st <= pc && pc - st < sz;
}

static int is_map(struct mt_js *js, uint64_t w)
{
	return js_is_heap(w) && js_itype(js, w) == js->v8.t_map;
}

/* Scan back from pc for the object that holds it: an InstructionStream
 * header [map][Code] before an instruction start aligned to 32 bytes (V8
 * 11+: 64 on x86-64, 32 on arm64), or the Code itself (V8 10). */
static uint64_t scan_code(struct mt_js *js, uint64_t pc)
{
	const struct js_v8 *v = &js->v8;
	int inl = v->code_inline_instr;
	uint64_t a, w, c;

	if (!inl && v->c_istream_hdr == JS_NONE)
		return 0;
	a = inl ? pc & ~31ull : ((pc + 31) & ~31ull) - (uint64_t)v->c_istream_hdr;
	for (int i = 0; i < CODE_SCAN_STEPS; i++, a -= 32) {
		if (js->t.read(js->t.ctx, a, &w, 8) != 0)
			return 0;
		if (!is_map(js, w))
			continue;
		if (inl && code_holds(js, a + 1, pc))
			return a + 1;
		if (!inl && js_word(js, a + 8, &c) == 0 && js_is_heap(c) && code_holds(js, c, pc)) {
			uint64_t st;
			if (js_field(js, c, v->c_istart, &st) == 0 && st == a + (uint64_t)v->c_istream_hdr)
				return c;
		}
	}
	return 0;
}

static uint64_t code_for_pc(struct mt_js *js, uint64_t fn, uint64_t pc, const char **how)
{
	uint64_t c;

	if (js->v8.o_jsf_code != JS_NONE &&  /* exported, or jsmeta_fallback.c's */
	    js_field(js, fn, js->v8.o_jsf_code, &c) == 0 && js_is_heap(c) && code_holds(js, c, pc)) {
		*how = "JSFunction.code";
		return c;
	}
	*how = "code scan";
	return scan_code(js, pc);
}

/* The bytecodes of a BytecodeArray: after its own header, not FixedArray's. */
static unsigned char *bytecodes(struct mt_js *js, uint64_t bca, size_t *len)
{
	int64_t n = js_array_len(js, bca, 1 << 24);
	unsigned char *b;

	if (n <= 0)
		return NULL;
	b = malloc((size_t)n);
	if (b && js_read(js, bca - 1 + (uint64_t)js->v8.o_bca_data, b, (size_t)n) != 0) {
		free(b);
		return NULL;
	}
	*len = (size_t)n;
	return b;
}

/* Sparkplug: walk the bytecode offset table along the bytecodes (sized by
 * kBytecodeSizes), as V8's BytecodeOffsetIterator does: the first unsigned
 * VLQ is where the prologue ends, then one pc delta per bytecode; pc_off
 * belongs to the first bytecode whose code ends at or after it
 * (AdvanceToPCOffset), so a return address names the call. */
static int64_t baseline_offset(struct mt_js *js, uint64_t code, uint64_t bca, uint64_t pc_off)
{
	const struct js_v8 *v = &js->v8;
	size_t tn, bn, i = 0, nops = v->nbytecode_sizes / 3;
	uint64_t spt, pc = 0, d = 0;
	int64_t off = 0, res = -1;

	if (!nops || js_field(js, code, v->c_spt, &spt) != 0)
		return -1;
	unsigned char *t = js_bytes(js, spt, 1 << 24, &tn);
	unsigned char *bc = bytecodes(js, bca, &bn);
	int have = t && bc && uvlq(t, tn, &i, &pc) == 0;  /* the prologue's end */

	if (have && pc >= pc_off)
		res = 0;  /* in the prologue: the function's entry */
	while (have && res < 0 && uvlq(t, tn, &i, &d) == 0) {
		pc += d;
		if (pc >= pc_off) {
			res = off;
			break;
		}
		if ((size_t)off >= bn)
			break;
		int op = bc[off], scale = op < 4 ? (op & 1) + 1 : 0, pre = scale ? 1 : 0;
		if (pre && (size_t)off + 1 >= bn)
			break;
		if (pre)
			op = bc[off + 1];
		if ((size_t)op >= nops || v->bytecode_sizes[(size_t)scale * nops + (size_t)op] == 0)
			break;
		off += pre + v->bytecode_sizes[(size_t)scale * nops + (size_t)op];
	}
	free(t);
	free(bc);
	return res;
}

static size_t baseline_frames(struct mt_js *js, uint64_t code, uint64_t fp, uint64_t pc_off,
			      struct js_hit *hits, struct strbuf *why)
{
	uint64_t bca;
	int64_t boff;

	hits[0].pos = -1;
	if (js_word(js, fp + (int64_t)js->v8.fp_bc_array, &bca) != 0 ||
	    js_itype(js, bca) != js->v8.t_bca) {
		strbuf_puts(why, "; baseline frame without its bytecode array");
		return 1;
	}
	boff = baseline_offset(js, code, bca, pc_off);
	if (boff < 0)
		strbuf_puts(why, js->v8.nbytecode_sizes ? "; baseline pc not in the offset table" :
			    "; baseline position needs kBytecodeSizes (.symtab stripped)");
	else
		hits[0].pos = js_bytecode_position(js, bca, boff);
	return 1;
}

/* One inlining step: the function and caller position of inlining id. */
static int inlined_step(struct mt_js *js, uint64_t lits, const unsigned char *inl, size_t ninl,
			int id, uint64_t *sfi, int64_t *caller)
{
	int32_t fid;
	size_t at = (size_t)(id - 1) * 16;

	if (id <= 0 || at + 12 > ninl)
		return -1;
	memcpy(caller, inl + at, 8);
	memcpy(&fid, inl + at + 8, 4);
	if (fid < 0 || fid >= js_array_len(js, lits, 1 << 16) ||
	    js_array_get(js, lits, fid, sfi) != 0)
		return -1;
	if ((*sfi & 3) == 3)
		*sfi &= ~2ull;             /* a weak reference */
	return 0;
}

static size_t optimized_frames(struct mt_js *js, uint64_t code, uint64_t sfi, uint64_t pc_off,
			       struct js_hit *hits, size_t max, struct strbuf *why)
{
	const struct js_v8 *v = &js->v8;
	uint64_t spt, deopt, lits = 0, inlpos = 0;
	size_t tn, ninl = 0, n = 0;
	int64_t raw;
	unsigned char *t, *inl = NULL;

	if (js_field(js, code, v->c_spt, &spt) != 0 || !(t = js_bytes(js, spt, 1 << 24, &tn))) {
		strbuf_puts(why, "; no source position table");
		return 0;
	}
	int ok = js_vlq_position(t, tn, (int64_t)pc_off, &raw);
	free(t);
	if (ok != 0) {
		strbuf_printf(why, "; no position for pc offset %llu", (unsigned long long)pc_off);
		return 0;
	}
	if (js_field(js, code, v->c_deopt, &deopt) == 0 && js_array_len(js, deopt, 4096) > v->di_inlining &&
	    js_array_get(js, deopt, v->di_literals, &lits) == 0 &&
	    js_array_get(js, deopt, v->di_inlining, &inlpos) == 0)
		inl = js_bytes(js, inlpos, 1 << 20, &ninl);
	while (n < max && n < MAX_INLINED) {
		int id = (int)((raw >> 31) & 0xffff);
		hits[n].pos = script_offset(raw);
		if (id == 0) {
			hits[n++].sfi = sfi;
			break;
		}
		if (inlined_step(js, lits, inl, ninl, id, &hits[n].sfi, &raw) != 0) {
			strbuf_puts(why, "; bad inlining data");
			break;
		}
		n++;
	}
	free(inl);
	return n;
}

size_t js_code_frames(struct mt_js *js, uint64_t fn, uint64_t fp, uint64_t pc, int top,
		      enum mt_js_kind *kind, struct js_hit *hits, size_t max, struct strbuf *why)
{
	const struct js_v8 *v = &js->v8;
	const char *how;
	uint64_t code, st, sfi;
	uint32_t sz, flags;

	*kind = MT_JSF_JIT;
	if (!v->tier_code || max == 0 || js_field(js, fn, v->o_jsf_shared, &sfi) != 0) {
		strbuf_puts(why, "Code layout unknown");
		return 0;
	}
	code = code_for_pc(js, fn, pc, &how);
	if (!code || code_range(js, code, &st, &sz) != 0 ||
	    js_u32(js, code - 1 + (uint64_t)v->c_flags, &flags) != 0) {
		strbuf_puts(why, "no Code found for pc");
		return 0;
	}
	int k = (int)((flags & (uint32_t)v->c_kind_mask) >> v->c_kind_shift);
	uint64_t pc_off = pc - st - (top ? 0 : 1);   /* return addresses point past the call */
	strbuf_printf(why, "Code via %s", how);
	if (k == v->c_kind_baseline) {
		*kind = MT_JSF_BASELINE;
		hits[0].sfi = sfi;
		return baseline_frames(js, code, fp, pc_off, hits, why);
	}
	*kind = k == v->c_kind_maglev ? MT_JSF_MAGLEV : k == v->c_kind_turbofan ? MT_JSF_TURBOFAN :
		MT_JSF_JIT;
	return optimized_frames(js, code, sfi, pc_off, hits, max, why);
}

/* The bytecode offset of an interpreted frame: the frame slot, or for the
 * top frame inside a bytecode handler the offset register. */
int js_interp_offset(struct mt_js *js, uint64_t fp, const struct mt_js_regs *top,
		     uint64_t in_handler, int64_t *bc_off)
{
	const struct js_v8 *v = &js->v8;
	int64_t header = v->o_bca_data - 1;
	uint64_t w;

	if (top && in_handler && v->bc_offset_reg >= 0 && v->bc_offset_reg < 32) {
		*bc_off = (int64_t)top->gpr[v->bc_offset_reg] - header;
		return *bc_off >= 0 ? 0 : -1;
	}
	if (js_word(js, fp + (int64_t)v->fp_bc_offset, &w) != 0 || !js_is_smi(w))
		return -1;
	*bc_off = js_smi(w) - header;
	return *bc_off >= 0 ? 0 : -1;
}
