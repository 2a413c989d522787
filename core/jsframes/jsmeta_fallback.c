/* core/jsframes/jsmeta_fallback.c: the values V8 does not export.
 *
 * This is the maintenance list of doc/jsframes.md. Each row was confirmed on
 * node 18 (V8 10.2), 20 (11.3), 22 (12.4) and 24 (13.6); it agrees with
 * opentelemetry-ebpf-profiler interpreter/nodev8/v8.go. Every fallback used
 * is named in v->fallbacks so a surprise can be traced.
 */
#include "core/jsframes/jsmeta.h"

#define PTR 8

static void used(struct js_v8 *v, const char *what)
{
	if (v->fallbacks.len)
		strbuf_puts(&v->fallbacks, "; ");
	strbuf_puts(&v->fallbacks, what);
}

static void frame_fallbacks(struct js_v8 *v)
{
	if (v->fp_bc_array == JS_NONE && v->fp_function != JS_NONE) {
		v->fp_bc_array = v->fp_function - 2 * PTR;
		used(v, "off_fp_bytecode_array=function-16");
	}
	if (v->fp_bc_offset == JS_NONE && v->fp_bc_array != JS_NONE) {
		v->fp_bc_offset = v->fp_bc_array - PTR;
		used(v, "off_fp_bytecode_offset=array-8");
	}
	if (v->fp_args == JS_NONE)
		v->fp_args = 2 * PTR;
	/* The argument count slot (kArgCOffset) has never been exported. */
	v->fp_argc = -3 * PTR;
}

static void object_fallbacks(struct js_v8 *v)
{
	if (v->o_sfi_fdata == JS_NONE) {
		v->o_sfi_fdata = PTR;
		used(v, "SharedFunctionInfo.function_data=8");
	}
	if (v->o_bca_spt == JS_NONE && v->o_fa_len != JS_NONE) {
		/* map, length, then (V8 >= 12) the wrapper; else constant pool and
		 * handler table come first */
		v->o_bca_spt = js_v8_at_least(v, 12, 0, 0) ? 3 * PTR : v->o_fa_len + 3 * PTR;
		used(v, "BytecodeArray.source_position_table");
	}
	if (v->o_jsf_code == JS_NONE && v->o_jsf_shared != JS_NONE) {
		/* not exported on V8 11 and 13: beside shared, before it from
		 * 11.7.368 (node 20: 24 + 24; node 24: 32 - 8) */
		v->o_jsf_code = js_v8_at_least(v, 11, 7, 368) ? v->o_jsf_shared - PTR
							     : v->o_jsf_shared + 3 * PTR;
		used(v, "JSFunction.code");
	}
	if (v->bc_offset_reg == JS_NONE)
		v->bc_offset_reg = 9;
	if (v->o_oddball_kind == JS_NONE)
		v->o_oddball_kind = 5 * PTR;
}

void js_v8_fallbacks(struct js_v8 *v)
{
	frame_fallbacks(v);
	object_fallbacks(v);
}

/* V8 10 keeps instructions inside Code; 11 lost most Code metadata; 12 and
 * later export instruction_start and put a wrapper before it. */
static void code_offsets(struct js_v8 *v)
{
	if (v->code_inline_instr) {
		if (v->c_isize != JS_NONE) {
			if (v->c_spt == JS_NONE)
				v->c_spt = v->c_isize - 2 * PTR;
			if (v->c_flags == JS_NONE)
				v->c_flags = v->c_isize + PTR;
		}
	} else if (v->c_isize == JS_NONE) {
		if (v->c_istart == JS_NONE && v->c_spt != JS_NONE)
			v->c_istart = v->c_spt + 2 * PTR;
		if (v->c_flags == JS_NONE && v->c_istart != JS_NONE)
			v->c_flags = v->c_istart + PTR;
		if (v->c_flags != JS_NONE)
			v->c_isize = v->c_flags + 4 + (js_v8_at_least(v, 11, 4, 59) ? 0 : 4);
		used(v, "Code instruction start/flags/size");
	} else if (v->c_spt == JS_NONE && v->c_istart != JS_NONE) {
		v->c_spt = v->c_istart - 3 * PTR;
		used(v, "Code.source_position_table=instruction_start-24");
	}
	if (v->c_deopt == JS_NONE && v->c_spt != JS_NONE)
		v->c_deopt = v->c_spt - PTR;
}

void js_v8_code_layout(struct js_v8 *v)
{
	v->code_inline_instr = !js_v8_at_least(v, 11, 0, 0);
	v->c_istart = js_v8_field(v, "Code", "instruction_start");
	v->c_isize = js_v8_field(v, "Code", "instruction_size");
	v->c_flags = js_v8_field(v, "Code", "flags");
	v->c_spt = js_v8_field(v, "Code", "source_position_table");
	if (v->c_spt == JS_NONE)
		v->c_spt = js_v8_field(v, "Code", "position_table");
	v->c_deopt = js_v8_field(v, "Code", "deoptimization_data");
	if (v->c_deopt == JS_NONE)
		v->c_deopt = js_v8_field(v, "Code", "deoptimization_data_or_interpreter_data");
	v->c_istream_hdr = js_v8_field(v, "InstructionStream", "instruction_start");
	code_offsets(v);
	v->c_kind_mask = js_v8_const(v, "CodeKindFieldMask");
	if (v->c_kind_mask == JS_NONE || v->c_kind_mask == 0)
		v->c_kind_mask = 0xf;
	v->c_kind_shift = js_v8_const(v, "CodeKindFieldShift");
	if (v->c_kind_shift == JS_NONE)
		v->c_kind_shift = 0;
	v->c_kind_baseline = js_v8_const(v, "CodeKindBaseline");
	if (v->c_kind_shift < 0 || v->c_kind_shift > 31) {  /* read from the core: a
							       damaged one says anything */
		v->c_kind_shift = 0;
		v->c_kind_baseline = JS_NONE;  /* no kinds known */
	}
	/* Maglev and Turbofan follow Baseline in enum CodeKind (V8 10-13). */
	v->c_kind_maglev = v->c_kind_baseline == JS_NONE ? JS_NONE : v->c_kind_baseline + 1;
	v->c_kind_turbofan = v->c_kind_baseline == JS_NONE ? JS_NONE : v->c_kind_baseline + 2;
	v->di_literals = js_v8_const(v, "DeoptimizationDataLiteralArrayIndex");
	if (v->di_literals == JS_NONE)
		v->di_literals = 2;
	v->di_inlining = js_v8_const(v, "DeoptimizationDataInliningPositionsIndex");
	if (v->di_inlining == JS_NONE)
		v->di_inlining = 7;
	v->tier_code = v->t_code != JS_NONE && v->c_istart != JS_NONE && v->c_isize != JS_NONE &&
		       v->c_flags != JS_NONE && v->c_spt != JS_NONE;
	if (!v->tier_code) {
		if (v->lost.len)
			strbuf_puts(&v->lost, "; ");
		strbuf_puts(&v->lost, "optimized and baseline positions unavailable: Code layout unknown");
	}
}
