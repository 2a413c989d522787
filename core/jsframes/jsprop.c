/* core/jsframes/jsprop.c: a fast property's PropertyDetails, as V8's
 * postmortem metadata (v8dbg_prop_*) describes them: what kind of property
 * it is and where its value is kept. The one reading of them for the
 * verdict's thrown error (jsverdict.c) and the core's heap (core/v8heap's
 * props.c). */
#include "core/jsframes/jsmeta.h"

#include <stddef.h>

int js_prop_bits_load(const struct js_v8 *v, struct js_prop_bits *b, const char **bad)
{
	static const struct { size_t off; const char *name; int shift; } need[] = {
#define P(f, name, shift) { offsetof(struct js_prop_bits, f), name, shift }
		P(loc_mask, "prop_location_mask", 0), P(loc_shift, "prop_location_shift", 1),
		P(loc_field, "prop_location_Field", 0), P(kind_mask, "prop_kind_mask", 0),
		P(kind_data, "prop_kind_Data", 0), P(index_mask, "prop_index_mask", 0),
		P(index_shift, "prop_index_shift", 1),
#undef P
	};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		int *f = (int *)((char *)b + need[i].off);
		*f = js_v8_const(v, need[i].name);
		/* details are a 32-bit Smi's: a hostile shift past them would be
		 * undefined in C (a core's own values come before the binary's) */
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
