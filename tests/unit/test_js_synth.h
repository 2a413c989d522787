/* tests/unit/test_js_synth.h: a V8 heap made of bytes, for the hostile-input
 * tests of core/jsframes (the unit driver and the fuzzer). The constants are
 * node 20's (V8 11.3) as its binary exports them; memory is one buffer at
 * SYNTH_BASE and an executable segment with no bytes stands for JIT code. */
#ifndef MORTEM_TESTS_JS_SYNTH_H
#define MORTEM_TESTS_JS_SYNTH_H

#include "core/jsframes/jsint.h"

#include <string.h>

#define SYNTH_BASE 0x100000ull
#define SYNTH_JIT 0x7f0000000000ull

struct synth {
	const unsigned char *data;  /* borrowed */
	size_t size;
};

static int synth_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
	struct synth *s = ctx;

	if (addr < SYNTH_BASE || addr - SYNTH_BASE > s->size || n > s->size - (addr - SYNTH_BASE))
		return -1;
	memcpy(buf, s->data + (addr - SYNTH_BASE), n);
	return 0;
}

static int synth_segment(void *ctx, uint64_t addr, uint64_t *start, uint64_t *end, int *exec)
{
	struct synth *s = ctx;

	if (addr >= SYNTH_JIT && addr < SYNTH_JIT + 0x10000) {
		*start = SYNTH_JIT;
		*end = SYNTH_JIT + 0x10000;
		*exec = 1;
		return 0;
	}
	if (addr >= SYNTH_BASE && addr - SYNTH_BASE < s->size) {
		*start = SYNTH_BASE;
		*end = SYNTH_BASE + s->size;
		*exec = 0;
		return 0;
	}
	return -1;
}

static void synth_v8(struct js_v8 *v)
{
	memset(v, 0, sizeof *v);
	v->version[0] = 11, v->version[1] = 3, v->version[2] = 244;
	v->tier_frames = v->tier_names = v->tier_scripts = v->tier_interp = v->tier_code = 1;
	v->tagged = 8;
	v->fp_marker = -8, v->fp_function = -16, v->fp_bc_array = -32, v->fp_bc_offset = -40;
	v->fp_args = 16, v->fp_argc = -24;
	v->o_map = 0, v->o_itype = 12, v->o_map_ctor = 32;
	v->o_jsf_shared = 24, v->o_jsf_code = JS_NONE;
	v->o_sfi_name = 16, v->o_sfi_script = 32, v->o_sfi_fdata = 8, v->o_sfi_nparams = 42;
	v->o_unc_start = 16;
	v->o_script_src = 8, v->o_script_name = 16, v->o_script_lines = 56;
	v->o_str_len = 12, v->o_seq1 = 16, v->o_seq2 = 16, v->o_cons1 = 16, v->o_cons2 = 24;
	v->o_sliced_parent = 16, v->o_sliced_off = 24, v->o_thin = 16, v->o_ext_res = 16;
	v->o_node_ext_data = 8;
	v->o_fa_len = 8, v->o_fa_data = 16, v->o_bca_data = 54, v->o_bca_spt = 32;
	v->o_heapnum = 8, v->o_oddball_kind = 40;
	v->si_first = 3, v->si_nlocals = 2;
	v->first_nonstring = 128, v->enc_mask = 8, v->one_byte = 8, v->rep_mask = 7;
	v->tag_seq = 0, v->tag_cons = 1, v->tag_ext = 2, v->tag_sliced = 3, v->tag_thin = 5;
	v->t_jsf_first = 2066, v->t_jsf_last = 2081, v->t_sfi = 262, v->t_scopeinfo = 261;
	v->t_script = 167, v->t_bca = 191, v->t_map = 255, v->t_fixed = 175, v->t_code = 245;
	v->t_heapnum = 130, v->t_oddball = 131, v->t_first_receiver = 278, v->t_global_proxy = 280;
	v->odd_undefined = 5, v->odd_null = 3, v->odd_true = 1, v->odd_false = 0, v->odd_hole = 2;
	v->bc_offset_reg = 9;
	static const char *const names[] = { "EntryFrame", "ExitFrame", "InternalFrame" };
	static const int types[] = { 1, 3, 22 };
	for (int i = 0; i < 3; i++)
		v->ftypes[v->nftypes++] = (struct js_frametype){ names[i], types[i] };
	v->c_istart = 40, v->c_isize = 56, v->c_flags = 48, v->c_spt = 24, v->c_deopt = 16;
	v->c_istream_hdr = 16, v->c_kind_mask = 15, v->c_kind_baseline = 11;
	v->c_kind_maglev = 12, v->c_kind_turbofan = 13, v->di_literals = 2, v->di_inlining = 7;
}

/* An mt_js over the bytes, usable as if opened on a node 20 core. */
static void synth_open(struct mt_js *js, struct synth *s, const unsigned char *data, size_t size)
{
	memset(js, 0, sizeof *js);
	s->data = data;
	s->size = size;
	js->t = (struct mt_js_target){ s, synth_read, synth_segment, NULL, 0, NULL, NULL };
	js_target_open(js, NULL);
	synth_v8(&js->v8);
	js->usable = 1;
}

static void synth_close(struct mt_js *js)
{
	js_target_close(js);
}

#endif
