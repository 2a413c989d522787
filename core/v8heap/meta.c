/* core/v8heap/meta.c: what the walk must know of this V8: offsets from its
 * postmortem metadata, instance types from itypes.c, and the few constants
 * V8 exports nowhere, by version (sources in doc/core-heap.md). */
#include "core/v8heap/internal.h"
#include "core/jsframes/jscore.h"
#include "core/jsframes/jsmeta.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The FixedArray family by name: from V8 12 Torque's class order splits it,
 * so number ranges do not work (16 + 8 * length). */
static const char *const fixed_arrays[] = {
	"FIXED_ARRAY_TYPE", "HASH_TABLE_TYPE", "EPHEMERON_HASH_TABLE_TYPE",
	"GLOBAL_DICTIONARY_TYPE", "NAME_DICTIONARY_TYPE", "NAME_TO_INDEX_HASH_TABLE_TYPE",
	"NUMBER_DICTIONARY_TYPE", "ORDERED_HASH_MAP_TYPE", "ORDERED_HASH_SET_TYPE",
	"ORDERED_NAME_DICTIONARY_TYPE", "REGISTERED_SYMBOL_TABLE_TYPE",
	"SIMPLE_NUMBER_DICTIONARY_TYPE", "CLOSURE_FEEDBACK_CELL_ARRAY_TYPE",
	"OBJECT_BOILERPLATE_DESCRIPTION_TYPE", "SCRIPT_CONTEXT_TABLE_TYPE",
	"WEAK_FIXED_ARRAY_TYPE", "TRANSITION_ARRAY_TYPE", "EMBEDDER_DATA_ARRAY_TYPE",
	"FIXED_DOUBLE_ARRAY_TYPE", "TRUSTED_FIXED_ARRAY_TYPE", "PROTECTED_FIXED_ARRAY_TYPE",
	"TRUSTED_WEAK_FIXED_ARRAY_TYPE", "PROTECTED_WEAK_FIXED_ARRAY_TYPE", NULL
};

/* The FixedArrays of V8HeapExplorer::ExtractFixedArrayReferences: what
 * IsFixedArray() is there (an EphemeronHashTable and a context are
 * extracted before): their slots are internal edges by index. Before V8
 * 12 also an ArrayList, a ClosureFeedbackCellArray and an
 * ObjectBoilerplateDescription (V8 12 made them arrays of their own:
 * their slots are hidden edges in node 22's and 24's snapshots). */
static const char *const indexed_arrays[] = {
	"FIXED_ARRAY_TYPE", "HASH_TABLE_TYPE", "GLOBAL_DICTIONARY_TYPE", "NAME_DICTIONARY_TYPE",
	"NAME_TO_INDEX_HASH_TABLE_TYPE", "NUMBER_DICTIONARY_TYPE", "ORDERED_HASH_MAP_TYPE",
	"ORDERED_HASH_SET_TYPE", "ORDERED_NAME_DICTIONARY_TYPE", "REGISTERED_SYMBOL_TABLE_TYPE",
	"SIMPLE_NUMBER_DICTIONARY_TYPE", "SCRIPT_CONTEXT_TABLE_TYPE", NULL
};
static const char *const indexed_before_12[] = {
	"ARRAY_LIST_TYPE", "CLOSURE_FEEDBACK_CELL_ARRAY_TYPE", "OBJECT_BOILERPLATE_DESCRIPTION_TYPE",
	NULL
};

/* Typed "code" by the snapshot (V8HeapExplorer::GetSystemEntryType), so
 * DevTools counts them as (compiled code). */
static const char *const code_types[] = {
	"ALLOCATION_SITE_TYPE", "ARRAY_BOILERPLATE_DESCRIPTION_TYPE", "BYTECODE_ARRAY_TYPE",
	"CLOSURE_FEEDBACK_CELL_ARRAY_TYPE", "CODE_TYPE", "FEEDBACK_CELL_TYPE",
	"FEEDBACK_METADATA_TYPE", "FEEDBACK_VECTOR_TYPE", "INTERPRETER_DATA_TYPE",
	"LOAD_HANDLER_TYPE", "OBJECT_BOILERPLATE_DESCRIPTION_TYPE", "PREPARSE_DATA_TYPE",
	"REG_EXP_BOILERPLATE_DESCRIPTION_TYPE", "SCOPE_INFO_TYPE", "STORE_HANDLER_TYPE",
	"TEMPLATE_OBJECT_DESCRIPTION_TYPE", "INSTRUCTION_STREAM_TYPE",
	"SHARED_FUNCTION_INFO_TYPE", "SCRIPT_TYPE",
	"CODE_DATA_CONTAINER_TYPE",  /* V8 10 (node 18's snapshot types all 25 code) */
	NULL
};

/* Whose words after the map are raw data. */
static const char *const raw_types[] = {
	"BYTE_ARRAY_TYPE", "TRUSTED_BYTE_ARRAY_TYPE", "FIXED_DOUBLE_ARRAY_TYPE",
	"HEAP_NUMBER_TYPE", "BIG_INT_BASE_TYPE", "FEEDBACK_METADATA_TYPE", "FREE_SPACE_TYPE",
	"FILLER_TYPE", "ONE_POINTER_FILLER_TYPE", "TWO_POINTER_FILLER_TYPE", "FOREIGN_TYPE",
	"COVERAGE_INFO_TYPE", "INSTRUCTION_STREAM_TYPE", NULL
};

int vh_in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

const char *vh_type_name(const struct vh_meta *m, int itype)
{
	if (itype < 0 || itype >= m->ntypes || !m->type_names[itype])
		return "?";
	return m->type_names[itype];
}

static int type_of(const struct vh_meta *m, const char *name)
{
	for (int i = 0; i < m->ntypes; i++)
		if (m->type_names[i] && strcmp(m->type_names[i], name) == 0)
			return i;
	return -1;
}

static void add_type(struct vh_meta *m, int type, const char *name)
{
	if (type < 0 || type > 0xffff)
		return;
	if (type >= m->ntypes) {
		int n = type + 1;
		m->type_names = xreallocarray(m->type_names, (size_t)n, sizeof *m->type_names);
		memset(m->type_names + m->ntypes, 0, (size_t)(n - m->ntypes) * sizeof *m->type_names);
		m->ntypes = n;
	}
	if (!m->type_names[type])
		m->type_names[type] = xstrdup(name);
}

/* The number the table gives the type name, or -1. */
static int table_type(const struct vh_itype_table *t, const char *name)
{
	for (size_t i = 0; t && i < t->n; i++)
		if (strcmp(t->names[i].name, name) == 0)
			return t->names[i].type;
	return -1;
}

/* Every instance type: a table of this V8 (t, or NULL), then v8dbg_type_*
 * for what it lacks (all a binary of another minor has). How many of
 * those the table numbers otherwise (aliases such as DEPENDENT_CODE_TYPE,
 * a WeakArrayList's number, are not in it). */
static int load_types(struct vh_meta *m, const struct js_v8 *v, const struct vh_itype_table *t)
{
	int differ = 0;

	for (size_t i = 0; t && i < t->n; i++)
		add_type(m, t->names[i].type, t->names[i].name);
	for (size_t i = 0; i < v->nvals; i++)
		if (strncmp(v->vals[i].name, "v8dbg_type_", 11) == 0) {
			const char *n = strstr(v->vals[i].name + 11, "__");
			int k = (int)v->vals[i].value, in_table;
			if (!n)
				continue;
			in_table = table_type(t, n + 2);
			differ += in_table >= 0 && in_table != k;
			add_type(m, k, n + 2);
		}
	return differ;
}

/* The types of the table for this build, or of another build of its minor
 * when the v8dbg_type_* symbols agree with it; else the symbols only. */
static const struct vh_itype_table *types(struct vh_meta *m, const struct js_v8 *v)
{
	const struct vh_itype_table *t = vh_itype_table_for(m->version);

	if (!load_types(m, v, t) || !t || memcmp(t->version, m->version, sizeof m->version) == 0)
		return t;
	for (int i = 0; i < m->ntypes; i++)
		free(m->type_names[i]);
	free(m->type_names);
	m->type_names = NULL;
	m->ntypes = 0;
	load_types(m, v, NULL);
	return NULL;
}

static void roles(struct vh_meta *m)
{
	struct vh_types *t = &m->t;
#define T(field, name) t->field = type_of(m, name)
	T(map, "MAP_TYPE"); T(free_space, "FREE_SPACE_TYPE");
	T(filler1, "ONE_POINTER_FILLER_TYPE"); T(filler2, "TWO_POINTER_FILLER_TYPE");
	T(filler, "FILLER_TYPE"); T(oddball, "ODDBALL_TYPE"); T(heap_number, "HEAP_NUMBER_TYPE");
	T(symbol, "SYMBOL_TYPE"); T(bigint, "BIG_INT_BASE_TYPE");
	T(sfi, "SHARED_FUNCTION_INFO_TYPE"); T(scope_info, "SCOPE_INFO_TYPE");
	T(script, "SCRIPT_TYPE"); T(bytecode, "BYTECODE_ARRAY_TYPE"); T(code, "CODE_TYPE");
	T(istream, "INSTRUCTION_STREAM_TYPE"); T(native_context, "NATIVE_CONTEXT_TYPE");
	T(js_function_first, "JS_FUNCTION_TYPE");
	T(js_function_last, "JS_CLASS_CONSTRUCTOR_TYPE");
	T(js_bound_function, "JS_BOUND_FUNCTION_TYPE"); T(js_regexp, "JS_REG_EXP_TYPE");
	T(js_array, "JS_ARRAY_TYPE"); T(js_global_object, "JS_GLOBAL_OBJECT_TYPE");
	T(js_global_proxy, "JS_GLOBAL_PROXY_TYPE"); T(js_object, "JS_OBJECT_TYPE");
	T(first_receiver, "JS_PROXY_TYPE"); T(first_js_object, "JS_SPECIAL_API_OBJECT_TYPE");
	T(fti, "FUNCTION_TEMPLATE_INFO_TYPE"); T(property_cell, "PROPERTY_CELL_TYPE");
	T(property_array, "PROPERTY_ARRAY_TYPE"); T(name_dict, "NAME_DICTIONARY_TYPE");
	T(global_dict, "GLOBAL_DICTIONARY_TYPE"); T(descriptors, "DESCRIPTOR_ARRAY_TYPE");
	T(number_dict, "NUMBER_DICTIONARY_TYPE"); T(trusted_fixed_array, "TRUSTED_FIXED_ARRAY_TYPE");
	T(feedback_vector, "FEEDBACK_VECTOR_TYPE");
	T(strong_descriptors, "STRONG_DESCRIPTOR_ARRAY_TYPE"); T(fixed_array, "FIXED_ARRAY_TYPE");
	T(fixed_double_array, "FIXED_DOUBLE_ARRAY_TYPE");
	T(transition_array, "TRANSITION_ARRAY_TYPE"); T(weak_fixed_array, "WEAK_FIXED_ARRAY_TYPE");
	T(weak_array_list, "WEAK_ARRAY_LIST_TYPE"); T(function_template_info, "FUNCTION_TEMPLATE_INFO_TYPE");
	T(feedback_cell, "FEEDBACK_CELL_TYPE"); T(accessor_info, "ACCESSOR_INFO_TYPE");
	T(embedder_data_array, "EMBEDDER_DATA_ARRAY_TYPE");
	T(prototype_info, "PROTOTYPE_INFO_TYPE"); T(enum_cache, "ENUM_CACHE_TYPE");
	T(array_boilerplate, "ARRAY_BOILERPLATE_DESCRIPTION_TYPE");
	T(preparse, "PREPARSE_DATA_TYPE"); T(hole, "HOLE_TYPE"); T(cell, "CELL_TYPE");
	T(function_context, "FUNCTION_CONTEXT_TYPE"); T(script_context, "SCRIPT_CONTEXT_TYPE");
	T(module_context, "MODULE_CONTEXT_TYPE"); T(eval_context, "EVAL_CONTEXT_TYPE");
	T(block_context, "BLOCK_CONTEXT_TYPE"); T(accessor_pair, "ACCESSOR_PAIR_TYPE");
	T(js_weak_ref, "JS_WEAK_REF_TYPE"); T(weak_cell, "WEAK_CELL_TYPE");
	T(js_array_buffer, "JS_ARRAY_BUFFER_TYPE"); T(ephemeron_table, "EPHEMERON_HASH_TABLE_TYPE");
	T(js_api_object, "JS_API_OBJECT_TYPE"); T(js_special_api_object, "JS_SPECIAL_API_OBJECT_TYPE");
#undef T
	if (t->js_function_last < 0)
		t->js_function_last = t->js_function_first;
}

static int at_least(const struct vh_meta *m, int major, int minor)
{
	return m->version[0] > major || (m->version[0] == major && m->version[1] >= minor);
}

/* The variable-size rule of one instance type by name (SizeFromMap). */
static enum vh_size size_rule(const struct vh_meta *m, int type, const char *n)
{
	int v12 = at_least(m, 12, 0);

	if (type < m->first_nonstring)
		return (type & m->rep_mask) == m->tag_seq ? SZ_SEQ_STRING : SZ_UNKNOWN;
	if (strcmp(n, "NATIVE_CONTEXT_TYPE") == 0)
		return SZ_NATIVE_CONTEXT;
	if (v12 && (strcmp(n, "OBJECT_BOILERPLATE_DESCRIPTION_TYPE") == 0 ||
		    strcmp(n, "SCRIPT_CONTEXT_TABLE_TYPE") == 0))
		return SZ_HEADER32;
	if (v12 && strcmp(n, "EXTERNAL_POINTER_ARRAY_TYPE") == 0)
		return SZ_FIXED_ARRAY;
	if (v12 && strcmp(n, "REG_EXP_MATCH_INFO_TYPE") == 0)
		return SZ_HEADER40;
	if (v12 && strcmp(n, "INSTRUCTION_STREAM_TYPE") == 0)
		return SZ_ISTREAM_BODY;
	if (vh_in_list(fixed_arrays, n) || (type >= m->first_context && type <= m->last_context) ||
	    (!v12 && strcmp(n, "ARRAY_LIST_TYPE") == 0))
		return SZ_FIXED_ARRAY;
	static const struct { const char *name; enum vh_size size; } rules[] = {
		{ "BYTE_ARRAY_TYPE", SZ_BYTE_ARRAY }, { "TRUSTED_BYTE_ARRAY_TYPE", SZ_BYTE_ARRAY },
		{ "ARRAY_LIST_TYPE", SZ_HEADER24 }, { "BYTECODE_ARRAY_TYPE", SZ_BYTECODE },
		{ "FREE_SPACE_TYPE", SZ_FREE_SPACE }, { "DESCRIPTOR_ARRAY_TYPE", SZ_DESCRIPTORS },
		{ "STRONG_DESCRIPTOR_ARRAY_TYPE", SZ_DESCRIPTORS },
		{ "WEAK_ARRAY_LIST_TYPE", SZ_HEADER24 }, { "PROPERTY_ARRAY_TYPE", SZ_PROPERTY_ARRAY },
		{ "SLOPPY_ARGUMENTS_ELEMENTS_TYPE", SZ_HEADER32 }, { "BIG_INT_BASE_TYPE", SZ_BIGINT },
		{ "PREPARSE_DATA_TYPE", SZ_PREPARSE }, { "SCOPE_INFO_TYPE", SZ_SCOPE_INFO },
		{ "FEEDBACK_METADATA_TYPE", SZ_FEEDBACK_METADATA },
		{ "FEEDBACK_VECTOR_TYPE", SZ_FEEDBACK_VECTOR }, { "COVERAGE_INFO_TYPE", SZ_COVERAGE },
		{ "SMALL_ORDERED_HASH_SET_TYPE", SZ_SMALL_SET },
		{ "SMALL_ORDERED_HASH_MAP_TYPE", SZ_SMALL_MAP },
		{ "SMALL_ORDERED_NAME_DICTIONARY_TYPE", SZ_SMALL_DICT },
		{ "WASM_NULL_TYPE", SZ_WORD }, { "SWISS_NAME_DICTIONARY_TYPE", SZ_SWISS },
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(n, rules[i].name) == 0)
			return rules[i].size;
	if (strcmp(n, "CODE_TYPE") == 0 && m->t.istream < 0)
		return SZ_CODE_INLINE;
	if (strcmp(n, "INSTRUCTION_STREAM_TYPE") == 0)
		return SZ_ISTREAM;
	return SZ_UNKNOWN;
}

/* The JavaScript objects whose own fields a snapshot names. */
static enum vh_js_role js_role(const char *name)
{
	static const char *const collections[] = { "JS_MAP_TYPE", "JS_SET_TYPE",
		"JS_WEAK_MAP_TYPE", "JS_WEAK_SET_TYPE", NULL };
	static const char *const views[] = { "JS_TYPED_ARRAY_TYPE", "JS_DATA_VIEW_TYPE",
		"JS_RAB_GSAB_DATA_VIEW_TYPE", NULL };
	static const char *const generators[] = { "JS_GENERATOR_OBJECT_TYPE",
		"JS_ASYNC_FUNCTION_OBJECT_TYPE", "JS_ASYNC_GENERATOR_OBJECT_TYPE", NULL };

	if (vh_in_list(collections, name))
		return JR_COLLECTION;
	if (vh_in_list(views, name))
		return JR_VIEW;
	if (vh_in_list(generators, name))
		return JR_GENERATOR;
	return strcmp(name, "JS_PROMISE_TYPE") == 0 ? JR_PROMISE : JR_NONE;
}

/* Sizes, scan ranges and snapshot types per instance type. BytecodeArray
 * keeps its references in words 1-4 before V8 12; from V8 12 (bytecode-
 * array.h: length, wrapper, source positions, handler table, constant
 * pool) the constant pool is word 5, so its words are all scanned: the
 * bytecodes after them never equal an object's tagged address, and
 * without it node 22 left 1,814 constant pools unreached. */
static void families(struct vh_meta *m)
{
	size_t n = (size_t)m->ntypes;

	m->size_of = xcalloc(n, 1);
	m->scan = xcalloc(n, 1);
	m->array_like = xcalloc(n, 1);
	m->code_like = xcalloc(n, 1);
	m->js_role = xcalloc(n, 1);
	m->indexed = xcalloc(n, 1);
	for (int i = 0; i < m->ntypes; i++) {
		const char *name = m->type_names[i];
		if (!name)
			continue;
		m->size_of[i] = (unsigned char)size_rule(m, i, name);
		if (strcmp(name, "INSTRUCTION_STREAM_TYPE") == 0 && m->o_istream_start >= 16)
			m->scan[i] = SCAN_ISTREAM;  /* its Code (and relocation info), then
						       machine code (instruction-stream.h) */
		else if (vh_in_list(raw_types, name))
			m->scan[i] = SCAN_MAP_ONLY;
		else if (i < m->first_nonstring && ((i & m->rep_mask) == m->tag_seq ||
						     (i & m->rep_mask) == m->tag_ext))
			m->scan[i] = SCAN_MAP_ONLY;
		else if (strcmp(name, "CODE_TYPE") == 0 ||
			 (strcmp(name, "BYTECODE_ARRAY_TYPE") == 0 && !at_least(m, 12, 0)))
			m->scan[i] = SCAN_PREFIX5;
		else if (strcmp(name, "PREPARSE_DATA_TYPE") == 0)
			m->scan[i] = SCAN_PREPARSE;
		if (vh_in_list(fixed_arrays, name) || (!at_least(m, 12, 0) && strcmp(name, "ARRAY_LIST_TYPE") == 0))
			m->array_like[i] = 1;
		if (vh_in_list(indexed_arrays, name) ||
		    (!at_least(m, 12, 0) && vh_in_list(indexed_before_12, name)))
			m->indexed[i] = 1;
		else if (strcmp(name, "BYTE_ARRAY_TYPE") == 0)
			m->array_like[i] = 2;
		else if (strcmp(name, "TRUSTED_BYTE_ARRAY_TYPE") == 0)
			m->array_like[i] = 3;
		if (vh_in_list(code_types, name) || strncmp(name, "TURBOFAN_", 9) == 0 ||
		    strncmp(name, "UNCOMPILED_DATA", 15) == 0)
			m->code_like[i] = 1;
		/* V8 13's snapshots type the wrappers of trusted code as code
		 * (node 24: 4,800 of them); V8 12's as system */
		if (at_least(m, 13, 0) && (strcmp(name, "CODE_WRAPPER_TYPE") == 0 ||
					   strcmp(name, "BYTECODE_WRAPPER_TYPE") == 0))
			m->code_like[i] = 1;
		m->js_role[i] = (unsigned char)js_role(name);
	}
}

/* Constants V8 exports nowhere, checked by walking cores of each version
 * (doc/core-heap.md, "Per-version constants"). */
static void by_version(struct vh_meta *m)
{
	m->native_context_extra = 8;      /* contexts.h: raw microtask_queue slot */
	m->feedback_vector_header = at_least(m, 13, 0) ? 48 : at_least(m, 11, 0) ? 56 : 48;
	m->fv_kinds_per_word = 6;         /* VectorICComputer: 5 bits a slot kind */
	m->fm_closure_bytes = at_least(m, 13, 0) ? 2 : 0;
	m->free_space_words = at_least(m, 13, 0);
	m->code_alignment = 64;           /* kCodeAlignment on x86-64 */
	m->code_isize_v11 = 56;           /* code.h (V8 11): instruction_size, metadata_size */
	m->fti_class_name = 56;           /* templates.tq */
	m->script_sfis = 88;              /* script.tq: shared_function_infos */
	m->cell_name = 8;                 /* property-cell.tq */
	m->cell_value = 24;
	m->chunk_layout = at_least(m, 13, 0) ? 2 : at_least(m, 12, 0) ? 1 : 0;
	m->proto_map_shift = 20;          /* map.tq: below is_dictionary_map */
	m->new_target_is_base = 1;        /* map.tq: bit_field2 bit 0 */
	m->scope_info_v128 = m->si_first >= 5;
}

#define F(out, klass, field) out = js_v8_field(v, klass, field)
#define C(out, name) out = js_v8_const(v, name)
static void offsets(struct vh_meta *m, const struct js_v8 *v)
{
	F(m->o_map, "HeapObject", "map"); F(m->o_itype, "Map", "instance_type");
	F(m->o_isize, "Map", "instance_size_in_words");
	F(m->o_inobj_start, "Map", "inobject_properties_start_or_constructor_function_index");
	F(m->o_bf2, "Map", "bit_field2"); F(m->o_bf3, "Map", "bit_field3");
	F(m->o_proto, "Map", "prototype"); F(m->o_ctor, "Map", "constructor_or_back_pointer");
	F(m->o_descs, "Map", "instance_descriptors");
	F(m->o_map_deps, "Map", "dependent_code"); F(m->o_map_trans, "Map", "raw_transitions");
	F(m->o_pair_get, "AccessorPair", "getter"); F(m->o_pair_set, "AccessorPair", "setter");
	F(m->o_sfi_script, "SharedFunctionInfo", "script_or_debug_info");
	if (m->o_sfi_script < 0)
		F(m->o_sfi_script, "SharedFunctionInfo", "script");
	F(m->o_sfi_outer, "SharedFunctionInfo", "feedback_metadata");
	F(m->o_script_source, "Script", "source"); F(m->o_script_name, "Script", "name");
	F(m->o_script_line_ends, "Script", "line_ends");
	F(m->o_cell_value, "FeedbackCell", "value");
	F(m->o_props, "JSReceiver", "raw_properties_or_hash");
	F(m->o_elements, "JSObject", "elements"); F(m->o_jsf_shared, "JSFunction", "shared");
	F(m->o_jsf_context, "JSFunction", "context");
	F(m->o_jsf_proto, "JSFunction", "prototype_or_initial_map");
	F(m->o_jsf_feedback, "JSFunction", "raw_feedback_cell");
	m->o_jsf_code = v->o_jsf_code;  /* exported, or jsmeta_fallback.c's */
	m->o_code_istart = v->code_inline_instr ? -1 : v->c_istart;
	m->o_code_flags = v->c_flags;
	m->code_kind_mask = v->c_kind_mask;
	m->code_kind_shift = v->c_kind_shift;
	m->code_kind_baseline = v->c_kind_baseline;
	F(m->o_map_bf, "Map", "bit_field");
	F(m->o_sfi_name, "SharedFunctionInfo", "name_or_scope_info");
	F(m->o_sfi_fdata, "SharedFunctionInfo", "function_data");
	F(m->o_unc_inferred, "UncompiledData", "inferred_name");
	F(m->o_unc_start, "UncompiledData", "start_position");
	F(m->o_str_len, "String", "length"); F(m->o_seq_chars, "SeqOneByteString", "chars");
	F(m->o_cons1, "ConsString", "first"); F(m->o_cons2, "ConsString", "second");
	F(m->o_thin, "ThinString", "actual"); F(m->o_sliced_parent, "SlicedString", "parent");
	F(m->o_sliced_off, "SlicedString", "offset");
	F(m->o_fa_len, "FixedArrayBase", "length"); F(m->o_bca_data, "BytecodeArray", "data");
	F(m->o_desc_header, "DescriptorArray", "header_size");
	F(m->o_istream_start, "InstructionStream", "instruction_start");
	F(m->o_symbol_name, "Symbol", "name"); F(m->o_oddball_kind, "Oddball", "kind_offset");
	F(m->o_global_dict, "JSGlobalObject", "global_dictionary");
	F(m->o_regexp_source, "JSRegExp", "source"); F(m->o_heapnum, "HeapNumber", "value");
	F(m->o_ext_data, "ExternalString", "resource");  /* then resource_data */
	if (m->o_ext_data != JS_NONE)
		m->o_ext_data += 8;
	F(m->o_ab_store, "JSArrayBuffer", "backing_store");
	F(m->o_ab_length, "JSArrayBuffer", "byte_length");
	F(m->o_code_isize, "Code", "instruction_size");
	F(m->o_code_inline_start, "Code", "instruction_start");
	C(m->first_nonstring, "FirstNonstringType"); C(m->rep_mask, "StringRepresentationMask");
	C(m->enc_mask, "StringEncodingMask"); C(m->one_byte, "OneByteStringTag");
	C(m->tag_seq, "SeqStringTag"); C(m->tag_cons, "ConsStringTag");
	C(m->tag_ext, "ExternalStringTag"); C(m->tag_sliced, "SlicedStringTag");
	C(m->tag_thin, "ThinStringTag"); C(m->first_context, "FirstContextType");
	C(m->last_context, "LastContextType");
	C(m->desc_size, "prop_desc_size"); C(m->desc_key, "prop_desc_key");
	C(m->desc_details, "prop_desc_details"); C(m->desc_value, "prop_desc_value");
	C(m->nd_prefix, "namedictionaryshape_prefix_size");
	C(m->nd_entry, "namedictionaryshape_entry_size");
	C(m->gd_entry, "globaldictionaryshape_entry_size");
	C(m->numd_entry, "numberdictionaryshape_entry_size");
	C(m->ek_mask, "bit_field2_elements_kind_mask");
	C(m->ek_shift, "bit_field2_elements_kind_shift");
	C(m->ek_dictionary, "elements_dictionary_elements");
	C(m->ek_holey, "elements_fast_holey_elements");
	C(m->ek_packed, "elements_fast_elements");
	if (m->ek_packed == JS_NONE && m->ek_holey >= 1)  /* PACKED_ELEMENTS, then HOLEY */
		m->ek_packed = m->ek_holey - 1;
	C(m->si_first, "scopeinfo_idx_first_vars"); C(m->si_nlocals, "scopeinfo_idx_ncontextlocals");
	C(m->ctx_scope_info, "context_idx_scope_info"); C(m->ctx_prev, "context_idx_prev");
	C(m->ctx_min_slots, "context_min_slots");
	C(m->oddball_the_hole, "OddballTheHole");
	if (m->ctx_scope_info < 0 || m->ctx_scope_info > 4 || m->ctx_prev < 0 ||
	    m->ctx_prev > 4 || m->ctx_min_slots < 2 || m->ctx_min_slots > 4)
		m->ctx_min_slots = -1;  /* a context's variables stay hidden edges */
	if (m->oddball_the_hole == JS_NONE)
		m->oddball_the_hole = -1;
	if (m->o_seq_chars == JS_NONE)
		m->o_seq_chars = 16;
	if (m->o_ext_data == JS_NONE)  /* V8 13: resource, resource_data after the header */
		m->o_ext_data = 24;
	if (m->o_heapnum == JS_NONE)
		m->o_heapnum = 8;
}
#undef F
#undef C

/* The first of the values the walk cannot do without that is missing. */
/* Offsets the walk reads inside a fixed window of bytes (a map's first 24,
 * an object's first 16 or 64): a value from a hostile core outside it
 * would read elsewhere. The first one out of range, or NULL. */
static const char *out_of_range(struct vh_meta *m)
{
	static const struct { size_t off; int window, width; const char *name; } in[] = {
#define W(f, w, n, name) { offsetof(struct vh_meta, f), w, n, name }
		W(o_map, 16, 8, "HeapObject.map"), W(o_itype, 16, 2, "Map.instance_type"),
		W(o_isize, 24, 1, "Map.instance_size_in_words"), W(o_bf2, 24, 1, "Map.bit_field2"),
		W(o_bf3, 24, 4, "Map.bit_field3"),
		W(o_inobj_start, 24, 1, "Map.inobject_properties_start_or_constructor_function_index"),
		W(o_str_len, 16, 4, "String.length"), W(o_seq_chars, 64, 0, "SeqOneByteString.chars"),
#undef W
	};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		int v = *(const int *)((const char *)m + in[i].off);
		if (v < 0 || v + in[i].width > in[i].window)
			return in[i].name;
	}
	/* ScopeInfo's counts and names are read from an object's first 64 bytes */
	if (m->si_nlocals < 1 || m->si_nlocals > 6 || m->si_first < 1 || m->si_first > 5)
		return "scopeinfo_idx_*";
	if (m->desc_size < 1 || m->desc_size > 8 || m->desc_key < 0 || m->desc_key >= m->desc_size ||
	    m->desc_details < 0 || m->desc_details >= m->desc_size || m->desc_value < 0 ||
	    m->desc_value >= m->desc_size)
		return "prop_desc_*";
	if (m->ek_shift > 7)
		m->ek_shift = -1;  /* bit_field2 is a byte: elements kinds unknown */
	if (m->o_code_isize < 0 || m->o_code_isize > 56)
		m->o_code_isize = -1;  /* only V8 10 sizes Code by it */
	return NULL;
}

static const char *missing(const struct vh_meta *m, const struct js_v8 *v)
{
	static const struct { size_t off; const char *name; } need[] = {
#define N(f, n) { offsetof(struct vh_meta, f), n }
		N(o_map, "HeapObject.map"), N(o_itype, "Map.instance_type"),
		N(o_isize, "Map.instance_size_in_words"), N(o_bf3, "Map.bit_field3"),
		N(o_str_len, "String.length"), N(o_fa_len, "FixedArrayBase.length"),
		N(o_descs, "Map.instance_descriptors"), N(o_ctor, "Map.constructor_or_back_pointer"),
		N(o_proto, "Map.prototype"), N(o_jsf_shared, "JSFunction.shared"),
		N(o_sfi_name, "SharedFunctionInfo.name_or_scope_info"),
		N(first_nonstring, "FirstNonstringType"), N(rep_mask, "StringRepresentationMask"),
		N(first_context, "FirstContextType"), N(desc_size, "prop_desc_size"),
		N(si_first, "scopeinfo_idx_first_vars"),
		N(o_bf2, "Map.bit_field2"),
		N(o_inobj_start, "Map.inobject_properties_start_or_constructor_function_index"),
#undef N
	};
	if (js_v8_const(v, "TaggedSize") != 8)
		return "8-byte tagged values (this node compresses pointers)";
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (*(const int *)((const char *)m + need[i].off) == JS_NONE)
			return need[i].name;
	if (m->t.map < 0 || m->t.free_space < 0 || m->t.js_function_first < 0 ||
	    m->t.first_receiver < 0)
		return "the instance types MAP_TYPE, FREE_SPACE_TYPE, JS_FUNCTION_TYPE, JS_PROXY_TYPE";
	return NULL;
}

int vh_meta_load(struct vh *vh, const struct mt_coredump *c, struct mt_error *err)
{
	struct vh_meta *m = &vh->m;
	struct mt_error jerr = { 0 };
	struct mt_js *js = mt_js_open_core(c, &jerr);
	const struct vh_itype_table *t;
	const char *why;

	if (!js) {
		mt_error_set(err, "%s: no JavaScript heap: %s", c->path, jerr.msg);
		return -1;
	}
	if (mt_js_status(js)) {
		mt_error_set(err, "%s: no JavaScript heap: %s", c->path, mt_js_status(js));
		mt_js_close(&js);
		return -1;
	}
	const struct js_v8 *v = mt_js_metadata(js);
	memcpy(m->version, v->version, sizeof m->version);
	offsets(m, v);
	t = types(m, v);
	roles(m);
	why = missing(m, v);
	int prop = !why && js_prop_bits_load(v, &m->prop, &why) < 0;
	mt_js_close(&js);
	if (prop) {
		mt_error_set(err, "%s: no JavaScript heap: V8's metadata lacks %s or puts it "
			     "out of range", c->path, why);
		return -1;
	}
	if (!why && (why = out_of_range(m)) != NULL) {
		mt_error_set(err, "%s: no JavaScript heap: V8's metadata puts %s out of range",
			     c->path, why);
		return -1;
	}
	if (why) {
		mt_error_set(err, "%s: no JavaScript heap: V8 %d.%d.%d.%d lacks %s", c->path,
			     m->version[0], m->version[1], m->version[2], m->version[3], why);
		return -1;
	}
	by_version(m);
	families(m);
	snprintf(vh->info->version, sizeof vh->info->version, "%d.%d.%d.%d", m->version[0],
		 m->version[1], m->version[2], m->version[3]);
	if (!t)
		vh_warn(vh, "V8 %s: no instance-type table for this version; "
			       "sizes come from its v8dbg_type_* symbols only", vh->info->version);
	return 0;
}

void vh_meta_free(struct vh_meta *m)
{
	for (int i = 0; i < m->ntypes; i++)
		free(m->type_names[i]);
	free(m->type_names);
	free(m->size_of);
	free(m->scan);
	free(m->array_like);
	free(m->code_like);
	free(m->js_role);
	free(m->indexed);
	memset(m, 0, sizeof *m);
}
