/* core/v8heap/walk.c: every object of every page, from its area start on:
 * the map word gives the instance type and, for fixed-size types, the
 * size; variable-size types are sized as V8's HeapObject::SizeFromMap
 * (src/objects/objects.cc). A page's walk ends at its area end, in an
 * all-zero tail, or where a word is no map: the page is then reported as
 * stopped early and what was walked is kept, unless another thread's
 * linear allocation area starts there (then the walks are done again,
 * stepping over it). Fillers and free space are stepped over and never
 * kept.
 */
#include "core/v8heap/internal.h"
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJECTS ((1u << 28) - 64) /* what a snapshot's edges can address */

static int32_t i32_at(const unsigned char *p, int off)
{
	int32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

static int64_t smi_at(const unsigned char *p, int off)
{
	uint64_t w;

	memcpy(&w, p + off, 8);
	return vh_smi(w);
}

static uint64_t align8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

static int is_meta_map(struct vh *vh, uint64_t mm)
{
	uint64_t self;
	const unsigned char *b;

	for (int i = 0; i < vh->nmeta_maps; i++)
		if (vh->meta_maps[i] == mm)
			return 1;
	if (!vh_is_heap(mm) || !(b = vh_mem(vh, mm - 1, 16)))
		return 0;
	memcpy(&self, b + vh->m.o_map, 8);
	uint16_t it;
	memcpy(&it, b + vh->m.o_itype, 2);
	if (self != mm || it != vh->m.t.map)
		return 0;
	if (vh->nmeta_maps < 16)
		vh->meta_maps[vh->nmeta_maps++] = mm;
	return 1;
}

static uint32_t map_facts(struct vh *vh, uint64_t map)
{
	const unsigned char *b;
	uint64_t mm;
	uint16_t it;

	if (!vh_is_heap(map) || !(b = vh_mem(vh, map - 1, 24)))
		return VH_NONE;
	memcpy(&mm, b + vh->m.o_map, 8);
	memcpy(&it, b + vh->m.o_itype, 2);
	if (!is_meta_map(vh, mm) || it >= vh->m.ntypes)
		return VH_NONE;
	return it | (uint32_t)b[vh->m.o_isize] * 8 << 16;
}

static void map_cache_grow(struct vh *vh)
{
	size_t cap = vh->map_cap ? vh->map_cap * 2 : 1024;
	uint64_t *keys = xcalloc(cap, sizeof *keys);
	uint32_t *vals = xcalloc(cap, sizeof *vals);

	for (size_t i = 0; i < vh->map_cap; i++)
		if (vh->map_keys[i]) {
			size_t s = (vh->map_keys[i] >> 3) * 0x9e3779b97f4a7c15ull >> 40 & (cap - 1);
			while (keys[s])
				s = (s + 1) & (cap - 1);
			keys[s] = vh->map_keys[i];
			vals[s] = vh->map_vals[i];
		}
	free(vh->map_keys);
	free(vh->map_vals);
	vh->map_keys = keys;
	vh->map_vals = vals;
	vh->map_cap = cap;
}

int vh_map_info(struct vh *vh, uint64_t map, int *itype, uint32_t *isize)
{
	size_t s;

	if (!map)
		return -1;
	if (2 * (vh->map_n + 1) > vh->map_cap)
		map_cache_grow(vh);
	s = (map >> 3) * 0x9e3779b97f4a7c15ull >> 40 & (vh->map_cap - 1);
	while (vh->map_keys[s] && vh->map_keys[s] != map)
		s = (s + 1) & (vh->map_cap - 1);
	if (!vh->map_keys[s]) {
		vh->map_keys[s] = map;
		vh->map_vals[s] = map_facts(vh, map);
		vh->map_n++;
	}
	if (vh->map_vals[s] == VH_NONE)
		return -1;
	*itype = (int)(vh->map_vals[s] & 0xffff);
	*isize = vh->map_vals[s] >> 16;
	return 0;
}

/* The object's first 64 bytes: in place, or copied into buf with what the
 * core does not hold (past the page's end) left zero; NULL when not even
 * its map is held. */
static const unsigned char *head_of(const struct vh *vh, uint64_t addr, unsigned char *buf)
{
	const unsigned char *p = vh_mem(vh, addr, 64);

	if (p)
		return p;
	memset(buf, 0, 64);
	for (size_t n = 56; n >= 8; n -= 8)
		if ((p = vh_mem(vh, addr, n)) != NULL) {
			memcpy(buf, p, n);
			return buf;
		}
	return NULL;
}

/* The part both ScopeInfo layouts share after the counts: the local names
 * (one hash table from 75 on) and their infos, the saved class variable,
 * the function variable (name and index) and the inferred name. Returns
 * the offset after them; the two name slots' offsets into fname and
 * inferred. */
static int64_t names_and_slots(int64_t k, uint32_t flags, int64_t nloc, int *fname,
			       int *inferred)
{
	k += 8 * ((nloc < 75 ? nloc : 1) + nloc);
	k += flags >> 10 & 1 ? 8 : 0;
	if (flags >> 12 & 3) {
		*fname = (int)k;
		k += 16;
	}
	if (flags >> 14 & 1) {
		*inferred = (int)k;
		k += 8;
	}
	return k;
}

/* ScopeInfo since V8 12.8 (scopeinfo_idx_first_vars 5): flags (u32),
 * parameter and local counts, position info always, names, infos, then
 * the optional slots (scope-info.tq). V8 13 put REPL_MODE_SCOPE second in
 * ScopeType (globals.h), which makes MODULE_SCOPE 5, not 3: on node 24,
 * 2,431 of 2,573 ScopeInfos have type 4 (FUNCTION_SCOPE, 2 before), and an
 * eval scope (3) taken for a module broke a page. */
static uint32_t scope_info_v128(const unsigned char *p, const struct vh_meta *m, int *fname,
				int *inferred)
{
	uint32_t flags;
	memcpy(&flags, p + 8, 4);
	int64_t nloc = smi_at(p, 8 + 8 * m->si_nlocals);
	int module = (flags & 15) == (m->version[0] >= 13 ? 5u : 3u);
	int64_t k = 48 + (module ? 8 : 0);

	if (nloc < 0 || nloc > (1 << 20))
		return 0;
	k = names_and_slots(k, (uint32_t)flags, nloc, fname, inferred);
	k += flags >> 22 & 1 ? 8 : 0;
	if (module)
		k += 8 + 24 * smi_at(p, 48);
	k += flags >> 4 & 1 ? 8 : 0;
	return k > 0 && k < (1 << 24) ? (uint32_t)k : 0;
}

/* ScopeInfo before V8 12.8: flags, parameter_count, context_local_count,
 * names (one hash table from 75 on), infos, saved class variable,
 * function variable (2), inferred name, position info (2; not for catch,
 * block and with scopes, nor the empty ScopeInfo), outer scope, locals
 * block list, then for a module its module info, variable count and
 * variables (3 slots each). V8 12 moved a module's variable count before
 * the names (node 22: an ES module's ScopeInfo, 4 variables, broke a page;
 * 11.3 still has it at the end). */
static uint32_t scope_info_old(const struct vh *vh, uint64_t addr, const unsigned char *p,
			       int *fname, int *inferred)
{
	const struct vh_meta *m = &vh->m;
	int64_t flags = smi_at(p, 8), nloc = smi_at(p, 8 + 8 * m->si_nlocals);
	int64_t st = flags & 15, k = 8 + 8 * m->si_first, nmod = -1;
	uint64_t w;

	if (nloc < 0 || nloc > (1 << 20))
		return 0;
	if (st == 3 && m->version[0] >= 12) {
		nmod = smi_at(p, (int)k);
		k += 8;
	}
	k = names_and_slots(k, (uint32_t)flags, nloc, fname, inferred);
	if (st != 5 && st != 6 && st != 7 && !(flags >> 29 & 1))
		k += 16;
	k += flags >> 22 & 1 ? 8 : 0;
	k += flags >> 28 & 1 ? 8 : 0;
	if (st == 3 && nmod < 0) {  /* the count after the module info */
		if (vh_u64(vh, addr + (uint64_t)k + 8, &w) < 0)
			return 0;
		nmod = vh_smi(w);
		k += 8;
	}
	if (st == 3)
		k += 8 + 24 * nmod;
	return k > 0 && k < (1 << 24) ? (uint32_t)k : 0;
}

uint32_t vh_scope_info(const struct vh *vh, uint64_t addr, int *fname, int *inferred)
{
	unsigned char buf[64];
	const unsigned char *p = head_of(vh, addr, buf);

	*fname = *inferred = -1;
	if (!p)
		return 0;
	return vh->m.scope_info_v128 ? scope_info_v128(p, &vh->m, fname, inferred) :
				       scope_info_old(vh, addr, p, fname, inferred);
}

static uint64_t small_table(const unsigned char *p, int entry)
{
	uint64_t cap = 2u * p[(entry < 3 ? 8 : 12) + 2];

	return align8(16 + cap * (uint64_t)entry * 8 + cap / 2 + cap);
}

/* InstructionStream before V8 12: its size is in the Code object. */
static uint64_t istream_v11(struct vh *vh, const unsigned char *p)
{
	uint64_t code;
	const unsigned char *c;
	uint64_t al = (uint64_t)vh->m.code_alignment;

	memcpy(&code, p + 8, 8);
	if (!vh_is_heap(code) || !(c = vh_mem(vh, code - 1 + (uint64_t)vh->m.code_isize_v11, 8)))
		return 0;
	uint64_t body = (uint64_t)(uint32_t)i32_at(c, 0) + (uint32_t)i32_at(c, 4);
	return (vh->m.o_istream_start + body + al - 1) / al * al;
}

/* WebAssembly objects, by name: only a process that ran wasm has them
 * (node's fetch does: undici's HTTP parser is wasm), and only variable-size
 * types without a rule of their own reach here. Layouts from
 * src/wasm/wasm-objects.h and wasm-objects.tq; each checked on cores of a
 * module with a table, structs and arrays (node 20 with
 * --experimental-wasm-gc, 22, 24). */
static uint64_t wasm_size(struct vh *vh, const unsigned char *p, int it)
{
	const char *n = vh_type_name(&vh->m, it);
	const unsigned char *map;
	int major = vh->m.version[0];
	uint64_t w;

	if (strncmp(n, "WASM_", 5) != 0)
		return 0;
	n += 5;
	/* supertypes_length Smi @32, the supertypes after it; V8 13 keeps only
	 * two u32 (type index, canonical index) before the Smi, @16 */
	if (strcmp(n, "TYPE_INFO_TYPE") == 0)
		return major >= 13 ? 24 + 8 * (uint64_t)smi_at(p, 16) :
				     40 + 8 * (uint64_t)smi_at(p, 32);
	/* length, capacity (u32 @12); V8 13 adds protected_offheap_data,
	 * protected_uses and a table type; entries of 24 (target, implicit
	 * arg, signature, padding) */
	if (strcmp(n, "DISPATCH_TABLE_TYPE") == 0)
		return (major >= 13 ? 40 : 16) + 24 * (uint64_t)(uint32_t)i32_at(p, 12);
	memcpy(&w, p, 8);
	if (!vh_is_heap(w) || !(map = vh_mem(vh, w - 1, 16)))
		return 0;
	/* Map::WasmByte1/2 (the bytes after instance_size_in_words): a
	 * struct's size (in 8-byte units from V8 12, bytes before), an
	 * array's element size */
	if (strcmp(n, "STRUCT_TYPE") == 0)
		return (uint64_t)(map[9] | map[10] << 8) * (major >= 12 ? 8 : 1);
	if (strcmp(n, "ARRAY_TYPE") == 0)         /* length u32 @16 */
		return 24 + align8((uint64_t)map[9] * (uint32_t)i32_at(p, 16));
	return 0;
}

/* Whether an object of size n at addr ends where the page's area does or
 * another object starts. */
static int fits(struct vh *vh, uint64_t addr, uint64_t n)
{
	const struct vh_page *pg = vh_page_of(vh, addr);
	uint64_t map;
	uint32_t isize;
	int it;

	if (!pg || !n || n % 8 || n > pg->area_end - addr)
		return 0;
	if (addr + n == pg->area_end)
		return 1;
	memcpy(&map, pg->bytes + (addr + n - pg->base), 8);
	return vh_map_info(vh, map, &it, &isize) == 0;
}

/* FreeSpace's size (Smi @8) counts bytes, or tagged words in later 13.6
 * builds (node 24.0's 13.6.233.8 bytes, 13.6.233.17 words): the unit
 * by_version() guessed is kept while it fits, and the other taken for good
 * when only that one does. */
static uint64_t free_space(struct vh *vh, uint64_t addr, const unsigned char *p)
{
	struct vh_meta *m = &vh->m;
	uint64_t n = (uint64_t)smi_at(p, 8);
	uint64_t guess = n * (m->free_space_words ? 8 : 1), other = n * (m->free_space_words ? 1 : 8);

	if (fits(vh, addr, guess) || !fits(vh, addr, other))
		return guess;
	m->free_space_words = !m->free_space_words;
	return other;
}

static uint64_t size_rule(struct vh *vh, uint64_t addr, const unsigned char *p, int it)
{
	const struct vh_meta *m = &vh->m;
	uint64_t al = (uint64_t)m->code_alignment;
	int f, g;

	switch (m->size_of[it]) {
	case SZ_SEQ_STRING:
		return align8((uint64_t)m->o_seq_chars + (uint64_t)(uint32_t)i32_at(p, m->o_str_len) *
			      ((it & m->enc_mask) == m->one_byte ? 1 : 2));
	case SZ_FIXED_ARRAY: return 16 + 8 * (uint64_t)smi_at(p, 8);
	case SZ_NATIVE_CONTEXT: return 16 + 8 * (uint64_t)smi_at(p, 8) + (uint64_t)m->native_context_extra;
	case SZ_BYTE_ARRAY: return align8(16 + (uint64_t)smi_at(p, 8));
	case SZ_BYTECODE: return align8((uint64_t)m->o_bca_data + (uint64_t)smi_at(p, 8));
	case SZ_FREE_SPACE: return free_space(vh, addr, p);
	case SZ_DESCRIPTORS: {
		int16_t n;
		memcpy(&n, p + 8, 2);
		return (uint64_t)m->o_desc_header + 8 * (uint64_t)m->desc_size * (uint16_t)n;
	}
	case SZ_HEADER24: return 24 + 8 * (uint64_t)smi_at(p, 8);
	case SZ_HEADER32: return 32 + 8 * (uint64_t)smi_at(p, 8);
	case SZ_HEADER40: return 40 + 8 * (uint64_t)smi_at(p, 8);
	case SZ_PROPERTY_ARRAY: return 16 + 8 * ((uint64_t)smi_at(p, 8) & 0x3ff);
	case SZ_BIGINT: return 16 + 8 * (((uint32_t)i32_at(p, 8) >> 1) & 0x3fffffff);
	case SZ_PREPARSE:
		return align8(16 + (uint64_t)(uint32_t)i32_at(p, 8)) + 8 * (uint64_t)(uint32_t)i32_at(p, 12);
	case SZ_SCOPE_INFO: return vh_scope_info(vh, addr, &f, &g);
	case SZ_FEEDBACK_METADATA: {
		uint64_t n = (uint32_t)i32_at(p, 8), k = (uint64_t)m->fv_kinds_per_word;
		return align8(16 + 4 * ((n + k - 1) / k) +
			      (uint64_t)m->fm_closure_bytes * (uint32_t)i32_at(p, 12));
	}
	case SZ_FEEDBACK_VECTOR:
		return (uint64_t)m->feedback_vector_header + 8 * (uint64_t)(uint32_t)i32_at(p, 8);
	case SZ_COVERAGE: return 16 + 16 * (uint64_t)(uint32_t)i32_at(p, 8);
	case SZ_SMALL_SET: return small_table(p, 1);
	case SZ_SMALL_MAP: return small_table(p, 2);
	case SZ_SMALL_DICT: return small_table(p, 3);
	case SZ_WORD: return 8;
	case SZ_SWISS: {
		uint64_t c = (uint32_t)i32_at(p, 12);
		return align8(24 + 16 * c + c + 16 + c);
	}
	case SZ_CODE_INLINE: {
		if (m->o_code_isize < 0)
			return 0;
		uint64_t body = (uint64_t)(uint32_t)i32_at(p, m->o_code_isize) +
				(uint32_t)i32_at(p, m->o_code_isize + 4);
		return ((uint64_t)m->o_code_inline_start + body + al - 1) / al * al;
	}
	case SZ_ISTREAM: return istream_v11(vh, p);
	case SZ_ISTREAM_BODY:
		return ((uint64_t)m->o_istream_start + (uint32_t)i32_at(p, 24) + al - 1) / al * al;
	default: return wasm_size(vh, p, it);
	}
}

uint32_t vh_size_of(struct vh *vh, uint64_t addr, int itype, uint32_t isize)
{
	unsigned char buf[64];
	const unsigned char *p;
	uint64_t n;

	if (isize)
		return isize;
	if (!(p = head_of(vh, addr, buf)))
		return 0;
	n = size_rule(vh, addr, p, itype);
	return n >= 8 && n < (1ull << 32) && n % 8 == 0 ? (uint32_t)n : 0;
}

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
	vh->obj[vh->nobj++] = (struct vh_obj){ a, size, (uint16_t)it, page };
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
static uint64_t walk_page(struct vh *vh, struct vh_page *pg, uint16_t index, size_t *cap)
{
	uint64_t a = pg->area_start, map, limit, at = 0;
	uint32_t isize, size;
	int it;

	pg->first = vh->nobj;
	while (a + 8 <= pg->area_end && vh->nobj < MAX_OBJECTS) {
		if ((limit = lab_limit(vh, a)) > a && limit <= pg->area_end) {
			a = limit;
			continue;
		}
		memcpy(&map, pg->bytes + (a - pg->base), 8);
		if (vh_map_info(vh, map, &it, &isize) < 0) {
			if (!zero_tail(pg->bytes + (a - pg->base), pg->area_end - a) &&
			    !stale_new(pg, map)) {
				stop(vh, pg, a, "a word that is no map", -1);
				at = a;
			}
			break;
		}
		size = vh_size_of(vh, a, it, isize);
		if (!size || size > pg->area_end - a) {
			stop(vh, pg, a, size ? "an object past the page's end" :
				 "an object of unknown size", it);
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
		uint64_t w = (vh->obj[i].addr - pg->area_start) / 8;
		pg->starts[w / 64] |= 1ull << (w % 64);
	}
	for (uint64_t i = 0; i < n64; i++) {
		pg->rank[i] = count;
		count += mt_popcount64(pg->starts[i]);
	}
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

/* Every page, from scratch; where each stopped into stops[page] (0: it
 * did not): how many did. */
static size_t walk_all(struct vh *vh, uint64_t *stops)
{
	size_t cap = vh->nobj, n = 0;  /* vh->obj holds at least the last count */

	vh->nobj = 0;
	for (size_t i = 0; i < vh->npages; i++) {
		stops[i] = walk_page(vh, &vh->pages[i], (uint16_t)i, &cap);
		n += stops[i] != 0;
	}
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
	for (size_t i = 0; i < vh->npages; i++) {
		struct vh_page *pg = &vh->pages[i];
		if (stops[i])
			vh_warn(vh, "%s (%llu bytes of it not walked)", pg->problem,
				(unsigned long long)(pg->area_end - stops[i]));
		index_page(vh, pg);
	}
	free(stops);
	vh->info->objects = vh->nobj;
}

uint32_t vh_find(const struct vh *vh, uint64_t w)
{
	uint64_t a = w & ~(uint64_t)3, i;
	const struct vh_page *pg;

	if (!(w & 1) || (a & 7) || !(pg = vh_page_cached(vh, a, 1)) || a < pg->area_start ||
	    a >= pg->area_end || !pg->starts)
		return VH_NONE;
	i = (a - pg->area_start) / 8;
	if (!(pg->starts[i / 64] >> (i % 64) & 1))
		return VH_NONE;
	return pg->first + pg->rank[i / 64] +
	       mt_popcount64(pg->starts[i / 64] & ((1ull << (i % 64)) - 1));
}
