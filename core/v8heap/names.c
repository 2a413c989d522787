/* core/v8heap/names.c: strings, function names and constructor names, and
 * the node type and name a heap snapshot gives each object
 * (V8HeapExplorer::AddEntry), so DevTools' class rules give the same
 * classes for a core as for a snapshot of it.
 */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_STRING_DEPTH 16
#define MAX_HOPS 4096            /* back pointers from a map to its constructor */
#define MAX_PROTO_DEPTH 64
#define NAME_LIMIT 1024          /* --heap-snapshot-string-limit */

/* The word at byte offset off of object i, from its bytes p when the
 * caller has them (vh_facts_note). */
static uint64_t field_of(struct vh *vh, uint32_t i, const unsigned char *p, int off)
{
	return vh_obj_word(vh, vh_obj_addr(vh, i) + 1, p, vh->obj[i].size, off);
}

/* *a = max(*a, v), with other threads at it. */
static void atomic_max(uint32_t *a, uint32_t v)
{
	uint32_t cur = __atomic_load_n(a, __ATOMIC_RELAXED);

	while (v > cur && !__atomic_compare_exchange_n(a, &cur, v, 1, __ATOMIC_RELAXED,
							 __ATOMIC_RELAXED))
		;
}

struct vh_names {
	struct vh *vh;               /* borrowed */
	struct vh_u64map by_map;     /* owned: map -> index in ctor_names */
	char **ctor_names;           /* owned: constructor names made from maps */
	uint64_t *ctor_fns;          /* owned: the function each came from, or 0 */
	size_t nctor;
	char **system;               /* owned: "system / Name" per instance type, made once */
	struct strbuf scratch;       /* owned */
};

int vh_itype_of(struct vh *vh, uint64_t w)
{
	uint64_t map;
	uint32_t isize;
	int it;

	if (!vh_is_heap(w) || vh_u64(vh, w - 1 + (uint64_t)vh->m.o_map, &map) < 0 ||
	    vh_map_info(vh, map, &it, &isize) < 0)
		return -1;
	return it;
}

int vh_is_string_type(const struct vh *vh, int it)
{
	return it >= 0 && it < vh->m.first_nonstring;
}

int vh_is_function_type(const struct vh *vh, int it)
{
	return it >= vh->m.t.js_function_first && it <= vh->m.t.js_function_last;
}

/* One UTF-16 unit or Latin-1 byte as UTF-8 (surrogates kept apart). */
static void put_char(struct strbuf *out, unsigned c)
{
	if (c < 0x80) {
		strbuf_putc(out, (char)c);
	} else if (c < 0x800) {
		strbuf_putc(out, (char)(0xc0 | c >> 6));
		strbuf_putc(out, (char)(0x80 | (c & 0x3f)));
	} else {
		strbuf_putc(out, (char)(0xe0 | c >> 12));
		strbuf_putc(out, (char)(0x80 | (c >> 6 & 0x3f)));
		strbuf_putc(out, (char)(0x80 | (c & 0x3f)));
	}
}

/* n Latin-1 bytes as UTF-8: runs of ASCII at once (most names are). */
static void put_latin1(struct strbuf *out, const unsigned char *c, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = i;
		while (run < n && c[run] < 0x80)
			run++;
		if (run > i)
			strbuf_add(out, (const char *)c + i, run - i);
		if (run < n)
			put_char(out, c[run++]);
		i = run;
	}
}

/* An external string's characters from..from+*left (of len): through its
 * cached resource_data, read from the core or the executable's file
 * (node's own sources); an uncached one's are not known (their address is
 * the resource's, a C++ object's, to ask). */
static void external_chars(struct vh *vh, uint64_t w, int it, int one, int32_t len,
			   uint64_t from, size_t *left, struct strbuf *out)
{
	const struct vh_meta *m = &vh->m;
	unsigned char buf[4096];
	uint64_t data, n = (uint64_t)len > from ? (uint64_t)len - from : 0;
	size_t width = one ? 1 : 2;

	if (strstr(vh_type_name(m, it), "UNCACHED") ||
	    vh_u64(vh, w - 1 + (uint64_t)m->o_ext_data, &data) < 0 || !data)
		return;
	if (n > *left)
		n = *left;
	for (uint64_t i = 0; i < n;) {
		size_t k = n - i > sizeof buf / width ? sizeof buf / width : (size_t)(n - i);
		while (k && vh_text_read(vh, data + (from + i) * width, buf, k * width) < 0)
			k /= 2;  /* what the file holds up to its end */
		if (!k)
			return;
		if (one)
			put_latin1(out, buf, k);
		for (size_t j = 0; !one && j < k; j++)
			put_char(out, (unsigned)(buf[2 * j] | buf[2 * j + 1] << 8));
		i += k;
		*left -= k;
	}
}

static int string_at(struct vh *vh, uint64_t w, uint64_t from, size_t *left, int depth,
		     struct strbuf *out)
{
	const struct vh_meta *m = &vh->m;
	int it = vh_itype_of(vh, w);
	int32_t len;
	const unsigned char *b;

	if (!vh_is_string_type(vh, it) || depth > MAX_STRING_DEPTH ||
	    !(b = vh_mem(vh, w - 1, 16)))
		return -1;
	memcpy(&len, b + m->o_str_len, 4);
	if (len < 0)
		return -1;
	int rep = it & m->rep_mask, one = (it & m->enc_mask) == m->one_byte;
	if (rep == m->tag_seq) {
		uint64_t n = (uint64_t)len > from ? (uint64_t)len - from : 0;
		if (n > *left)
			n = *left;
		const unsigned char *c = vh_mem(vh, w - 1 + (uint64_t)m->o_seq_chars + from * (one ? 1 : 2),
						n * (one ? 1 : 2));
		if (c && one)
			put_latin1(out, c, (size_t)n);
		for (uint64_t i = 0; c && !one && i < n; i++)
			put_char(out, (unsigned)(c[2 * i] | c[2 * i + 1] << 8));
		*left -= n;
		return 0;
	}
	if (rep == m->tag_cons) {
		uint64_t first = vh_field(vh, w, m->o_cons1);
		int32_t flen = 0;
		const unsigned char *f = vh_mem(vh, first - 1, 16);
		if (f)
			memcpy(&flen, f + m->o_str_len, 4);
		if (from < (uint64_t)flen && string_at(vh, first, from, left, depth + 1, out) < 0)
			return -1;
		return *left ? string_at(vh, vh_field(vh, w, m->o_cons2),
					 from > (uint64_t)flen ? from - (uint64_t)flen : 0, left,
					 depth + 1, out) : 0;
	}
	if (rep == m->tag_thin)
		return string_at(vh, vh_field(vh, w, m->o_thin), from, left, depth + 1, out);
	if (rep == m->tag_sliced && m->o_sliced_off >= 0)
		return string_at(vh, vh_field(vh, w, m->o_sliced_parent),
				 from + (uint64_t)vh_smi(vh_field(vh, w, m->o_sliced_off)), left,
				 depth + 1, out);
	if (rep == m->tag_ext)
		external_chars(vh, w, it, one, len, from, left, out);
	return 0;
}

int vh_string(struct vh *vh, uint64_t w, size_t max, struct strbuf *out)
{
	return string_at(vh, w, 0, &max, 0, out);
}

/* SharedFunctionInfo::Name, which V8's snapshot names a function's node
 * and its SharedFunctionInfo's by: the name, from the ScopeInfo's
 * function name slot when there is one; never the inferred name
 * (`Module._load = function () {}` has none). Returns the instance type of
 * name_or_scope_info. */
static int sfi_shared_name(struct vh *vh, uint64_t sfi, struct strbuf *out)
{
	uint64_t nos = vh_field(vh, sfi, vh->m.o_sfi_name);
	int it = vh_itype_of(vh, nos), fname, inferred;

	if (vh_is_string_type(vh, it)) {
		vh_string(vh, nos, NAME_LIMIT, out);
	} else if (it >= 0 && it == vh->m.t.scope_info) {
		vh_scope_info(vh, nos - 1, &fname, &inferred);
		if (fname >= 0)
			vh_string(vh, vh_field(vh, nos, fname), NAME_LIMIT, out);
	}
	return it;  /* what name_or_scope_info holds */
}

/* SharedFunctionInfo::DebugName: its name (sfi_shared_name), else the
 * inferred name, from the ScopeInfo or the UncompiledData. */
static void sfi_name(struct vh *vh, uint64_t sfi, struct strbuf *out)
{
	const struct vh_meta *m = &vh->m;
	size_t start = out->len;
	int it = sfi_shared_name(vh, sfi, out), fname, inferred;

	if (out->len > start || vh_is_string_type(vh, it))
		return;
	if (it >= 0 && it == m->t.scope_info) {
		uint64_t nos = vh_field(vh, sfi, m->o_sfi_name);
		vh_scope_info(vh, nos - 1, &fname, &inferred);
		if (inferred >= 0)
			vh_string(vh, vh_field(vh, nos, inferred), NAME_LIMIT, out);
		return;
	}
	uint64_t fd = vh_field(vh, sfi, m->o_sfi_fdata);
	const char *tn = vh_type_name(m, vh_itype_of(vh, fd));
	if (m->o_unc_inferred >= 0 && strncmp(tn, "UNCOMPILED_DATA", 15) == 0)
		vh_string(vh, vh_field(vh, fd, m->o_unc_inferred), NAME_LIMIT, out);
}

/* A SharedFunctionInfo's node: its name, else, when tagged, V8's tag
 * "(shared function info)": from V8 12 every one is, before only those a
 * function holds. */
static void sfi_node_name(struct vh *vh, uint64_t sfi, int tagged, struct strbuf *out)
{
	size_t start = out->len;

	sfi_shared_name(vh, sfi, out);
	if (out->len == start && tagged)
		strbuf_puts(out, "(shared function info)");
}

void vh_function_name(struct vh *vh, uint64_t fn, struct strbuf *out)
{
	sfi_name(vh, vh_field(vh, fn, vh->m.o_jsf_shared), out);
}

/* Map::GetConstructor: constructor_or_back_pointer through the maps. */
static uint64_t map_constructor(struct vh *vh, uint64_t map)
{
	uint64_t c = vh_field(vh, map, vh->m.o_ctor);

	for (int i = 0; i < MAX_HOPS && vh_itype_of(vh, c) == vh->m.t.map; i++)
		c = vh_field(vh, c, vh->m.o_ctor);
	return c;
}

struct slow {
	struct vh *vh;
	int depth;
	uint64_t tag, ctor;
	struct strbuf key;
};

static void slow_prop(void *ctx, uint64_t key, uint64_t value, uint64_t slot, int accessor)
{
	struct slow *s = ctx;

	(void)slot;
	if (!value || accessor || !vh_is_heap(key))  /* data properties only */
		return;
	strbuf_reset(&s->key);
	if (vh_key_name(s->vh, key, &s->key) < 0)
		return;
	if (strcmp(strbuf_str(&s->key), "<symbol Symbol.toStringTag>") == 0 &&
	    vh_is_string_type(s->vh, vh_itype_of(s->vh, value)))
		s->tag = value;
	else if (s->depth > 0 && strcmp(strbuf_str(&s->key), "constructor") == 0)
		s->ctor = value;
}

/* JSReceiver::class_name() by instance type, for the types node has. */
static const char *class_name(const char *type)
{
	static const char *const names[][2] = {
		{ "JS_FUNCTION_TYPE", "Function" }, { "JS_ARGUMENTS_OBJECT_TYPE", "Arguments" },
		{ "JS_ARRAY_TYPE", "Array" }, { "JS_ARRAY_BUFFER_TYPE", "ArrayBuffer" },
		{ "JS_ARRAY_ITERATOR_TYPE", "Array Iterator" }, { "JS_DATE_TYPE", "Date" },
		{ "JS_ERROR_TYPE", "Error" }, { "JS_GENERATOR_OBJECT_TYPE", "Generator" },
		{ "JS_ASYNC_GENERATOR_OBJECT_TYPE", "Generator" },  /* IsJSGeneratorObject */
		{ "JS_ASYNC_FUNCTION_OBJECT_TYPE", "Generator" }, { "JS_MAP_TYPE", "Map" },
		{ "JS_SET_TYPE", "Set" }, { "JS_MAP_KEY_ITERATOR_TYPE", "Map Iterator" },
		{ "JS_MAP_KEY_VALUE_ITERATOR_TYPE", "Map Iterator" },
		{ "JS_MAP_VALUE_ITERATOR_TYPE", "Map Iterator" },
		{ "JS_SET_KEY_VALUE_ITERATOR_TYPE", "Set Iterator" },
		{ "JS_SET_VALUE_ITERATOR_TYPE", "Set Iterator" }, { "JS_REG_EXP_TYPE", "RegExp" },
		{ "JS_PROMISE_TYPE", "Promise" }, { "JS_WEAK_MAP_TYPE", "WeakMap" },
		{ "JS_WEAK_SET_TYPE", "WeakSet" }, { "JS_WEAK_REF_TYPE", "WeakRef" },
		{ "JS_DATA_VIEW_TYPE", "DataView" },
		{ "JS_FINALIZATION_REGISTRY_TYPE", "FinalizationRegistry" },
		{ "JS_GLOBAL_OBJECT_TYPE", "global" }, { "JS_GLOBAL_PROXY_TYPE", "global" },
		{ "JS_STRING_ITERATOR_TYPE", "String Iterator" },
		{ "JS_REG_EXP_STRING_ITERATOR_TYPE", "RegExp String Iterator" },
		{ "JS_ASYNC_FROM_SYNC_ITERATOR_TYPE", "Async-from-Sync Iterator" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(type, names[i][0]) == 0)
			return names[i][1];
	return "Object";
}

/* The prototype chain: the first own Symbol.toStringTag string, or from
 * the prototype on a named `constructor` function (into *fn, else 0);
 * else class_name(). */
static void slow_name(struct vh *vh, uint64_t obj, int it, struct strbuf *out, uint64_t *fn)
{
	struct slow s = { .vh = vh, .key = STRBUF_INIT };
	uint64_t cur = obj;

	*fn = 0;

	for (s.depth = 0; s.depth < MAX_PROTO_DEPTH; s.depth++) {
		if (vh_itype_of(vh, cur) < vh->m.t.first_receiver)
			break;
		s.tag = s.ctor = 0;
		vh_own_props(vh, cur, NULL, slow_prop, &s);
		if (s.tag && vh_string(vh, s.tag, NAME_LIMIT, out) == 0 && out->len)
			break;
		if (s.ctor && vh_is_function_type(vh, vh_itype_of(vh, s.ctor))) {
			vh_function_name(vh, s.ctor, out);
			if (out->len && strcmp(strbuf_str(out), "Object") != 0) {
				*fn = s.ctor;
				break;
			}
			strbuf_reset(out);
		}
		cur = vh_field(vh, vh_field(vh, cur, vh->m.o_map), vh->m.o_proto);
	}
	strbuf_free(&s.key);
	if (!out->len)
		strbuf_puts(out, class_name(vh_type_name(&vh->m, it)));
}

/* The constructor name kept for map, or NULL (then the slot to fill);
 * its function into *fn. */
static const char *cached(struct vh_names *n, uint64_t map, uint32_t **slot, uint64_t *fn)
{
	int fresh;

	*slot = vh_u64map_slot(&n->by_map, map, &fresh);
	if (**slot == VH_NONE)
		return NULL;
	*fn = n->ctor_fns[**slot];
	return n->ctor_names[**slot];
}

static const char *keep_name(struct vh_names *n, uint32_t *slot, char *name, uint64_t fn)
{
	n->ctor_names = xreallocarray(n->ctor_names, n->nctor + 1, sizeof *n->ctor_names);
	n->ctor_fns = xreallocarray(n->ctor_fns, n->nctor + 1, sizeof *n->ctor_fns);
	*slot = (uint32_t)n->nctor;
	n->ctor_fns[n->nctor] = fn;
	n->ctor_names[n->nctor++] = name;
	return name;
}

/* JSReceiver::GetConstructorName: from the map's constructor when the map
 * is no prototype map and new.target is the base, cached per map; else by
 * the prototype chain. When the constructor is Object, the chain (an own
 * Symbol.toStringTag first) names the object: the same for every object
 * of a fast map, but a dictionary map's objects keep their properties
 * apart (node's `codes` and the Intl object share one), so theirs is not
 * cached. The function the name came from (JSReceiver::GetConstructor:
 * none for a FunctionTemplateInfo's class name, a toStringTag or the
 * class name) into *fn, or 0. */
static void constructor_name(struct vh_names *n, uint64_t obj, int it, struct strbuf *out,
			     uint64_t *fn)
{
	struct vh *vh = n->vh;
	const struct vh_meta *m = &vh->m;
	uint64_t map = vh_field(vh, obj, m->o_map);
	const unsigned char *mb = vh_mem(vh, map - 1, 24);
	uint32_t bf3;

	*fn = 0;
	if (!mb) {
		strbuf_puts(out, "Object");
		return;
	}
	memcpy(&bf3, mb + m->o_bf3, 4);
	if (!(mb[m->o_bf2] & m->new_target_is_base) || bf3 >> m->proto_map_shift & 1) {
		slow_name(vh, obj, it, out, fn);
		return;
	}
	uint32_t *slot;
	const char *c = cached(n, map, &slot, fn);
	if (!c) {
		struct strbuf s = STRBUF_INIT;
		uint64_t ctor = map_constructor(vh, map);
		int ct = vh_itype_of(vh, ctor);
		if (vh_is_function_type(vh, ct)) {
			vh_function_name(vh, ctor, &s);
			*fn = ctor;
		} else if (ct >= 0 && ct == m->t.fti) {
			vh_string(vh, vh_field(vh, ctor, m->fti_class_name), NAME_LIMIT, &s);
		}
		if (!s.len || strcmp(strbuf_str(&s), "Object") == 0) {
			strbuf_reset(&s);
			slow_name(vh, obj, it, &s, fn);
			if (js_prop_dictionary_map(&m->prop, bf3)) {  /* this object's own name */
				strbuf_puts(out, strbuf_str(&s));
				strbuf_free(&s);
				return;
			}
		}
		c = keep_name(n, slot, strbuf_detach(&s), *fn);
	}
	strbuf_puts(out, c);
}

/* "system / " and the instance type as V8's class name: FOO_BAR_TYPE -> FooBar. */
static void make_system_name(const char *type, struct strbuf *out)
{
	strbuf_puts(out, "system / ");
	for (int up = 1; *type && strcmp(type, "_TYPE") != 0; type++) {
		if (*type == '_') {
			up = 1;
			continue;
		}
		strbuf_putc(out, up ? *type : (char)(*type >= 'A' && *type <= 'Z' ? *type + 32 : *type));
		up = 0;
	}
}

/* "system / NAME" for instance type it, made once. */
static const char *system_text(struct vh_names *n, int it)
{
	if (!n->system[it]) {
		struct strbuf s = STRBUF_INIT;
		make_system_name(vh_type_name(&n->vh->m, it), &s);
		n->system[it] = strbuf_detach(&s);
	}
	return n->system[it];
}

static void system_name(struct vh_names *n, int it, struct strbuf *out)
{
	strbuf_puts(out, system_text(n, it));
}

/* The instance type Map i describes (tagged map or bytes p), -1 unknown. */
static int described_type(const struct vh *vh, uint32_t i, const unsigned char *p)
{
	uint16_t t;

	if (!p && !(p = vh_mem(vh, vh_obj_addr(vh, i), 16)))
		return -1;
	if (vh->m.o_itype < 0 || (uint32_t)vh->m.o_itype + 2 > vh->obj[i].size)
		return -1;
	memcpy(&t, p + vh->m.o_itype, 2);
	return t;
}

/* A Map: "system / Map", but a string type's "system / Map (NAME)", by its
 * instance type (GetSystemEntryName's STRING_TYPE_LIST case:
 * "system / Map (SeqOneByteString)"). */
static void map_name(struct vh_names *n, uint32_t i, struct strbuf *out)
{
	int t = described_type(n->vh, i, NULL);

	if (!vh_is_string_type(n->vh, t)) {
		system_name(n, n->vh->obj[i].itype, out);
		return;
	}
	strbuf_printf(out, "system / Map (%s)", system_text(n, t) + strlen("system / "));
}

enum store_role { ROLE_NONE = 0, ROLE_PROPERTIES, ROLE_ELEMENTS };

/* The backing stores of JavaScript object i, which the snapshot names
 * "(object properties)" and "(object elements)" (V8HeapExplorer's
 * TagObject in ExtractJSObjectReferences): the last holder in address
 * order names a store, as one pass in that order would. */
static void note_stores(struct vh *vh, uint32_t i, const unsigned char *bytes)
{
	const struct vh_meta *m = &vh->m;
	uint32_t p = vh_find(vh, field_of(vh, i, bytes, m->o_props));
	uint32_t e = vh_find(vh, field_of(vh, i, bytes, m->o_elements));

	if (p != VH_NONE && m->array_like[vh->obj[p].itype])
		atomic_max(&vh->facts.store[p], 2 * (i + 1));
	if (e != VH_NONE && m->array_like[vh->obj[e].itype])
		atomic_max(&vh->facts.store[e], 2 * (i + 1) + 1);
}

/* Arrays the snapshot types as code (V8HeapExplorer::TagObject(..., kCode)):
 * BytecodeArray's constant pool and tables, Code's reloc info, deopt data
 * and positions, boilerplate elements, Script's function list (and line
 * ends, V8 12), long ScopeInfo name tables. */
/* The names V8's snapshot tags an object with by what holds it
 * (TagObject), in a byte per object (vh->facts.tag): arrays of code
 * (typed code; facts.code), parts of an object's shape (typed object
 * shape, V8 11 on). A tag names only a nameless node, as in V8. */
enum tag {
	TAG_NONE = 0, TAG_CONSTANT_POOL, TAG_CONSTANT_POOL_2, TAG_CONSTANT_POOL_3,
	TAG_HANDLER_TABLE, TAG_SOURCE_POSITIONS,
	TAG_BYTECODE_OFFSETS, TAG_RELOCATION, TAG_DEOPT_DATA, TAG_CONSTANT_ELEMENTS,
	TAG_SCRIPT_SFIS, TAG_LINE_ENDS, TAG_LOCAL_NAMES, TAG_SHARED_INFO, TAG_BOUND_ARGUMENTS,
	TAG_FEEDBACK,
	TAG_FIRST_SHAPE, TAG_ENUM_CACHE = TAG_FIRST_SHAPE, TAG_PROTOTYPE_USERS,
	TAG_CHAIN_ENUM_CACHE, TAG_VALIDITY_CELL, TAG_PROTOTYPE_TRANSITIONS, TAG_COUNT
};
static const char *const tag_names[TAG_COUNT] = {
	"", "(constant pool)", "(constant pool)", "(constant pool)", "(handler table)",
	"(source position table)",
	"(bytecode offset table)", "(code relocation info)", "(code deopt data)",
	"(constant elements)", "(shared function infos)", "(script line ends)",
	"(context local names)", "(shared function info)", "(bound arguments)", "(feedback)",
	"(enum cache)", "(prototype users)", "(prototype chain enum cache)",
	"(prototype validity cell)", "(prototype transitions)",
};

struct tagged_field {
	int off;                     /* byte offset in the holder, -1: none */
	enum tag tag;
};

/* A Code's position table: bytecode offsets for baseline code. */
static enum tag positions_of(const struct vh *vh, uint32_t i)
{
	return vh_code_baseline(vh, i) ? TAG_BYTECODE_OFFSETS : TAG_SOURCE_POSITIONS;
}

/* The fields of object i that hold arrays the snapshot types as code, by V8
 * version (bytecode-array.tq, code.tq, instruction-stream.h), with their
 * tags (ExtractBytecodeArrayReferences, ExtractCodeReferences, ...). */
static void code_fields(const struct vh *vh, uint32_t i, struct tagged_field f[3])
{
	const struct vh_meta *m = &vh->m;
	const struct vh_types *t = &m->t;
	int it = vh->obj[i].itype, v12 = m->version[0] >= 12;

	for (int k = 0; k < 3; k++)
		f[k] = (struct tagged_field){ -1, TAG_NONE };
	if (it == t->bytecode) {
		/* constant pool, handler table, source positions; from V8 12
		 * (after the length and the wrapper) the other way round */
		f[0] = (struct tagged_field){ v12 ? 40 : 16, TAG_CONSTANT_POOL };
		f[1] = (struct tagged_field){ v12 ? 32 : 24, TAG_HANDLER_TABLE };
		f[2] = (struct tagged_field){ v12 ? 24 : 32, TAG_SOURCE_POSITIONS };
	} else if (it == t->code) {
		/* V8 12 moved the relocation info to the InstructionStream */
		f[0] = (struct tagged_field){ 8, v12 ? TAG_DEOPT_DATA : TAG_RELOCATION };
		f[1] = (struct tagged_field){ 16, v12 ? positions_of(vh, i) : TAG_DEOPT_DATA };
		if (!v12)
			f[2] = (struct tagged_field){ 24, positions_of(vh, i) };
	} else if (it == t->istream && v12) {
		f[0] = (struct tagged_field){ 16, TAG_RELOCATION };
	} else if (it == t->array_boilerplate) {
		f[0] = (struct tagged_field){ 16, TAG_CONSTANT_ELEMENTS };
	} else if (it == t->script) {
		/* its function list; V8 12 also tags its line ends, four words
		 * before it (script.tq), "(script line ends)" (not V8 11's
		 * snapshots, nor V8 13's, whose line ends are integer arrays) */
		f[0] = (struct tagged_field){ m->script_sfis, TAG_SCRIPT_SFIS };
		if (m->version[0] == 12)
			f[1] = (struct tagged_field){ m->script_sfis - 32, TAG_LINE_ENDS };
	} else if (it == t->scope_info) {  /* the local names' hash table */
		int64_t nloc = 0;
		int at = vh_scope_names(vh, vh_obj_addr(vh, i), &nloc);
		if (at >= 0 && nloc >= 75)
			f[0] = (struct tagged_field){ at, TAG_LOCAL_NAMES };
	}
}

/* The parts of an object's shape V8's snapshot types so (TagObject with
 * kObjectShape, V8 11 on): an EnumCache's keys and indices, a
 * PrototypeInfo's users and prototype chain enum cache (after its module
 * namespace), a Map's prototype validity cell (between its dependent code
 * and its transitions), a TransitionArray's prototype transitions (slot 0). */
static void shape_fields(const struct vh *vh, uint32_t i, struct tagged_field f[3])
{
	const struct vh_meta *m = &vh->m;
	int it = vh->obj[i].itype;

	for (int k = 0; k < 3; k++)
		f[k] = (struct tagged_field){ -1, TAG_NONE };
	if (vh_is_function_type(vh, it)) {  /* a name only (V8 before 12, which
					       tags no other SharedFunctionInfo) */
		f[0] = (struct tagged_field){ m->o_jsf_shared, TAG_SHARED_INFO };
		return;
	}
	if (it == m->t.js_bound_function) {  /* its bound arguments (edges.c's
						"bindings"), a name only */
		f[0] = (struct tagged_field){ 40, TAG_BOUND_ARGUMENTS };
		return;
	}
	if (m->version[0] < 11)
		return;  /* V8 10's snapshots have no "object shape" type */
	if (it == m->t.enum_cache) {
		f[0] = (struct tagged_field){ 8, TAG_ENUM_CACHE };
		f[1] = (struct tagged_field){ 16, TAG_ENUM_CACHE };
	} else if (it == m->t.prototype_info) {
		f[0] = (struct tagged_field){ 16, TAG_PROTOTYPE_USERS };
		f[1] = (struct tagged_field){ 24, TAG_CHAIN_ENUM_CACHE };
	} else if (it == m->t.map && m->o_map_deps >= 0 && m->o_map_trans == m->o_map_deps + 16) {
		f[0] = (struct tagged_field){ m->o_map_deps + 8, TAG_VALIDITY_CELL };
	} else if (it == m->t.transition_array) {
		f[0] = (struct tagged_field){ 16, TAG_PROTOTYPE_TRANSITIONS };
	}
}

/* Object o tagged tag when no holder tagged it before (the marking's
 * threads race for it); an array of code marked so. */
static void tag_object(struct vh *vh, uint32_t o, enum tag tag, int code)
{
	unsigned char none = TAG_NONE;

	if (code)
		__atomic_fetch_or(&vh->facts.code[o / 64], 1ull << (o % 64), __ATOMIC_RELAXED);
	__atomic_compare_exchange_n(&vh->facts.tag[o], &none, (unsigned char)tag, 0,
				    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

/* The objects object i's fields f name (strong references only), tagged
 * when no holder tagged them before; arrays of code marked so. */
static void note_tags(struct vh *vh, uint32_t i, const unsigned char *p,
		      const struct tagged_field f[3], int code)
{
	for (int k = 0; k < 3 && f[k].off >= 0; k++) {
		if ((uint32_t)f[k].off + 8 > vh->obj[i].size)
			continue;
		uint64_t w = field_of(vh, i, p, f[k].off);
		uint32_t o = (w & 3) == 1 ? vh_find(vh, w) : VH_NONE;
		if (o != VH_NONE && (code ? vh->m.array_like[vh->obj[o].itype] != 0 :
				     vh_is_essential(vh, o)))  /* V8's TagObject */
			tag_object(vh, o, f[k].tag, code);
	}
}

/* Whether objects of type it hold fields V8 tags (code_fields,
 * shape_fields): most objects do not, and are passed by at once. */
static int tags_fields(const struct vh *vh, int it)
{
	const struct vh_types *t = &vh->m.t;

	return it == t->bytecode || it == t->code || it == t->istream || it == t->map ||
	       it == t->array_boilerplate || it == t->script || it == t->scope_info ||
	       it == t->enum_cache || it == t->prototype_info || it == t->transition_array ||
	       it == t->js_bound_function || vh_is_function_type(vh, it);
}

/* V8's RecursivelyTagConstantPool: a constant pool's FixedArrays (V8 13:
 * and TrustedFixedArrays) and dictionaries are the pool too, three deep
 * (the pool, its arrays, theirs). Object i, tagged own, a pool at one of
 * the first two depths (read once, atomically, by the caller), tags its
 * slots one deeper. */
static void pool_slots(struct vh *vh, uint32_t i, const unsigned char *p, unsigned char own)
{
	const struct vh_types *t = &vh->m.t;
	enum tag deeper = (enum tag)(own + 1);
	int64_t n = vh_smi(field_of(vh, i, p, vh->m.o_fa_len));
	int it = vh->obj[i].itype;

	if (it != t->fixed_array && it != t->trusted_fixed_array)
		return;
	for (int64_t k = 0; k < n && 16 + 8 * k + 8 <= vh->obj[i].size; k++) {
		uint64_t w = field_of(vh, i, p, (int)(16 + 8 * k));
		uint32_t o = (w & 3) == 1 ? vh_find(vh, w) : VH_NONE;
		int ot = o != VH_NONE ? vh->obj[o].itype : -1;
		if (ot >= 0 && (ot == t->fixed_array || ot == t->trusted_fixed_array ||
				ot == t->name_dict || ot == t->number_dict))
			tag_object(vh, o, deeper, 1);
	}
}

/* The Code object SharedFunctionInfo i's function data holds (at 8
 * where the metadata lacks it, as edges.c reads it; V8 13: the trusted
 * function data, the word at 8), or VH_NONE: a function compiled by the
 * baseline compiler (its other functions' code is a builtin's, named by
 * the builtins' list, or none). */
static uint32_t sfi_code(struct vh *vh, uint32_t i, const unsigned char *p)
{
	const struct vh_meta *m = &vh->m;

	for (int k = 0; k < 2; k++) {
		int off = k || m->o_sfi_fdata < 0 ? 8 : m->o_sfi_fdata;
		if ((k && m->version[0] < 13) || (uint32_t)off + 8 > vh->obj[i].size)
			continue;
		uint64_t w = field_of(vh, i, p, off);
		uint32_t o = (w & 3) == 1 ? vh_find(vh, w) : VH_NONE;
		if (o != VH_NONE && vh->obj[o].itype == m->t.code)
			return o;
	}
	return VH_NONE;
}

/* Code object o held by SharedFunctionInfo i, in vh->facts.store (which
 * otherwise only arrays use): i + 1, the first in address order (V8 tags
 * in its heap's order; a Code has one holder in practice). */
static void note_sfi_code(struct vh *vh, uint32_t i, const unsigned char *p)
{
	uint32_t o = sfi_code(vh, i, p), want = i + 1;
	uint32_t cur = o != VH_NONE ? __atomic_load_n(&vh->facts.store[o], __ATOMIC_RELAXED) : 0;

	while (o != VH_NONE && (!cur || want < cur) &&
	       !__atomic_compare_exchange_n(&vh->facts.store[o], &cur, want, 1, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
}

/* A FeedbackVector's slots that hold a WeakFixedArray or a FixedArray
 * itself: V8 tags them "(feedback)", typed code (ExtractFeedbackVector-
 * References; a WeakFixedArray keeps its own name). */
static void feedback_slots(struct vh *vh, uint32_t i, const unsigned char *p)
{
	const struct vh_types *t = &vh->m.t;

	for (uint64_t off = (uint64_t)vh->m.feedback_vector_header; off + 8 <= vh->obj[i].size;
	     off += 8) {
		uint64_t w = field_of(vh, i, p, (int)off);
		uint32_t o = (w & 3) == 1 ? vh_find(vh, w) : VH_NONE;
		int ot = o != VH_NONE ? vh->obj[o].itype : -1;
		if (ot >= 0 && (ot == t->weak_fixed_array || ot == t->fixed_array) &&
		    vh_is_essential(vh, o))
			tag_object(vh, o, TAG_FEEDBACK, 1);
	}
}

static void note_code(struct vh *vh, uint32_t i, const unsigned char *p)
{
	struct tagged_field f[3];
	unsigned char own = __atomic_load_n(&vh->facts.tag[i], __ATOMIC_RELAXED);

	if (own == TAG_CONSTANT_POOL || own == TAG_CONSTANT_POOL_2)
		pool_slots(vh, i, p, own);
	if (vh->obj[i].itype == vh->m.t.sfi)
		note_sfi_code(vh, i, p);
	else if (vh->obj[i].itype == vh->m.t.feedback_vector && vh->m.feedback_vector_header > 0)
		feedback_slots(vh, i, p);
	if (!tags_fields(vh, vh->obj[i].itype))
		return;
	code_fields(vh, i, f);
	note_tags(vh, i, p, f, 1);
	shape_fields(vh, i, f);
	note_tags(vh, i, p, f, 0);
}

/* What holds array i as a backing store, from the marking's facts. */
static enum store_role role_of(const struct vh *vh, uint32_t i)
{
	if (vh->facts.roles)
		return (enum store_role)(vh->facts.roles[i / 32] >> (i % 32 * 2) & 3);
	uint32_t holder = vh->facts.store[i];

	return !holder ? ROLE_NONE : holder & 1 ? ROLE_ELEMENTS : ROLE_PROPERTIES;
}

/* Code object i's store word (its SharedFunctionInfo's index + 1), or 0. */
static uint32_t code_holder(const struct vh *vh, uint32_t i)
{
	if (!vh->facts.roles)
		return vh->facts.store[i];
	uint32_t v = vh_u64map_get(&vh->facts.code_holder, (uint64_t)i + 1);

	return v == VH_NONE ? 0 : v;
}

void vh_facts_settle(struct vh *vh)
{
	struct vh_facts *f = &vh->facts;
	int fresh;

	if (!f->store || f->roles)
		return;
	f->roles = xcalloc(vh->nobj / 32 + 1, sizeof *f->roles);
	for (uint32_t i = 0; i < vh->nobj; i++) {
		uint32_t v = f->store[i];
		if (!v)
			continue;
		if (vh->obj[i].itype == vh->m.t.code) {
			*vh_u64map_slot(&f->code_holder, (uint64_t)i + 1, &fresh) = v;
			continue;
		}
		uint64_t role = v & 1 ? ROLE_ELEMENTS : ROLE_PROPERTIES;
		f->roles[i / 32] |= role << (i % 32 * 2);
	}
	free(f->store);
	f->store = NULL;
}

struct vh_names *vh_names_new(struct vh *vh)
{
	struct vh_names *n = xcalloc(1, sizeof *n);

	n->vh = vh;
	n->system = xcalloc((size_t)vh->m.ntypes, sizeof *n->system);
	return n;
}

void vh_names_free(struct vh_names **pn)
{
	struct vh_names *n = *pn;

	if (!n)
		return;
	for (size_t i = 0; i < n->nctor; i++)
		free(n->ctor_names[i]);
	free(n->ctor_names);
	free(n->ctor_fns);
	vh_u64map_free(&n->by_map);
	for (int i = 0; i < n->vh->m.ntypes; i++)
		free(n->system[i]);
	free(n->system);
	strbuf_free(&n->scratch);
	free(n);
	*pn = NULL;
}

static enum vh_ntype string_node(struct vh *vh, uint64_t obj, int it, struct strbuf *out)
{
	int rep = it & vh->m.rep_mask;

	if (rep == vh->m.tag_cons) {
		strbuf_puts(out, "(concatenated string)");
		return NT_CONS;
	}
	if (rep == vh->m.tag_sliced) {
		strbuf_puts(out, "(sliced string)");
		return NT_SLICED;
	}
	vh_string(vh, obj, NAME_LIMIT, out);
	return NT_STRING;
}

static void put(struct strbuf *out, const char *s)
{
	if (out)
		strbuf_puts(out, s);
}

static enum vh_ntype receiver_node(struct vh_names *n, uint64_t obj, int it, struct strbuf *out)
{
	struct vh *vh = n->vh;
	const struct vh_types *t = &vh->m.t;

	if (vh_is_function_type(vh, it)) {
		if (out)
			sfi_shared_name(vh, vh_field(vh, obj, vh->m.o_jsf_shared), out);
		return NT_CLOSURE;
	}
	if (it == t->first_receiver) {  /* JS_PROXY_TYPE: a system entry in a snapshot */
		put(out, "system / JSProxy");
		return NT_HIDDEN;
	}
	if (it == t->js_bound_function) {
		if (out)
			strbuf_puts(out, "native_bind");
		return NT_CLOSURE;
	}
	if (it == t->js_regexp) {
		if (out)
			vh_string(vh, vh_field(vh, obj, vh->m.o_regexp_source), NAME_LIMIT, out);
		return NT_REGEXP;
	}
	uint64_t fn;
	if (out)
		constructor_name(n, obj, it, out, &fn);
	return NT_OBJECT;
}

/* Whether the map names its objects by its constructor alone (the cached
 * path of constructor_name). */
static int named_by_map(struct vh *vh, uint64_t map)
{
	const unsigned char *mb = vh_mem(vh, map - 1, 24);
	uint32_t bf3;

	if (!mb)
		return 0;
	memcpy(&bf3, mb + vh->m.o_bf3, 4);
	return (mb[vh->m.o_bf2] & vh->m.new_target_is_base) && !(bf3 >> vh->m.proto_map_shift & 1) &&
	       !js_prop_dictionary_map(&vh->m.prop, bf3);  /* constructor_name: one by one */
}

/* Object i's key, but an array's (its role is not known yet). */
static uint64_t key_of(struct vh *vh, uint32_t i, const unsigned char *p)
{
	const struct vh_meta *m = &vh->m;
	int it = vh->obj[i].itype;
	uint64_t map;

	if (vh_is_string_type(vh, it) || it == m->t.js_regexp || it == m->t.symbol ||
	    it == m->t.script || it == m->t.sfi || it == m->t.code || it == m->t.istream ||
	    (it == m->t.map && vh_is_string_type(vh, described_type(vh, i, p))))
		return 0;
	if (m->array_like[it])
		return 0;
	if (vh_is_function_type(vh, it))
		return field_of(vh, i, p, m->o_jsf_shared);  /* tagged: odd */
	if (it > m->t.first_receiver) {
		map = field_of(vh, i, p, m->o_map);
		if (it == m->t.js_bound_function)
			return 2;
		return named_by_map(vh, map) ? map : 0;
	}
	return 4 + 2 * (uint64_t)it;                      /* even: by instance type */
}

uint64_t vh_node_key(struct vh_names *n, uint32_t i)
{
	int it = n->vh->obj[i].itype;

	if (n->vh->m.array_like[it]) {  /* named by the role it plays, and its tags */
		uint64_t code = n->vh->facts.code[i / 64] >> (i % 64) & 1;
		return (1ull << 62) +
		       2 * ((((uint64_t)it * 3 + role_of(n->vh, i)) * 2 + code) * TAG_COUNT +
			    n->vh->facts.tag[i]);
	}
	return key_of(n->vh, i, NULL);
}

void vh_facts_note(struct vh *vh, uint32_t i, const unsigned char *p)
{
	int it = vh->obj[i].itype;

	if (!vh_is_essential(vh, i))
		__atomic_fetch_or(&vh->facts.inessential[i / 64], 1ull << (i % 64),
				  __ATOMIC_RELAXED);
	if (it >= vh->m.t.first_js_object)
		note_stores(vh, i, p);
	note_code(vh, i, p);
}

void vh_facts_free(struct vh_facts *f)
{
	free(f->key);
	free(f->first);
	free(f->store);
	free(f->roles);
	vh_u64map_free(&f->code_holder);
	free(f->code);
	free(f->tag);
	free(f->inessential);
	memset(f, 0, sizeof *f);
}

/* V8 10's builtin Code, "(NAME builtin)": by its builtin number, the
 * int32 after its flags (code.h's kBuiltinIndexOffset; -1 for other
 * code), and Builtins::name's table (tables.c). 1 when named. */
static int builtin_id_name(struct vh *vh, uint32_t i, struct strbuf *out)
{
	const struct vh_meta *m = &vh->m;
	const unsigned char *b;
	const char *name;
	int32_t id;

	if (m->o_code_flags < 0 || (uint64_t)m->o_code_flags + 8 > vh->obj[i].size ||
	    !(b = vh_mem(vh, vh_obj_addr(vh, i) + (uint64_t)m->o_code_flags + 4, 4)))
		return 0;
	memcpy(&id, b, 4);
	if (!(name = vh_builtin_id_name(vh, id)))
		return 0;
	strbuf_printf(out, "(%s builtin)", name);
	return 1;
}

/* A builtin's Code as V8's snapshot tags it from the builtins root list
 * (V8 11: "(NAME builtin handle)", from 12: "(NAME builtin code)"): its
 * instruction_start lies outside the heap, at node's Builtins_NAME. 1
 * when named. */
static int builtin_code_name(struct vh *vh, uint32_t i, struct strbuf *out)
{
	const struct vh_meta *m = &vh->m;
	uint64_t start;
	const char *name;

	if (m->version[0] < 11)
		return builtin_id_name(vh, i, out);
	if (m->o_code_istart < 0 ||
	    vh_u64(vh, vh_obj_addr(vh, i) + (uint64_t)m->o_code_istart, &start) < 0 ||
	    vh_page_of(vh, start) || !(name = vh_builtin_name(vh, start)))
		return 0;
	strbuf_printf(out, "(%s builtin %s)", name, m->version[0] < 12 ? "handle" : "code");
	return 1;
}

/* The code of SharedFunctionInfo sfi (tagged) as V8's snapshot tags it
 * (ExtractSharedFunctionInfoReferences): "(WHAT for NAME)", its
 * DebugName, or "(BASELINE WHAT)" when it has none and the code is the
 * baseline compiler's (the only code a SharedFunctionInfo holds that is
 * no builtin); 0 when neither. */
static int sfi_code_name(struct vh *vh, uint64_t sfi, uint32_t code, const char *what,
			 struct strbuf *out)
{
	struct strbuf name = STRBUF_INIT;
	int named = 1;

	sfi_name(vh, sfi, &name);
	if (name.len)
		strbuf_printf(out, "(%s for %s)", what, strbuf_str(&name));
	else if (vh_code_baseline(vh, code))
		strbuf_printf(out, "(BASELINE %s)", what);
	else
		named = 0;
	strbuf_free(&name);
	return named;
}

/* A Code or InstructionStream, which V8's snapshot leaves nameless
 * (V8HeapExplorer::AddEntry) until a tag names it: a builtin's by the
 * builtins' list, a function's by its SharedFunctionInfo (the holder
 * note_sfi_code kept). V8 10 tags the Code, V8 11 the instructions
 * (its GetCode gives them), from V8 12 both: the Code "(code for NAME)",
 * its instruction stream (whose word at 8 is its Code) "(instruction
 * stream for NAME)". */
static void code_name(struct vh *vh, uint32_t i, struct strbuf *out)
{
	const struct vh_meta *m = &vh->m;
	uint32_t code = i, holder;

	if (vh->obj[i].itype == m->t.code && builtin_code_name(vh, i, out))
		return;
	if (vh->obj[i].itype == m->t.istream && (code = vh_istream_code(vh, i)) == VH_NONE)
		return;
	if (!(holder = code_holder(vh, code)) || holder > vh->nobj)
		return;
	if (m->version[0] == 11 ? code == i : code != i && m->version[0] < 12)
		return;
	sfi_code_name(vh, vh_obj_addr(vh, holder - 1) + 1, code,
		      code != i && m->version[0] >= 12 ? "instruction stream" : "code", out);
}

/* Whether V8 leaves an array of code of type it nameless for a tag: V8
 * 11 every FixedArray's kin; from V8 12 a FixedArray itself and its hash
 * tables (a ScopeInfo's local names), a ByteArray (V8 12's relocation
 * info; V8 13's is a TrustedByteArray, which keeps its name), not the
 * boilerplates and feedback cell arrays it no longer derives from
 * FixedArray, and a constant pool whatever it is (V8 13 tags its
 * TrustedFixedArray over its name). */
static int nameless_code(const struct vh_meta *m, int it, enum tag tag)
{
	return m->version[0] < 12 || it == m->t.fixed_array || it == m->t.fixed_double_array ||
	       m->array_like[it] == 2 ||  /* a ByteArray: V8 12's relocation info */
	       tag == TAG_CONSTANT_POOL || tag == TAG_CONSTANT_POOL_2 ||
	       tag == TAG_CONSTANT_POOL_3 || tag == TAG_LOCAL_NAMES;
}

/* Neither string nor JS object: V8's system entries. */
static enum vh_ntype system_node(struct vh_names *n, uint32_t i, struct strbuf *out)
{
	struct vh *vh = n->vh;
	const struct vh_meta *m = &vh->m;
	int it = vh->obj[i].itype;

	if (it == m->t.symbol) {
		const unsigned char *b = vh_mem(vh, vh_obj_addr(vh, i), 16);
		int private = b && (b[12] & 1);  /* Symbol flags: is_private */
		put(out, private ? "private symbol" : "symbol");
		return private ? NT_HIDDEN : NT_SYMBOL;
	}
	if (it == m->t.heap_number) {
		put(out, "heap number");
		return NT_NUMBER;
	}
	if (it == m->t.bigint) {
		put(out, "bigint");
		return NT_BIGINT;
	}
	if (it == m->t.native_context) {
		put(out, "system / NativeContext");
		return NT_HIDDEN;
	}
	if (it >= m->first_context && it <= m->last_context) {
		put(out, "system / Context");
		return NT_OBJECT;
	}
	if (it == m->t.sfi) {
		if (out)
			sfi_node_name(vh, vh_obj_addr(vh, i) + 1,
				      m->version[0] >= 12 || vh->facts.tag[i] == TAG_SHARED_INFO, out);
		return NT_CODE;
	}
	if (it == m->t.code || it == m->t.istream) {  /* nameless but for a tag */
		if (out)
			code_name(vh, i, out);
		return NT_CODE;
	}
	if (it == m->t.script) {  /* by the script's name (its path or URL), or "" */
		if (out && m->o_script_name >= 0)
			vh_string(vh, vh_field(vh, vh_obj_addr(vh, i) + 1, m->o_script_name), NAME_LIMIT,
				  out);
		return NT_CODE;
	}
	int code = vh->facts.code[i / 64] >> (i % 64) & 1 || m->code_like[it];
	enum tag tag = vh->facts.tag[i] < TAG_COUNT ? vh->facts.tag[i] : TAG_NONE;
	int shape = !code && tag >= TAG_FIRST_SHAPE && vh_is_essential(vh, i);
	if (m->array_like[it] && m->array_like[it] != 3 && it != m->t.weak_fixed_array &&
	    it != m->t.transition_array && it != m->t.embedder_data_array &&
	    (!code || nameless_code(m, it, tag))) {
		/* nameless in V8 (GetSystemEntryName), so named by a tag */
		enum store_role role = role_of(vh, i);
		put(out, role == ROLE_PROPERTIES ? "(object properties)" :
			 role == ROLE_ELEMENTS ? "(object elements)" : tag_names[tag]);
		if (code || shape)
			return code ? NT_CODE : NT_SHAPE;
		return NT_ARRAY;
	}
	if (shape) {  /* named by its type (V8's tag names only a nameless node) */
		if (out)
			system_name(n, it, out);
		return NT_SHAPE;
	}
	if (out && it == m->t.map)
		map_name(n, i, out);
	else if (out)
		system_name(n, it, out);
	if (code)
		return NT_CODE;
	if (m->version[0] < 11)  /* V8 10's snapshots have no "object shape" type */
		return NT_HIDDEN;
	if (it == m->t.map) {
		const struct vh_page *p = vh_page_of(vh, vh_obj_addr(vh, i));
		return p && p->space == SP_RO ? NT_HIDDEN : NT_SHAPE;
	}
	if (it == m->t.descriptors || it == m->t.strong_descriptors ||
	    it == m->t.transition_array || it == m->t.prototype_info || it == m->t.enum_cache)
		return NT_SHAPE;
	return NT_HIDDEN;
}

enum vh_ntype vh_node(struct vh_names *n, uint32_t i, struct strbuf *out)
{
	struct vh *vh = n->vh;
	int it = vh->obj[i].itype;
	uint64_t obj = vh_obj_addr(vh, i) + 1;

	if (vh_is_string_type(vh, it))
		return string_node(vh, obj, it, out ? out : &n->scratch);
	if (it >= vh->m.t.first_receiver)
		return receiver_node(n, obj, it, out);
	return system_node(n, i, out);
}

uint64_t vh_location_function(struct vh_names *n, uint32_t i)
{
	struct vh *vh = n->vh;
	const struct vh_meta *m = &vh->m;
	int it = vh->obj[i].itype;
	uint64_t obj = vh_obj_addr(vh, i) + 1, fn = 0;

	if (vh_is_function_type(vh, it))
		return obj;
	if (it < m->t.first_js_object)
		return 0;
	if (m->js_role[it] == JR_GENERATOR) {  /* its function, at 24 (edges.c) */
		fn = vh_field(vh, obj, 24);
		return vh_is_function_type(vh, vh_itype_of(vh, fn)) ? fn : 0;
	}
	strbuf_reset(&n->scratch);
	constructor_name(n, obj, it, &n->scratch, &fn);
	return fn;
}
