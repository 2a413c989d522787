/* core/v8heap/strtab.c: a table of strings, each kept once (the model's
 * names, and each part's own while the parts are built: build.c), and
 * one table's strings added to another in its order. */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"
#include "core/strhash.h"

#include <stdlib.h>
#include <string.h>

uint64_t vh_strtab_hash(const char *s, size_t n)
{
	return mt_hash_bytes(MT_HASH_SEED, s, n);
}

static void rehash(struct strtab *t, size_t n)
{
	uint32_t *s = xcalloc(n, sizeof *s);

	for (uint32_t i = 0; i < t->n; i++) {
		if (i >= t->plain_lo && i < t->plain_hi)
			continue;
		size_t k = t->hash[i] & (n - 1);
		while (s[k])
			k = (k + 1) & (n - 1);
		s[k] = i + 1;
	}
	free(t->slots);
	t->slots = s;
	t->nslots = n;
}

static void grow_slots(struct strtab *t)
{
	rehash(t, t->nslots ? t->nslots * 2 : 1 << 12);
}

/* The n bytes at s (hash h) as string t->n, not yet in the slots. */
static uint32_t put(struct strtab *t, const char *s, size_t n, uint64_t h)
{
	if (t->n + 2 >= t->cap) {
		t->cap = t->cap ? t->cap * 2 : 4096;
		t->off = xreallocarray(t->off, t->cap, sizeof *t->off);
		t->hash = xreallocarray(t->hash, t->cap, sizeof *t->hash);
	}
	t->off[t->n] = t->data.len;
	strbuf_add(&t->data, s, n);
	strbuf_putc(&t->data, '\0');
	t->off[t->n + 1] = t->data.len;  /* the end of the last string */
	t->hash[t->n] = (uint32_t)h;  /* enough for slots: fewer than 2^32 of them */
	return t->n++;
}

uint32_t vh_strtab_append(struct strtab *t, const char *s, size_t n)
{
	if (t->plain_hi && t->plain_hi != t->n)  /* one run a table: past it, interned */
		return vh_strtab_add_n(t, s, n, vh_strtab_hash(s, n));
	if (!t->plain_hi)
		t->plain_lo = t->n;
	t->plain_hi = t->n + 1;
	return put(t, s, n, 0);
}

uint32_t vh_strtab_add_n(struct strtab *t, const char *s, size_t n, uint64_t h)
{
	size_t k;

	if (2 * ((size_t)t->n - (t->plain_hi - t->plain_lo) + 1) > t->nslots)
		grow_slots(t);  /* the appended run is not in the slots */
	for (k = h & (t->nslots - 1); t->slots[k]; k = (k + 1) & (t->nslots - 1)) {
		uint32_t i = t->slots[k] - 1;
		if (t->hash[i] == (uint32_t)h && t->off[i + 1] - t->off[i] == n + 1 &&
		    memcmp(t->data.buf + t->off[i], s, n) == 0)
			return i;
	}
	t->slots[k] = t->n + 1;
	return put(t, s, n, h);
}

uint32_t vh_strtab_add(struct strtab *t, const char *s)
{
	size_t n = strlen(s);

	return vh_strtab_add_n(t, s, n, vh_strtab_hash(s, n));
}

void vh_strtab_free(struct strtab *t)
{
	strbuf_free(&t->data);
	free(t->off);
	free(t->hash);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

uint32_t *vh_strtab_merge(struct strtab *g, const struct strtab *t)
{
	uint32_t *to = xmalloc(((size_t)t->n + 1) * sizeof *to);

	for (uint32_t i = 0; i < t->n; i++) {
		const char *s = t->data.buf + t->off[i];
		size_t n = t->off[i + 1] - t->off[i] - 1;
		int plain = i >= t->plain_lo && i < t->plain_hi;  /* appended: no hash kept */
		to[i] = vh_strtab_add_n(g, s, n, plain ? vh_strtab_hash(s, n) : t->hash[i]);
	}
	return to;
}
