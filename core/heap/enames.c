/* core/heap/enames.c: edges' names in 16 bits (heap.h, mt_heap_ename).
 *
 * An edge named by an index (element, hidden) keeps an index below
 * MT_HEAP_ENAME_FAR as it is; an edge named by a string keeps a code, the
 * string's position in h->ename_str, a table of the few strings edges are
 * named by (property names, "map", "elements", ...). The rest (indexes
 * of 65,535 and more, strings past the table's 65,534) are FAR, their
 * names kept beside in runs by edge: a run's edges are named name,
 * name + 1, ... (an array's elements past 65,534, most of the time one
 * run). An edge costs 2 bytes rather than 4:
 * a dense core's model has 2.6 of them an object.
 *
 * Codes go to the strings that name the most edges (mt_heap_enamer_choose,
 * after a count of each string's uses): a core's arrays name millions of
 * slots by number strings used once or twice, which must not take the
 * table from the property names every object uses. Then any number of
 * threads name edges at once (the codes are only read). */
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define USES_MAX 0xffff          /* counts saturate there */
#define FAR_BLOCK_BITS 12

/* The run each thread found last: the passes read edges in order, and
 * an array's slots are one run (a model's far is fixed once made). */
static __thread const struct mt_heap_far *last_run;

uint32_t mt_heap_ename_far(const struct mt_heap *h, uint32_t e)
{
	uint32_t b = e >> FAR_BLOCK_BITS, first, end;
	const struct mt_heap_far *r = last_run;
	size_t k;

	if (r && (uintptr_t)r - (uintptr_t)h->far < (uintptr_t)h->nfar * sizeof *r &&
	    e - r->edge < r->count)  /* one of this model's runs */
		return r->name + (e - r->edge);
	if (!h->far_block || b + 1 >= h->nfar_blocks)
		return 0;  /* not in a run: only a model made wrong gets here */
	first = h->far_block[b];  /* the runs that reach into e's block of edges */
	end = h->far_block[b + 1] + 1 < h->nfar ? h->far_block[b + 1] + 1 : h->nfar;
	k = first < end ? MT_UPPER_BOUND(h->far + first, end - first, edge, e) : 0;
	if (k == 0)  /* none of them starts at e or before */
		return 0;
	r = &h->far[first + k - 1];
	if (e - r->edge >= r->count)
		return 0;
	last_run = r;
	return r->name + (e - r->edge);
}

/* For each block of 2^FAR_BLOCK_BITS edges, the first run that reaches
 * into it (runs are disjoint and sorted): a lookup searches a block's. */
static void far_blocks(struct mt_heap *h)
{
	uint32_t n = (h->edge_count >> FAR_BLOCK_BITS) + 2, r = 0;

	free(h->far_block);
	h->far_block = xmalloc(n * sizeof *h->far_block);
	h->nfar_blocks = n;
	for (uint32_t b = 0; b < n; b++) {
		uint64_t start = (uint64_t)b << FAR_BLOCK_BITS;
		while (r < h->nfar && (uint64_t)h->far[r].edge + h->far[r].count <= start)
			r++;
		h->far_block[b] = r;
	}
}

void mt_heap_enamer_init(struct mt_heap_enamer *x, struct mt_heap *h, uint32_t string_count)
{
	x->h = h;
	x->code_of = xcalloc(string_count ? string_count : 1, sizeof *x->code_of);
	x->nstrings = string_count;
	free(h->ename_str);
	h->ename_str = NULL;
	h->n_ename_str = 0;
}

void mt_heap_enamer_count(struct mt_heap_enamer *x, uint32_t s, uint32_t uses)
{
	if (s < x->nstrings)
		x->code_of[s] = x->code_of[s] + uses < USES_MAX ? (uint16_t)(x->code_of[s] + uses) :
			       USES_MAX;
}

/* The fewest uses that can give every string with more a code: strings
 * with more all get one, and of those with that many, the first in
 * string order while codes are left (0: every string used gets one). */
static uint32_t least_uses(const struct mt_heap_enamer *x)
{
	uint32_t *hist = xcalloc(USES_MAX + 1, sizeof *hist), t = USES_MAX, above = 0;

	for (uint32_t s = 0; s < x->nstrings; s++)
		hist[x->code_of[s]]++;
	while (t >= 1 && above + hist[t] <= MT_HEAP_ENAME_CODES)
		above += hist[t--];
	free(hist);
	return t;
}

void mt_heap_enamer_choose(struct mt_heap_enamer *x)
{
	struct mt_heap *h = x->h;
	uint32_t t = least_uses(x), n = 0;

	h->ename_str = xmalloc(MT_HEAP_ENAME_CODES * sizeof *h->ename_str);
	for (uint32_t s = 0; s < x->nstrings; s++)
		if (x->code_of[s] > t)
			h->ename_str[n++] = s;
	for (uint32_t s = 0; t && s < x->nstrings && n < MT_HEAP_ENAME_CODES; s++)
		if (x->code_of[s] == t)
			h->ename_str[n++] = s;
	memset(x->code_of, 0, (x->nstrings ? x->nstrings : 1) * sizeof *x->code_of);
	for (uint32_t k = 0; k < n; k++)  /* the counts become codes + 1; 0: FAR */
		x->code_of[h->ename_str[k]] = (uint16_t)(k + 1);
	h->n_ename_str = n;
	h->ename_str = xreallocarray(h->ename_str, n ? n : 1, sizeof *h->ename_str);
}

void mt_heap_far_put(struct mt_heap_farlist *f, uint32_t e, uint32_t name)
{
	struct mt_heap_far *last = f->n ? &f->v[f->n - 1] : NULL;

	if (last && e == last->edge + last->count && name == last->name + last->count) {
		last->count++;
		return;
	}
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->v = xreallocarray(f->v, f->cap, sizeof *f->v);
	}
	f->v[f->n++] = (struct mt_heap_far){ e, 1, name };
}

/* The code of a name, or MT_HEAP_ENAME_FAR. */
static inline uint16_t code_for(const struct mt_heap_enamer *x, uint32_t name, int by_string)
{
	if (!by_string)
		return name < MT_HEAP_ENAME_FAR ? (uint16_t)name : MT_HEAP_ENAME_FAR;
	if (name < x->nstrings && x->code_of[name])
		return (uint16_t)(x->code_of[name] - 1);
	return MT_HEAP_ENAME_FAR;
}

uint16_t mt_heap_ename_code(const struct mt_heap_enamer *x, struct mt_heap_farlist *far,
			    uint32_t e, uint32_t name, int by_string)
{
	uint16_t c = code_for(x, name, by_string);

	if (c == MT_HEAP_ENAME_FAR)
		mt_heap_far_put(far, e, name);
	return c;
}

void mt_heap_enamer_done(struct mt_heap_enamer *x, struct mt_heap_farlist *lists, size_t n)
{
	struct mt_heap *h = x->h;
	uint32_t total = 0;

	free(x->code_of);
	x->code_of = NULL;
	for (size_t i = 0; i < n; i++)
		total += lists[i].n;
	free(h->far);
	h->far = xmalloc((total ? total : 1) * sizeof *h->far);
	h->nfar = 0;
	for (size_t i = 0; i < n; i++) {  /* lists in edge order: runs stay sorted */
		if (lists[i].n)
			memcpy(h->far + h->nfar, lists[i].v, lists[i].n * sizeof *h->far);
		h->nfar += lists[i].n;
		free(lists[i].v);
		lists[i] = (struct mt_heap_farlist){ 0 };
	}
	far_blocks(h);
}

void mt_heap_enames_pack(struct mt_heap *h, uint32_t *names, uint32_t nstrings)
{
	struct mt_heap_enamer x;
	struct mt_heap_farlist far = { 0 };
	uint16_t *codes = (uint16_t *)names;  /* written behind the reads: 2e <= 4e */

	mt_heap_enamer_init(&x, h, nstrings);
	for (uint32_t e = 0; e < h->edge_count; e++)
		if (mt_heap_edge_has_string_name(h, e))
			mt_heap_enamer_count(&x, names[e], 1);
	mt_heap_enamer_choose(&x);
	for (uint32_t e = 0; e < h->edge_count; e++) {
		uint32_t name = names[e];
		uint16_t c = code_for(&x, name, mt_heap_edge_has_string_name(h, e));
		if (c == MT_HEAP_ENAME_FAR)
			mt_heap_far_put(&far, e, name);
		codes[e] = c;
	}
	mt_heap_enamer_done(&x, &far, 1);
	h->edge_name = xreallocarray(codes, h->edge_count ? h->edge_count : 1, sizeof *codes);
}
