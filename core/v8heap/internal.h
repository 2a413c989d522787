/* core/v8heap/internal.h: what the files of core/v8heap share; not for use
 * outside it. The walk, in order (doc/core-heap.md says why each step is
 * needed and what it was checked against):
 *
 *   meta.c     V8's postmortem metadata (through core/jsframes) and the
 *              constants it lacks, per V8 version; itypes.c names every
 *              instance type
 *   pages.c    heap pages, found by their headers at every 256 KiB boundary
 *   isolate.c  the isolate, its roots table, its linear allocation areas
 *   tables.c   the names V8 keeps of the roots and of native context slots
 *   malloc.c   glibc's chunks: which malloc'd memory is in use
 *   sizes.c    what a map says, and object sizes as V8's SizeFromMap
 *   walk.c     every object of every page
 *   dispatch.c V8 13's dispatch table: a function's code
 *   mark.c     the roots and what they reach
 *   embedder.c node's C++ objects holding their wrappers strongly (the
 *              roots node's snapshots add)
 *   names.c    strings, function and constructor names, the snapshot's
 *              node types
 *   location.c objects' source locations (script, line, column)
 *   edges.c    the references of one object, named as a snapshot names them
 *   strtab.c   strings kept once
 *   build.c    the live objects as a struct mt_heap (on two threads)
 *   load.c     the steps in order, timed
 */
#ifndef MORTEM_CORE_V8HEAP_INTERNAL_H
#define MORTEM_CORE_V8HEAP_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/elfcore/coredump.h"
#include "core/heap/heap.h"
#include "core/jsframes/jsmeta.h"
#include "core/strbuf.h"
#include "core/v8heap/v8heap.h"

#define VH_PAGE (1u << 18)          /* kPageSizeBits = 18: page size and alignment */
#define VH_NONE UINT32_MAX
#define VH_FOUND_CACHE 4096
#define VH_PROTO_CACHE 64
#define VH_PAGE_WAYS 4            /* pages each page cache keeps (by address) */

struct vh_itype_name {
	int type;
	const char *name;
};
struct vh_itype_table {
	int version[4];
	const struct vh_itype_name *names;
	size_t n;
};
/* itypes.c: the table of exactly this version, or NULL. */
const struct vh_itype_table *vh_itype_table_for(const int version[4]);

/* How an object's size is found (HeapObject::SizeFromMap). */
enum vh_size {
	SZ_UNKNOWN = 0, SZ_MAP, SZ_SEQ_STRING, SZ_FIXED_ARRAY, SZ_NATIVE_CONTEXT,
	SZ_BYTE_ARRAY, SZ_BYTECODE, SZ_FREE_SPACE, SZ_DESCRIPTORS, SZ_WEAK_ARRAY_LIST,
	SZ_PROPERTY_ARRAY, SZ_SLOPPY_ARGS, SZ_BIGINT, SZ_PREPARSE, SZ_SCOPE_INFO,
	SZ_FEEDBACK_METADATA, SZ_FEEDBACK_VECTOR, SZ_COVERAGE, SZ_SMALL_SET, SZ_SMALL_MAP,
	SZ_SMALL_DICT, SZ_WORD, SZ_SWISS, SZ_CODE_INLINE, SZ_ISTREAM, SZ_ISTREAM_BODY,
	SZ_HEADER24, SZ_HEADER32, SZ_HEADER40,
};

/* JavaScript objects whose own fields V8's snapshot names
 * (ExtractJSObjectReferences and the functions it calls first). */
enum vh_js_role { JR_NONE = 0, JR_COLLECTION, JR_VIEW, JR_PROMISE, JR_GENERATOR };

/* Which words of an object may hold references. */
enum vh_scan { SCAN_ALL = 0, SCAN_MAP_ONLY, SCAN_PREFIX5, SCAN_PREPARSE,
	       SCAN_ISTREAM };      /* an InstructionStream's header before its
				       instructions: its Code (V8 11 on) and
				       relocation info (V8 12 on), words 1 and 2 */

/* The snapshot's node types, in the order written to its meta. */
enum vh_ntype {
	NT_HIDDEN = 0, NT_ARRAY, NT_STRING, NT_OBJECT, NT_CODE, NT_CLOSURE, NT_REGEXP,
	NT_NUMBER, NT_NATIVE, NT_SYNTHETIC, NT_CONS, NT_SLICED, NT_SYMBOL, NT_BIGINT,
	NT_SHAPE, NT_COUNT
};
enum vh_etype { ET_CONTEXT = 0, ET_ELEMENT, ET_PROPERTY, ET_INTERNAL, ET_HIDDEN,
		ET_SHORTCUT, ET_WEAK, ET_COUNT };

/* u64map.c: a 64-bit key (never 0) to a 32-bit value. */
struct vh_u64map {
	uint64_t *key;               /* owned: 0 is a free slot */
	uint32_t *val;               /* owned */
	size_t cap, n;
};
/* The key's value slot; *fresh when the key was not there (the slot then
 * holds VH_NONE for the caller to fill). */
uint32_t *vh_u64map_slot(struct vh_u64map *m, uint64_t key, int *fresh);
void vh_u64map_free(struct vh_u64map *m);
/* The key's value, or VH_NONE (m is only read: threads may share it). */
uint32_t vh_u64map_get(const struct vh_u64map *m, uint64_t key);
/* A copy of m with arrays of its own. */
void vh_u64map_copy(struct vh_u64map *to, const struct vh_u64map *m);

/* Instance types the walk needs by role; -1 when the binary has none. */
struct vh_types {
	int map, free_space, filler1, filler2, filler, oddball, heap_number, symbol,
	    bigint, sfi, scope_info, script, bytecode, code, istream, native_context,
	    js_function_first, js_function_last, js_bound_function, js_regexp, js_array,
	    js_global_object, js_global_proxy, js_object, first_receiver, first_js_object,
	    fti, property_cell, property_array, name_dict, global_dict, descriptors,
	    strong_descriptors, fixed_array, fixed_double_array, transition_array,
	    weak_fixed_array, embedder_data_array, prototype_info, enum_cache,
	    array_boilerplate, preparse, hole, cell, function_context, script_context,
	    module_context, eval_context, block_context, accessor_pair, js_weak_ref,
	    weak_cell, js_array_buffer, ephemeron_table, js_api_object, js_special_api_object,
	    weak_array_list, function_template_info, feedback_cell, accessor_info, number_dict,
	    trusted_fixed_array, feedback_vector;
};

/* Offsets and constants: v8dbg_* where V8 exports them, else per version. */
struct vh_meta {
	int version[4];
	int o_map, o_itype, o_isize, o_inobj_start, o_bf2, o_bf3, o_proto, o_ctor, o_descs;
	int o_props, o_elements, o_jsf_shared, o_jsf_context, o_sfi_name, o_sfi_fdata,
	    o_unc_inferred, o_unc_start, o_str_len, o_seq_chars, o_cons1, o_cons2, o_thin,
	    o_sliced_parent, o_sliced_off, o_fa_len, o_bca_data, o_desc_header, o_istream_start,
	    o_symbol_name, o_oddball_kind, o_global_dict, o_regexp_source, o_heapnum;
	int o_code_isize, o_code_inline_start;  /* V8 10: instructions inside Code */
	int o_code_istart;           /* V8 11 on: a Code's instruction_start (off
					the heap for a builtin), -1 unknown */
	int o_code_flags, code_kind_mask, code_kind_shift, code_kind_baseline; /* a
					Code's kind; -1 unknown */
	int first_nonstring, rep_mask, enc_mask, one_byte, tag_seq, tag_cons, tag_ext,
	    tag_sliced, tag_thin, first_context, last_context;
	int proto_map_shift, new_target_is_base;
	int desc_size, desc_key, desc_details, desc_value;
	struct js_prop_bits prop;    /* a property's details (jsframes/jsprop.c) */
	int nd_prefix, nd_entry, gd_entry, numd_entry, si_first, si_nlocals;
	int ctx_scope_info, ctx_prev, ctx_min_slots;  /* Context slot indexes */
	int oddball_the_hole;        /* Oddball::kind of the_hole (V8 10-11; from V8
					12 holes are HOLE_TYPE objects) */
	/* from V8's sources, by version (meta.c) */
	int native_context_extra, feedback_vector_header, fv_kinds_per_word,
	    fm_closure_bytes, free_space_words, scope_info_v128, code_alignment,
	    fti_class_name, script_sfis, cell_name, cell_value, chunk_layout, code_isize_v11;
	struct vh_types t;
	int ntypes;                  /* instance types 0..ntypes-1 */
	char **type_names;           /* owned array; names borrowed (static) */
	unsigned char *size_of;      /* owned: enum vh_size per instance type */
	unsigned char *scan;         /* owned: enum vh_scan per instance type */
	unsigned char *array_like;   /* owned: 1 FixedArray family, 2 ByteArray family,
					3 TrustedByteArray (an array only as code:
					V8's IsByteArray is not true of it, so
					held by no code it is hidden) */
	unsigned char *code_like;    /* owned: typed (compiled code) by the snapshot */
	unsigned char *js_role;      /* owned: enum vh_js_role per instance type */
	unsigned char *indexed;      /* owned: a FixedArray whose slots V8 names by index */
	int o_map_deps, o_map_trans, o_pair_get, o_pair_set;  /* -1 when unknown */
	int o_sfi_script, o_sfi_outer, o_script_source, o_script_name, o_script_line_ends,
	    o_cell_value;            /* the same */
	int o_jsf_proto, o_jsf_feedback, o_jsf_code, o_map_bf; /* JS_NONE when unknown */
	int o_ab_store, o_ab_length; /* JSArrayBuffer's raw fields, JS_NONE when unknown */
	int ek_mask, ek_shift;       /* Map::bit_field2's elements kind, JS_NONE unknown */
	int ek_dictionary, ek_holey, ek_packed; /* DICTIONARY_ELEMENTS, HOLEY_ELEMENTS,
					PACKED_ELEMENTS; JS_NONE unknown */
	int o_ext_data;              /* a cached ExternalString's resource_data (its
					characters' address), JS_NONE when unknown */
};

enum vh_space { SP_OTHER = 0, SP_NEW, SP_OLD, SP_CODE, SP_LARGE, SP_CODE_LARGE,
		SP_NEW_LARGE, SP_RO, SP_MAP, SP_TRUSTED, SP_SHARED, SP_COUNT };

struct vh_page {
	uint64_t base, size, area_start, area_end, flags, heap, owner;
	enum vh_space space;
	const unsigned char *bytes;  /* base..base+size: borrowed from the core's
					mapping, or own */
	unsigned char *own;          /* owned copy when the page is not held whole */
	uint64_t missing;            /* bytes of the area the core does not hold */
	uint32_t first, nobj;        /* its objects: vh.obj[first .. first+nobj) */
	uint32_t moved;              /* old copies of moved objects stepped over (walk.c) */
	int stale;                   /* its walk ended at an old copy whose new copy
					is gone: a page V8 freed (walk.c) */
	int from;                    /* a from-space page, walked because live objects
					point into it (a scavenge under way) */
	uint64_t *starts;            /* owned: a bit per word of the area: an object starts */
	uint32_t *rank;              /* owned: objects before each 64 words */
	char *problem;               /* owned: why the walk stopped early, or NULL */
};

struct vh_obj {                  /* 12 bytes: a dense core has tens of millions */
	uint32_t off;                /* its address less its page's base (untagged:
					vh_obj_addr) */
	uint32_t size;
	uint16_t itype;
	uint16_t page;               /* its index in vh.pages */
};

struct vh_lab {
	uint64_t top, limit;
};

struct vh {
	const struct mt_coredump *core;  /* borrowed */
	long want_thread;            /* the isolate of this thread index, or -1 */
	const struct vh_page *last_page[2][VH_PAGE_WAYS]; /* the pages found last by reads and
					    by vh_find (caches, reset with the pages) */
	struct vh_meta m;
	struct vh_page *pages;       /* owned, sorted by base */
	size_t npages;
	struct vh_span { uint64_t base, size; } *others; /* owned: the pages left out
					(other isolates', from-space): no roots */
	size_t nothers;
	struct vh_span *from;        /* owned: this heap's from-space pages, by address:
					live objects point there only in a scavenge */
	size_t nfrom;
	int follow_from;             /* references into from-space are taken for the
					new copies their forwarding words name (a core
					taken during a GC: load.c marks again so) */
	uint64_t heap_ptr;           /* the Heap the pages name */
	uint32_t *chunk_keys;        /* owned: open-addressed hash of base >> 18 */
	uint32_t *chunk_page;        /* owned: page index per key slot */
	uint64_t *chunk_filter;      /* owned: 65536 bits, one per 16-bit hash of
					the keys: clear, no page */
	size_t chunk_cap;
	uint64_t span_lo, span_len;  /* the pages' addresses: [span_lo, span_lo +
					span_len) holds them all (pages.c) */
	uint64_t isolate, roots, nroots, meta_map;
	char **root_names;           /* owned (tables.c): by RootIndex, NULL unknown */
	uint32_t nroot_names;
	char **builtin_names;        /* owned (tables.c): V8 10's builtins by id
					(Builtins::name), NULL unknown */
	uint32_t nbuiltin_names;
	struct vh_slot_name { uint32_t slot; char *name; /* owned */ } *ctx_names; /* owned
					(tables.c): a native context's named slots */
	uint32_t nctx_names;
	uint64_t the_hole;           /* the_hole_value (tagged), 0 when unknown */
	uint64_t undefined;          /* undefined_value (tagged), 0 when unknown */
	uint64_t inessential[16];    /* the read-only roots IsEssentialObject leaves out
					(tagged; tables.c), when root names are known */
	int ninessential;
	uint64_t iso_chunk, iso_size;  /* the malloc chunk holding the isolate */
	uint64_t dispatch_base;      /* V8 13's JSDispatchTable (dispatch.c), 0 none */
	int dispatch_shift;          /* a handle's entry: handle >> dispatch_shift */
	struct vh_lab *labs;         /* owned */
	size_t nlabs;
	struct vh_obj *obj;          /* owned: every object walked, in address order */
	uint32_t nobj;
	uint64_t *live;              /* owned: a bit per object: reached from a root */
	uint64_t *before_handles;    /* owned: a bit per object: reached from the
					other root sets, the handles set aside (its
					words are conservative; build.c), or NULL */
	struct vh_facts {            /* what the marking reads of each live object on
					the way, for the model (vh_facts_note) */
		uint64_t *key;       /* owned by build.c's first pass: each live
					object's vh_node_key (read from the core,
					once the marking is done); NULL once first
					is made */
		uint32_t *first;     /* owned: per object, the first live object of
					its key, VH_NONE without one: made from key
					by build.c, which then frees key (half the
					bytes) */
		uint32_t *store;     /* owned while marking: per array, the last live
					JS object to hold it as a backing store:
					2 * (index + 1), + 1 as elements (atomic
					max); per Code, its SharedFunctionInfo's
					index + 1; then settled (vh_facts_settle)
					into the two below and freed */
		uint64_t *roles;     /* owned once settled: an array's role as a
					backing store, 2 bits an object */
		struct vh_u64map code_holder; /* owned once settled: a Code's
					index + 1 -> its store word */
		uint64_t *code;      /* owned: a bit per array held as code (atomic) */
		unsigned char *tag;  /* owned: per object, the name V8's snapshot
					tags it with by what holds it (names.c's
					enum tag), the first holder's (atomic) */
		uint64_t *inessential; /* owned: a bit per object a snapshot has no
					edges to (atomic) */
	} facts;
	uint64_t *targets;           /* owned: live objects a snapshot has edges to
					(vh_edges_prepare) */
	struct vh_found { uint64_t value; uint32_t index; } *found; /* owned: edges.c's
					cache of vh_find, VH_FOUND_CACHE entries */
	struct mt_v8heap_info *info; /* borrowed: what is reported */
	uint64_t meta_maps[16];      /* maps whose map is themselves */
	int nmeta_maps;
	struct vh_u64map maps;       /* owned: map -> itype | isize << 16, or
					VH_NONE: no map */
	struct vh_shapes *shapes;    /* owned by props.c: fast maps' properties */
	struct vh_proto { uint64_t map, proto; } protos[VH_PROTO_CACHE]; /* edges.c:
					maps' prototypes, by map (a cache) */
};

/* A walked object's address (untagged); object o's. */
static inline uint64_t vh_addr_of(const struct vh *vh, const struct vh_obj *x)
{
	return vh->pages[x->page].base + x->off;
}
static inline uint64_t vh_obj_addr(const struct vh *vh, uint32_t o)
{
	return vh_addr_of(vh, &vh->obj[o]);
}

/* load.c: free what the walk and the marking keep of each object (obj,
 * live, the facts) once the model no longer reads them, and give the
 * core's pages back (mt_coredump_release). */
void vh_objects_free(struct vh *vh);
/* One line into info->warnings. */
void vh_warn(struct vh *vh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* meta.c */
int vh_meta_load(struct vh *vh, const struct mt_coredump *c, struct mt_error *err);
void vh_meta_free(struct vh_meta *m);
const char *vh_type_name(const struct vh_meta *m, int itype);
/* Whether name is one of the NULL-ended list's. */
int vh_in_list(const char *const *list, const char *name);

/* memory: n bytes at addr, from a page or else the core; NULL when any is
 * missing (the pointer is borrowed for the walk's life). */
const unsigned char *vh_mem(const struct vh *vh, uint64_t addr, size_t n);
int vh_u64(const struct vh *vh, uint64_t addr, uint64_t *out);
/* Whether a map word is a forwarding address: the old copy of an object a
 * GC moved holds its new copy's address there, untagged
 * (MapWord::FromForwardingAddress), where a map is a tagged pointer. */
static inline int vh_forwarding(uint64_t w)
{
	return w && !(w & 7);
}
/* An object's map word at offset 0: for the old copy of an object a
 * mark-compact moved (a core taken before V8 updated the pointers to it),
 * the new copy's. */
static inline uint64_t vh_map_word(const struct vh *vh, uint64_t w)
{
	if (vh_forwarding(w) && vh_u64(vh, w, &w) < 0)
		return 0;
	return w;
}
/* A tagged field of an object (a tagged address); its map as
 * vh_map_word gives it. */
static inline uint64_t vh_field(const struct vh *vh, uint64_t obj, int off)
{
	uint64_t w = 0;

	if (off < 0 || vh_u64(vh, obj - 1 + (uint64_t)off, &w) < 0)
		return 0;
	return off ? w : vh_map_word(vh, w);
}
/* The 8 bytes at b + off. */
static inline uint64_t vh_word(const unsigned char *b, int64_t off)
{
	uint64_t w;

	memcpy(&w, b + off, 8);
	return w;
}
/* The word at byte offset off of object obj (tagged): from its size bytes
 * at p when they hold it (p may be NULL), else read as vh_field reads it. */
static inline uint64_t vh_obj_word(const struct vh *vh, uint64_t obj, const unsigned char *p,
				   uint64_t size, int off)
{
	if (!p || off < 0 || (uint64_t)off + 8 > size)
		return vh_field(vh, obj, off);
	return off ? vh_word(p, off) : vh_map_word(vh, vh_word(p, 0));
}
static inline int vh_is_heap(uint64_t w) { return (w & 3) == 1; }
static inline int64_t vh_smi(uint64_t w) { return (int64_t)w >> 32; }

/* pages.c */
int vh_pages_find(struct vh *vh, struct mt_error *err);
/* The isolates the threads run (their g_current_isolate_ naming a Heap
 * that has pages), in thread order; the caller frees *out. */
size_t vh_isolates(struct vh *vh, struct mt_v8heap_isolate **out);
/* The page holding addr (untagged), or NULL. */
const struct vh_page *vh_page_lookup(const struct vh *vh, uint64_t addr);
/* The same, trying the page of the last call first: the walk and the
 * model read object after object of one page. slot: which of the caches
 * (reads and vh_find go to different pages). */
static inline const struct vh_page *vh_page_cached(const struct vh *vh, uint64_t addr, int slot)
{
	const struct vh_page **way = (const struct vh_page **)&vh->last_page[slot][addr >> 18 &
									 (VH_PAGE_WAYS - 1)];
	const struct vh_page *p = *way;

	if (p && addr - p->base < p->size)
		return p;
	if ((p = vh_page_lookup(vh, addr)) != NULL)
		*way = p;  /* a cache, not the walk's state: an object's page and its
			      map's most often differ */
	return p;
}
static inline const struct vh_page *vh_page_of(const struct vh *vh, uint64_t addr)
{
	return vh_page_cached(vh, addr, 0);
}
/* The from-space pages (vh->from) among the pages, for a core taken during
 * a scavenge, whose live objects point at young objects it has not moved
 * yet; the walk's products freed, to walk again. How many were added. */
size_t vh_pages_add_from(struct vh *vh);
/* Give back the core's pages (mt_coredump_release) but the heap pages':
 * the roots' and the malloc heaps' memory, once the marking has read it. */
void vh_release_all_but_pages(const struct vh *vh);
void vh_pages_free(struct vh *vh);

/* isolate.c */
void vh_isolate_find(struct vh *vh);

/* tables.c: root names, the_hole and a native context's slot names, with
 * the roots table found (vh_isolate_find); each is left empty when the
 * binary has no such table. */
void vh_tables_load(struct vh *vh);
/* n bytes at runtime address addr: from the core, else from the file of
 * the module mapped there (read-only data a core leaves out). 0, or -1. */
struct mt_modmap;
int vh_exe_read(const struct vh *vh, const struct mt_modmap *mm, uint64_t addr, void *buf,
		size_t n);
/* n bytes at runtime address addr: from the core, else from the
 * executable's file (opened by vh_tables_load: threads may call it after);
 * 0, or -1. node's own JavaScript sources are external strings whose
 * characters lie in the executable's read-only data, which a core leaves
 * out. */
int vh_text_read(const struct vh *vh, uint64_t addr, void *buf, size_t n);
/* The name of the executable's symbol that starts at runtime address addr
 * (a vtable: 16 bytes before an object's vtable pointer), or NULL. */
const char *vh_exe_symbol(const struct vh *vh, uint64_t addr);
/* V8 10's builtin number id, as Builtins::name gives it, or NULL. */
const char *vh_builtin_id_name(const struct vh *vh, int64_t id);
/* The builtin whose embedded code starts at runtime address addr (a
 * builtin Code's instruction_start: node's Builtins_NAME symbols, in the
 * executable or the copy of it V8 maps near the heap): NAME, or NULL. */
const char *vh_builtin_name(const struct vh *vh, uint64_t addr);
void vh_tables_free(struct vh *vh);

/* malloc.c: glibc chunks of the segment holding addr. */
struct vh_chunk {
	uint64_t addr, size;
	int used;
};
/* The chunks of one malloc heap (an arena's or the brk heap), found from
 * the start of the segment [start, end); returns the count (0: not one). */
size_t vh_malloc_chunks(const struct vh *vh, uint64_t start, uint64_t end,
			struct vh_chunk **out);
/* The memory a free chunk c leaves to stale words, [*lo, *hi): from its
 * size word to the next chunk's prev_size word (its own prev_size word is
 * the last word of the chunk before, when that one is in use). */
void vh_chunk_free_span(const struct vh_chunk *c, uint64_t *lo, uint64_t *hi);
/* The chunk holding addr: 0 with *out filled, or -1. */
int vh_malloc_chunk_at(const struct vh *vh, uint64_t addr, struct vh_chunk *out);
/* glibc's tcache: a freed chunk it keeps (a thread's, of up to 1,040 bytes)
 * looks in use, but its second word is a key: tcache_key from glibc 2.34
 * (a random number, one a process), the thread's tcache_perthread_struct
 * in 2.30 to 2.33. vh_tcache_keys adds to keys[0, nkeys) (at most cap) the
 * keys of the tcache structs among c[0, n), read from their first entry,
 * and returns the new count; vh_tcache_frees marks the chunks of c whose
 * second word is one of them as free, and returns how many it marked.
 * Before 2.30 no chunk is told. */
size_t vh_tcache_keys(const struct vh *vh, const struct vh_chunk *c, size_t n, uint64_t *keys,
		      size_t nkeys, size_t cap);
size_t vh_tcache_frees(const struct vh *vh, struct vh_chunk *c, size_t n, const uint64_t *keys,
		       size_t nkeys);
/* glibc's arenas: their malloc_state addresses into out (at most cap), the
 * thread arenas' found at the start of their first heap, then those their
 * ring of next pointers leads to (the main arena, in libc's data, when
 * there is a thread arena at all); returns the count. */
size_t vh_arenas(const struct vh *vh, uint64_t *out, size_t cap);
/* The chunks in the fastbins of the arenas (freed, of up to 0x80 bytes by
 * default), sorted, into *out (owned by the caller); returns the count.
 * Each list is followed while its chunks have its bin's size. */
size_t vh_fastbins(const struct vh *vh, const uint64_t *arenas, size_t narenas, uint64_t **out);
/* Marks the chunks of c whose address is in fast[0, nfast) (sorted) as
 * free, and returns how many it marked. */
size_t vh_fastbin_frees(struct vh_chunk *c, size_t n, const uint64_t *fast, size_t nfast);

/* sizes.c */
/* The map's instance type and instance size, or -1 when w is no map. */
int vh_map_info(struct vh *vh, uint64_t map, int *itype, uint32_t *isize);
/* Size of the object at addr (untagged), 0 when unknown. */
uint32_t vh_size_of(struct vh *vh, uint64_t addr, int itype, uint32_t isize);
/* The old copy, at a on page pg, of an object a mark-compact moved: its map
 * word `map` is the new copy's address (MapWord::FromForwardingAddress:
 * untagged), the new copy a whole object of the same size on a heap page.
 * A core taken while V8 ran out of memory holds the pages a GC evacuated
 * until V8 gives them back, their live objects all moved. Its size, or 0
 * when the word is not such an address, or names a new copy that does not
 * hold the same data (an earlier GC's: on a young page, past where
 * allocation reached, or on a page V8 freed). */
uint32_t vh_moved_copy(struct vh *vh, const struct vh_page *pg, uint64_t a, uint64_t map);
/* ScopeInfo: its size, and where the function name and the inferred name
 * slots are (byte offsets, -1 absent). */
uint32_t vh_scope_info(const struct vh *vh, uint64_t addr, int *fname, int *inferred);
/* Object o's self size as V8's snapshot gives it (SizeForSnapshot): its
 * size, but from V8 13 0 for a read-only object (the space isolates
 * share) and an external string's characters added (node's sources). */
uint32_t vh_snapshot_size(struct vh *vh, uint32_t o);
/* ScopeInfo si's (tagged) flags (scope-info.tq ScopeFlags), 0 when it is none. */
uint32_t vh_scope_flags(struct vh *vh, uint64_t si);
/* The ScopeInfo at addr (untagged): where its local names start (byte
 * offset; one hash table of them from 75 locals on), its count of locals
 * into *nloc; -1 when it makes no sense. */
int vh_scope_names(const struct vh *vh, uint64_t addr, int64_t *nloc);
/* ScopeInfo si's (tagged) start position (ScopeInfo::StartPosition):
 * 0 with *start filled, or -1 when it has no position info. */
int vh_scope_start(struct vh *vh, uint64_t si, int64_t *start);
int vh_scope_has_extension(uint32_t flags);
#define VH_SCOPE_STRICT (1u << 5)        /* ScopeFlags: language_mode strict */
#define VH_SCOPE_DECLARATION (1u << 6)   /* ScopeFlags: declaration_scope */
/* Every variable ScopeInfo si keeps in its contexts: its name (a tagged
 * String) and its context slot index, as ScopeInfo::IterateLocalNames
 * and the function variable give them. */
typedef void (*vh_local_fn)(void *ctx, uint64_t name, uint32_t slot);
void vh_scope_locals(struct vh *vh, uint64_t si, vh_local_fn fn, void *ctx);

/* walk.c */
void vh_walk(struct vh *vh);
/* The object whose tagged address is w (weak bit ignored), or VH_NONE;
 * for the old copy of an object a mark-compact moved, the new copy. */
uint32_t vh_find(const struct vh *vh, uint64_t w);
/* Whether w points into this heap's from-space (vh->from). */
int vh_in_from_space(const struct vh *vh, uint64_t w);

/* dispatch.c: after the walk, the JSDispatchTable found (V8 13 on), or
 * vh->dispatch_base left 0. */
void vh_dispatch_find(struct vh *vh);
/* The Code object (tagged) of the function whose word at o_jsf_code is
 * `word`, when that word is a dispatch handle naming a Code of this
 * heap; else 0 (V8 before 13: the word is the code itself). */
uint64_t vh_dispatch_code(const struct vh *vh, uint64_t word);

/* mark.c */
struct vh_roots {
	uint32_t *obj[MT_V8HEAP_ROOT_SETS]; /* owned: objects each set names */
	uint64_t *at[MT_V8HEAP_ROOT_SETS];  /* owned: where each was named: a
					       word's address (| VH_ROOT_GLOBAL),
					       or VH_ROOT_REG | the thread's
					       index << 8 | a register */
	size_t n[MT_V8HEAP_ROOT_SETS];
	size_t cap[MT_V8HEAP_ROOT_SETS];
	/* written by the thread that scans for the handles set: */
	size_t global_handles;       /* strong global handles among its words */
	size_t weak_handles;         /* words of weak ones, no roots */
	size_t tcache_chunks;        /* chunks a tcache keeps, left out as freed */
	size_t fastbin_chunks;       /* chunks in the arenas' fastbins, likewise */
};
#define VH_ROOT_REG (1ull << 63)
#define VH_ROOT_GLOBAL (1ull << 62)  /* with a word's address: a strong global handle */
/* The handles root set, found by a second thread (vh_roots_start). */
struct vh_handles {
	struct vh vh;                /* a copy of the walk's state: only its page
					caches are written */
	struct vh_roots *r;          /* borrowed: the thread fills its handles set */
	pthread_t tid;
	int threaded;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int walked;                  /* under mu: the walk is done, scanning may start */
	/* The marking the threads share (mark.c): each keeps a stack of its
	 * own and gives a batch of it when another has none. Under mu: */
	uint32_t *batch[16];         /* owned: VH_BATCH objects each */
	size_t nbatch;
	int threads, idle, done;     /* marking threads, those waiting, all done */
	int hungry;                  /* atomic: a thread waits for a batch */
	uint32_t *tables;            /* owned: the EphemeronHashTables marked */
	size_t ntables, tables_cap;
	/* While the ephemerons are marked (one thread): the entries whose key
	 * and value are not marked, by key, and their keys' bits. */
	struct vh_tie *ties;         /* owned */
	size_t nties;
	uint64_t *tie_keys;          /* owned, or NULL outside that time */
};
struct vh_tie {
	uint64_t key;                /* the key object (an index; 64 bits for
					core/bsearch.h) */
	uint64_t value;              /* the value's word */
};
/* Before the walk, with the pages and the isolate found: r emptied, and
 * the handles set's thread started (its holes need no objects). */
void vh_roots_start(struct vh *vh, struct vh_roots *r, struct vh_handles *j);
/* After the walk: the roots into r, and what they reach (vh->live); the
 * handles set is scanned by j's thread while the others are marked (it
 * then helps mark them), and marked from last, once what the other sets
 * reach is kept (vh->before_handles). */
void vh_mark(struct vh *vh, struct vh_roots *r, struct vh_handles *j);
/* What vh_mark made (vh->live, vh->before_handles, the facts) freed. */
void vh_marks_free(struct vh *vh);
/* The same, and the marking's counts zeroed, to mark again (with
 * vh_roots_start first). */
void vh_unmark(struct vh *vh);
void vh_roots_free(struct vh_roots *r);
/* Whether a thread's stack pointer lies in segment s. */
int vh_is_stack(const struct vh *vh, const struct mt_coredump_segment *s);
static inline int vh_is_live(const struct vh *vh, uint32_t i)
{
	return (int)(vh->live[i / 64] >> (i % 64) & 1);
}
/* The words of object i that may be references: [*from, *to) in words. */
void vh_scan_range(const struct vh *vh, uint32_t i, uint32_t *from, uint32_t *to);
/* The bytes [*from, *to) of object i's machine code, when it is the
 * InstructionStream of baseline code, whose instructions embed objects'
 * tagged addresses (V8 finds them through its relocation info; here every
 * byte offset is tried): 1, else 0. */
int vh_code_embeds(const struct vh *vh, uint32_t i, uint32_t *from, uint32_t *to);
/* Whether object c is a Code the baseline compiler made (its flags' kind). */
int vh_code_baseline(const struct vh *vh, uint32_t c);
/* The Code of InstructionStream i (its word 1, V8 11 on), or VH_NONE. */
uint32_t vh_istream_code(const struct vh *vh, uint32_t i);

/* names.c */
struct vh_names;
/* Names of vh's objects, once they are marked (the roles and code marks
 * of vh->facts), with caches of their own: one per thread, each reading
 * through a vh of its own. */
struct vh_names *vh_names_new(struct vh *vh);
void vh_names_free(struct vh_names **n);
/* For the marking thread that set object i's live bit: its facts
 * (vh->facts), from its bytes p (or NULL: read through vh, a thread's own). */
void vh_facts_note(struct vh *vh, uint32_t i, const unsigned char *p);
void vh_facts_free(struct vh_facts *f);
/* A String's text (cut at max bytes, UTF-8), appended to out; -1 if w is no string. */
int vh_string(struct vh *vh, uint64_t w, size_t max, struct strbuf *out);
/* The snapshot node type of object i, and its name into out (when not
 * NULL). */
enum vh_ntype vh_node(struct vh_names *n, uint32_t i, struct strbuf *out);
/* A key shared by the objects that have the same name as object i (its
 * map, its function's SharedFunctionInfo, its instance type), or 0 when the
 * name is its own (strings): the caller may keep a name by key. */
uint64_t vh_node_key(struct vh_names *n, uint32_t i);
/* After the marking: the store facts kept in 2 bits an object and a map of
 * the few Code objects, 4 bytes an object fewer for the model's phases. */
void vh_facts_settle(struct vh *vh);
/* The function V8's snapshot takes object i's source location from
 * (V8HeapExplorer::GetLocationFunction): the object itself for a
 * function, a generator's function, a JS object's constructor
 * (JSReceiver::GetConstructor); tagged, or 0. */
uint64_t vh_location_function(struct vh_names *n, uint32_t i);
/* The function's name (a JSFunction, tagged). */
void vh_function_name(struct vh *vh, uint64_t fn, struct strbuf *out);
int vh_is_function_type(const struct vh *vh, int itype);
int vh_is_string_type(const struct vh *vh, int itype);
int vh_itype_of(struct vh *vh, uint64_t w);

/* location.c: objects' source locations, with a cache of scripts' line
 * ends of its own (one per thread, as vh_names). */
struct vh_locator;
struct mt_heap_loc;
struct vh_locator *vh_locator_new(struct vh *vh, struct vh_names *names);
void vh_locator_free(struct vh_locator **l);
/* Object i's location into out's script, line and column: 0, or -1 when
 * it has none. */
int vh_locate(struct vh_locator *l, uint32_t i, struct mt_heap_loc *out);

/* props.c: the own named properties of a JS object: fn per property with
 * its key, its value (for an accessor, its AccessorPair or AccessorInfo,
 * and accessor set) and the address of the word that holds it (0 for a
 * descriptor's value or a PropertyCell). */
typedef void (*vh_prop_fn)(void *ctx, uint64_t key, uint64_t value, uint64_t slot, int accessor);
/* The bytes of an object, already found (or NULL: read through vh). */
struct vh_bytes {
	const unsigned char *p;      /* borrowed */
	uint32_t size;
};
void vh_own_props(struct vh *vh, uint64_t obj, const struct vh_bytes *own, vh_prop_fn fn,
		  void *ctx);
void vh_props_free(struct vh *vh);
/* The entries of dictionary d (a HashTable of `entry` words an entry):
 * their bytes, borrowed, with their address into *at and their count
 * (its capacity) into *n; NULL (*n 0) when it has none or the core lacks
 * them. */
const unsigned char *vh_dictionary_entries(struct vh *vh, uint64_t d, int entry, uint64_t *at,
					   uint32_t *n);
/* A property key: the string, or "<symbol description>"; -1 if neither. */
int vh_key_name(struct vh *vh, uint64_t key, struct strbuf *out);

/* embedder.c: node's BaseObjects whose wrapper handle is strong, among the
 * JS API objects api[] (object indexes, in order): each as the snapshot's
 * "Node / NAME" node. Their count; *out in api's order, freed by
 * vh_natives_free. */
struct vh_native {
	uint32_t wrapper;            /* the JS object */
	char *name;                  /* owned: "Node / TCPWrap", from its vtable */
};
size_t vh_natives(struct vh *vh, const uint32_t *api, size_t napi, struct vh_native **out);
void vh_natives_free(struct vh_native *v, size_t n);

/* strtab.c: strings, each once: the model's, or a part's own while it is
 * built (build.c). */
struct strtab {
	struct strbuf data;          /* owned: the strings, NUL after each */
	uint64_t *off;               /* owned: string offsets */
	uint32_t *hash;              /* owned: each string's hash, its low 32 bits (a
					dense core's parts hold tens of millions) */
	uint32_t n, cap;
	uint32_t *slots;             /* owned: interning hash: string index + 1 */
	size_t nslots;
	uint32_t plain_lo, plain_hi; /* strings appended, not interned (vh_strtab_append) */
};

uint64_t vh_strtab_hash(const char *s, size_t n);
/* The index of the n bytes at s (hash h) in t, added when new. */
uint32_t vh_strtab_add_n(struct strtab *t, const char *s, size_t n, uint64_t h);
uint32_t vh_strtab_add(struct strtab *t, const char *s);
/* The n bytes at s added as a new string without looking for it, nor
 * making it found by later adds (strings that are surely new: build.c's
 * numbers). One run of them per table: after another string, interned. */
uint32_t vh_strtab_append(struct strtab *t, const char *s, size_t n);
void vh_strtab_free(struct strtab *t);
/* t's strings added to g in t's order (as one pass would have added
 * them); each one's index in g, owned by the caller. */
uint32_t *vh_strtab_merge(struct strtab *g, const struct strtab *t);

/* A model part's edge names in 16 bits while the parts are built
 * (pnames.c). A name is an index, a string of the part's own table, or
 * VH_NUMBER_NAME | k: the model's string of number k. */
#define VH_NUMBER_NAME (1u << 31)
struct vh_pnames {
	uint16_t *code;              /* owned: each edge's */
	uint32_t *local;             /* owned: the part's string of each local code */
	uint32_t nlocal, local_cap;
	uint16_t *code_of;           /* owned: 1 + the local code of each string, 0 none */
	uint32_t code_of_cap;
	struct mt_heap_farlist far;  /* owned: names no code holds, in runs by edge */
	uint16_t *uses;              /* owned: the edges named by a string of each
					code (saturated), for the model's codes */
};
void vh_pnames_grow(struct vh_pnames *p, uint32_t cap);
/* Name edge e (each edge once, in increasing order). */
void vh_pnames_put(struct vh_pnames *p, uint32_t e, int by_string, uint32_t name);
/* The name of code c (< MT_HEAP_ENAME_FAR) of an edge named by a string. */
uint32_t vh_pnames_code_name(const struct vh_pnames *p, uint16_t c);
/* Edge e's name; edges read in increasing order from *run = 0. */
uint32_t vh_pnames_get(const struct vh_pnames *p, uint32_t *run, uint32_t e, int by_string);
void vh_pnames_free(struct vh_pnames *p);

/* build.c: the model of the live objects; NULL never (a part that cannot
 * be merged exactly makes it again in one pass). */
struct mt_heap *vh_build(struct vh *vh, const struct vh_roots *r);

/* edges.c: the references of object i, through the sink. Names go by
 * what they are made from, so the builder can intern each once: a
 * property key (a Name object of the heap), a constant C string, a number
 * (a weak edge's slot), or none (element and hidden edges: an index). */
enum vh_name_kind { VN_INDEX = 0, VN_KEY, VN_CONST, VN_NUMBER,
		    VN_GETTER, VN_SETTER,    /* "get KEY", "set KEY" */
		    VN_BOUND_ARG,            /* "bound_argument_N" */
		    VN_EPHEMERON,            /* name: a struct vh_ephemeron */
		    VN_BACKING_STORE };      /* "backing_store", to the native node of
						the backing store of ArrayBuffer `to`
						(build.c makes those nodes; none when
						it has no store) */
struct vh_edge_sink {
	void *ctx;
	void (*emit)(void *ctx, enum vh_etype type, enum vh_name_kind kind, const void *name,
		     uint64_t key_or_index, uint32_t to);
};
void vh_edges(struct vh *vh, struct vh_names *n, uint32_t i, const struct vh_edge_sink *s);
/* A WeakMap entry as V8's snapshot ties it (ExtractEphemeronHashTable-
 * References): an internal edge "N / part of key (K @k) -> value (V @v)
 * pair in WeakMap (table @t)" from the table and one from the key, both
 * to the value; the table holds key and value weakly. Objects by index. */
struct vh_ephemeron {
	uint32_t key, value, table;
};
/* Entry entry of EphemeronHashTable table (object indexes; its key is
 * table element 3 + 2 * entry): 1 with *e filled when V8 ties its key
 * and value (both objects, the key not undefined), else 0; entry below
 * vh_ephemeron_count's. *key_word and *value_word: the words. */
int vh_ephemeron_entry(struct vh *vh, uint32_t table, uint32_t entry, struct vh_ephemeron *e,
		       uint64_t *key_word, uint64_t *value_word);
/* The backing store of ArrayBuffer o (an object index) and its length in
 * bytes: the store's address, 0 when it has none (detached, or empty). */
uint64_t vh_backing_store(struct vh *vh, uint32_t o, uint64_t *length);
/* The number of entries of EphemeronHashTable table (its capacity, bounded
 * by its size). */
uint32_t vh_ephemeron_count(struct vh *vh, uint32_t table);
/* Whether object o is the_hole (V8HeapExplorer leaves holes out of an
 * array's elements). */
int vh_is_hole(struct vh *vh, uint32_t o);
/* V8HeapExplorer::IsEssentialObject: whether a snapshot has edges to
 * object o. vh_edges emits edges to the objects set in vh->targets: the
 * live and essential ones. */
int vh_is_essential(struct vh *vh, uint32_t o);

#endif
