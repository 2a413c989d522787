/* core/v8heap/pnames.c: a model part's edge names in 16 bits while the
 * parts are built (build.c), as the model then keeps them
 * (core/heap/enames.c): 2 bytes an edge rather than 4, when a dense
 * core's parts hold 160 million edges at once.
 *
 * A name is an index (element, hidden edges), a string of the part's own
 * table, or VH_NUMBER_NAME | k, the model's string of number k (an array's
 * slots). Codes: an index below 65,535 as it is; a part's string a code
 * of its own, first come, while the 32,768 last (the property names of
 * its objects); number k as 32,768 + k, below 32,767. The rest beside, in
 * runs by edge (an array of more slots or elements: one run). */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define LOCAL_CODES 0x8000u
#define NUMBER_CODES (MT_HEAP_ENAME_FAR - LOCAL_CODES)

void vh_pnames_free(struct vh_pnames *p)
{
	free(p->uses);
	free(p->code);
	free(p->local);
	free(p->code_of);
	free(p->far.v);
	memset(p, 0, sizeof *p);
}

void vh_pnames_grow(struct vh_pnames *p, uint32_t cap)
{
	p->code = xreallocarray(p->code, cap, sizeof *p->code);
	if (!p->uses)
		p->uses = xcalloc(MT_HEAP_ENAME_FAR, sizeof *p->uses);
}

/* The part's code of its string s, or MT_HEAP_ENAME_FAR once all are
 * taken. */
static uint16_t local_code(struct vh_pnames *p, uint32_t s)
{
	if (s >= p->code_of_cap) {
		uint32_t cap = s + 1 > 2 * p->code_of_cap ? s + 1 : 2 * p->code_of_cap;
		p->code_of = xreallocarray(p->code_of, cap, sizeof *p->code_of);
		memset(p->code_of + p->code_of_cap, 0, (cap - p->code_of_cap) * sizeof *p->code_of);
		p->code_of_cap = cap;
	}
	if (p->code_of[s])
		return (uint16_t)(p->code_of[s] - 1);
	if (p->nlocal == LOCAL_CODES)
		return MT_HEAP_ENAME_FAR;
	if (p->nlocal == p->local_cap) {
		p->local_cap = p->local_cap ? 2 * p->local_cap : 256;
		p->local = xreallocarray(p->local, p->local_cap, sizeof *p->local);
	}
	p->local[p->nlocal] = s;
	p->code_of[s] = (uint16_t)++p->nlocal;
	return (uint16_t)(p->nlocal - 1);
}

void vh_pnames_put(struct vh_pnames *p, uint32_t e, int by_string, uint32_t name)
{
	uint16_t c = MT_HEAP_ENAME_FAR;

	if (!by_string) {
		if (name < MT_HEAP_ENAME_FAR)
			c = (uint16_t)name;
	} else if (name & VH_NUMBER_NAME) {
		if ((name & ~VH_NUMBER_NAME) < NUMBER_CODES)
			c = (uint16_t)(LOCAL_CODES + (name & ~VH_NUMBER_NAME));
	} else {
		c = local_code(p, name);
	}
	if (c == MT_HEAP_ENAME_FAR)
		mt_heap_far_put(&p->far, e, name);
	else if (by_string && p->uses[c] < UINT16_MAX)
		p->uses[c]++;
	p->code[e] = c;
}

uint32_t vh_pnames_code_name(const struct vh_pnames *p, uint16_t c)
{
	return c >= LOCAL_CODES ? VH_NUMBER_NAME | (c - LOCAL_CODES) : p->local[c];
}

uint32_t vh_pnames_get(const struct vh_pnames *p, uint32_t *run, uint32_t e, int by_string)
{
	uint16_t c = p->code[e];

	if (c == MT_HEAP_ENAME_FAR) {  /* edges read in order: the runs too */
		while (*run + 1 < p->far.n && p->far.v[*run].edge + p->far.v[*run].count <= e)
			++*run;
		return p->far.v[*run].name + (e - p->far.v[*run].edge);
	}
	if (!by_string)
		return c;
	return vh_pnames_code_name(p, c);
}
