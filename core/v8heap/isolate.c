/* core/v8heap/isolate.c: the isolate whose heap the pages hold, its roots
 * table and its linear allocation areas.
 *
 * 1. The isolate: pages.c found it choosing the Heap, from the
 *    thread-local v8::internal::g_current_isolate_; without that variable
 *    (node 18) it is the start of the malloc chunk that holds the roots.
 * 2. The roots table: the longest run of words that all point into
 *    read-only pages (read-only roots come first in RootIndex order), from
 *    the isolate on; the mutable roots follow until the first word that is
 *    no heap pointer (the Smi roots).
 * 3. The isolate's malloc chunk bounds the search for the linear
 *    allocation areas: (start <= top <= limit) triples inside one page.
 *    Past top lies memory no object owns yet. From V8 12 the main thread
 *    allocates in the trusted and code spaces through its LocalHeap, a
 *    chunk of its own, so the chunks the isolate points to are searched
 *    too.
 */
#include "core/v8heap/internal.h"
#include "core/bsearch.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define ISOLATE_SPAN 0x40000     /* the Heap lies this close after the isolate */
#define LAB_CHUNK_MAX 0x10000    /* LocalIsolate 0x770, space objects less (node 22) */

static int in_ro(const struct vh *vh, uint64_t w)
{
	const struct vh_page *p;

	return vh_is_heap(w) && (p = vh_page_of(vh, w - 1)) != NULL && p->space == SP_RO;
}

static void find_roots(struct vh *vh)
{
	uint64_t lo = vh->isolate ? vh->isolate : vh->heap_ptr - ISOLATE_SPAN;
	uint64_t best = 0, best_n = 0, run = 0, start = 0, w;

	for (uint64_t i = 0; i < ISOLATE_SPAN / 8; i++) {
		if (vh_u64(vh, lo + 8 * i, &w) == 0 && in_ro(vh, w)) {
			if (!run++)
				start = lo + 8 * i;
			continue;
		}
		if (run > 64 && run > best_n) {
			best = start;
			best_n = run;
		}
		run = 0;
	}
	if (!best)
		return;
	vh->roots = best;
	for (w = 0; vh_u64(vh, best + 8 * best_n, &w) == 0 && vh_is_heap(w) &&
		    vh_page_of(vh, w - 1); )
		best_n++;
	vh->nroots = best_n;
}

static void add_lab(struct vh *vh, uint64_t top, uint64_t limit, size_t *cap)
{
	for (size_t i = 0; i < vh->nlabs; i++)
		if (vh->labs[i].top == top)
			return;
	if (vh->nlabs == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		vh->labs = xreallocarray(vh->labs, *cap, sizeof *vh->labs);
	}
	vh->labs[vh->nlabs++] = (struct vh_lab){ top, limit };
}

/* The LAB triples among the words of [at, at + size). */
static void labs_in(struct vh *vh, uint64_t at, uint64_t size, size_t *cap)
{
	uint64_t n = size / 8;
	const unsigned char *b = vh_mem(vh, at, size);

	for (uint64_t i = 0; b && i + 2 < n; i++) {
		uint64_t s, t, l;
		memcpy(&s, b + 8 * i, 8);
		memcpy(&t, b + 8 * i + 8, 8);
		memcpy(&l, b + 8 * i + 16, 8);
		if (!s || s > t || t > l || s % 8 || t % 8 || l % 8 || t == l)
			continue;
		const struct vh_page *p = vh_page_of(vh, s);
		if (p && p == vh_page_of(vh, t) && t >= p->area_start && l <= p->area_end)
			add_lab(vh, t, l, cap);
	}
}

/* The chunk of c[0..n) (in address order) holding a, or NULL. */
static const struct vh_chunk *chunk_of(const struct vh_chunk *c, size_t n, uint64_t a)
{
	size_t i = MT_UPPER_BOUND(c, n, addr, a);

	return i && a - c[i - 1].addr < c[i - 1].size ? &c[i - 1] : NULL;
}

/* The isolate chunk, then each small chunk in use that a word of it
 * points into (once): node 22's trusted-space LAB is in the LocalHeap of
 * Isolate::main_thread_local_isolate_. */
static void find_labs(struct vh *vh, const struct vh_chunk *c, size_t n)
{
	size_t cap = 0;
	const unsigned char *b = vh_mem(vh, vh->iso_chunk, vh->iso_size);
	unsigned char *seen = xcalloc(n ? n : 1, 1);

	labs_in(vh, vh->iso_chunk, vh->iso_size, &cap);
	for (uint64_t i = 0; b && i + 8 <= vh->iso_size; i += 8) {
		uint64_t w;
		memcpy(&w, b + i, 8);
		const struct vh_chunk *k = chunk_of(c, n, w);
		if (!k || !k->used || k->size > LAB_CHUNK_MAX || k->addr == vh->iso_chunk ||
		    seen[k - c])
			continue;
		seen[k - c] = 1;
		labs_in(vh, k->addr + 16, k->size - 16, &cap);
	}
	free(seen);
}

/* The malloc chunks of the segment that holds the roots table; *out owned. */
static size_t heap_chunks(const struct vh *vh, struct vh_chunk **out)
{
	const struct mt_coredump_segment *s = mt_coredump_segment_at(vh->core, vh->roots);

	*out = NULL;
	return s ? vh_malloc_chunks(vh, s->vaddr, s->vaddr + s->present, out) : 0;
}

void vh_isolate_find(struct vh *vh)
{
	struct vh_chunk *c;
	const struct vh_chunk *ch;
	size_t n;

	vh->info->isolate_from_tls = vh->isolate != 0;  /* pages.c, choosing the Heap */
	find_roots(vh);
	if (!vh->roots) {
		vh_warn(vh, "no roots table found near the Heap at 0x%llx: every object walked "
			"is counted, live or not", (unsigned long long)vh->heap_ptr);
		return;
	}
	n = heap_chunks(vh, &c);
	if ((ch = chunk_of(c, n, vh->roots)) != NULL && ch->used) {
		vh->iso_chunk = ch->addr;
		vh->iso_size = ch->size;
	} else {
		vh->iso_chunk = vh->roots - 0x400;
		vh->iso_size = 0x400 + 8 * vh->nroots;
	}
	if (!vh->isolate)
		vh->isolate = vh->iso_chunk + 16;
	vh->info->isolate = vh->isolate;
	find_labs(vh, c, n);
	free(c);
}
