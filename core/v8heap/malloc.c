/* core/v8heap/malloc.c: glibc's malloc chunks (x86-64), to tell memory in
 * use from freed memory that still holds stale pointers.
 *
 * A chunk is [prev_size][size | A=4 | M=2 | P=1] and is in use when the
 * next chunk has P set. A heap segment (the brk heap, or an arena's heap
 * after its heap_info and malloc_state) is a chain of chunks that ends at
 * the segment's end; its start is found by trying 16-byte steps below 4 KiB
 * and keeping the first chain that reaches the end. tcache and fastbin
 * chunks still look in use.
 */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CHUNKS (1u << 26)

/* Follow the chain from a; the chunks into *out (when not NULL) and where
 * it stopped. */
static uint64_t chain(const unsigned char *b, uint64_t n, uint64_t a, uint64_t base,
		      struct vh_chunk *out, size_t *count)
{
	size_t k = 0;

	while (a + 16 <= n && k < MAX_CHUNKS) {
		uint64_t sz;
		memcpy(&sz, b + a + 8, 8);
		uint64_t size = sz & ~(uint64_t)7;
		if (size < 32 || size & 15 || size > n - a)
			break;
		if (out) {
			out[k].addr = base + a;
			out[k].size = size;
			if (k)
				out[k - 1].used = (int)(sz & 1);
			out[k].used = 0;  /* the last (top) chunk is free space */
		}
		k++;
		a += size;
	}
	*count = k;
	return a;
}

size_t vh_malloc_chunks(const struct vh *vh, uint64_t start, uint64_t end,
			struct vh_chunk **out)
{
	const unsigned char *b = vh_mem(vh, start, end - start);
	uint64_t n = end - start;
	size_t k;

	*out = NULL;
	if (!b)
		return 0;
	for (uint64_t off = 0; off < 0x1000 && off < n; off += 16) {
		if (chain(b, n, off, start, NULL, &k) < n - 16 || k < 2)
			continue;
		*out = xmalloc(k * sizeof **out);
		chain(b, n, off, start, *out, &k);
		return k;
	}
	return 0;
}

int vh_malloc_chunk_at(const struct vh *vh, uint64_t addr, struct vh_chunk *out)
{
	const struct mt_core_segment *s = mt_core_segment_at(vh->core, addr);
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
