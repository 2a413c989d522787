/* core/v8heap/dispatch.c: where a function's code is from V8 13 on.
 *
 * With leaptiering (node 24) a JSFunction holds no pointer to its Code
 * but a 32-bit handle into the JSDispatchTable, a table outside the heap
 * that the process's isolates share (src/sandbox/js-dispatch-table.h):
 * entry = handle >> shift, 16 bytes an entry, the entrypoint then the
 * code's address shifted left 16 bits over its marking bit and its
 * parameter count. V8's marker keeps a function's code alive through it,
 * and V8's snapshot names it as the function's "code" edge.
 *
 * The isolate keeps the table's base (IsolateData, for generated code):
 * which of its words that is, and the handle's shift, are found by trying
 * each 64 KiB-aligned word of the isolate with each shift on the heap's
 * own functions, and keeping the pair whose entries name a Code object of
 * this heap for most of them. The table's first, read-only part (the
 * entries of builtins made at startup) is not in a core: those functions
 * have no code here.
 */
#include "core/v8heap/internal.h"

#include <stdlib.h>

#define SAMPLE 64                /* functions the candidates are tried on */
#define MAX_SHIFT 16
#define TABLE_BYTES (1ull << 28) /* kJSDispatchTableReservationSize */
#define MAX_CANDIDATES 256

/* The Code object entry `handle` of the table at base names (tagged),
 * or 0. */
static uint64_t entry_code(const struct vh *vh, uint64_t base, int shift, uint32_t handle)
{
	uint64_t off = (uint64_t)(handle >> shift) * 16, word;
	const unsigned char *b;

	if (!handle || off + 16 > TABLE_BYTES || base + off < base ||
	    !(b = vh_mem(vh, base + off + 8, 8)))
		return 0;
	memcpy(&word, b, 8);
	word = word >> 16 & ~(uint64_t)1;  /* the marking bit cleared */
	return word ? word | 1 : 0;
}

static int is_code(const struct vh *vh, uint64_t tagged)
{
	uint32_t o = tagged ? vh_find(vh, tagged) : VH_NONE;

	return o != VH_NONE && vh->obj[o].itype == vh->m.t.code;
}

/* Up to SAMPLE functions' handles, spread over the heap; their count. */
static int sample_handles(struct vh *vh, uint32_t *handle)
{
	uint32_t nfn = 0, step, seen = 0;
	int n = 0;

	if (vh->m.o_jsf_code < 0 || vh->m.t.code < 0)
		return 0;
	for (uint32_t i = 0; i < vh->nobj; i++) {
		uint64_t w;
		if (!vh_is_function_type(vh, vh->obj[i].itype))
			continue;
		if (!nfn++ && vh_u64(vh, vh_obj_addr(vh, i) + (uint64_t)vh->m.o_jsf_code, &w) == 0 &&
		    w & 1)
			return 0;  /* the code itself (before V8 13): no table to find */
	}
	step = nfn / SAMPLE + 1;
	for (uint32_t i = 0; i < vh->nobj && n < SAMPLE; i++) {
		uint64_t w;
		if (!vh_is_function_type(vh, vh->obj[i].itype) || seen++ % step ||
		    vh_u64(vh, vh_obj_addr(vh, i) + (uint64_t)vh->m.o_jsf_code, &w) < 0)
			continue;
		if (!(w & 1) && w && w <= UINT32_MAX)  /* a handle, not a tagged pointer */
			handle[n++] = (uint32_t)w;
	}
	return n;
}

/* How many of the n handles name Code through the table at base. */
static int score(const struct vh *vh, uint64_t base, int shift, const uint32_t *handle, int n)
{
	int hits = 0;

	for (int k = 0; k < n; k++)
		hits += is_code(vh, entry_code(vh, base, shift, handle[k]));
	return hits;
}

static int seen_before(const uint64_t *v, int n, uint64_t x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

void vh_dispatch_find(struct vh *vh)
{
	uint32_t handle[SAMPLE];
	uint64_t cand[MAX_CANDIDATES];
	int n = sample_handles(vh, handle), ncand = 0, best = 0;
	const unsigned char *iso = n ? vh_mem(vh, vh->iso_chunk, vh->iso_size) : NULL;

	vh->dispatch_base = 0;
	for (uint64_t i = 0; iso && i + 8 <= vh->iso_size && ncand < MAX_CANDIDATES; i += 8) {
		uint64_t w;
		memcpy(&w, iso + i, 8);
		if (w && !(w & 0xffff) && mt_coredump_segment_at(vh->core, w) &&
		    !seen_before(cand, ncand, w))
			cand[ncand++] = w;
	}
	for (int c = 0; c < ncand; c++)
		for (int shift = 0; shift <= MAX_SHIFT; shift++) {
			int s = score(vh, cand[c], shift, handle, n);
			if (s > best) {
				best = s;
				vh->dispatch_base = cand[c];
				vh->dispatch_shift = shift;
			}
		}
	if (best < 4 || best * 2 < n)  /* a chance match: no table */
		vh->dispatch_base = 0;
}

uint64_t vh_dispatch_code(const struct vh *vh, uint64_t word)
{
	uint64_t code;

	if (!vh->dispatch_base || word & 1 || !word || word > UINT32_MAX)
		return 0;
	code = entry_code(vh, vh->dispatch_base, vh->dispatch_shift, (uint32_t)word);
	return is_code(vh, code) ? code : 0;
}
