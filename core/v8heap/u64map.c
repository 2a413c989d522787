/* core/v8heap/u64map.c: the one hash table of core/v8heap: a 64-bit key
 * (an address, or a number that is never 0) to a 32-bit value, open
 * addressing, twice as many slots as keys. The walk keeps facts by map,
 * names by map and by property key, shapes by map in it. */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

static size_t home(const struct vh_u64map *m, uint64_t key)
{
	return (size_t)((key >> 3) * 0x9e3779b97f4a7c15ull >> 40) & (m->cap - 1);
}

static void grow(struct vh_u64map *m)
{
	struct vh_u64map g = { .cap = m->cap ? m->cap * 2 : 1024, .n = m->n };

	g.key = xcalloc(g.cap, sizeof *g.key);
	g.val = xcalloc(g.cap, sizeof *g.val);
	for (size_t i = 0; i < m->cap; i++)
		if (m->key[i]) {
			size_t s = home(&g, m->key[i]);
			while (g.key[s])
				s = (s + 1) & (g.cap - 1);
			g.key[s] = m->key[i];
			g.val[s] = m->val[i];
		}
	free(m->key);
	free(m->val);
	*m = g;
}

uint32_t *vh_u64map_slot(struct vh_u64map *m, uint64_t key, int *fresh)
{
	size_t s;

	if (2 * (m->n + 1) > m->cap)
		grow(m);
	for (s = home(m, key); m->key[s] && m->key[s] != key; s = (s + 1) & (m->cap - 1))
		;
	*fresh = !m->key[s];
	if (*fresh) {
		m->key[s] = key;
		m->val[s] = VH_NONE;
		m->n++;
	}
	return &m->val[s];
}

uint32_t vh_u64map_get(const struct vh_u64map *m, uint64_t key)
{
	if (!m->cap)
		return VH_NONE;
	for (size_t s = home(m, key); m->key[s]; s = (s + 1) & (m->cap - 1))
		if (m->key[s] == key)
			return m->val[s];
	return VH_NONE;
}

void vh_u64map_free(struct vh_u64map *m)
{
	free(m->key);
	free(m->val);
	m->key = NULL;
	m->val = NULL;
	m->cap = m->n = 0;
}

void vh_u64map_copy(struct vh_u64map *to, const struct vh_u64map *m)
{
	*to = *m;
	if (!m->cap)
		return;
	to->key = xmalloc(m->cap * sizeof *to->key);
	to->val = xmalloc(m->cap * sizeof *to->val);
	memcpy(to->key, m->key, m->cap * sizeof *to->key);
	memcpy(to->val, m->val, m->cap * sizeof *to->val);
}
