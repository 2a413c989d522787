/* core/v8heap/walk.c: every object of every page, from its area start on:
 * the map word gives the instance type and the size (sizes.c). A page's
 * walk ends at its area end, in an
 * all-zero tail, or where a word is no map: the page is then reported as
 * stopped early and what was walked is kept, unless another thread's
 * linear allocation area starts there (then the walks are done again,
 * stepping over it). Fillers and free space are stepped over and never
 * kept.
 */
#include "core/v8heap/internal.h"
#include "core/bsearch.h"
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <elf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJECTS ((1u << 28) - 64) /* what a snapshot's edges can address */

static uint64_t lab_limit(const struct vh *vh, uint64_t a)
{
	for (size_t i = 0; i < vh->nlabs; i++)
		if (vh->labs[i].top == a)
			return vh->labs[i].limit;
	return 0;
}

static int is_filler(const struct vh *vh, int it)
{
	const struct vh_types *t = &vh->m.t;

	return it == t->free_space || it == t->filler || it == t->filler1 || it == t->filler2;
}

static int zero_tail(const unsigned char *p, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* A new-space page that holds, where allocation has not reached yet in
 * this cycle, what an earlier scavenge left: objects whose map word is a
 * forwarding address (MapWord: untagged). Node 18 left such a to-space
 * page whole. */
static int stale_new(const struct vh_page *pg, uint64_t map)
{
	return pg->space == SP_NEW && map && (map & 3) == 0;
}

static void keep(struct vh *vh, size_t *cap, uint64_t a, uint32_t size, int it, uint16_t page)
{
	if (vh->nobj == *cap) {
		*cap = *cap ? *cap * 2 : 65536;
		vh->obj = xreallocarray(vh->obj, *cap, sizeof *vh->obj);
	}
	vh->obj[vh->nobj++] = (struct vh_obj){ (uint32_t)(a - vh->pages[page].base), size,
					       (uint16_t)it, page };
}

/* Why the page's walk ends at a; reported once the walk is final. */
static void stop(struct vh *vh, struct vh_page *pg, uint64_t a, const char *what, int it)
{
	free(pg->problem);
	pg->problem = xmalloc(200);
	snprintf(pg->problem, 200, "page 0x%llx stops at +0x%llx: %s%s%s%s",
		 (unsigned long long)pg->base, (unsigned long long)(a - pg->base), what,
		 it < 0 ? "" : " (", it < 0 ? "" : vh_type_name(&vh->m, it), it < 0 ? "" : ")");
}

/* The page's objects into vh->obj; where its walk stopped early, or 0. */
/* Whether a LAB's top lies in the page's area (else no object of it
 * needs lab_limit). */
static int has_lab(const struct vh *vh, const struct vh_page *pg)
{
	for (size_t i = 0; i < vh->nlabs; i++)
		if (vh->labs[i].top >= pg->area_start && vh->labs[i].top < pg->area_end)
			return 1;
	return 0;
}

static uint64_t walk_page(struct vh *vh, struct vh_page *pg, uint16_t index, size_t *cap)
{
	uint64_t a = pg->area_start, map, limit, at = 0, last_map = 0;
	uint32_t isize = 0, size, last_isize = 0;
	int it = 0, last_it = 0, labs = has_lab(vh, pg);

	pg->first = vh->nobj;
	pg->moved = 0;
	pg->stale = 0;
	while (a + 8 <= pg->area_end && vh->nobj < MAX_OBJECTS) {
		if (labs && (limit = lab_limit(vh, a)) > a && limit <= pg->area_end) {
			a = limit;
			continue;
		}
		memcpy(&map, pg->bytes + (a - pg->base), 8);
		if (map && map == last_map) {  /* runs of objects of one map */
			it = last_it;
			isize = last_isize;
		} else if (vh_map_info(vh, map, &it, &isize) < 0) {
			if ((size = vh_moved_copy(vh, pg, a, map)) != 0) {
				pg->moved++;  /* stepped over: not an object now */
				a += size;
				continue;
			}
			if (vh_forwarding(map) && vh_page_of(vh, map) && pg->space != SP_NEW) {
				pg->stale = 1;  /* an evacuated page's old copies whose new
						   copies are gone: a page V8 freed, not
						   yet given back */
				break;
			}
			if (pg->space == SP_NEW && pg->moved)
				break;  /* past a young page's old copies: what an earlier
					   scavenge left, as stale_new() */
			if (!zero_tail(pg->bytes + (a - pg->base), pg->area_end - a) &&
			    !stale_new(pg, map)) {
				stop(vh, pg, a, "a word that is no map", -1);
				at = a;
			}
			break;
		} else {
			last_map = map;
			last_it = it;
			last_isize = isize;
		}
		size = vh_size_of(vh, a, it, isize);
		if (!size || size > pg->area_end - a) {
			stop(vh, pg, a, size ? "an object past the page's end" :
				 "an object of unknown size", it);
			at = a;
			break;
		}
		if (a - pg->base > UINT32_MAX) {  /* no V8 object is that big: vh_obj.off */
			stop(vh, pg, a, "an object 4 GiB into its page", it);
			at = a;
			break;
		}
		if (!is_filler(vh, it))
			keep(vh, cap, a, size, it, index);
		a += size;
	}
	pg->nobj = vh->nobj - pg->first;
	return at;
}

/* A bit per word where an object starts, and the objects before each 64. */
static void index_page(struct vh *vh, struct vh_page *pg)
{
	uint64_t words = (pg->area_end - pg->area_start) / 8, n64 = words / 64 + 1;
	uint32_t count = 0;

	pg->starts = xcalloc(n64, sizeof *pg->starts);
	pg->rank = xmalloc(n64 * sizeof *pg->rank);
	for (uint32_t i = pg->first; i < pg->first + pg->nobj; i++) {
		uint64_t w = (vh_obj_addr(vh, i) - pg->area_start) / 8;
		pg->starts[w / 64] |= 1ull << (w % 64);
	}
	for (uint64_t i = 0; i < n64; i++) {
		pg->rank[i] = count;
		count += mt_popcount64(pg->starts[i]);
	}
}

/* Pages [lo, hi) indexed (a second thread's half). */
struct index_job {
	struct vh *vh;
	size_t lo, hi;
};

static void *index_run(void *arg)
{
	struct index_job *j = arg;

	for (size_t i = j->lo; i < j->hi; i++)
		index_page(j->vh, &j->vh->pages[i]);
	return NULL;
}

/* Every page indexed, the later half by a second thread (each page's index
 * is its own). */
static void index_pages(struct vh *vh)
{
	struct index_job a = { vh, 0, vh->npages / 2 }, b = { vh, vh->npages / 2, vh->npages };
	pthread_t tid;
	int threaded = pthread_create(&tid, NULL, index_run, &b) == 0;

	if (!threaded)
		index_run(&b);
	index_run(&a);
	if (threaded)
		pthread_join(tid, NULL);
}

/* Where the LAB of a stop would end: the area's end, or an object. */
static int lab_ends_well(struct vh *vh, const struct vh_page *pg, uint64_t limit)
{
	uint64_t map;
	uint32_t isize;
	int it;

	if (limit == pg->area_end)
		return 1;
	memcpy(&map, pg->bytes + (limit - pg->base), 8);
	return vh_map_info(vh, map, &it, &isize) == 0;
}

/* A (start, top, limit) triple at w whose top is one of stops[0..n) (0:
 * none): kept as a LAB, and that stop cleared. */
static int stop_lab(struct vh *vh, const uint64_t *w, uint64_t *stops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct vh_page *pg;
		if (!stops[i] || w[1] != stops[i] || w[0] > w[1] || w[2] <= w[1] || w[0] % 8 ||
		    w[2] % 8 || !(pg = vh_page_of(vh, w[1])) || w[0] < pg->area_start ||
		    w[2] > pg->area_end || !lab_ends_well(vh, pg, w[2]))
			continue;
		if (lab_limit(vh, w[1]))
			return 0;  /* known: it did not explain the stop (a stale copy) */
		vh->labs = xreallocarray(vh->labs, vh->nlabs + 1, sizeof *vh->labs);
		vh->labs[vh->nlabs++] = (struct vh_lab){ w[1], w[2] };
		stops[i] = 0;
		return 1;
	}
	return 0;
}


/* LABs the isolate does not hold: a background thread's LocalHeap (wasm
 * compile jobs, concurrent compilers) keeps the one it has not used up,
 * a triple in malloc'd memory. Searched for only where walks stopped, in
 * writable memory outside V8 pages and stacks (a stale copy could hide
 * live objects), and taken only where an object or the area's end
 * follows. The count found. */
static size_t stop_labs(struct vh *vh, uint64_t *stops, size_t n, size_t nstops)
{
	size_t found = 0;

	for (size_t s = 0; s < vh->core->nsegs && found < nstops; s++) {
		const struct mt_coredump_segment *seg = &vh->core->segs[s];
		const unsigned char *b;
		if (!seg->present || !(seg->flags & PF_W) || seg->flags & PF_X ||
		    vh_is_stack(vh, seg) || !(b = vh_mem(vh, seg->vaddr, seg->present)))
			continue;
		for (uint64_t i = 0; i + 24 <= seg->present && found < nstops; i += 8) {
			uint64_t w[3], a = seg->vaddr + i;
			if (a % VH_PAGE == 0 && vh_page_of(vh, a)) {
				i += VH_PAGE - 8;  /* a merged mapping's V8 page */
				continue;
			}
			memcpy(w, b + i, 24);
			found += stop_lab(vh, w, stops, n);
		}
	}
	return found;
}

/* Pages [lo, hi) into vh->obj from vh->nobj on; where each stopped into
 * stops[page]: how many did. */
static size_t walk_pages(struct vh *vh, size_t lo, size_t hi, uint64_t *stops, size_t *cap)
{
	size_t n = 0;

	for (size_t i = lo; i < hi; i++) {
		stops[i] = walk_page(vh, &vh->pages[i], (uint16_t)i, cap);
		n += stops[i] != 0;
	}
	return n;
}

/* The later pages, walked by a second thread through a copy of the walk's
 * state: objects and map facts of its own. */
struct half {
	struct vh vh;
	size_t lo, hi, nstops, cap;
	uint64_t *stops;             /* borrowed */
};

static void *half_run(void *arg)
{
	struct half *x = arg;

	x->nstops = walk_pages(&x->vh, x->lo, x->hi, x->stops, &x->cap);
	return NULL;
}

/* The page where about half the area lies before. */
static size_t middle_page(const struct vh *vh)
{
	uint64_t total = 0, sum = 0;
	size_t i;

	for (i = 0; i < vh->npages; i++)
		total += vh->pages[i].area_end - vh->pages[i].area_start;
	for (i = 0; i < vh->npages && sum < total / 2; i++)
		sum += vh->pages[i].area_end - vh->pages[i].area_start;
	return i;
}

/* The second half's objects after the first's, and the map facts it
 * learned kept. */
static void join_half(struct vh *vh, struct half *x, size_t *cap)
{
	int fresh;

	if (vh->nobj + x->vh.nobj > *cap) {
		*cap = vh->nobj + x->vh.nobj;
		vh->obj = xreallocarray(vh->obj, *cap, sizeof *vh->obj);
	}
	if (x->vh.nobj)
		memcpy(vh->obj + vh->nobj, x->vh.obj, x->vh.nobj * sizeof *vh->obj);
	for (size_t i = x->lo; i < x->hi; i++)
		vh->pages[i].first += vh->nobj;
	vh->nobj += x->vh.nobj;
	for (size_t i = 0; i < x->vh.maps.cap; i++)
		if (x->vh.maps.key[i])
			*vh_u64map_slot(&vh->maps, x->vh.maps.key[i], &fresh) = x->vh.maps.val[i];
}

/* Every page, from scratch, the later half by a second thread; where each
 * stopped into stops[page] (0: it did not): how many did. */
static size_t walk_all(struct vh *vh, uint64_t *stops)
{
	size_t cap = vh->nobj, n;  /* vh->obj holds at least the last count */
	struct half x = { .vh = *vh, .lo = middle_page(vh), .hi = vh->npages, .stops = stops };
	pthread_t tid;

	vh->nobj = 0;
	x.vh.obj = NULL;
	x.vh.nobj = 0;
	memset(x.vh.last_page, 0, sizeof x.vh.last_page);
	vh_u64map_copy(&x.vh.maps, &vh->maps);
	int threaded = x.lo < x.hi && pthread_create(&tid, NULL, half_run, &x) == 0;
	n = walk_pages(vh, 0, threaded ? x.lo : vh->npages, stops, &cap);
	if (threaded) {
		pthread_join(tid, NULL);
		if (vh->nobj + x.vh.nobj <= MAX_OBJECTS) {
			join_half(vh, &x, &cap);
			n += x.nstops;
		} else {  /* past what a model holds: cut where one pass would */
			for (size_t i = x.lo; i < vh->npages; i++) {
				free(vh->pages[i].problem);
				vh->pages[i].problem = NULL;
			}
			n += walk_pages(vh, x.lo, vh->npages, stops, &cap);
		}
	}
	free(x.vh.obj);
	vh_u64map_free(&x.vh.maps);
	return n;
}

void vh_walk(struct vh *vh)
{
	uint64_t *stops = xcalloc(vh->npages + 1, sizeof *stops);
	size_t n = walk_all(vh, stops);

	/* again while other threads' LABs explain stops: a page may hold several */
	for (int round = 0; n && round < 8 && stop_labs(vh, stops, vh->npages, n); round++) {
		for (size_t i = 0; i < vh->npages; i++) {
			free(vh->pages[i].problem);
			vh->pages[i].problem = NULL;
		}
		n = walk_all(vh, stops);
	}
	for (size_t i = 0; i < vh->npages; i++)
		if (stops[i])
			vh_warn(vh, "%s (%llu bytes of it not walked)", vh->pages[i].problem,
				(unsigned long long)(vh->pages[i].area_end - stops[i]));
	index_pages(vh);
	free(stops);
	vh->info->objects = vh->nobj;
	for (size_t i = 0; i < vh->npages; i++) {
		vh->info->moved_copies += vh->pages[i].moved;
		vh->info->stale_pages += vh->pages[i].stale;
	}
}

/* The object that starts at a (untagged) on page pg, or VH_NONE. */
static uint32_t start_at(const struct vh_page *pg, uint64_t a)
{
	uint64_t i;

	if (!pg || a < pg->area_start || a >= pg->area_end || !pg->starts)
		return VH_NONE;
	i = (a - pg->area_start) / 8;
	if (!(pg->starts[i / 64] >> (i % 64) & 1))
		return VH_NONE;
	return pg->first + pg->rank[i / 64] +
	       mt_popcount64(pg->starts[i / 64] & ((1ull << (i % 64)) - 1));
}

/* The new copy of the object whose old copy is at a on page pg (a page a
 * mark-compact evacuated: its map word is the new copy's address, where
 * the walk found an object), or VH_NONE. A core taken while V8 updates
 * pointers after evacuating holds both: references to the old copy are
 * taken for the new one. Only read: threads call it at once. */
static uint32_t moved_to(const struct vh *vh, const struct vh_page *pg, uint64_t a)
{
	uint64_t to;

	if (a < pg->area_start || a + 8 > pg->area_end)
		return VH_NONE;
	memcpy(&to, pg->bytes + (a - pg->base), 8);
	if (!vh_forwarding(to) || to == a)
		return VH_NONE;
	return start_at(vh_page_cached(vh, to, 1), to);
}

/* The new copy of a young object a scavenge (or a mark-compact's young
 * evacuation) moved, from its old copy at a in from-space, or VH_NONE. */
static uint32_t from_to(const struct vh *vh, uint64_t a)
{
	uint64_t to;

	if (!vh_in_from_space(vh, a) || vh_u64(vh, a, &to) < 0 || !vh_forwarding(to) ||
	    vh_in_from_space(vh, to))
		return VH_NONE;
	return start_at(vh_page_cached(vh, to, 1), to);
}

uint32_t vh_find(const struct vh *vh, uint64_t w)
{
	uint64_t a = w & ~(uint64_t)3;
	const struct vh_page *pg;
	uint32_t o;

	if (!(w & 1) || (a & 7))
		return VH_NONE;
	if (!(pg = vh_page_cached(vh, a, 1)))
		return vh->follow_from ? from_to(vh, a) : VH_NONE;
	if ((o = start_at(pg, a)) == VH_NONE && pg->moved)
		o = moved_to(vh, pg, a);
	return o;
}

int vh_in_from_space(const struct vh *vh, uint64_t w)
{
	size_t i = MT_UPPER_BOUND(vh->from, vh->nfrom, base, w);

	return i && w - vh->from[i - 1].base < vh->from[i - 1].size;
}
