/* core/v8heap/props.c: the own named properties of a JavaScript object.
 *
 * A fast map lists them in its DescriptorArray (key, details, value per
 * descriptor): a field lives in the object (index below the in-object
 * count) or in its PropertyArray; a descriptor constant holds the value
 * itself. A dictionary map keeps them in a NameDictionary (key, value,
 * details per entry); the global object in a GlobalDictionary of
 * PropertyCells. Every count is checked against the bytes present.
 */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DICT (1u << 22)

/* A fast map's properties as its descriptors say, read once per map: most
 * objects share their map with thousands of others. */
enum { AT_ACCESSOR = -1, AT_CONSTANT = -2 };
struct shape_prop {
	uint64_t key, value;         /* value: the constant, for AT_CONSTANT */
	int64_t at;                  /* word in the object (>= 0), or in the
					PropertyArray (~index), or AT_* */
	int in_object;
};
struct vh_shapes {
	struct vh_u64map by_map;     /* owned: map -> its shape's index */
	uint32_t *first;             /* owned: per shape, its props in pool[first..] */
	uint32_t *count;             /* owned */
	size_t n;
	struct shape_prop *pool;     /* owned */
	size_t npool, pool_cap;
};

static int itype(struct vh *vh, uint64_t w)
{
	return vh_itype_of(vh, w);
}

/* Dictionary d's prefix: the words between its three counts and its
 * entries, read from its own length (3 + prefix + capacity * entry); -1
 * when the length says otherwise (a damaged table). The metadata has a
 * NameDictionary's prefix only, and a GlobalDictionary's differs from V8
 * 11 on: 2 (BaseNameDictionaryShape's) where a NameDictionary has 3 (a
 * flags word); a NumberDictionary's is 1. */
static int64_t dictionary_prefix(struct vh *vh, uint64_t d, int64_t cap, int entry)
{
	int64_t prefix = vh_smi(vh_field(vh, d, vh->m.o_fa_len)) - 3 - cap * entry;

	return prefix >= 0 && prefix <= 8 ? prefix : -1;
}

const unsigned char *vh_dictionary_entries(struct vh *vh, uint64_t d, int entry, uint64_t *at,
					   uint32_t *n)
{
	int64_t cap = vh_smi(vh_field(vh, d, 16 + 8 * 2)); /* elements, deleted, capacity */

	*n = 0;
	if (cap <= 0 || cap > MAX_DICT || entry <= 0)
		return NULL;
	int64_t prefix = dictionary_prefix(vh, d, cap, entry);
	if (prefix < 0)
		return NULL;
	*at = d - 1 + 16 + 8 * (uint64_t)(3 + prefix);
	const unsigned char *b = vh_mem(vh, *at, 8 * (uint64_t)entry * (uint64_t)cap);
	if (b)
		*n = (uint32_t)cap;
	return b;
}

static void dictionary(struct vh *vh, uint64_t d, int entry, int cells, vh_prop_fn fn,
		       void *ctx)
{
	const struct vh_meta *m = &vh->m;
	uint64_t at = 0;
	uint32_t cap;
	const unsigned char *b = vh_dictionary_entries(vh, d, entry, &at, &cap);

	for (uint32_t i = 0; i < cap; i++) {
		uint64_t key, val = 0;
		memcpy(&key, b + 8 * (uint64_t)entry * (uint64_t)i, 8);
		if (!vh_is_heap(key))
			continue;
		int kt = itype(vh, key);
		if (cells) {
			if (kt != m->t.property_cell)
				continue;
			uint64_t v = vh_field(vh, key, m->cell_value);
			int vt = vh_itype_of(vh, v);  /* an accessor's cell holds its pair, or
							 an AccessorInfo (node 22's lazy globals) */
			fn(ctx, vh_field(vh, key, m->cell_name), v, 0,
			   vt >= 0 && (vt == m->t.accessor_pair || vt == m->t.accessor_info));
			continue;
		}
		if (kt < 0 || (!vh_is_string_type(vh, kt) && kt != m->t.symbol))
			continue;  /* undefined: empty; the_hole: deleted */
		uint64_t details = 0;
		if (entry > 1)
			memcpy(&val, b + 8 * (uint64_t)entry * (uint64_t)i + 8, 8);
		if (entry > 2)  /* key, value, details */
			memcpy(&details, b + 8 * (uint64_t)entry * (uint64_t)i + 16, 8);
		uint64_t index;
		fn(ctx, key, val, at + 8 * (uint64_t)entry * i + 8,
		   entry > 2 && js_prop_where(&m->prop, vh_smi(details), &index) ==
				JS_PROP_ACCESSOR);
	}
}

/* The map's descriptors as shape_props appended to the pool. */
static void read_descriptors(struct vh *vh, uint64_t map, const unsigned char *mb,
			     struct vh_shapes *sh)
{
	const struct vh_meta *m = &vh->m;
	uint32_t bf3;
	memcpy(&bf3, mb + m->o_bf3, 4);
	uint32_t nown = js_prop_own_descriptors(&m->prop, bf3);
	uint64_t descs = vh_field(vh, map, m->o_descs);
	int dt = itype(vh, descs);
	uint32_t in_words = mb[m->o_isize], in_start = mb[m->o_inobj_start];
	uint32_t n_inobj = in_words > in_start ? in_words - in_start : 0;

	if (!nown || (dt != m->t.descriptors && dt != m->t.strong_descriptors))
		return;
	const unsigned char *b = vh_mem(vh, descs - 1 + (uint64_t)m->o_desc_header,
					8 * (uint64_t)m->desc_size * nown);
	for (uint32_t i = 0; b && i < nown; i++) {
		struct shape_prop p = { 0 };
		uint64_t details;
		const unsigned char *e = b + 8 * (uint64_t)m->desc_size * i;
		memcpy(&p.key, e + 8 * m->desc_key, 8);
		memcpy(&details, e + 8 * m->desc_details, 8);
		uint64_t idx;
		enum js_prop_where where = js_prop_where(&m->prop, vh_smi(details), &idx);
		if (where == JS_PROP_ACCESSOR) {
			p.at = AT_ACCESSOR;  /* its AccessorPair or AccessorInfo */
			memcpy(&p.value, e + 8 * m->desc_value, 8);
		} else if (where == JS_PROP_CONSTANT) {
			p.at = AT_CONSTANT;
			memcpy(&p.value, e + 8 * m->desc_value, 8);
		} else if (idx < n_inobj) {
			p.at = (int64_t)(in_start + idx);
			p.in_object = 1;
		} else {
			p.at = (int64_t)(idx - n_inobj);
		}
		if (sh->npool == sh->pool_cap) {
			sh->pool_cap = sh->pool_cap ? sh->pool_cap * 2 : 1024;
			sh->pool = xreallocarray(sh->pool, sh->pool_cap, sizeof *sh->pool);
		}
		sh->pool[sh->npool++] = p;
	}
}

/* The map's properties, read on first use. */
static const struct shape_prop *shape_of(struct vh *vh, uint64_t map, const unsigned char *mb,
					 uint32_t *n)
{
	struct vh_shapes *sh = vh->shapes ? vh->shapes : (vh->shapes = xcalloc(1, sizeof *sh));
	int fresh;
	uint32_t *k = vh_u64map_slot(&sh->by_map, map, &fresh);

	if (fresh) {
		sh->first = xreallocarray(sh->first, sh->n + 1, sizeof *sh->first);
		sh->count = xreallocarray(sh->count, sh->n + 1, sizeof *sh->count);
		sh->first[sh->n] = (uint32_t)sh->npool;
		read_descriptors(vh, map, mb, sh);
		sh->count[sh->n] = (uint32_t)(sh->npool - sh->first[sh->n]);
		*k = (uint32_t)sh->n++;
	}
	*n = sh->count[*k];
	return *n ? sh->pool + sh->first[*k] : NULL;
}

static void descriptors(struct vh *vh, uint64_t obj, const struct vh_bytes *own, uint64_t map,
			const unsigned char *mb, vh_prop_fn fn, void *ctx)
{
	uint32_t n;
	const struct shape_prop *p = shape_of(vh, map, mb, &n);
	uint64_t props = 0, value, slot;

	for (uint32_t i = 0; i < n; i++) {
		if (p[i].at == AT_ACCESSOR || p[i].at == AT_CONSTANT) {
			fn(ctx, p[i].key, p[i].value, 0, p[i].at == AT_ACCESSOR);
			continue;
		}
		if (p[i].in_object) {
			slot = obj - 1 + 8 * (uint64_t)p[i].at;
			if (own && 8 * (uint64_t)p[i].at + 8 <= own->size) {
				memcpy(&value, own->p + 8 * p[i].at, 8);
				fn(ctx, p[i].key, value, slot, 0);
				continue;
			}
		} else {
			if (!props)
				props = vh_field(vh, obj, vh->m.o_props);
			if (itype(vh, props) != vh->m.t.property_array)
				continue;
			slot = props - 1 + 16 + 8 * (uint64_t)p[i].at;
		}
		if (vh_u64(vh, slot, &value) == 0)
			fn(ctx, p[i].key, value, slot, 0);
	}
}

void vh_props_free(struct vh *vh)
{
	struct vh_shapes *sh = vh->shapes;

	if (!sh)
		return;
	vh_u64map_free(&sh->by_map);
	free(sh->first);
	free(sh->count);
	free(sh->pool);
	free(sh);
	vh->shapes = NULL;
}

void vh_own_props(struct vh *vh, uint64_t obj, const struct vh_bytes *own, vh_prop_fn fn,
		  void *ctx)
{
	const struct vh_meta *m = &vh->m;
	uint64_t map;

	if (own && m->o_map >= 0 && (uint32_t)m->o_map + 8 <= own->size)
		memcpy(&map, own->p + m->o_map, 8);
	else
		map = vh_field(vh, obj, m->o_map);
	const unsigned char *mb = vh_is_heap(map) ? vh_mem(vh, map - 1, 24) : NULL;
	uint32_t bf3;

	if (!mb)
		return;
	memcpy(&bf3, mb + m->o_bf3, 4);
	if (!js_prop_dictionary_map(&m->prop, bf3)) {
		descriptors(vh, obj, own, map, mb, fn, ctx);
		return;
	}
	uint64_t props = vh_field(vh, obj, m->o_props);
	if (itype(vh, props) == m->t.name_dict)
		dictionary(vh, props, m->nd_entry, 0, fn, ctx);
	else if (itype(vh, obj) == m->t.js_global_object && m->o_global_dict >= 0) {
		uint64_t gd = vh_field(vh, obj, m->o_global_dict);
		if (itype(vh, gd) == m->t.global_dict)
			dictionary(vh, gd, m->gd_entry, 1, fn, ctx);
	}
}

int vh_key_name(struct vh *vh, uint64_t key, struct strbuf *out)
{
	int t = itype(vh, key);

	if (t < 0)
		return -1;
	if (vh_is_string_type(vh, t))
		return vh_string(vh, key, 1024, out);
	if (t != vh->m.t.symbol)
		return -1;
	/* StringsStorage::GetSymbol: "<symbol DESCRIPTION>", "<symbol>" when
	 * the description is no string, a private name (a class's #field;
	 * Symbol flags bit 4, symbol.tq) by its description alone */
	uint64_t desc = vh_field(vh, key, vh->m.o_symbol_name);
	uint32_t o = vh_find(vh, key);
	int at = vh->m.o_symbol_name - 4;  /* its flags: the word's half before */
	const unsigned char *b = o != VH_NONE && at >= 8 && (uint32_t)at + 4 <= vh->obj[o].size ?
				 vh_mem(vh, key - 1 + (uint64_t)at, 4) : NULL;
	if (!vh_is_string_type(vh, vh_itype_of(vh, desc))) {
		strbuf_puts(out, "<symbol>");
		return 0;
	}
	if (b && (b[0] >> 4 & 1))
		return vh_string(vh, desc, 1024, out);
	strbuf_puts(out, "<symbol ");
	vh_string(vh, desc, 1024, out);
	strbuf_putc(out, '>');
	return 0;
}
