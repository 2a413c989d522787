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

#include <string.h>

#define MAX_DICT (1u << 22)

static int itype(struct vh *vh, uint64_t w)
{
	return vh_itype_of(vh, w);
}

static void dictionary(struct vh *vh, uint64_t d, int entry, int cells, vh_prop_fn fn,
		       void *ctx)
{
	const struct vh_meta *m = &vh->m;
	int64_t cap = vh_smi(vh_field(vh, d, 16 + 8 * 2)); /* elements, deleted, capacity */
	uint64_t start = (uint64_t)(3 + m->nd_prefix);

	if (cap <= 0 || cap > MAX_DICT || entry <= 0)
		return;
	const unsigned char *b = vh_mem(vh, d - 1 + 16 + 8 * start, 8 * (uint64_t)entry * (uint64_t)cap);
	if (!b)
		return;
	for (int64_t i = 0; i < cap; i++) {
		uint64_t key, val = 0;
		memcpy(&key, b + 8 * (uint64_t)entry * (uint64_t)i, 8);
		if (!vh_is_heap(key))
			continue;
		int kt = itype(vh, key);
		if (cells) {
			if (kt != m->t.property_cell)
				continue;
			fn(ctx, vh_field(vh, key, m->cell_name), vh_field(vh, key, m->cell_value), 0);
			continue;
		}
		if (kt < 0 || (!vh_is_string_type(vh, kt) && kt != m->t.symbol))
			continue;  /* undefined: empty; the_hole: deleted */
		if (entry > 1)
			memcpy(&val, b + 8 * (uint64_t)entry * (uint64_t)i + 8, 8);
		fn(ctx, key, val, d - 1 + 16 + 8 * (start + (uint64_t)entry * (uint64_t)i) + 8);
	}
}

static void descriptors(struct vh *vh, uint64_t obj, uint64_t map, const unsigned char *mb,
			vh_prop_fn fn, void *ctx)
{
	const struct vh_meta *m = &vh->m;
	uint32_t bf3;
	memcpy(&bf3, mb + m->o_bf3, 4);
	uint32_t nown = (bf3 & (uint32_t)m->nod_mask) >> m->nod_shift;
	uint64_t descs = vh_field(vh, map, m->o_descs), props = 0;
	int dt = itype(vh, descs);
	uint32_t in_words = mb[m->o_isize], in_start = mb[m->o_inobj_start];
	uint32_t n_inobj = in_words > in_start ? in_words - in_start : 0;

	if (!nown || (dt != m->t.descriptors && dt != m->t.strong_descriptors))
		return;
	const unsigned char *b = vh_mem(vh, descs - 1 + (uint64_t)m->o_desc_header,
					8 * (uint64_t)m->desc_size * nown);
	if (!b)
		return;
	for (uint32_t i = 0; i < nown; i++) {
		uint64_t key, details, value, slot = 0;
		const unsigned char *e = b + 8 * (uint64_t)m->desc_size * i;
		memcpy(&key, e + 8 * m->desc_key, 8);
		memcpy(&details, e + 8 * m->desc_details, 8);
		memcpy(&value, e + 8 * m->desc_value, 8);
		int64_t d = vh_smi(details);
		if ((d & m->kind_mask) != m->kind_data) {
			fn(ctx, key, 0, 0);  /* an accessor */
			continue;
		}
		if (((d & m->loc_mask) >> m->loc_shift) != m->loc_field) {
			fn(ctx, key, value, 0);  /* a constant in the descriptor */
			continue;
		}
		uint64_t idx = (uint64_t)((d & m->index_mask) >> m->index_shift);
		if (idx < n_inobj) {
			slot = obj - 1 + 8 * (in_start + idx);
		} else {
			if (!props)
				props = vh_field(vh, obj, m->o_props);
			if (itype(vh, props) != m->t.property_array)
				continue;
			slot = props - 1 + 16 + 8 * (idx - n_inobj);
		}
		if (vh_u64(vh, slot, &value) == 0)
			fn(ctx, key, value, slot);
	}
}

void vh_own_props(struct vh *vh, uint64_t obj, vh_prop_fn fn, void *ctx)
{
	const struct vh_meta *m = &vh->m;
	uint64_t map = vh_field(vh, obj, m->o_map);
	const unsigned char *mb = vh_is_heap(map) ? vh_mem(vh, map - 1, 24) : NULL;
	uint32_t bf3;

	if (!mb)
		return;
	memcpy(&bf3, mb + m->o_bf3, 4);
	if (!(bf3 >> m->dict_shift & 1)) {
		descriptors(vh, obj, map, mb, fn, ctx);
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
	strbuf_puts(out, "<symbol ");
	vh_string(vh, vh_field(vh, key, vh->m.o_symbol_name), 1024, out);
	strbuf_putc(out, '>');
	return 0;
}
