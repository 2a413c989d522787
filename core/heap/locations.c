/* core/heap/locations.c: the locations array, kept small: the records as
 * read (16 bytes each: node, script, line, column) become a bit per node
 * that has one, and per such node an index into the distinct positions
 * (4 bytes each). Positions are constructors' and repeat: a gigabyte
 * snapshot of 3.5 M located objects has a handful. No sort is needed: a
 * node's position is the last of its records in file order, as in the map
 * DevTools fills. */
#include "core/heap/load.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

void mt_heap_rankset_init(struct mt_heap_rankset *s, uint32_t node_count)
{
	size_t words = (size_t)node_count / 64 + 1;

	s->has = mt_heap_array(words, sizeof *s->has);
	s->base = mt_heap_array(words, sizeof *s->base);
}

uint32_t mt_heap_rankset_number(struct mt_heap_rankset *s, uint32_t node_count)
{
	uint32_t m = 0;

	for (size_t w = 0; w <= node_count / 64; w++) {
		s->base[w] = m;
		m += mt_popcount64(s->has[w]);
	}
	return m;
}

void mt_heap_rankset_free(struct mt_heap_rankset *s)
{
	free(s->has);
	free(s->base);
	s->has = NULL;
	s->base = NULL;
}

/* Distinct positions: an open-addressed table of indexes + 1. */
struct positions {
	struct mt_heap_locations *loc;  /* borrowed: pos and npos grow here */
	uint32_t *slot;                 /* owned */
	size_t cap, room;
};

static size_t hash_pos(const struct mt_heap_loc *r)
{
	uint64_t x = (r->script + 0x9E3779B97F4A7C15ull * r->line) * 0xC2B2AE3D27D4EB4Full;

	x ^= r->column * 0x165667B19E3779F9ull;
	return (size_t)(x ^ x >> 31);
}

static uint32_t *find_pos(struct positions *t, const struct mt_heap_loc *r)
{
	size_t j = hash_pos(r) & (t->cap - 1);

	for (; t->slot[j]; j = (j + 1) & (t->cap - 1)) {
		const struct mt_heap_pos *p = &t->loc->pos[t->slot[j] - 1];
		if (p->script == r->script && p->line == r->line && p->column == r->column)
			break;
	}
	return &t->slot[j];
}

static void grow_positions(struct positions *t)
{
	struct mt_heap_loc r = { 0 };

	free(t->slot);
	t->cap = t->cap ? t->cap * 2 : 1024;
	while ((size_t)t->loc->npos * 2 >= t->cap)  /* positions made before (mt_heap_positions) */
		t->cap *= 2;
	t->slot = xcalloc(t->cap, sizeof *t->slot);
	for (uint32_t i = 0; i < t->loc->npos; i++) {
		r.script = t->loc->pos[i].script;
		r.line = t->loc->pos[i].line;
		r.column = t->loc->pos[i].column;
		*find_pos(t, &r) = i + 1;
	}
}

static uint32_t position_of(struct positions *t, const struct mt_heap_loc *r)
{
	struct mt_heap_locations *loc = t->loc;

	if ((size_t)loc->npos * 2 >= t->cap)
		grow_positions(t);
	uint32_t *slot = find_pos(t, r);
	if (!*slot) {
		if (loc->npos == t->room) {
			t->room = t->room ? t->room * 2 : 64;
			loc->pos = xreallocarray(loc->pos, t->room, sizeof *loc->pos);
		}
		loc->pos[loc->npos] = (struct mt_heap_pos){ r->script, r->line, r->column };
		*slot = ++loc->npos;
	}
	return *slot - 1;
}

void mt_heap_idx_init(struct mt_heap_idx *x, uint32_t n)
{
	memset(x, 0, sizeof *x);
	x->cap = n ? n : 1;
	x->n = n;
	x->a16 = mt_heap_array(x->cap, sizeof *x->a16);
}

/* Every entry in 32 bits from now on. */
static void idx_widen(struct mt_heap_idx *x)
{
	x->a32 = mt_heap_array(x->cap, sizeof *x->a32);
	for (uint32_t i = 0; i < x->cap; i++)
		x->a32[i] = x->a16[i];
	free(x->a16);
	x->a16 = NULL;
	x->wide = 1;
}

void mt_heap_idx_set(struct mt_heap_idx *x, uint32_t i, uint32_t v)
{
	if (!x->wide && v > UINT16_MAX)
		idx_widen(x);
	if (x->wide)
		x->a32[i] = v;
	else
		x->a16[i] = (uint16_t)v;
}

void mt_heap_idx_push(struct mt_heap_idx *x, uint32_t v)
{
	if (!x->a16 && !x->a32)
		mt_heap_idx_init(x, 0);
	if (x->n == x->cap) {
		x->cap *= 2;
		if (x->wide)
			x->a32 = xreallocarray(x->a32, x->cap, sizeof *x->a32);
		else
			x->a16 = xreallocarray(x->a16, x->cap, sizeof *x->a16);
	}
	mt_heap_idx_set(x, x->n++, v);
}

void mt_heap_idx_free(struct mt_heap_idx *x)
{
	free(x->a16);
	free(x->a32);
	memset(x, 0, sizeof *x);
}

void mt_heap_positions(struct mt_heap_locations *loc, const struct mt_heap_loc *recs,
		       uint32_t n, uint32_t *to)
{
	struct positions t = { .loc = loc, .room = loc->npos };

	for (uint32_t i = 0; i < n; i++)
		to[i] = position_of(&t, &recs[i]);
	free(t.slot);
}

void hl_pack_locations(struct mt_heap *h)
{
	struct mt_heap_locations *loc = &h->loc;
	struct positions t = { .loc = loc };

	mt_heap_locations_free(loc);
	mt_heap_rankset_init(&loc->nodes, h->node_count);
	for (uint32_t i = 0; i < h->nlocs; i++)
		mt_heap_rankset_add(&loc->nodes, h->locs[i].node);
	uint32_t m = mt_heap_rankset_number(&loc->nodes, h->node_count);
	mt_heap_idx_init(&loc->which, m);
	/* In file order: the last record of a node is written last. Objects
	 * of one constructor often come one after another: the position of
	 * the record before is tried first. */
	uint32_t last = 0;
	for (uint32_t i = 0; i < h->nlocs; i++) {
		const struct mt_heap_loc *r = &h->locs[i];
		if (!i || r->script != r[-1].script || r->line != r[-1].line ||
		    r->column != r[-1].column)
			last = position_of(&t, r);
		mt_heap_idx_set(&loc->which, mt_heap_rankset_rank(&loc->nodes, r->node), last);
	}
	free(t.slot);
	free(h->locs);
	h->locs = NULL;
	h->nlocs = 0;
}

int mt_heap_location(const struct mt_heap *h, uint32_t node, struct mt_heap_loc *out)
{
	const struct mt_heap_locations *loc = &h->loc;

	if (!loc->nodes.has || node >= h->node_count || !mt_heap_rankset_has(&loc->nodes, node))
		return 0;
	const struct mt_heap_pos *p =
		&loc->pos[mt_heap_idx_get(&loc->which, mt_heap_rankset_rank(&loc->nodes, node))];
	*out = (struct mt_heap_loc){ node, p->script, p->line, p->column };
	return 1;
}

void mt_heap_locations_free(struct mt_heap_locations *loc)
{
	mt_heap_rankset_free(&loc->nodes);
	mt_heap_idx_free(&loc->which);
	free(loc->pos);
	free(loc->scripts);
	memset(loc, 0, sizeof *loc);
}
