/* tests/unit/test_v8heap_malloc.c: glibc's malloc chunks as core/v8heap
 * reads them (malloc.c), on heaps laid out here word by word the way glibc
 * lays them out: a brk heap, the main arena grown into mmap'd memory once
 * brk failed (parts ended by 16-byte fenceposts, which the kernel merges
 * into one mapping; the bench core of bench/coreheap.sh had 1.2 GB of
 * them, whose freed chunks were taken for roots), the chunks a thread's
 * tcache keeps, those in an arena's fastbins, and bytes that are no heap. */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"
#include "tests/unit/check.h"

#include <elf.h>
#include <stdlib.h>

#define BASE 0x7f0000000000ull

struct heap {
	unsigned char *b;            /* owned */
	size_t n, cap;
};

/* A chunk of size bytes (a multiple of 16), P = whether the one before it
 * is in use. */
static void chunk(struct heap *h, uint64_t size, int prev_in_use)
{
	uint64_t head[2] = { 0, size | (prev_in_use ? 1 : 0) };

	if (h->n + size > h->cap) {
		h->cap = (h->n + size) * 2;
		h->b = xrealloc(h->b, h->cap);
	}
	memset(h->b + h->n, 0xab, size);
	memcpy(h->b + h->n, head, sizeof head);
	h->n += size;
}

/* The two fenceposts sysmalloc writes after the old top: sizes 16 | 0
 * (the old top is free) and 16 | P. */
static void fenceposts(struct heap *h, int count)
{
	for (int i = 0; i < count; i++) {
		uint64_t head[2] = { 0, 16 | (i ? 1 : 0) };
		if (h->n + 16 > h->cap) {
			h->cap = (h->n + 16) * 2;
			h->b = xrealloc(h->b, h->cap);
		}
		memcpy(h->b + h->n, head, sizeof head);
		h->n += 16;
	}
}

/* h read as a core's one segment at BASE (the three borrow h->b). */
struct as_core {
	struct mt_coredump_segment seg;
	struct mt_coredump core;
	struct vh vh;
};

static void as_core(struct as_core *a, const struct heap *h)
{
	memset(a, 0, sizeof *a);
	a->seg = (struct mt_coredump_segment){ .vaddr = BASE, .memsz = h->n, .offset = 0,
					       .filesz = h->n, .present = h->n,
					       .flags = PF_R | PF_W };
	a->core.data = h->b;
	a->core.segs = &a->seg;
	a->core.nsegs = 1;
	a->vh.core = &a->core;
}

/* The chunks malloc.c finds in h. */
static size_t chunks_of(const struct heap *h, struct vh_chunk **out)
{
	struct as_core a;

	as_core(&a, h);
	return vh_malloc_chunks(&a.vh, BASE, BASE + h->n, out);
}

static void put_u64(struct heap *h, size_t at, uint64_t v)
{
	memcpy(h->b + at, &v, 8);
}

static void put_u16(struct heap *h, size_t at, uint16_t v)
{
	memcpy(h->b + at, &v, 2);
}

static void brk_heap(void)
{
	struct heap h = { 0 };
	struct vh_chunk *c;

	chunk(&h, 0x290, 1);         /* tcache_perthread_struct */
	chunk(&h, 64, 1);            /* in use (the next has P) */
	chunk(&h, 128, 1);           /* free */
	chunk(&h, 48, 0);            /* in use */
	chunk(&h, 4096, 1);          /* top */
	size_t n = chunks_of(&h, &c);
	CHECK_INT(n, 5);
	if (n == 5) {
		CHECK_INT(c[1].addr, BASE + 0x290);
		CHECK_INT(c[1].size, 64);
		CHECK_INT(c[1].used, 1);
		CHECK_INT(c[2].used, 0);
		CHECK_INT(c[3].used, 1);
		CHECK_INT(c[4].used, 0);
		/* The free chunk's stale words: not the last word of the one
		 * in use before it (its own prev_size slot), but its last one,
		 * in the next chunk's prev_size slot. */
		uint64_t lo, hi;
		vh_chunk_free_span(&c[2], &lo, &hi);
		CHECK_INT(lo, c[2].addr + 8);
		CHECK_INT(hi, c[3].addr + 8);
	}
	free(c);
	free(h.b);
}

/* The main arena in mmap'd parts: each ends with the old top and two
 * fenceposts (three seen), then the next part's chunks. */
static void fenced_heap(int posts)
{
	struct heap h = { 0 };
	struct vh_chunk *c;

	chunk(&h, 0x20000, 1);       /* in use */
	chunk(&h, 0xfe0, 1);         /* the old top, free */
	fenceposts(&h, posts);
	chunk(&h, 0x10000, 1);       /* the next part: in use, */
	chunk(&h, 0x100, 1);         /* free, */
	chunk(&h, 0x200, 0);         /* in use, */
	chunk(&h, 0x2000, 1);        /* top */
	size_t n = chunks_of(&h, &c);
	CHECK_INT(n, 6);
	if (n == 6) {
		CHECK_INT(c[0].used, 1);
		CHECK_INT(c[1].used, 0);
		CHECK_INT(c[2].addr, BASE + 0x20000 + 0xfe0 + 16 * (uint64_t)posts);
		CHECK_INT(c[2].used, 1);
		CHECK_INT(c[3].used, 0);
		CHECK_INT(c[4].used, 1);
		CHECK_INT(c[5].used, 0);
	}
	free(c);
	free(h.b);
}

/* A thread's tcache keeps two freed chunks of 0x40 bytes: they look in use
 * (the next chunk's P is set) but hold the tcache key as their second
 * word, which the tcache struct's entry leads to. A chunk in use, and one
 * too big for a tcache whose second word is the key by chance, stay in
 * use. With broken_struct, the struct's count and entry disagree: no key,
 * every chunk stays in use. */
static void tcache(int broken_struct)
{
	const uint64_t key = 0x5eed1e55c0ffee42ull;
	struct heap h = { 0 };
	struct vh_chunk *c;
	struct as_core a;
	uint64_t keys[4];

	chunk(&h, 0x290, 1);         /* 0: the tcache_perthread_struct */
	chunk(&h, 0x40, 1);          /* 1: in the tcache (first entry of bin 2) */
	chunk(&h, 0x40, 1);          /* 2: in use */
	chunk(&h, 0x40, 1);          /* 3: in the tcache (second entry) */
	chunk(&h, 0x500, 1);         /* 4: in use, too big for a tcache */
	chunk(&h, 0x1000, 1);        /* 5: top */
	memset(h.b + 16, 0, 0x280);
	put_u16(&h, 16 + 2 * 2, broken_struct ? 0 : 2);
	put_u64(&h, 16 + 128 + 8 * 2, BASE + 0x290 + 16);
	put_u64(&h, 0x290 + 16, (BASE + 0x290 + 0x80 + 16) ^ ((BASE + 0x290 + 16) >> 12));
	put_u64(&h, 0x290 + 24, key);
	put_u64(&h, 0x290 + 0x80 + 16, 0);
	put_u64(&h, 0x290 + 0x80 + 24, key);
	put_u64(&h, 0x290 + 0xc0 + 24, key);
	as_core(&a, &h);
	size_t n = vh_malloc_chunks(&a.vh, BASE, BASE + h.n, &c);
	CHECK_INT(n, 6);
	size_t nkeys = vh_tcache_keys(&a.vh, c, n, keys, 0, 4);
	CHECK_INT(nkeys, broken_struct ? 0 : 1);
	if (nkeys == 1)
		CHECK_INT(keys[0], key);
	vh_tcache_frees(&a.vh, c, n, keys, nkeys);
	if (n == 6) {
		CHECK_INT(c[0].used, 1);
		CHECK_INT(c[1].used, broken_struct);
		CHECK_INT(c[2].used, 1);
		CHECK_INT(c[3].used, broken_struct);
		CHECK_INT(c[4].used, 1);
	}
	free(c);
	free(h.b);
}

/* A thread arena's first heap (heap_info of 48 bytes, then its
 * malloc_state, whose ring of arenas is itself alone) with two freed
 * chunks of 0x30 bytes in its fastbin 1, linked as glibc 2.32 on links
 * them (safe-linking) or as it did before (raw), between chunks in use:
 * only those two are taken for freed, and once each when b links back to
 * a (a hostile core: the list ends). With the list's head a chunk of
 * another bin's size, none is. */
enum fast_link { SAFE, RAW, LOOP, BROKEN };

static void fastbins(enum fast_link link)
{
	const uint64_t ar = BASE + 0x30, first = BASE + 0x8d0, a = first, b = first + 0x60;
	struct heap h = { 0 };
	struct vh_chunk *c;
	struct as_core as;
	uint64_t arenas[4], *fast;

	chunk(&h, 0x8d0, 1);         /* heap_info and malloc_state */
	memset(h.b, 0, 0x8d0);
	chunk(&h, 0x30, 1);          /* 1: a, in the fastbin */
	chunk(&h, 0x30, 1);          /* 2: in use */
	chunk(&h, 0x30, 1);          /* 3: b, in the fastbin after a */
	chunk(&h, 0x40, 1);          /* 4: in use */
	chunk(&h, 0x2000 - 0x8d0 - 0x130, 1); /* 5: top */
	put_u64(&h, 0, ar);          /* heap_info: ar_ptr, prev, size, ..., pagesize */
	put_u64(&h, 16, 0x2000);
	put_u64(&h, 32, 0x1000);
	put_u64(&h, 0x30 + 0x10 + 8, link == BROKEN ? first + 0x90 : a);
	put_u64(&h, 0x30 + 0x870, ar);
	put_u64(&h, a - BASE + 16, link == RAW ? b : b ^ ((a + 16) >> 12));
	put_u64(&h, b - BASE + 16, link == RAW ? 0 : ((b + 16) >> 12) ^ (link == LOOP ? a : 0));
	as_core(&as, &h);
	size_t n = vh_malloc_chunks(&as.vh, BASE, BASE + h.n, &c);
	CHECK_INT(n, 5);
	CHECK_INT(vh_arenas(&as.vh, arenas, 4), 1);
	CHECK_INT(arenas[0], ar);
	size_t nfast = vh_fastbins(&as.vh, arenas, 1, &fast);
	CHECK_INT(nfast, link == BROKEN ? 0 : 2);
	CHECK_INT(vh_fastbin_frees(c, n, fast, nfast), link == BROKEN ? 0 : 2);
	if (n == 5 && link != BROKEN) {
		CHECK_INT(c[0].addr, a);
		CHECK_INT(c[0].used, 0);
		CHECK_INT(c[1].used, 1);
		CHECK_INT(c[2].addr, b);
		CHECK_INT(c[2].used, 0);
		CHECK_INT(c[3].used, 1);
	}
	free(fast);
	free(c);
	free(h.b);
}

/* Bytes that are no heap: no chunks, so nothing is taken for freed. */
static void no_heap(void)
{
	struct heap h = { 0 };
	struct vh_chunk *c;

	chunk(&h, 0x1000, 1);
	for (size_t i = 0; i < h.n; i++)
		h.b[i] = (unsigned char)(i * 131 + 7);
	CHECK_INT(chunks_of(&h, &c), 0);
	free(c);
	free(h.b);
}

int main(void)
{
	brk_heap();
	fenced_heap(2);
	fenced_heap(3);
	tcache(0);
	tcache(1);
	fastbins(SAFE);
	fastbins(RAW);
	fastbins(LOOP);
	fastbins(BROKEN);
	no_heap();
	CHECK_DONE();
}
