/* tests/unit/test_v8heap_malloc.c: glibc's malloc chunks as core/v8heap
 * reads them (malloc.c), on heaps laid out here word by word the way glibc
 * lays them out: a brk heap, the main arena grown into mmap'd memory once
 * brk failed (parts ended by 16-byte fenceposts, which the kernel merges
 * into one mapping; the bench core of bench/coreheap.sh had 1.2 GB of
 * them, whose freed chunks were taken for roots), and bytes that are no
 * heap. */
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

/* The chunks malloc.c finds in h, read as a core's one segment at BASE. */
static size_t chunks_of(const struct heap *h, struct vh_chunk **out)
{
	struct mt_coredump_segment seg = { .vaddr = BASE, .memsz = h->n, .offset = 0,
					   .filesz = h->n, .present = h->n,
					   .flags = PF_R | PF_W };
	struct mt_coredump core = { 0 };
	struct vh vh = { 0 };

	core.data = h->b;
	core.segs = &seg;
	core.nsegs = 1;
	vh.core = &core;
	return vh_malloc_chunks(&vh, BASE, BASE + h->n, out);
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
	no_heap();
	CHECK_DONE();
}
