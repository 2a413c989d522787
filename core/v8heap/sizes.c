/* core/v8heap/sizes.c: what a map says of its objects (instance type and
 * size, cached per map; a map is a map when its map is a meta map, whose
 * map is itself) and the size of an object of variable size, as V8's
 * HeapObject::SizeFromMap (src/objects/objects.cc) computes it, by
 * instance type and version (doc/core-heap.md, "Versions"). */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	uint64_t at = mm;
	if (vh_forwarding(self) && (b = vh_mem(vh, self, 16)) != NULL) {
		at = self | 1;  /* the old copy of a meta map a mark-compact moved */
		memcpy(&self, b + vh->m.o_map, 8);
		memcpy(&it, b + vh->m.o_itype, 2);
	}
	if ((self != at && self != mm) || it != vh->m.t.map)  /* the new copy's map word:
							       itself, or still the old */
		return 0;
	if (vh->nmeta_maps < 16)
		vh->meta_maps[vh->nmeta_maps++] = mm;
	return 1;
}

/* A map's facts; for the old copy of a map a mark-compact moved (its map
 * word the new copy's address: a core taken before V8 updated the
 * pointers to it), the new copy's. */
static uint32_t map_facts(struct vh *vh, uint64_t map)
{
	const unsigned char *b, *to;
	uint64_t mm;
	uint16_t it;

	if (!vh_is_heap(map) || !(b = vh_mem(vh, map - 1, 24)))
		return VH_NONE;
	memcpy(&mm, b + vh->m.o_map, 8);
	memcpy(&it, b + vh->m.o_itype, 2);
	if (vh_forwarding(mm) && mm != map - 1 && (to = vh_mem(vh, mm, 24)) != NULL) {
		b = to;  /* the new copy, once: its map word must be the meta map */
		memcpy(&mm, b + vh->m.o_map, 8);
		memcpy(&it, b + vh->m.o_itype, 2);
	}
	if (!is_meta_map(vh, mm) || it >= vh->m.ntypes)
		return VH_NONE;
	return it | (uint32_t)b[vh->m.o_isize] * 8 << 16;
}

int vh_map_info(struct vh *vh, uint64_t map, int *itype, uint32_t *isize)
{
	int fresh;
	uint32_t *facts;

	if (!map)
		return -1;
	facts = vh_u64map_slot(&vh->maps, map, &fresh);
	if (fresh)
		*facts = map_facts(vh, map);
	if (*facts == VH_NONE)
		return -1;
	*itype = (int)(*facts & 0xffff);
	*isize = *facts >> 16;
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

/* What a ScopeInfo's first 64 bytes say: its flags (scope-info.tq
 * ScopeFlags), how many locals its contexts hold, where their names start,
 * and whether it is a module's. */
struct scope_head {
	uint32_t flags;
	int64_t nloc, names;
	int module;
};

#define MAX_LOCALS (1 << 20)

/* Since V8 12.8 (scopeinfo_idx_first_vars 5) the flags are a u32, and
 * position info always precedes the names. V8 13 put REPL_MODE_SCOPE
 * second in ScopeType (globals.h), which makes MODULE_SCOPE 5, not 3: on
 * node 24, 2,431 of 2,573 ScopeInfos have type 4 (FUNCTION_SCOPE, 2
 * before), and an eval scope (3) taken for a module broke a page. Before,
 * the flags are a Smi and the names come first, but V8 12 put a module's
 * variable count before them. -1 when the local count makes no sense. */
static int read_head(const struct vh_meta *m, const unsigned char *p, struct scope_head *h)
{
	h->nloc = smi_at(p, 8 + 8 * m->si_nlocals);
	if (m->scope_info_v128) {
		memcpy(&h->flags, p + 8, 4);
		h->module = (h->flags & 15) == (m->version[0] >= 13 ? 5u : 3u);
		h->names = 48 + (h->module ? 8 : 0);
	} else {
		h->flags = (uint32_t)smi_at(p, 8);
		h->module = (h->flags & 15) == 3;
		h->names = 8 + 8 * m->si_first + (h->module && m->version[0] >= 12 ? 8 : 0);
	}
	return h->nloc < 0 || h->nloc > MAX_LOCALS ? -1 : 0;
}

/* ScopeInfo since V8 12.8: after the names, their infos and the optional
 * slots (scope-info.tq), a module's info and variables. */
static uint32_t scope_info_v128(const unsigned char *p, const struct scope_head *h, int *fname,
				int *inferred)
{
	int64_t k = names_and_slots(h->names, h->flags, h->nloc, fname, inferred);

	k += h->flags >> 22 & 1 ? 8 : 0;
	if (h->module)
		k += 8 + 24 * smi_at(p, 48);
	k += h->flags >> 4 & 1 ? 8 : 0;
	return k > 0 && k < (1 << 24) ? (uint32_t)k : 0;
}

/* ScopeInfo before V8 12.8: after the names (one hash table from 75 on),
 * infos, saved class variable, function variable (2), inferred name,
 * position info (2; not for catch, block and with scopes, nor the empty
 * ScopeInfo), outer scope, locals block list, then for a module its module
 * info, variable count and variables (3 slots each). V8 12 moved a
 * module's variable count before the names (node 22: an ES module's
 * ScopeInfo, 4 variables, broke a page; 11.3 still has it at the end). */
static uint32_t scope_info_old(const struct vh *vh, uint64_t addr, const unsigned char *p,
			       const struct scope_head *h, int *fname, int *inferred)
{
	int64_t st = h->flags & 15, nmod = -1;
	uint64_t w;

	if (h->module && vh->m.version[0] >= 12)
		nmod = smi_at(p, (int)h->names - 8);
	int64_t k = names_and_slots(h->names, h->flags, h->nloc, fname, inferred);
	if (st != 5 && st != 6 && st != 7 && !(h->flags >> 29 & 1))
		k += 16;
	k += h->flags >> 22 & 1 ? 8 : 0;
	k += h->flags >> 28 & 1 ? 8 : 0;
	if (h->module && nmod < 0) {  /* the count after the module info */
		if (vh_u64(vh, addr + (uint64_t)k + 8, &w) < 0)
			return 0;
		nmod = vh_smi(w);
		k += 8;
	}
	if (h->module)
		k += 8 + 24 * nmod;
	return k > 0 && k < (1 << 24) ? (uint32_t)k : 0;
}

uint32_t vh_scope_info(const struct vh *vh, uint64_t addr, int *fname, int *inferred)
{
	unsigned char buf[64];
	const unsigned char *p = head_of(vh, addr, buf);

	struct scope_head h;

	*fname = *inferred = -1;
	if (!p || read_head(&vh->m, p, &h) < 0)
		return 0;
	return vh->m.scope_info_v128 ? scope_info_v128(p, &h, fname, inferred) :
				       scope_info_old(vh, addr, p, &h, fname, inferred);
}

/* ScopeFlags bits (scope-info.tq; the same from V8 10 to 13). */
#define SI_FUNCTION_VAR(f) ((f) >> 12 & 3)  /* VariableAllocationInfo */
#define SI_IN_CONTEXT 2                      /* VariableAllocationInfo::CONTEXT */
#define SI_EXTENSION_SLOT (1u << 26)

/* ScopeInfo si's (tagged) head; -1 when it is none. */
static int scope_head(struct vh *vh, uint64_t si, struct scope_head *h)
{
	unsigned char buf[64];
	const unsigned char *p;

	if (vh_itype_of(vh, si) != vh->m.t.scope_info || !(p = head_of(vh, si - 1, buf)))
		return -1;
	return read_head(&vh->m, p, h);
}

uint32_t vh_scope_flags(struct vh *vh, uint64_t si)
{
	struct scope_head h;

	return scope_head(vh, si, &h) < 0 ? 0 : h.flags;
}

/* ScopeInfo::IterateLocalNames: inline names up to 75, then a
 * NameToIndexHashTable (no prefix; entries of name and index). */
static void local_names(struct vh *vh, uint64_t si, int64_t nloc, int64_t at, uint32_t header,
			vh_local_fn fn, void *ctx)
{
	if (nloc < 75) {
		const unsigned char *b = vh_mem(vh, si - 1 + (uint64_t)at, 8 * (uint64_t)nloc);
		for (int64_t i = 0; b && i < nloc; i++) {
			uint64_t name = vh_word(b, 8 * i);
			if (vh_is_string_type(vh, vh_itype_of(vh, name)))
				fn(ctx, name, header + (uint32_t)i);
		}
		return;
	}
	uint64_t table = vh_field(vh, si, (int)at);
	int64_t cap = vh_smi(vh_field(vh, table, 16 + 8 * 2));
	if (cap <= 0 || cap > 4 * MAX_LOCALS)
		return;
	const unsigned char *b = vh_mem(vh, table - 1 + 16 + 8 * 3, 16 * (uint64_t)cap);
	for (int64_t i = 0; b && i < cap; i++) {
		uint64_t name = vh_word(b, 16 * i);
		int64_t index = vh_smi(vh_word(b, 16 * i + 8));
		if (vh_is_string_type(vh, vh_itype_of(vh, name)) && index >= 0 && index < nloc)
			fn(ctx, name, header + (uint32_t)index);
	}
}

void vh_scope_locals(struct vh *vh, uint64_t si, vh_local_fn fn, void *ctx)
{
	struct scope_head h;
	int fname = -1, inferred = -1;

	if (scope_head(vh, si, &h) < 0)
		return;
	uint32_t header = (uint32_t)vh->m.ctx_min_slots + (h.flags & SI_EXTENSION_SLOT ? 1 : 0);
	local_names(vh, si, h.nloc, h.names, header, fn, ctx);
	names_and_slots(h.names, h.flags, h.nloc, &fname, &inferred);
	if (SI_FUNCTION_VAR(h.flags) != SI_IN_CONTEXT || fname < 0)
		return;
	uint64_t name = vh_field(vh, si, fname);
	int64_t slot = vh_smi(vh_field(vh, si, fname + 8));
	if (vh_is_string_type(vh, vh_itype_of(vh, name)) && slot >= 0 && slot < MAX_LOCALS)
		fn(ctx, name, (uint32_t)slot);
}

int vh_scope_has_extension(uint32_t flags)
{
	return (flags & SI_EXTENSION_SLOT) != 0;
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

/* Whether the n bytes after the map words of a and b are the same; with
 * `pointers`, but for words that are references in both (a GC updates
 * those in the new copy). */
static int same_body(const struct vh *vh, uint64_t a, uint64_t b, uint32_t n, int pointers)
{
	const unsigned char *x = vh_mem(vh, a + 8, n - 8), *y = vh_mem(vh, b + 8, n - 8);

	if (!x || !y)
		return 0;
	for (uint32_t i = 0; i + 8 <= n - 8; i += 8) {
		uint64_t u = vh_word(x, i), v = vh_word(y, i);
		if (u != v && !(pointers && u & 1 && v & 1))
			return 0;
	}
	return 1;
}

uint32_t vh_moved_copy(struct vh *vh, const struct vh_page *pg, uint64_t a, uint64_t map)
{
	const struct vh_page *to;
	uint64_t to_map;
	uint32_t isize, size;
	int it;

	if (!vh_forwarding(map) || map == a || !(to = vh_page_of(vh, map)) ||
	    map < to->area_start || map + 8 > to->area_end || vh_u64(vh, map, &to_map) < 0 ||
	    vh_map_info(vh, to_map, &it, &isize) < 0)
		return 0;
	size = vh_size_of(vh, map, it, isize);
	if (!size || size > pg->area_end - a || size > to->area_end - map)
		return 0;
	/* An old copy may be an earlier GC's whose new copy is gone (a young
	 * page past where allocation reached, a freed page V8 kept): taken only
	 * when the new copy holds the same data, but for references the GC
	 * that copied it may have updated since (a young page's: the same). */
	return same_body(vh, a, map, size < 64 ? size : 64, pg->space != SP_NEW) ? size : 0;
}

/* Whether an object of size n at addr ends where the page's area does or
 * another object starts (or the old copy of a moved one: a GC's evacuated
 * page holds them between its free spaces). */
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
	return vh_map_info(vh, map, &it, &isize) == 0 || vh_moved_copy(vh, pg, addr + n, map);
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

uint32_t vh_snapshot_size(struct vh *vh, uint32_t o)
{
	const struct vh_meta *m = &vh->m;
	const struct vh_obj *obj = &vh->obj[o];
	int it = obj->itype;

	if (m->version[0] < 13)
		return obj->size;
	const struct vh_page *pg = vh_page_of(vh, vh_addr_of(vh, obj));
	if (pg && pg->space == SP_RO)
		return 0;
	if (!vh_is_string_type(vh, it) || (it & m->rep_mask) != m->tag_ext)
		return obj->size;
	const unsigned char *b = vh_mem(vh, vh_addr_of(vh, obj), 16);
	int32_t len = 0;
	if (b)
		memcpy(&len, b + m->o_str_len, 4);
	uint64_t chars = len > 0 ? (uint64_t)len * ((it & m->enc_mask) == m->one_byte ? 1 : 2) : 0;
	return obj->size + chars > UINT32_MAX ? UINT32_MAX : (uint32_t)(obj->size + chars);
}

int vh_scope_names(const struct vh *vh, uint64_t addr, int64_t *nloc)
{
	unsigned char buf[64];
	const unsigned char *p = head_of(vh, addr, buf);
	struct scope_head h;

	if (!p || read_head(&vh->m, p, &h) < 0)
		return -1;
	*nloc = h.nloc;
	return (int)h.names;
}

int vh_scope_start(struct vh *vh, uint64_t si, int64_t *start)
{
	struct scope_head h;
	int fname, inferred;
	int64_t k;
	uint64_t w;

	if (scope_head(vh, si, &h) < 0)
		return -1;
	if (vh->m.scope_info_v128) {  /* start and end before the names, at 32 */
		k = 32;
	} else {  /* after the names and slots, but for catch, block and with scopes */
		int64_t st = h.flags & 15;
		if (st == 5 || st == 6 || st == 7 || h.flags >> 29 & 1)
			return -1;
		k = names_and_slots(h.names, h.flags, h.nloc, &fname, &inferred);
	}
	if (vh_u64(vh, si - 1 + (uint64_t)k, &w) < 0 || w & 1 || vh_smi(w) < 0)
		return -1;
	*start = vh_smi(w);
	return 0;
}
