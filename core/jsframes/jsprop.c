/* core/jsframes/jsprop.c: how an object's own properties are told, as
 * V8's postmortem metadata describes them: its map's bit_field3 (a
 * dictionary map? how many descriptors it owns?) and a fast property's
 * PropertyDetails (what kind of property, where its value is kept). The
 * one reading of them for the verdict's thrown error (jsverdict.c) and the
 * core's heap (core/v8heap's props.c, names.c). */
#include "core/jsframes/jsmeta.h"

#include <stddef.h>
#include <stdint.h>

int js_prop_bits_load(const struct js_v8 *v, struct js_prop_bits *b, const char **bad)
{
	static const struct { size_t off; const char *name; int shift; } need[] = {
#define P(f, name, shift) { offsetof(struct js_prop_bits, f), name, shift }
		P(nod_mask, "bit_field3_number_of_own_descriptors_mask", 0),
		P(nod_shift, "bit_field3_number_of_own_descriptors_shift", 1),
		P(dict_shift, "bit_field3_is_dictionary_map_shift", 1),
		P(loc_mask, "prop_location_mask", 0), P(loc_shift, "prop_location_shift", 1),
		P(loc_field, "prop_location_Field", 0), P(kind_mask, "prop_kind_mask", 0),
		P(kind_data, "prop_kind_Data", 0), P(index_mask, "prop_index_mask", 0),
		P(index_shift, "prop_index_shift", 1),
#undef P
	};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		int *f = (int *)((char *)b + need[i].off);
		*f = js_v8_const(v, need[i].name);
		/* bit_field3 and details are 32 bits: a hostile shift past them
		 * would be undefined in C (a core's own values come before the
		 * binary's) */
		if (*f == JS_NONE || (need[i].shift && (*f < 0 || *f > 31))) {
			if (bad)
				*bad = need[i].name;
			return -1;
		}
	}
	return 0;
}

enum js_prop_where js_prop_where(const struct js_prop_bits *b, int64_t details, uint64_t *index)
{
	*index = (uint64_t)((details & b->index_mask) >> b->index_shift);
	if ((details & b->kind_mask) != b->kind_data)
		return JS_PROP_ACCESSOR;
	if (((details & b->loc_mask) >> b->loc_shift) != b->loc_field)
		return JS_PROP_CONSTANT;
	return JS_PROP_FIELD;
}

int js_prop_dictionary_map(const struct js_prop_bits *b, uint32_t bf3)
{
	return bf3 >> b->dict_shift & 1;
}

uint32_t js_prop_own_descriptors(const struct js_prop_bits *b, uint32_t bf3)
{
	return (bf3 & (uint32_t)b->nod_mask) >> b->nod_shift;
}
