/* core/strhash.h: FNV-1a, the hash of text that mortem's hash tables use
 * (names, interfaces, paths, keys). Start from MT_HASH_SEED, or from it
 * mixed with a number for a table keyed by (number, text). */
#ifndef MORTEM_CORE_STRHASH_H
#define MORTEM_CORE_STRHASH_H

#include <stddef.h>
#include <stdint.h>

#define MT_HASH_SEED 1469598103934665603ull

/* n bytes of s, on from hash h. */
static inline uint64_t mt_hash_bytes(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* The NUL-terminated s, on from hash h. */
static inline uint64_t mt_hash_str(uint64_t h, const char *s)
{
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

#endif
