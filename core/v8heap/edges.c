/* core/v8heap/edges.c: the references of one live object, named as a heap
 * snapshot names them where it matters for a retainer path:
 *   - every object: `map` (internal), after the edges below that have
 *     names and before those by word, as V8's IterateAndExtractReferences;
 *   - JavaScript objects: own named properties (property edges, symbols as
 *     "<symbol description>", or "<symbol>", a private name as it is),
 *     `__proto__`, the elements of a FixedArray
 *     backing store as element edges, `properties` and `elements` (internal);
 *     the global object's properties through its PropertyCells;
 *   - functions: `shared` and `context` (internal);
 *   - contexts: their variables by name (context edges) where the snapshot
 *     names them, `scope_info`, `previous` and `extension` (internal);
 *   - property cells: `value` (internal);
 *   - V8's own objects: a Map's fields by name (transitions, descriptors,
 *     prototype, back_pointer or constructor, dependent_code), a
 *     SharedFunctionInfo's, a Script's, a cell's, an AccessorPair's getter
 *     and setter, a DescriptorArray's enum_cache, and the slots of
 *     FixedArrays, DescriptorArrays and weak arrays by index;
 *   - a WeakMap's or WeakSet's table: its keys and values weak, numbered by
 *     element, and an internal edge from it to each value whose key is an
 *     object, named for the pair (build.c makes the key's own such edge);
 *   - every other word that references an object: a hidden edge numbered by
 *     the word, or a weak edge when the reference is weak.
 * A word already given a name is not given a hidden edge too.
 */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

#define MAX_ELEMENTS (1u << 24)

struct walk {
	struct vh *vh;
	const struct vh_edge_sink *s;
	uint64_t obj;                /* tagged */
	uint32_t words;              /* the object's size in words */
	const unsigned char *p;      /* borrowed: its bytes, or NULL when the core
					lacks some */
	uint64_t covered[8];         /* words 0..511 already named */
};

static void cover(struct walk *w, uint64_t slot)
{
	uint64_t k;

	if (!slot || slot < w->obj - 1)
		return;
	k = (slot - (w->obj - 1)) / 8;
	if (k < w->words && k < 512)
		w->covered[k / 64] |= 1ull << (k % 64);
}

static int is_covered(const struct walk *w, uint32_t k)
{
	return k < 512 && (w->covered[k / 64] >> (k % 64) & 1);
}

/* V8HeapExplorer::IsEssentialObject: the snapshot leaves out references
 * to oddballs, holes, four read-only empty arrays and the maps every object
 * of a few types shares: those roots by name (tables.c), else (no root
 * names) every small read-only array and the maps of those types. */
int vh_is_essential(struct vh *vh, uint32_t o)
{
	const struct vh_meta *m = &vh->m;
	int it = vh->obj[o].itype;
	const struct vh_page *p = vh_page_of(vh, vh_obj_addr(vh, o));
	uint16_t described;

	if (it == m->t.oddball)
		return 0;
	if (it == m->t.hole)  /* V8 12 on: only the_hole (uninitialized_value, ... count) */
		return vh->the_hole && vh_obj_addr(vh, o) + 1 != vh->the_hole;
	if (!p || p->space != SP_RO)
		return 1;
	if (vh->ninessential) {  /* by root name, exactly V8's list */
		for (int k = 0; k < vh->ninessential; k++)
			if (vh_obj_addr(vh, o) + 1 == vh->inessential[k])
				return 0;
		return 1;
	}
	if (m->array_like[it] || it == m->t.descriptors || it == m->t.strong_descriptors)
		return vh->obj[o].size > 24;  /* not one of the empty ones */
	const unsigned char *b = it == m->t.map ? vh_mem(vh, vh_obj_addr(vh, o), 16) : NULL;
	if (!b)
		return 1;
	memcpy(&described, b + m->o_itype, 2);
	return described != m->t.fixed_array && described != m->t.cell &&
	       described != m->t.property_cell && described != m->t.sfi &&
	       described != m->t.free_space && described != m->t.filler1 &&
	       described != m->t.filler2 && described != m->t.filler;
}

int vh_is_hole(struct vh *vh, uint32_t o)
{
	const struct vh_meta *m = &vh->m;
	int it = vh->obj[o].itype;
	uint64_t kind;

	if (it == m->t.hole)
		return !vh->the_hole || vh_obj_addr(vh, o) + 1 == vh->the_hole;
	if (it != m->t.oddball || m->oddball_the_hole < 0 || m->o_oddball_kind < 0 ||
	    vh_u64(vh, vh_obj_addr(vh, o) + (uint64_t)m->o_oddball_kind, &kind) < 0)
		return 0;
	return vh_smi(kind) == m->oddball_the_hole;
}

/* vh_find through a small cache: maps, empty arrays, prototypes and
 * shared strings are the targets of most edges. */
static uint32_t find_target(struct vh *vh, uint64_t value)
{
	if (!vh->found)
		vh->found = xcalloc(VH_FOUND_CACHE, sizeof *vh->found);
	struct vh_found *c = &vh->found[(value >> 3) & (VH_FOUND_CACHE - 1)];

	if (c->value != value) {
		c->value = value;
		c->index = vh_find(vh, value);
	}
	return c->index;
}

/* An edge to the object value references (strong, or weak: then a weak
 * edge, as V8's SetWeakReference makes), when a snapshot has edges to it. */
static void emit(struct walk *w, enum vh_etype type, enum vh_name_kind kind, const char *name,
		 uint64_t key_or_index, uint64_t value)
{
	uint32_t to = value & 1 ? find_target(w->vh, value) : VH_NONE;

	if ((value & 3) == 3)
		type = ET_WEAK;
	if (to != VH_NONE && (w->vh->targets[to / 64] >> (to % 64) & 1))
		w->s->emit(w->s->ctx, type, kind, name, key_or_index, to);
}

/* The same for a reference V8 names without asking IsEssentialObject
 * (SetContextReference, SetPropertyReference, SetElementReference): to an
 * oddball (undefined, false) too. */
static uint32_t live_target(struct vh *vh, uint64_t value)
{
	uint32_t to = vh_is_heap(value) ? find_target(vh, value) : VH_NONE;

	return to != VH_NONE && vh_is_live(vh, to) ? to : VH_NONE;
}

static void emit_any(struct walk *w, enum vh_etype type, enum vh_name_kind kind, const char *name,
		     uint64_t key, uint64_t value)
{
	uint32_t to = live_target(w->vh, value);

	if (to != VH_NONE)
		w->s->emit(w->s->ctx, type, kind, name, key, to);
}

/* The word at byte offset off of the object. */
static uint64_t own_field(const struct walk *w, int off)
{
	return vh_obj_word(w->vh, w->obj, w->p, 8 * (uint64_t)w->words, off);
}

/* A field at byte offset off, by name: an edge of type `type` (weak
 * whatever the type when the word is a weak reference), the word covered. */
static void field_edge(struct walk *w, enum vh_etype type, const char *name, int off)
{
	if (off < 0 || (uint32_t)off + 8 > 8 * w->words)
		return;
	emit(w, type, VN_CONST, name, 0, own_field(w, off));
	cover(w, w->obj - 1 + (uint64_t)off);
}

/* A named field (internal edge). */
static void named_field(struct walk *w, const char *name, int off)
{
	field_edge(w, ET_INTERNAL, name, off);
}

/* V8HeapExplorer::ExtractAccessorPairProperty: an accessor is an edge to
 * its AccessorPair, then "get KEY" and "set KEY" to its functions (an
 * AccessorInfo, a native accessor, has none). */
static void accessor(struct walk *w, uint64_t key, uint64_t pair)
{
	struct vh *vh = w->vh;
	uint64_t fn;

	if (vh_itype_of(vh, pair) != vh->m.t.accessor_pair)
		return;
	emit_any(w, ET_PROPERTY, VN_KEY, NULL, key, pair);
	for (int k = 0; k < 2; k++)  /* AccessorPair: map, getter, setter */
		if (vh_itype_of(vh, fn = vh_field(vh, pair, 8 + 8 * k)) != vh->m.t.oddball)
			emit_any(w, ET_PROPERTY, k ? VN_SETTER : VN_GETTER, NULL, key, fn);
}

static void property(void *ctx, uint64_t key, uint64_t value, uint64_t slot, int is_accessor)
{
	struct walk *w = ctx;

	if (!value || !vh_is_heap(key))
		return;
	if (is_accessor)
		accessor(w, key, value);
	else
		emit_any(w, ET_PROPERTY, VN_KEY, NULL, key, value);  /* undefined and false too */
	cover(w, slot);
}

/* A NumberDictionary key's number (a Smi, or a HeapNumber past the Smi
 * range): 0 with *index filled, or -1 when it is no key (undefined: an
 * empty entry; the_hole: a deleted one). */
static int element_key(struct vh *vh, uint64_t k, uint64_t *index)
{
	double d;
	const unsigned char *p;

	if (!(k & 1)) {
		*index = (uint64_t)vh_smi(k);
		return vh_smi(k) >= 0 ? 0 : -1;
	}
	if (vh_itype_of(vh, k) != vh->m.t.heap_number ||
	    !(p = vh_mem(vh, k - 1 + (uint64_t)vh->m.o_heapnum, 8)))
		return -1;
	memcpy(&d, p, 8);
	if (!(d >= 0 && d <= (double)UINT32_MAX))
		return -1;
	*index = (uint64_t)d;
	return 0;
}

/* Dictionary elements (a NumberDictionary: key, value, details an entry):
 * an element edge per entry, by its key, in entry order. */
static void dictionary_elements(struct walk *w, uint64_t dict)
{
	struct vh *vh = w->vh;
	int entry = vh->m.numd_entry;
	uint64_t at, key, index, v;
	uint32_t n;
	const unsigned char *b = entry >= 2 ? vh_dictionary_entries(vh, dict, entry, &at, &n) : NULL;

	for (uint32_t i = 0; b && i < n; i++) {
		memcpy(&key, b + 8 * (uint64_t)entry * i, 8);
		memcpy(&v, b + 8 * (uint64_t)entry * i + 8, 8);
		if (element_key(vh, key, &index) < 0)
			continue;
		uint32_t to = live_target(vh, v);
		if (to != VH_NONE)
			w->s->emit(w->s->ctx, ET_ELEMENT, VN_INDEX, NULL, index, to);
	}
}

/* The object's elements kind (its map's bit_field2), or -1 when the
 * metadata or the core lacks it. */
static int elements_kind(struct walk *w)
{
	const struct vh_meta *m = &w->vh->m;
	uint64_t map = own_field(w, m->o_map);
	const unsigned char *b;

	if (m->ek_mask < 0 || m->ek_shift < 0 || m->o_bf2 < 0 || !vh_is_heap(map) ||
	    !(b = vh_mem(w->vh, map - 1 + (uint64_t)m->o_bf2, 1)))
		return -1;
	return (b[0] & m->ek_mask) >> m->ek_shift;
}

/* ExtractElementReferences: an object's elements by index, from a
 * FixedArray (holes left out) when its elements kind is PACKED_ELEMENTS
 * or HOLEY_ELEMENTS, from a NumberDictionary when it is
 * DICTIONARY_ELEMENTS; none of other kinds (a string wrapper's, a frozen
 * array's). By the backing store's type when the kinds are unknown. */
static void elements(struct walk *w)
{
	struct vh *vh = w->vh;
	const struct vh_meta *m = &vh->m;
	uint64_t el = own_field(w, m->o_elements);

	/* most objects have none: the empty arrays V8's roots name (tables.c's
	 * inessential list, whose arrays are empty) hold no elements */
	for (int k = 0; k < vh->ninessential; k++)
		if (el == vh->inessential[k])
			return;
	int t = vh_itype_of(vh, el), kind = elements_kind(w);

	if (kind >= 0 && m->ek_dictionary >= 0 && m->ek_holey >= 0 && m->ek_packed >= 0) {
		if (kind == m->ek_dictionary && t == m->t.number_dict)
			dictionary_elements(w, el);
		if (kind != m->ek_holey && kind != m->ek_packed)
			return;
	} else if (t == m->t.number_dict && t >= 0) {
		dictionary_elements(w, el);
	}
	if (t != m->t.fixed_array)
		return;
	int64_t n = vh_smi(vh_field(vh, el, vh->m.o_fa_len));
	if (n <= 0 || n > MAX_ELEMENTS)
		return;
	const unsigned char *b = vh_mem(vh, el - 1 + 16, 8 * (uint64_t)n);
	for (int64_t i = 0; b && i < n; i++) {
		uint64_t v;
		memcpy(&v, b + 8 * i, 8);
		uint32_t to = live_target(vh, v);
		if (to != VH_NONE && !vh_is_hole(vh, to))
			w->s->emit(w->s->ctx, ET_ELEMENT, VN_INDEX, NULL, (uint64_t)i, to);
	}
}

/* The map's prototype, through a small cache: objects of a few maps come
 * in turn. */
static uint64_t map_prototype(struct vh *vh, uint64_t map)
{
	struct vh_proto *c = &vh->protos[(map >> 3) & (VH_PROTO_CACHE - 1)];

	if (!map || c->map != map) {
		c->map = map;
		c->proto = vh_field(vh, map, vh->m.o_proto);
	}
	return c->proto;
}

/* A function's prototype (V8: when its map has a prototype slot, bit 7 of
 * bit_field, and it holds no hole): a property edge, and when the slot
 * holds the initial map, its prototype and an internal "initial_map". */
static void prototype(struct walk *w)
{
	struct vh *vh = w->vh;
	const struct vh_meta *m = &vh->m;
	uint64_t map = own_field(w, m->o_map), pm;
	const unsigned char *bf = m->o_map_bf >= 0 ? vh_mem(vh, map - 1 + (uint64_t)m->o_map_bf, 1)
						    : NULL;

	if (!bf || !(bf[0] & 0x80) || m->o_jsf_proto < 0 ||
	    (uint32_t)m->o_jsf_proto + 8 > 8 * w->words)
		return;
	pm = own_field(w, m->o_jsf_proto);
	uint32_t o = live_target(vh, pm);
	if (o == VH_NONE || vh_is_hole(vh, o))
		return;
	if (vh->obj[o].itype != m->t.map) {
		emit_any(w, ET_PROPERTY, VN_CONST, "prototype", 0, pm);
		cover(w, w->obj - 1 + (uint64_t)m->o_jsf_proto);
		return;
	}
	emit_any(w, ET_PROPERTY, VN_CONST, "prototype", 0, map_prototype(vh, pm));
	named_field(w, "initial_map", m->o_jsf_proto);
}

/* A JSBoundFunction (JSObject header, then bound_target_function,
 * bound_this, bound_arguments): its three fields, then a shortcut edge
 * "bound_argument_N" to each bound argument. */
static void bound_function(struct walk *w)
{
	struct vh *vh = w->vh;
	uint64_t args = own_field(w, 40);

	named_field(w, "bindings", 40);
	named_field(w, "bound_this", 32);
	named_field(w, "bound_function", 24);
	if (vh_itype_of(vh, args) != vh->m.t.fixed_array)
		return;
	int64_t n = vh_smi(vh_field(vh, args, vh->m.o_fa_len));
	for (int64_t i = 0; i < n && i < MAX_ELEMENTS; i++) {
		uint32_t to = live_target(vh, vh_field(vh, args, 16 + 8 * (int)i));
		if (to != VH_NONE)  /* SetNativeBindReference: any object */
			w->s->emit(w->s->ctx, ET_SHORTCUT, VN_BOUND_ARG, NULL, (uint64_t)i, to);
	}
}

/* The first word of the three after the JSObject header that references
 * an object of instance type `type` (named `name`): a global object's
 * native_context (V8 10 and 11) and global_proxy, an array view's buffer
 * (V8 13 puts a word before it). */
static void header_field(struct walk *w, const char *name, int type)
{
	for (int off = 24; off <= 40 && (uint32_t)off + 8 <= 8 * w->words; off += 8)
		if (vh_itype_of(w->vh, own_field(w, off)) == type) {
			named_field(w, name, off);
			return;
		}
}

uint64_t vh_backing_store(struct vh *vh, uint32_t o, uint64_t *length)
{
	const struct vh_meta *m = &vh->m;
	uint64_t at = vh_obj_addr(vh, o), store = 0;

	*length = 0;
	if (m->o_ab_store < 0 || m->o_ab_length < 0 ||
	    (uint64_t)m->o_ab_store + 8 > vh->obj[o].size ||
	    (uint64_t)m->o_ab_length + 8 > vh->obj[o].size ||
	    vh_u64(vh, at + (uint64_t)m->o_ab_store, &store) < 0 ||
	    vh_u64(vh, at + (uint64_t)m->o_ab_length, length) < 0 ||
	    *length > (1ull << 53) - 1)  /* past V8's largest: not a buffer's */
		return 0;
	return store;
}

/* ExtractJSArrayBufferReferences: an ArrayBuffer's only named reference,
 * to its backing store (a native node of its length, which the sink has
 * made when it has one: build.c); none of a JS object's (V8 extracts those
 * of every JS object but an ArrayBuffer). */
static void array_buffer(struct walk *w, uint32_t i)
{
	w->s->emit(w->s->ctx, ET_INTERNAL, VN_BACKING_STORE, NULL, 0, i);
}

/* What V8 names before a JS object's own references: a collection's table,
 * a promise's reactions or result, a generator's function, context,
 * receiver and registers (js-collection.tq, js-promise.tq,
 * js-generator.tq: fields after the JSObject header). */
static void role_fields(struct walk *w, int role)
{
	if (role == JR_COLLECTION) {
		named_field(w, "table", 24);
	} else if (role == JR_PROMISE) {
		named_field(w, "reactions_or_result", 24);
	} else if (role == JR_GENERATOR) {
		named_field(w, "function", 24);
		named_field(w, "context", 32);
		named_field(w, "receiver", 40);
		named_field(w, "parameters_and_registers", 72);
	}
}

/* A function's code: its field, or from V8 13 the dispatch table's entry
 * its field names (dispatch.c), the word covered either way. */
static void code_field(struct walk *w)
{
	int off = w->vh->m.o_jsf_code;
	uint64_t code = off >= 0 && (uint32_t)off + 8 <= 8 * w->words ?
			vh_dispatch_code(w->vh, own_field(w, off)) : 0;

	if (!code) {
		named_field(w, "code", off);
		return;
	}
	emit(w, ET_INTERNAL, VN_CONST, "code", 0, code);
	cover(w, w->obj - 1 + (uint64_t)off);
}

/* ExtractJSObjectReferences: own properties, elements, __proto__, the
 * fields of functions, bound functions, the global object and array
 * views, then properties and elements. */
static void receiver(struct walk *w, int it)
{
	struct vh *vh = w->vh;
	const struct vh_meta *m = &vh->m;
	struct vh_bytes own = { w->p, 8 * w->words };

	role_fields(w, m->js_role[it]);
	vh_own_props(vh, w->obj, w->p ? &own : NULL, property, w);
	if (it >= m->t.first_js_object)
		elements(w);
	emit_any(w, ET_PROPERTY, VN_CONST, "__proto__", 0,
		 map_prototype(vh, own_field(w, m->o_map)));  /* null too */
	if (it == m->t.js_bound_function) {
		bound_function(w);
	} else if (vh_is_function_type(vh, it)) {
		prototype(w);
		named_field(w, "feedback_cell", m->o_jsf_feedback);
		named_field(w, "shared", m->o_jsf_shared);
		named_field(w, "context", m->o_jsf_context);
		code_field(w);
	} else if (it == m->t.js_global_object) {
		header_field(w, "native_context", m->t.native_context);
		header_field(w, "global_proxy", m->t.js_global_proxy);
	} else if (m->js_role[it] == JR_VIEW) {
		header_field(w, "buffer", m->t.js_array_buffer);
	}
	named_field(w, "properties", m->o_props);
	if (it >= m->t.first_js_object)
		named_field(w, "elements", m->o_elements);
}

/* ExtractStringReferences, ExtractSymbolReferences. */
static void string_or_symbol(struct walk *w, int it)
{
	const struct vh_meta *m = &w->vh->m;
	int rep = it & m->rep_mask;

	if (it == m->t.symbol) {
		named_field(w, "name", m->o_symbol_name);
	} else if (rep == m->tag_cons) {
		named_field(w, "first", m->o_cons1);
		named_field(w, "second", m->o_cons2);
	} else if (rep == m->tag_sliced) {
		named_field(w, "parent", m->o_sliced_parent);
	} else if (rep == m->tag_thin) {
		named_field(w, "actual", m->o_thin);
	}
}

/* The word of slot i of a Context (a FixedArray: map, length, slots). */
static int slot_offset(uint32_t i)
{
	return 16 + 8 * (int)i;
}

static void context_local(void *ctx, uint64_t name, uint32_t slot)
{
	struct walk *w = ctx;

	if (slot_offset(slot) + 8 > (int)(8 * w->words))
		return;
	emit_any(w, ET_CONTEXT, VN_KEY, NULL, name, own_field(w, slot_offset(slot)));
	cover(w, w->obj - 1 + (uint64_t)slot_offset(slot));
}

/* Context::is_declaration_context, for a context that is no native one. */
static int declares(const struct vh *vh, int it, uint32_t flags)
{
	const struct vh_types *t = &vh->m.t;

	if (it == t->function_context || it == t->script_context || it == t->module_context)
		return 1;
	if (it == t->eval_context)
		return (flags & VH_SCOPE_STRICT) != 0;
	return it == t->block_context && (flags & VH_SCOPE_DECLARATION);
}

/* A native context's own slots, by the names V8's NATIVE_CONTEXT_FIELDS
 * gives them (tables.c); V8 10 adds its lists of optimized code, weak. */
static void native_slots(struct walk *w)
{
	static const char *const code_lists[2] = { "optimized_code_list", "deoptimized_code_list" };
	struct vh *vh = w->vh;
	uint32_t last = 0;

	for (uint32_t i = 0; i < vh->nctx_names; i++) {
		named_field(w, vh->ctx_names[i].name, slot_offset(vh->ctx_names[i].slot));
		if (vh->ctx_names[i].slot > last)
			last = vh->ctx_names[i].slot;
	}
	for (uint32_t k = 0; vh->m.version[0] == 10 && last && k < 2; k++)
		field_edge(w, ET_WEAK, code_lists[k], slot_offset(last + 1 + k));
}

/* V8HeapExplorer::ExtractContextReferences: a declaration context's
 * variables by their names, then its header, then a native context's own
 * slots by name. */
static void context(struct walk *w, int it)
{
	struct vh *vh = w->vh;
	const struct vh_meta *m = &vh->m;
	uint64_t si = own_field(w, slot_offset((uint32_t)m->ctx_scope_info));
	uint32_t flags = vh_scope_flags(vh, si);

	if (it != m->t.native_context && declares(vh, it, flags))
		vh_scope_locals(vh, si, context_local, w);
	named_field(w, "scope_info", slot_offset((uint32_t)m->ctx_scope_info));
	named_field(w, "previous", slot_offset((uint32_t)m->ctx_prev));
	if (vh_scope_has_extension(flags))
		named_field(w, "extension", slot_offset((uint32_t)m->ctx_min_slots));
	if (it == m->t.native_context)
		native_slots(w);
}

/* ExtractJSWeakRefReferences, ExtractWeakCellReferences: fields V8's
 * snapshot counts as weak though the heap holds them strongly (js-weak-refs.tq:
 * a JSWeakRef's target follows the JSObject header; a WeakCell is map,
 * finalization_registry, target, unregister_token, ...). */
static void weak_refs(struct walk *w, int it)
{
	if (it == w->vh->m.t.js_weak_ref) {
		field_edge(w, ET_WEAK, "target", 24);
	} else if (it == w->vh->m.t.weak_cell) {
		field_edge(w, ET_WEAK, "target", 16);
		field_edge(w, ET_WEAK, "unregister_token", 24);
	}
}

/* An EphemeronHashTable is a HashTable: after the FixedArray length, the
 * number of elements, of deleted ones and the capacity, then the entries
 * from element 3, key then value. Element k's byte offset: */
static uint64_t element_offset(const struct vh *vh, uint64_t k)
{
	return (uint64_t)vh->m.o_fa_len + 8 + 8 * (uint64_t)k;
}

uint32_t vh_ephemeron_count(struct vh *vh, uint32_t table)
{
	const struct vh_obj *t = &vh->obj[table];
	uint64_t cap, start = element_offset(vh, 3);

	if (vh_u64(vh, vh_addr_of(vh, t) + element_offset(vh, 2), &cap) < 0 || vh_smi(cap) <= 0 ||
	    t->size < start)
		return 0;
	uint64_t room = (t->size - start) / 16;
	return (uint64_t)vh_smi(cap) < room ? (uint32_t)vh_smi(cap) : (uint32_t)room;
}

int vh_ephemeron_entry(struct vh *vh, uint32_t table, uint32_t entry, struct vh_ephemeron *e,
		       uint64_t *key_word, uint64_t *value_word)
{
	uint64_t a = vh_obj_addr(vh, table) + element_offset(vh, 3 + 2 * (uint64_t)entry);

	*key_word = *value_word = 0;
	if (vh_u64(vh, a, key_word) < 0 || vh_u64(vh, a + 8, value_word) < 0 ||
	    *key_word == vh->undefined)
		return 0;
	e->key = live_target(vh, *key_word);
	e->value = live_target(vh, *value_word);
	e->table = table;
	if (e->key == VH_NONE || e->value == VH_NONE)
		return 0;
	/* undefined unknown (no root names): an oddball key that is no hole */
	return vh->undefined || vh->obj[e->key].itype != vh->m.t.oddball || vh_is_hole(vh, e->key);
}

/* ExtractEphemeronHashTableReferences: each entry's key and value weak
 * (named by element), and the entry's tie from the table to the value. */
static void ephemeron_table(struct walk *w, uint32_t i)
{
	uint32_t n = vh_ephemeron_count(w->vh, i);

	for (uint32_t k = 0; k < n; k++) {
		struct vh_ephemeron e;
		uint64_t key, value;
		int tied = vh_ephemeron_entry(w->vh, i, k, &e, &key, &value);
		emit(w, ET_WEAK, VN_NUMBER, NULL, 3 + 2 * k, key);
		emit(w, ET_WEAK, VN_NUMBER, NULL, 4 + 2 * k, value);
		if (tied)
			w->s->emit(w->s->ctx, ET_INTERNAL, VN_EPHEMERON, &e, 0, e.value);
	}
}

/* ExtractMapReferences: a map's transitions (a weak "transition" to one
 * map, "transitions" to a TransitionArray, "transition" to a FixedArray,
 * "prototype_info" for a prototype map), "descriptors", "prototype", its
 * "native_context" (a context's map) or "back_pointer" (a map) or
 * "constructor_function_data" (a FunctionTemplateInfo) or "constructor",
 * and "dependent_code". */
static void map_fields(struct walk *w)
{
	struct vh *vh = w->vh;
	const struct vh_meta *m = &vh->m;
	uint64_t t = own_field(w, m->o_map_trans), c = own_field(w, m->o_ctor);
	uint16_t described = 0;
	int ti = vh_is_heap(t) ? vh_itype_of(vh, t) : -1, ci = vh_is_heap(c) ? vh_itype_of(vh, c) : -1;
	uint32_t bf3 = 0;

	if (w->p && m->o_itype >= 0 && (uint32_t)m->o_itype + 2 <= 8 * w->words)
		memcpy(&described, w->p + m->o_itype, 2);
	if (w->p && m->o_bf3 >= 0 && (uint32_t)m->o_bf3 + 4 <= 8 * w->words)
		memcpy(&bf3, w->p + m->o_bf3, 4);
	if ((t & 3) == 3)
		field_edge(w, ET_WEAK, "transition", m->o_map_trans);
	else if (ti >= 0 && ti == m->t.transition_array)
		named_field(w, "transitions", m->o_map_trans);
	else if (ti >= 0 && m->indexed[ti])
		named_field(w, "transition", m->o_map_trans);
	else if (ti >= 0 && (bf3 >> m->proto_map_shift & 1))
		named_field(w, "prototype_info", m->o_map_trans);
	named_field(w, "descriptors", m->o_descs);
	named_field(w, "prototype", m->o_proto);
	if (described >= m->first_context && described <= m->last_context)
		named_field(w, "native_context", m->o_ctor);
	else if (ci >= 0 && ci == m->t.map)
		named_field(w, "back_pointer", m->o_ctor);
	else if (ci >= 0 && ci == m->t.function_template_info)
		named_field(w, "constructor_function_data", m->o_ctor);
	else
		named_field(w, "constructor", m->o_ctor);
	named_field(w, "dependent_code", m->o_map_deps);
}

/* ExtractSharedFunctionInfoReferences: its name or scope info, script
 * ("script_or_debug_info" before V8 12), function data (V8 13: the
 * trusted part, the word at 8, a pointer in node's builds, which have no
 * sandbox, and the untrusted part, the word before the name) and outer
 * scope info. */
static void sfi_fields(struct walk *w)
{
	const struct vh_meta *m = &w->vh->m;
	int v13 = m->version[0] >= 13;

	named_field(w, "name_or_scope_info", m->o_sfi_name);
	named_field(w, m->version[0] >= 12 ? "script" : "script_or_debug_info", m->o_sfi_script);
	if (v13) {
		named_field(w, "trusted_function_data", 8);  /* no sandbox: the pointer */
		named_field(w, "untrusted_function_data", m->o_sfi_name - 8);
	}
	else
		named_field(w, "function_data", m->o_sfi_fdata >= 0 ? m->o_sfi_fdata : 8);
	named_field(w, "raw_outer_scope_info_or_feedback_metadata", m->o_sfi_outer);
}

/* ExtractScriptReferences: source, name, context_data (script.tq: two
 * small integers after the name, then it; the type, then line_ends) and
 * line_ends. */
static void script_fields(struct walk *w)
{
	const struct vh_meta *m = &w->vh->m;

	named_field(w, "source", m->o_script_source);
	named_field(w, "name", m->o_script_name);
	if (m->o_script_line_ends >= 16)
		named_field(w, "context_data", m->o_script_line_ends - 16);
	named_field(w, "line_ends", m->o_script_line_ends);
}

/* Slots count..count+n of an array whose first is at byte offset start,
 * by index: a weak reference a weak edge, a strong one an internal edge
 * (ExtractFixedArrayReferences, ExtractWeakArrayReferences and the slots
 * of ExtractDescriptorArrayReferences). Every word from start on is then
 * taken: nothing is left for rest(). */
static void slots(struct walk *w, int start, uint64_t n)
{
	for (uint64_t i = 0, off = (uint64_t)start; i < n && off + 8 <= 8ull * w->words &&
	     off <= INT32_MAX; i++, off += 8) {
		uint64_t v = own_field(w, (int)off);
		if (vh_is_heap(v) || (v & 3) == 3)
			emit(w, (v & 3) == 3 ? ET_WEAK : ET_INTERNAL, VN_NUMBER, NULL, i, v);
	}
}

/* ExtractCodeReferences: from V8 12 the instruction stream (word 4; the
 * word before it, the CodeWrapper, stays a hidden edge), before it the
 * relocation info (word 1); then a baseline compiler's interpreter data
 * and bytecode offset table, other code's deoptimization data and source
 * positions (an embedded builtin's are empty arrays: no edges). */
static void code_fields(struct walk *w, uint32_t i)
{
	int v12 = w->vh->m.version[0] >= 12, at = v12 ? 8 : 16, baseline = vh_code_baseline(w->vh, i);

	if (v12)
		named_field(w, "instruction_stream", 32);
	else
		named_field(w, "relocation_info", 8);
	named_field(w, baseline ? "interpreter_data" : "deoptimization_data", at);
	named_field(w, baseline ? "bytecode_offset_table" : "source_position_table", at + 8);
}

/* A Smi field's value, 0 when it is none. */
static uint64_t smi_field(const struct walk *w, int off)
{
	uint64_t v = off >= 0 ? own_field(w, off) : 0;

	return (v & 1) || vh_smi(v) < 0 ? 0 : (uint64_t)vh_smi(v);
}

/* V8's own objects whose slots the snapshot names (ExtractReferences
 * after the JavaScript ones): 1 when every slot is named, so nothing is
 * left for rest(). */
static int system_fields(struct walk *w, uint32_t i, int it)
{
	struct vh *vh = w->vh;
	const struct vh_meta *m = &vh->m;
	int len = m->o_fa_len;

	if (it == m->t.map) {
		map_fields(w);
	} else if (it == m->t.sfi) {
		sfi_fields(w);
	} else if (it == m->t.script) {
		script_fields(w);
	} else if (it == m->t.code) {
		code_fields(w, i);
	} else if (it == m->t.istream && m->version[0] >= 12) {
		/* ExtractInstructionStreamReferences (the objects its machine
		 * code embeds, hidden edges in V8's snapshot, are not read) */
		named_field(w, "code", 8);
		named_field(w, "relocation_info", 16);
	} else if (it == m->t.array_boilerplate) {  /* elements kind, then them */
		named_field(w, "constant_elements", 16);
	} else if (it == m->t.feedback_cell || it == m->t.cell) {  /* map, then value */
		named_field(w, "value", m->o_cell_value);
	} else if (it == m->t.accessor_info) {  /* map, name, data */
		named_field(w, "name", 8);
		named_field(w, "data", 16);
	} else if (it == m->t.accessor_pair) {
		named_field(w, "getter", m->o_pair_get);
		named_field(w, "setter", m->o_pair_set);
	} else if ((it == m->t.descriptors || it == m->t.strong_descriptors) &&
		   m->o_desc_header >= 16 && w->p) {
		uint16_t all;  /* number_of_all_descriptors: the int16 after the map */
		memcpy(&all, w->p + 8, 2);
		named_field(w, "enum_cache", m->o_desc_header - 8);
		slots(w, m->o_desc_header, 3ull * all);
		return 1;
	} else if (it == m->t.weak_fixed_array && len >= 0) {
		slots(w, len + 8, smi_field(w, len));
		return 1;
	} else if (it == m->t.weak_array_list && len >= 0) {  /* capacity, then length */
		slots(w, len + 16, smi_field(w, len + 8));
		return 1;
	} else if (m->indexed[it] && len >= 0) {
		slots(w, len + 8, smi_field(w, len));
		return 1;
	}
	return 0;
}

int vh_code_baseline(const struct vh *vh, uint32_t c)
{
	const struct vh_meta *m = &vh->m;
	const unsigned char *b;
	uint32_t flags;

	if (c == VH_NONE || vh->obj[c].itype != m->t.code || m->o_code_flags < 0 ||
	    m->code_kind_mask <= 0 || m->code_kind_baseline < 0 ||
	    (uint64_t)m->o_code_flags + 4 > vh->obj[c].size ||
	    !(b = vh_mem(vh, vh_obj_addr(vh, c) + (uint64_t)m->o_code_flags, 4)))
		return 0;
	memcpy(&flags, b, 4);
	return (int)((flags & (uint32_t)m->code_kind_mask) >> m->code_kind_shift) ==
	       m->code_kind_baseline;
}

uint32_t vh_istream_code(const struct vh *vh, uint32_t i)
{
	uint64_t w;
	uint32_t c;

	if (vh->m.t.istream < 0 || vh->obj[i].itype != vh->m.t.istream || vh->obj[i].size < 16 ||
	    vh_u64(vh, vh_obj_addr(vh, i) + 8, &w) < 0 || (w & 3) != 1 ||
	    (c = vh_find(vh, w)) == VH_NONE || vh->obj[c].itype != vh->m.t.code)
		return VH_NONE;
	return c;
}

/* Machine code lies in an InstructionStream (V8 11 on), or inside the
 * Code itself (V8 10). */
int vh_code_embeds(const struct vh *vh, uint32_t i, uint32_t *from, uint32_t *to)
{
	const struct vh_meta *m = &vh->m;
	const struct vh_obj *o = &vh->obj[i];
	int64_t start = -1;

	if (m->t.istream >= 0 && o->itype == m->t.istream && m->scan[o->itype] == SCAN_ISTREAM &&
	    vh_code_baseline(vh, vh_istream_code(vh, i)))
		start = m->o_istream_start;
	else if (m->t.istream < 0 && o->itype == m->t.code && m->o_code_inline_start >= 40 &&
		 vh_code_baseline(vh, i))
		start = m->o_code_inline_start;
	if (start < 0 || (uint64_t)start + 8 > o->size)
		return 0;
	*from = (uint32_t)start;
	*to = o->size;
	return 1;
}

/* What is left: hidden (strong) and weak edges, numbered as V8's
 * IndexedReferencesExtractor numbers them: from 0, a number for every word
 * not named above that references an object, whether or not it makes an
 * edge. */
static void rest(struct walk *w, uint32_t i)
{
	uint32_t from, to, next = 0;
	const unsigned char *p = w->p;

	if (!p)
		return;
	vh_scan_range(w->vh, i, &from, &to);
	for (uint32_t k = from; k < to; k++) {
		uint64_t v;
		memcpy(&v, p + 8 * k, 8);
		if (!(v & 1) || is_covered(w, k))
			continue;
		if (v & 2)
			emit(w, ET_WEAK, VN_NUMBER, NULL, next++, v);
		else
			emit(w, ET_HIDDEN, VN_INDEX, NULL, next++, v);
	}
	/* then what baseline code embeds, in the order of its instructions
	 * (V8's RelocIterator; a baseline code's objects are strong) */
	if (vh_code_embeds(w->vh, i, &from, &to))
		for (uint32_t k = from; k + 8 <= to; k++) {
			uint64_t v;
			memcpy(&v, p + k, 8);
			if ((v & 3) == 1 && find_target(w->vh, v) != VH_NONE)
				emit(w, ET_HIDDEN, VN_INDEX, NULL, next++, v);
		}
}

void vh_edges(struct vh *vh, struct vh_names *n, uint32_t i, const struct vh_edge_sink *s)
{
	struct walk w = { .vh = vh, .s = s, .obj = vh_obj_addr(vh, i) + 1,
			  .words = vh->obj[i].size / 8 };
	int it = vh->obj[i].itype, all = 0;

	w.p = vh_mem(vh, vh_obj_addr(vh, i), 8 * (uint64_t)w.words);
	(void)n;
	if (it == vh->m.t.js_weak_ref || it == vh->m.t.weak_cell)
		weak_refs(&w, it);  /* a WeakRef's before its object's, as V8 */
	if (it == vh->m.t.js_array_buffer && it >= 0)
		array_buffer(&w, i);
	else if (it >= vh->m.t.first_receiver)
		receiver(&w, it);
	else if (it >= vh->m.first_context && it <= vh->m.last_context && vh->m.ctx_min_slots >= 0)
		context(&w, it);
	else if (it == vh->m.t.property_cell) {  /* then dependent_code (property-cell.tq) */
		named_field(&w, "value", vh->m.cell_value);
		named_field(&w, "dependent_code", vh->m.cell_value + 8);
	}
	else if (it < vh->m.first_nonstring || it == vh->m.t.symbol)
		string_or_symbol(&w, it);
	else if (it == vh->m.t.ephemeron_table)
		ephemeron_table(&w, i);
	else
		all = system_fields(&w, i, it);
	named_field(&w, "map", vh->m.o_map);  /* after the named ones, as V8 */
	if (it != vh->m.t.ephemeron_table && !all)  /* the table's other words are numbers */
		rest(&w, i);
}
