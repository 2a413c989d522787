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

/* How many of the n elements at base (each `size` bytes, sorted by the
 * uint64_t at byte offset `key` in each) have a key <= v. */
static inline size_t mt_upper_bound_u64(const void *base, size_t n, size_t size, size_t key,
					uint64_t v)
{
	const unsigned char *p = base;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k;
		memcpy(&k, p + mid * size + key, sizeof k);
		if (k <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The same with a uint32_t key. */
static inline size_t mt_upper_bound_u32(const void *base, size_t n, size_t size, size_t key,
					uint64_t v)
{
	const unsigned char *p = base;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t k;
		memcpy(&k, p + mid * size + key, sizeof k);
		if (k <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The same over an array of structs by one of their uint64_t or uint32_t
 * fields: MT_UPPER_BOUND(c->segs, c->nsegs, vaddr, addr). */
#define MT_UPPER_BOUND(arr, n, field, v) \
	(sizeof((arr)->field) == 4 ? \
	 mt_upper_bound_u32((arr), (n), sizeof *(arr), offsetof(__typeof__(*(arr)), field), (v)) : \
	 mt_upper_bound_u64((arr), (n), sizeof *(arr), offsetof(__typeof__(*(arr)), field), (v)))

#endif
