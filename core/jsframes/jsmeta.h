/* core/jsframes/jsmeta.h: V8's postmortem metadata, loaded once.
 *
 * Every v8dbg_ and nodedbg_ symbol of the node binary, with its value read
 * from the core (nodedbg_ values exist only there) or else the file. Class
 * fields are found by the prefix v8dbg_class_<Class>__<field>__ so the C++
 * type suffix, which changes between versions, does not matter. Values V8
 * does not export come from the fallback table in jsmeta_fallback.c.
 */
#ifndef MORTEM_CORE_JSFRAMES_JSMETA_H
#define MORTEM_CORE_JSFRAMES_JSMETA_H

#include <stdint.h>

#include "core/strbuf.h"

#define JS_NONE INT32_MIN      /* a constant the binary does not have */
#define JS_MAX_FRAMETYPES 64

struct js_metaval {
	const char *name;      /* borrowed from node's mt_elf (its module's) */
	int64_t value;
};

struct js_frametype {
	const char *name;      /* borrowed: "ExitFrame" (after v8dbg_frametype_) */
	int value;
};

struct js_v8 {
	struct js_metaval *vals;       /* owned */
	size_t nvals;
	int version[4];                /* major minor build patch, 0 unknown */
	/* tiers: 1 when usable */
	int tier_frames, tier_names, tier_scripts, tier_interp, tier_code;
	struct strbuf missing;         /* owned: "v8dbg_x, v8dbg_y" of T0 */
	struct strbuf lost;            /* owned: lesser tiers lost, one line */
	struct strbuf fallbacks;       /* owned: fallbacks used, for the doc/-v */

	int tagged;
	int fp_marker, fp_function, fp_bc_array, fp_bc_offset, fp_args, fp_argc;
	int o_map, o_itype, o_map_ctor;
	int o_jsf_shared, o_jsf_code;
	int o_sfi_name, o_sfi_script, o_sfi_fdata, o_sfi_nparams;
	int o_unc_start;
	int o_script_src, o_script_name, o_script_lines;
	int o_str_len, o_seq1, o_seq2, o_cons1, o_cons2, o_sliced_parent, o_sliced_off;
	int o_thin, o_ext_res, o_node_ext_data;
	int o_fa_len, o_fa_data, o_bca_data, o_bca_spt;
	int o_heapnum, o_oddball_kind;
	int si_first, si_nlocals;
	int first_nonstring, enc_mask, one_byte, rep_mask;
	int tag_seq, tag_cons, tag_ext, tag_sliced, tag_thin;
	int t_jsf_first, t_jsf_last, t_sfi, t_scopeinfo, t_script, t_bca, t_map;
	int t_fixed, t_code, t_heapnum, t_oddball, t_first_receiver, t_global_proxy;
	int t_uncompiled[4];
	int n_uncompiled;
	int odd_undefined, odd_null, odd_true, odd_false, odd_hole;
	int bc_offset_reg;
	struct js_frametype ftypes[JS_MAX_FRAMETYPES];
	int nftypes;
	/* Code objects (baseline / optimized positions) */
	int code_inline_instr;         /* V8 10: instructions inside Code */
	int c_istart, c_isize, c_flags, c_spt, c_deopt, c_istream_hdr;
	int c_kind_mask, c_kind_shift, c_kind_baseline, c_kind_maglev, c_kind_turbofan;
	int di_literals, di_inlining;
	unsigned char *bytecode_sizes; /* owned: Bytecodes::kBytecodeSizes, or NULL */
	size_t nbytecode_sizes;
};

struct mt_js;
struct mt_elf;
/* Does node's file have V8's metadata (a v8dbg_ symbol)? */
int js_v8_present(const struct mt_elf *e);
/* Load from the symbols of js's node file (opened), values from the core,
 * else the file. hide: a comma list of name prefixes to pretend missing
 * (tests), or NULL. */
void js_v8_load(struct js_v8 *v, struct mt_js *js, const char *hide);
void js_v8_free(struct js_v8 *v);

/* v8dbg_<name> exactly; JS_NONE when absent. */
int js_v8_const(const struct js_v8 *v, const char *name);
/* v8dbg_class_<klass>__<field>__*; JS_NONE when absent. */
int js_v8_field(const struct js_v8 *v, const char *klass, const char *field);
/* The frame type name of a marker value, or NULL. */
const char *js_v8_frametype(const struct js_v8 *v, int type);
/* Version at least a.b.c? */
int js_v8_at_least(const struct js_v8 *v, int a, int b, int c);

/* jsprop.c: how an object's own properties are told. Its map's
 * bit_field3: whether the map is a dictionary map, and how many
 * descriptors it owns (v8dbg_bit_field3_*); a fast property's
 * PropertyDetails (v8dbg_prop_*), a Smi's value: its kind (data or
 * accessor), where its value is kept (a field of the object, or the
 * descriptor itself: a constant) and its field index (in-object first,
 * then the PropertyArray). */
struct js_prop_bits {
	int nod_mask, nod_shift, dict_shift;
	int loc_mask, loc_shift, loc_field, kind_mask, kind_data, index_mask, index_shift;
};
enum js_prop_where { JS_PROP_ACCESSOR, JS_PROP_CONSTANT, JS_PROP_FIELD };
/* b from v: 0, or -1 when one is missing or its shift out of range (its
 * name in *bad when bad is not NULL). */
int js_prop_bits_load(const struct js_v8 *v, struct js_prop_bits *b, const char **bad);
/* Where the value of the property whose details are `details` is; *index
 * its field index (meaningful for JS_PROP_FIELD). */
enum js_prop_where js_prop_where(const struct js_prop_bits *b, int64_t details, uint64_t *index);
/* From a map's bit_field3: whether it is a dictionary map; how many
 * descriptors it owns. */
int js_prop_dictionary_map(const struct js_prop_bits *b, uint32_t bf3);
uint32_t js_prop_own_descriptors(const struct js_prop_bits *b, uint32_t bf3);

/* jsmeta_fallback.c: fill what the binary does not export. */
void js_v8_fallbacks(struct js_v8 *v);
void js_v8_code_layout(struct js_v8 *v);

#endif
