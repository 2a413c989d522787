/* core/v8heap/malloc.c: glibc's malloc chunks (x86-64), to tell memory in
 * use from freed memory that still holds stale pointers.
 *
 * A chunk is [prev_size][size | A=4 | M=2 | P=1] and is in use when the
 * next chunk has P set. A heap segment is a chain of chunks. A thread
 * arena's heap says where its chain is: it starts with a heap_info whose
 * size ends the chain (past it lies memory the arena gave back), and the
 * arena's first heap has its malloc_state next. Otherwise (the brk heap)
 * the chain ends at the segment's end and its start is found by trying
 * 16-byte steps below 4 KiB, keeping the first chain that reaches the end
 * (the brk heap, and the mmap'd parts the main arena grows into once brk
 * fails, joined by fenceposts).
 * Chunks a thread's tcache keeps (freed, of up to 1,040 bytes) still look
 * in use; vh_tcache_keys and vh_tcache_frees tell them. So do the chunks
 * of an arena's fastbins (freed, of up to 0x80 bytes, once their tcache
 * bin is full): vh_arenas finds the arenas (each thread arena's
 * malloc_state in its first heap, the main arena in libc's data through
 * the ring of their `next` pointers) and vh_fastbins follows their lists.
 */
#include "core/v8heap/internal.h"
#include "core/bsearch.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CHUNKS (1u << 26)
#define MSTATE_SIZE 0x898        /* sizeof(struct malloc_state), glibc 2.26 on */
#define ARENA_HEAP (64u << 20)   /* HEAP_MAX_SIZE: 2 * DEFAULT_MMAP_THRESHOLD_MAX */
#define TCACHE_BINS 64
#define TCACHE_STRUCT 0x290      /* the chunk of a tcache_perthread_struct (glibc
				    2.30 on): 64 uint16 counts, 64 entries */
#define TCACHE_MAX 0x410         /* the largest chunk a tcache keeps */
#define MSTATE_FASTBINS 0x10     /* fastbinsY[NFASTBINS], after the mutex, flags
				    and have_fastchunks (glibc 2.27 on) */
#define NFASTBINS 10             /* bin i holds chunks of 0x20 + 0x10 * i bytes */
#define MSTATE_NEXT 0x870        /* next: the ring of arenas */
#define FASTBINS_MAX (1u << 22)  /* fastbin chunks followed in all at most */

/* Follow the chain from a; the chunks into *out (when not NULL) and where
 * it stopped. 16-byte fenceposts (two, seen three) end each part of a heap
 * that grew where it could not extend itself (glibc's sysmalloc: the main
 * arena in mmap'd memory once brk fails, parts the kernel then merges into
 * one mapping); the chain goes on past them, and the first one's P bit
 * says whether the chunk before it is in use. */
static uint64_t chain(const unsigned char *b, uint64_t n, uint64_t a, uint64_t base,
		      struct vh_chunk *out, size_t *count)
{
	size_t k = 0;
	int posts = 0;               /* fenceposts since the last chunk */

	while (a + 16 <= n && k < MAX_CHUNKS) {
		uint64_t sz;
		memcpy(&sz, b + a + 8, 8);
		uint64_t size = sz & ~(uint64_t)7;
		if (size == 16 && k && posts < 4) {
			if (out && !posts)
				out[k - 1].used = (int)(sz & 1);
			posts++;
			a += 16;
			continue;
		}
		if (size < 32 || size & 15 || size > n - a)
			break;
		if (out) {
			out[k].addr = base + a;
			out[k].size = size;
			if (k && !posts)
				out[k - 1].used = (int)(sz & 1);
			out[k].used = 0;  /* the last (top) chunk is free space */
		}
		posts = 0;
		k++;
		a += size;
	}
	*count = k;
	return a;
}

/* Whether ar, a heap_info's ar_ptr, is the malloc_state right after it:
 * the heap at heap is its arena's first. */
static int first_heap_of(uint64_t heap, uint64_t ar)
{
	return ar == heap + 32 || ar == heap + 48;
}

/* A thread arena's heap at b (n bytes at vaddr): where its chain starts
 * and ends (offsets), or -1. heap_info (arena.c) is {ar_ptr, prev, size,
 * mprotect_size}, and pagesize from glibc 2.35: 32 or 48 bytes. */
static int arena_heap(const unsigned char *b, uint64_t n, uint64_t vaddr, uint64_t *from,
		      uint64_t *to)
{
	uint64_t ar, size, pagesize;

	if (vaddr % ARENA_HEAP || n < 0x1000)
		return -1;
	memcpy(&ar, b, 8);
	memcpy(&size, b + 16, 8);
	memcpy(&pagesize, b + 32, 8);
	if (size < 0x1000 || size > n || size % 0x1000)
		return -1;
	if (first_heap_of(vaddr, ar))
		*from = (ar - vaddr + MSTATE_SIZE + 15) & ~(uint64_t)15;
	else if (ar && ar % 16 == 0)
		*from = pagesize == 0x1000 ? 48 : 32;
	else
		return -1;
	*to = size;
	return 0;
}

/* Where the chain of [0, n) starts, and the end it must reach. */
static int chain_bounds(const unsigned char *b, uint64_t n, uint64_t vaddr, uint64_t *from,
			uint64_t *to)
{
	size_t k;

	if (arena_heap(b, n, vaddr, from, to) == 0 &&
	    chain(b, *to, *from, vaddr, NULL, &k) >= *to - 16 && k >= 2)
		return 0;
	*to = n;
	for (uint64_t off = 0; off < 0x1000 && off < n; off += 16)
		if (chain(b, n, off, vaddr, NULL, &k) >= n - 16 && k >= 2) {
			*from = off;
			return 0;
		}
	return -1;
}

size_t vh_malloc_chunks(const struct vh *vh, uint64_t start, uint64_t end,
			struct vh_chunk **out)
{
	const unsigned char *b = vh_mem(vh, start, end - start);
	uint64_t from, to;
	size_t k;

	*out = NULL;
	if (!b || chain_bounds(b, end - start, start, &from, &to) < 0)
		return 0;
	chain(b, to, from, start, NULL, &k);
	*out = xmalloc(k * sizeof **out);
	chain(b, to, from, start, *out, &k);
	return k;
}

void vh_chunk_free_span(const struct vh_chunk *c, uint64_t *lo, uint64_t *hi)
{
	*lo = c->addr + 8;
	*hi = c->addr + c->size + 8;
}

int vh_malloc_chunk_at(const struct vh *vh, uint64_t addr, struct vh_chunk *out)
{
	const struct mt_coredump_segment *s = mt_coredump_segment_at(vh->core, addr);
	struct vh_chunk *c;
	size_t n;
	int rc = -1;

	if (!s)
		return -1;
	n = vh_malloc_chunks(vh, s->vaddr, s->vaddr + s->present, &c);
	for (size_t i = 0; i < n && rc < 0; i++)
		if (addr >= c[i].addr && addr - c[i].addr < c[i].size) {
			*out = c[i];
			rc = 0;
		}
	free(c);
	return rc;
}

/* Whether chunk c is a thread's tcache_perthread_struct: a bin's count is 0
 * exactly when its entry is, and an entry is the memory of a chunk of its
 * bin's size (0x20, 0x30, ...); at least one is. *key: the second word of
 * the first entry. */
static int tcache_struct(const struct vh *vh, const struct vh_chunk *c, uint64_t *key)
{
	const unsigned char *b = c->used && c->size == TCACHE_STRUCT ?
				 vh_mem(vh, c->addr + 16, 2 * TCACHE_BINS + 8 * TCACHE_BINS) : NULL;
	int found = 0;

	for (int i = 0; b && i < TCACHE_BINS; i++) {
		uint16_t count;
		uint64_t entry, size, k;
		memcpy(&count, b + 2 * i, 2);
		memcpy(&entry, b + 2 * TCACHE_BINS + 8 * i, 8);
		if (!count != !entry)
			return 0;
		if (!entry)
			continue;
		if (entry % 16 || vh_u64(vh, entry - 8, &size) < 0 ||
		    (size & ~(uint64_t)7) != 0x20 + 0x10 * (uint64_t)i ||
		    vh_u64(vh, entry + 8, &k) < 0 || !k)
			return 0;
		if (!found++)
			*key = k;
	}
	return found > 0;
}

size_t vh_tcache_keys(const struct vh *vh, const struct vh_chunk *c, size_t n, uint64_t *keys,
		      size_t nkeys, size_t cap)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t key;
		size_t k = 0;
		if (!tcache_struct(vh, &c[i], &key))
			continue;
		while (k < nkeys && keys[k] != key)
			k++;
		if (k == nkeys && nkeys < cap)
			keys[nkeys++] = key;
	}
	return nkeys;
}

size_t vh_tcache_frees(const struct vh *vh, struct vh_chunk *c, size_t n, const uint64_t *keys,
		       size_t nkeys)
{
	size_t freed = 0;

	for (size_t i = 0; nkeys && i < n; i++) {
		uint64_t second;
		if (!c[i].used || c[i].size > TCACHE_MAX || vh_u64(vh, c[i].addr + 24, &second) < 0)
			continue;
		for (size_t k = 0; k < nkeys && c[i].used; k++)
			if (second == keys[k]) {
				c[i].used = 0;
				freed++;
			}
	}
	return freed;
}

/* The malloc_state of the thread arena whose first heap starts at heap,
 * or 0. */
static uint64_t thread_arena(const struct vh *vh, uint64_t heap)
{
	uint64_t ar;

	if (heap % ARENA_HEAP || vh_u64(vh, heap, &ar) < 0 || !first_heap_of(heap, ar))
		return 0;
	return vh_mem(vh, ar, MSTATE_SIZE) ? ar : 0;
}

static int has_arena(const uint64_t *a, size_t n, uint64_t x)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] == x)
			return 1;
	return 0;
}

size_t vh_arenas(const struct vh *vh, uint64_t *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < vh->core->nsegs && n < cap; i++) {
		uint64_t ar = thread_arena(vh, vh->core->segs[i].vaddr);
		if (ar && !has_arena(out, n, ar))
			out[n++] = ar;
	}
	/* each arena's ring leads to the others, the main arena among them */
	for (size_t i = 0; i < n && n < cap; i++) {
		uint64_t next = out[i];
		for (size_t steps = 0; steps < cap && n < cap; steps++) {
			if (vh_u64(vh, next + MSTATE_NEXT, &next) < 0 || next % 16 ||
			    !vh_mem(vh, next, MSTATE_SIZE) || has_arena(out, n, next))
				break;
			out[n++] = next;
		}
	}
	return n;
}

/* Whether a chunk of fastbin bin's size starts at p. */
static int fast_chunk(const struct vh *vh, uint64_t p, int bin)
{
	uint64_t size;

	return p % 16 == 0 && vh_u64(vh, p + 8, &size) == 0 &&
	       (size & ~(uint64_t)7) == 0x20 + 0x10 * (uint64_t)bin;
}

/* Bin bin of the arena at ar: its chunks appended to *out, at most
 * FASTBINS_MAX in all. Each links to the next through its fd word, which
 * glibc 2.32 on stores mangled with its own address (safe-linking: fd ^
 * (&fd >> 12)); before, as it is. A list that loops (a hostile core) ends
 * where it meets itself (Brent's cycle finding: a chunk kept at each power
 * of two steps). */
static void fastbin(const struct vh *vh, uint64_t ar, int bin, uint64_t **out, size_t *n,
		    size_t *cap)
{
	uint64_t p, kept = 0;
	size_t power = 1, since = 0;

	if (vh_u64(vh, ar + MSTATE_FASTBINS + 8 * (uint64_t)bin, &p) < 0)
		return;
	while (p && p != kept && *n < FASTBINS_MAX && fast_chunk(vh, p, bin)) {
		uint64_t fd, safe;
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			*out = xreallocarray(*out, *cap, sizeof **out);
		}
		(*out)[(*n)++] = p;
		if (++since == power) {
			kept = p;
			power *= 2;
			since = 0;
		}
		if (vh_u64(vh, p + 16, &fd) < 0)
			break;
		safe = fd ^ ((p + 16) >> 12);
		p = !safe || fast_chunk(vh, safe, bin) ? safe : fd;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

size_t vh_fastbins(const struct vh *vh, const uint64_t *arenas, size_t narenas, uint64_t **out)
{
	size_t n = 0, cap = 0, k = 0;

	*out = NULL;
	for (size_t i = 0; i < narenas; i++)
		for (int bin = 0; bin < NFASTBINS; bin++)
			fastbin(vh, arenas[i], bin, out, &n, &cap);
	if (n)
		qsort(*out, n, sizeof **out, cmp_u64);
	for (size_t i = 0; i < n; i++)  /* a list looped back: each chunk once */
		if (!k || (*out)[i] != (*out)[k - 1])
			(*out)[k++] = (*out)[i];
	return k;
}

size_t vh_fastbin_frees(struct vh_chunk *c, size_t n, const uint64_t *fast, size_t nfast)
{
	size_t freed = 0;

	for (size_t i = 0; nfast && i < n; i++) {
		if (!c[i].used || c[i].size > 0x20 + 0x10 * (NFASTBINS - 1))
			continue;
		size_t at = mt_upper_bound(fast, nfast, sizeof *fast, 0, sizeof *fast, c[i].addr);
		if (at && fast[at - 1] == c[i].addr) {
			c[i].used = 0;
			freed++;
		}
	}
	return freed;
}
