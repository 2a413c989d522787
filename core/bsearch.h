/* core/bsearch.h: the one binary search over arrays sorted by a 64-bit or
 * 32-bit key (segments by address, mappings by start, symbols by value, a
 * heap model's runs by node or edge): the caller
 * then looks at the element just below the returned index, the last one
 * that starts at or below the key, and checks that it holds the key. */
#ifndef MORTEM_CORE_BSEARCH_H
#define MORTEM_CORE_BSEARCH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The key of `width` bytes (4 or 8) at p. */
static inline uint64_t mt_bsearch_key(const unsigned char *p, size_t width)
{
	uint32_t k32;
	uint64_t k64;

	if (width == 4) {
		memcpy(&k32, p, sizeof k32);
		return k32;
	}
	memcpy(&k64, p, sizeof k64);
	return k64;
}

/* How many of the n elements at base (each `size` bytes, sorted by the
 * unsigned key of `width` bytes, 4 or 8, at byte offset `key` in each)
 * have a key <= v. Inlined with a constant width, the key's read is one
 * load. */
static inline size_t mt_upper_bound(const void *base, size_t n, size_t size, size_t key,
				    size_t width, uint64_t v)
{
	const unsigned char *p = base;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mt_bsearch_key(p + mid * size + key, width) <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The same over an array of structs by one of their uint64_t or uint32_t
 * fields: MT_UPPER_BOUND(c->segs, c->nsegs, vaddr, addr). */
#define MT_UPPER_BOUND(arr, n, field, v) \
	mt_upper_bound((arr), (n), sizeof *(arr), offsetof(__typeof__(*(arr)), field), \
		       sizeof((arr)->field), (v))

#endif
