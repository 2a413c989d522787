/* core/jsframes/jsmeta.c: loading v8dbg_/nodedbg_ symbols and deciding
 * which tiers of decoding are possible. */
#include "core/jsframes/jsint.h"
#include "core/switches.h"
#include "core/xalloc.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hidden(const char *name, const char *hide)
{
	while (hide && *hide) {
		const char *end = strchr(hide, ',');
		size_t n = end ? (size_t)(end - hide) : strlen(hide);
		if (n && strncmp(name, hide, n) == 0)
			return 1;
		hide = end ? end + 1 : NULL;
	}
	return 0;
}

/* A symbol's value: from the core at its runtime address, else the file
 * (a .bss symbol reads 0 from the file: V8's zero constants). */
static int64_t meta_value(struct mt_js *js, uint64_t link, uint64_t size)
{
	unsigned char b[8] = { 0 };
	size_t n = size == 8 ? 8 : size == 2 ? 2 : size == 1 ? 1 : 4;
	uint64_t at = mt_module_runtime_addr(js->node, link);

	if (js->t.read(js->t.ctx, at, b, n) != 0 && mt_elf_read(js->node->elf, link, b, n) != n)
		memset(b, 0, sizeof b);
	if (n == 8) {
		int64_t v;
		memcpy(&v, b, 8);
		return v;
	}
	if (n == 2) {
		int16_t v;
		memcpy(&v, b, 2);
		return v;
	}
	if (n == 1)
		return (int8_t)b[0];
	int32_t v;
	memcpy(&v, b, 4);
	return v;
}

static int32_t version_part(struct mt_js *js, const char *sym)
{
	const struct mt_elf_sym *s = mt_elf_sym_named(js->node->elf, sym);
	return s ? (int32_t)meta_value(js, s->value, 4) : 0;
}

/* Test hook: "name=value,..." replaces loaded values (MORTEM_JS_FORCE). */
static void force_values(struct js_v8 *v, const char *force)
{
	while (force && *force) {
		const char *end = strchr(force, ','), *eq = strchr(force, '=');
		size_t n = end ? (size_t)(end - force) : strlen(force);
		for (size_t i = 0; eq && eq < force + n && i < v->nvals; i++)
			if (strlen(v->vals[i].name) == (size_t)(eq - force) &&
			    strncmp(v->vals[i].name, force, (size_t)(eq - force)) == 0)
				v->vals[i].value = strtoll(eq + 1, NULL, 0);
		force = end ? end + 1 : NULL;
	}
}

int js_v8_present(const struct mt_elf *e)
{
	for (size_t i = 0; i < mt_elf_nsyms(e); i++)
		if (strncmp(mt_elf_sym(e, i)->name, "v8dbg_", 6) == 0)
			return 1;
	return 0;
}

/* Every data symbol whose name starts with prefix, in name order. */
static void load_prefix(struct js_v8 *v, struct mt_js *js, const char *prefix, const char *hide)
{
	const struct mt_elf_sym **syms;
	size_t n = mt_elf_syms_prefixed(js->node->elf, prefix, &syms);

	for (size_t i = 0; i < n; i++) {
		const struct mt_elf_sym *s = syms[i];
		if (s->type != STT_OBJECT || hidden(s->name, hide))
			continue;
		if (v->nvals % 256 == 0)
			v->vals = xreallocarray(v->vals, v->nvals + 256, sizeof *v->vals);
		v->vals[v->nvals].name = s->name;
		v->vals[v->nvals++].value = meta_value(js, s->value, s->size);
	}
	free(syms);
}

static void load_values(struct js_v8 *v, struct mt_js *js, const char *hide)
{
	static const char *const ver[4] = {
		"_ZN2v88internal7Version6major_E", "_ZN2v88internal7Version6minor_E",
		"_ZN2v88internal7Version6build_E", "_ZN2v88internal7Version6patch_E",
	};

	load_prefix(v, js, "nodedbg_", hide);
	load_prefix(v, js, "v8dbg_", hide);
	for (int i = 0; i < 4; i++)
		v->version[i] = version_part(js, ver[i]);
	force_values(v, mt_switch(MT_SW_JS_FORCE));
}

static const struct js_metaval *find_exact(const struct js_v8 *v, const char *full)
{
	for (size_t i = 0; i < v->nvals; i++)
		if (strcmp(v->vals[i].name, full) == 0)
			return &v->vals[i];
	return NULL;
}

int js_v8_const(const struct js_v8 *v, const char *name)
{
	char full[160];
	const struct js_metaval *m;

	if (strncmp(name, "nodedbg_", 8) == 0)
		snprintf(full, sizeof full, "%s", name);
	else
		snprintf(full, sizeof full, "v8dbg_%s", name);
	m = find_exact(v, full);
	return m ? (int)m->value : JS_NONE;
}

int js_v8_field(const struct js_v8 *v, const char *klass, const char *field)
{
	char pre[160];
	size_t n = (size_t)snprintf(pre, sizeof pre, "v8dbg_class_%s__%s__", klass, field);

	for (size_t i = 0; i < v->nvals; i++)
		if (strncmp(v->vals[i].name, pre, n) == 0)
			return (int)v->vals[i].value;
	return JS_NONE;
}

const char *js_v8_frametype(const struct js_v8 *v, int type)
{
	for (int i = 0; i < v->nftypes; i++)
		if (v->ftypes[i].value == type)
			return v->ftypes[i].name;
	return NULL;
}

int js_v8_at_least(const struct js_v8 *v, int a, int b, int c)
{
	if (v->version[0] != a)
		return v->version[0] > a;
	if (v->version[1] != b)
		return v->version[1] > b;
	return v->version[2] >= c;
}

static void load_frametypes(struct js_v8 *v)
{
	const char *pre = "v8dbg_frametype_";

	for (size_t i = 0; i < v->nvals && v->nftypes < JS_MAX_FRAMETYPES; i++)
		if (strncmp(v->vals[i].name, pre, strlen(pre)) == 0)
			v->ftypes[v->nftypes++] = (struct js_frametype){
				v->vals[i].name + strlen(pre), (int)v->vals[i].value };
}

static void load_uncompiled(struct js_v8 *v)
{
	const char *pre = "v8dbg_type_UncompiledData";

	for (size_t i = 0; i < v->nvals && v->n_uncompiled < 4; i++)
		if (strncmp(v->vals[i].name, pre, strlen(pre)) == 0)
			v->t_uncompiled[v->n_uncompiled++] = (int)v->vals[i].value;
}

/* Required values of a tier: each missing one is named in list. */
static int need(struct strbuf *list, int value, const char *what)
{
	if (value != JS_NONE)
		return 1;
	if (list->len)
		strbuf_puts(list, ", ");
	strbuf_puts(list, what);
	return 0;
}

static void load_offsets(struct js_v8 *v)
{
	v->fp_marker = js_v8_const(v, "off_fp_context_or_frame_type");
	if (v->fp_marker == JS_NONE)
		v->fp_marker = js_v8_const(v, "off_fp_context");
	v->fp_function = js_v8_const(v, "off_fp_function");
	v->fp_bc_array = js_v8_const(v, "off_fp_bytecode_array");
	v->fp_bc_offset = js_v8_const(v, "off_fp_bytecode_offset");
	v->fp_args = js_v8_const(v, "off_fp_args");
	v->tagged = js_v8_const(v, "TaggedSize");
	v->o_map = js_v8_field(v, "HeapObject", "map");
	v->o_itype = js_v8_field(v, "Map", "instance_type");
	v->o_map_ctor = js_v8_field(v, "Map", "constructor_or_back_pointer");
	v->o_jsf_shared = js_v8_field(v, "JSFunction", "shared");
	v->o_jsf_code = js_v8_field(v, "JSFunction", "code");
	v->o_sfi_name = js_v8_field(v, "SharedFunctionInfo", "name_or_scope_info");
	v->o_sfi_script = js_v8_field(v, "SharedFunctionInfo", "script_or_debug_info");
	if (v->o_sfi_script == JS_NONE)
		v->o_sfi_script = js_v8_field(v, "SharedFunctionInfo", "script");
	if (v->o_sfi_script == JS_NONE)
		v->o_sfi_script = js_v8_field(v, "SharedFunctionInfo", "raw_script");
	v->o_sfi_fdata = js_v8_field(v, "SharedFunctionInfo", "function_data");
	v->o_sfi_nparams = js_v8_field(v, "SharedFunctionInfo", "internal_formal_parameter_count");
	v->o_unc_start = js_v8_field(v, "UncompiledData", "start_position");
	v->o_script_src = js_v8_field(v, "Script", "source");
	v->o_script_name = js_v8_field(v, "Script", "name");
	v->o_script_lines = js_v8_field(v, "Script", "line_ends");
	v->o_str_len = js_v8_field(v, "String", "length");
	v->o_seq1 = js_v8_field(v, "SeqOneByteString", "chars");
	v->o_seq2 = js_v8_field(v, "SeqTwoByteString", "chars");
	v->o_cons1 = js_v8_field(v, "ConsString", "first");
	v->o_cons2 = js_v8_field(v, "ConsString", "second");
	v->o_sliced_parent = js_v8_field(v, "SlicedString", "parent");
	v->o_sliced_off = js_v8_field(v, "SlicedString", "offset");
	v->o_thin = js_v8_field(v, "ThinString", "actual");
	v->o_ext_res = js_v8_field(v, "ExternalString", "resource");
	v->o_node_ext_data = js_v8_const(v, "nodedbg_offset_ExternalString__data__uintptr_t");
	v->o_fa_len = js_v8_field(v, "FixedArrayBase", "length");
	v->o_fa_data = js_v8_field(v, "FixedArray", "data");
	v->o_bca_data = js_v8_field(v, "BytecodeArray", "data");
	v->o_bca_spt = js_v8_field(v, "BytecodeArray", "source_position_table");
	v->o_heapnum = js_v8_field(v, "HeapNumber", "value");
	v->o_oddball_kind = js_v8_field(v, "Oddball", "kind_offset");
}

static void load_types(struct js_v8 *v)
{
	v->si_first = js_v8_const(v, "scopeinfo_idx_first_vars");
	v->si_nlocals = js_v8_const(v, "scopeinfo_idx_ncontextlocals");
	v->first_nonstring = js_v8_const(v, "FirstNonstringType");
	v->enc_mask = js_v8_const(v, "StringEncodingMask");
	v->one_byte = js_v8_const(v, "OneByteStringTag");
	v->rep_mask = js_v8_const(v, "StringRepresentationMask");
	v->tag_seq = js_v8_const(v, "SeqStringTag");
	v->tag_cons = js_v8_const(v, "ConsStringTag");
	v->tag_ext = js_v8_const(v, "ExternalStringTag");
	v->tag_sliced = js_v8_const(v, "SlicedStringTag");
	v->tag_thin = js_v8_const(v, "ThinStringTag");
	v->t_jsf_first = js_v8_const(v, "FirstJSFunctionType");
	v->t_jsf_last = js_v8_const(v, "LastJSFunctionType");
	if (v->t_jsf_first == JS_NONE || v->t_jsf_last == JS_NONE) {
		v->t_jsf_first = js_v8_const(v, "type_JSFunction__JS_FUNCTION_TYPE");
		v->t_jsf_last = v->t_jsf_first == JS_NONE ? JS_NONE : v->t_jsf_first + 15;
	}
	v->t_sfi = js_v8_const(v, "type_SharedFunctionInfo__SHARED_FUNCTION_INFO_TYPE");
	v->t_scopeinfo = js_v8_const(v, "type_ScopeInfo__SCOPE_INFO_TYPE");
	v->t_script = js_v8_const(v, "type_Script__SCRIPT_TYPE");
	v->t_bca = js_v8_const(v, "type_BytecodeArray__BYTECODE_ARRAY_TYPE");
	v->t_map = js_v8_const(v, "type_Map__MAP_TYPE");
	v->t_fixed = js_v8_const(v, "type_FixedArray__FIXED_ARRAY_TYPE");
	v->t_code = js_v8_const(v, "type_Code__CODE_TYPE");
	v->t_heapnum = js_v8_const(v, "type_HeapNumber__HEAP_NUMBER_TYPE");
	v->t_oddball = js_v8_const(v, "type_Oddball__ODDBALL_TYPE");
	v->t_first_receiver = js_v8_const(v, "type_JSProxy__JS_PROXY_TYPE");
	v->t_global_proxy = js_v8_const(v, "type_JSGlobalProxy__JS_GLOBAL_PROXY_TYPE");
	v->odd_undefined = js_v8_const(v, "OddballUndefined");
	v->odd_null = js_v8_const(v, "OddballNull");
	v->odd_true = js_v8_const(v, "OddballTrue");
	v->odd_false = js_v8_const(v, "OddballFalse");
	v->odd_hole = js_v8_const(v, "OddballTheHole");
	v->bc_offset_reg = js_v8_const(v, "InterpreterBytecodeOffsetRegister");
	load_frametypes(v);
	load_uncompiled(v);
}

static void lose(struct js_v8 *v, int *tier, const char *what, const struct strbuf *names)
{
	*tier = 0;
	if (v->lost.len)
		strbuf_puts(&v->lost, "; ");
	strbuf_printf(&v->lost, "%s unavailable: %s missing", what, strbuf_str(names));
}

/* Decide the tiers (doc/jsframes.md, "Tiers"). */
static void decide_tiers(struct js_v8 *v)
{
	struct strbuf m = STRBUF_INIT;

	v->tier_frames = need(&v->missing, v->fp_marker, "v8dbg_off_fp_context_or_frame_type") &
		      need(&v->missing, v->fp_function, "v8dbg_off_fp_function") &
		      need(&v->missing, v->tagged, "v8dbg_TaggedSize") &
		      need(&v->missing, v->nftypes ? 0 : JS_NONE, "v8dbg_frametype_*");
	v->tier_names = need(&m, v->o_map, "v8dbg_class_HeapObject__map__*") &
		     need(&m, v->o_itype, "v8dbg_class_Map__instance_type__*") &
		     need(&m, v->o_jsf_shared, "v8dbg_class_JSFunction__shared__*") &
		     need(&m, v->o_sfi_name, "v8dbg_class_SharedFunctionInfo__name_or_scope_info__*") &
		     need(&m, v->t_sfi, "v8dbg_type_SharedFunctionInfo__*") &
		     need(&m, v->t_jsf_first, "v8dbg_type_JSFunction__*") &
		     need(&m, v->t_scopeinfo, "v8dbg_type_ScopeInfo__*") &
		     need(&m, v->si_first, "v8dbg_scopeinfo_idx_first_vars") &
		     need(&m, v->si_nlocals, "v8dbg_scopeinfo_idx_ncontextlocals") &
		     need(&m, v->first_nonstring, "v8dbg_FirstNonstringType") &
		     need(&m, v->o_str_len, "v8dbg_class_String__length__*") &
		     need(&m, v->o_seq1, "v8dbg_class_SeqOneByteString__chars__*") &
		     need(&m, v->rep_mask, "v8dbg_StringRepresentationMask") &
		     need(&m, v->enc_mask, "v8dbg_StringEncodingMask");
	if (!v->tier_names)
		lose(v, &v->tier_names, "JS function names", &m);
	strbuf_reset(&m);
	v->tier_scripts = v->tier_names & need(&m, v->o_sfi_script, "v8dbg_class_SharedFunctionInfo__script*") &
		       need(&m, v->o_script_name, "v8dbg_class_Script__name__*") &
		       need(&m, v->t_script, "v8dbg_type_Script__*");
	if (v->tier_names && !v->tier_scripts)
		lose(v, &v->tier_scripts, "JS scripts", &m);
	strbuf_reset(&m);
	v->tier_interp = v->tier_scripts & need(&m, v->fp_bc_array, "v8dbg_off_fp_bytecode_array") &
		      need(&m, v->fp_bc_offset, "v8dbg_off_fp_bytecode_offset") &
		      need(&m, v->o_bca_data, "v8dbg_class_BytecodeArray__data__*") &
		      need(&m, v->t_bca, "v8dbg_type_BytecodeArray__*") &
		      need(&m, v->o_fa_len, "v8dbg_class_FixedArrayBase__length__*");
	if (v->tier_scripts && !v->tier_interp)
		lose(v, &v->tier_interp, "JS positions", &m);
	strbuf_free(&m);
}

/* V8's Bytecodes::kBytecodeSizes, from the file. */
static void load_bytecode_sizes(struct js_v8 *v, const struct mt_elf *e)
{
	const struct mt_elf_sym *s = mt_elf_sym_named(e,
		"_ZN2v88internal11interpreter9Bytecodes14kBytecodeSizesE");

	if (!s || !s->size || s->size >= 4096)
		return;
	v->bytecode_sizes = xmalloc(s->size);
	if (mt_elf_read(e, s->value, v->bytecode_sizes, s->size) == s->size)
		v->nbytecode_sizes = s->size;
}

void js_v8_load(struct js_v8 *v, struct mt_js *js, const char *hide)
{
	memset(v, 0, sizeof *v);
	load_values(v, js, hide);
	load_offsets(v);
	load_types(v);
	js_v8_fallbacks(v);
	decide_tiers(v);
	if (v->tier_interp)
		js_v8_code_layout(v);
	load_bytecode_sizes(v, js->node->elf);
}

void js_v8_free(struct js_v8 *v)
{
	free(v->vals);
	free(v->bytecode_sizes);
	strbuf_free(&v->missing);
	strbuf_free(&v->lost);
	strbuf_free(&v->fallbacks);
	memset(v, 0, sizeof *v);
}
