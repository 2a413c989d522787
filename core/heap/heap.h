/* core/heap/heap.h: a loaded V8 heap snapshot and the graph DevTools builds
 * on it.
 *
 * The loader streams the file (plain or gzipped) into packed column arrays;
 * nothing is kept as JSON. Nodes are addressed by ordinal (0..node_count-1),
 * edges by their index in file order (0..edge_count-1); the edges of node i
 * are first_edge[i]..first_edge[i+1]. Every number that DevTools shows is
 * computed by the same rules as Chrome DevTools' heap snapshot worker
 * (HeapSnapshot.ts): distances, dominators over its essential edges,
 * retained sizes, class names and the shallow-size re-attribution.
 *
 * This is the model and what the rest of mortem may call; the passes that
 * build it, their scratch arrays and test switches are core/heap/passes.h,
 * private to core/heap.
 */
#ifndef MORTEM_CORE_HEAP_HEAP_H
#define MORTEM_CORE_HEAP_HEAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/artifact.h"
#include "core/bsearch.h"
#include "core/error.h"

#define MT_HEAP_NO_DISTANCE (-5)          /* DevTools' noDistance */
#define MT_HEAP_SYSTEM_DISTANCE 100000000 /* DevTools' baseSystemDistance */
#define MT_HEAP_NONE UINT32_MAX

/* Bits set in x. Without -mpopcnt, __builtin_popcountll is a call into
 * libgcc (measured: 2 % of a gigabyte load in the dominators' rank
 * lookups); the bit-parallel sum is a dozen inline instructions. */
static inline uint32_t mt_popcount64(uint64_t x)
{
#ifdef __POPCNT__
	return (uint32_t)__builtin_popcountll(x);
#else
	x -= (x >> 1) & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (uint32_t)((x * 0x0101010101010101ull) >> 56);
#endif
}

/* Node and edge type codes by role; -1 when the snapshot does not name it. */
struct mt_heap_types {
	int hidden, array, string, object, code, closure, regexp, number, native,
	    synthetic, cons_string, sliced_string;
	int e_context, e_element, e_property, e_internal, e_hidden, e_shortcut, e_weak;
};

/* A self size that does not fit 16 bits, as a parse finds it (kept aside:
 * few objects take 64 KiB or more). */
struct mt_heap_big {
	uint32_t node;
	uint64_t size;
};
/* A slot of a hash table of sizes by node (mt_heap's big_self and
 * big_retained): node_plus1 0 when free. */
struct mt_heap_bigsize {
	uint32_t node_plus1;
	uint64_t size;
};

/* A node id that does not fit 32 bits (kept aside: engines that write
 * V8's format but number objects otherwise, Julia by address). */
struct mt_heap_bigid {
	uint32_t node;
	uint64_t id;
};

struct mt_heap_loc {
	uint32_t node, script, line, column;
};

/* A subset of the nodes numbered in node order: a bit per node, and the
 * members before each 64 nodes. */
struct mt_heap_rankset {
	uint64_t *has;             /* owned: node_count / 64 + 1 words */
	uint32_t *base;            /* owned: as many */
};
static inline int mt_heap_rankset_has(const struct mt_heap_rankset *s, uint32_t node)
{
	return (int)(s->has[node / 64] >> (node % 64) & 1);
}
static inline void mt_heap_rankset_add(struct mt_heap_rankset *s, uint32_t node)
{
	s->has[node / 64] |= 1ull << (node % 64);
}
/* The members before node (its number, when it is one). */
static inline uint32_t mt_heap_rankset_rank(const struct mt_heap_rankset *s, uint32_t node)
{
	uint64_t below = s->has[node / 64] & ((1ull << (node % 64)) - 1);

	return s->base[node / 64] + mt_popcount64(below);
}
/* A column of indexes kept in 16 bits while every one fits, then in 32
 * (widened once): positions of located nodes, few of them distinct. */
struct mt_heap_idx {
	uint16_t *a16;             /* owned: the entries while wide is 0 */
	uint32_t *a32;             /* owned: the entries once wide */
	uint32_t n, cap;           /* entries pushed (or made), room */
	int wide;
};
static inline uint32_t mt_heap_idx_get(const struct mt_heap_idx *x, uint32_t i)
{
	return x->wide ? x->a32[i] : x->a16[i];
}
void mt_heap_idx_init(struct mt_heap_idx *x, uint32_t n);  /* n entries, 0 */
void mt_heap_idx_set(struct mt_heap_idx *x, uint32_t i, uint32_t v);
void mt_heap_idx_push(struct mt_heap_idx *x, uint32_t v);
void mt_heap_idx_free(struct mt_heap_idx *x);
/* Source positions of objects: the last one recorded for a node (as
 * DevTools' map keeps it), by rank of the nodes that have one, as an index
 * into the distinct positions (few: a position is a constructor's). */
struct mt_heap_locations {
	struct mt_heap_rankset nodes;
	struct mt_heap_idx which;  /* owned: position per ranked node */
	struct mt_heap_pos { uint32_t script, line, column; } *pos; /* owned */
	uint32_t npos;
	/* the scripts' names (scripts.c), made on first use, by id */
	struct mt_heap_script { uint64_t id; uint32_t name; } *scripts; /* owned: name:
				      a string index */
	uint32_t nscripts;
	int scripts_made;
};

struct mt_heap {
	/* layout read from snapshot.meta, by name */
	char **node_type_names;    /* owned, n_node_types strings: the file's, and
				      "undefined" after them when a node's type
				      is past its list (DevTools' name for it:
				      nodeTypes[type] in JavaScript) */
	int n_node_types;
	char **edge_type_names;    /* owned */
	int n_edge_types;
	struct mt_heap_types t;
	uint64_t extra_native_bytes;
	int has_trace_node_id;
	int has_detachedness;

	/* nodes: columns of node_count entries */
	uint32_t node_count;
	uint8_t *node_type;        /* owned */
	uint8_t *node_detached;    /* owned: 0 unknown, 1 attached, 2 detached,
				      | MT_HEAP_RENAMED */
	uint32_t *node_name;       /* owned: string index */
	uint32_t *node_id;         /* owned: UINT32_MAX means look in big_id[]
				      (read ids with mt_heap_id); NULL in a
				      model made from a core, whose ids are
				      2 * node + 1 (V8's are odd) */
	uint16_t *node_self;       /* owned: UINT16_MAX means look in big_self
				      (read with mt_heap_self) */
	uint32_t *first_edge;      /* owned: node_count + 1 */
	struct mt_heap_bigsize *big_self; /* owned: a hash table of
				      big_self_cap slots (mt_heap_set_self) */
	size_t nbig_self, big_self_cap;
	struct mt_heap_bigid *big_id; /* owned: nbig_id entries, sorted by node */
	size_t nbig_id;
	uint32_t root;             /* root ordinal (0) */
	char *origin;              /* owned: where a model not read from a file
				      came from (a core's heap), one line; or NULL */
	char **notes;              /* owned: what that loader could only partly do */
	size_t nnotes;
	/* each node's address in the process, for a model made from a core
	 * (read with mt_heap_addr: 0 for a node without one, a synthetic or
	 * native node); NULL for a snapshot, which has none. Nodes come in runs
	 * that each start at an address: a node keeps its distance from its
	 * run's start in 8-byte words, 16 bits, so a run spans at most 512 KiB
	 * (about one a heap page: a new one starts where a distance would not
	 * fit). */
	uint16_t *addr_word;       /* owned: node_count entries */
	struct mt_heap_addr_run { uint32_t first; uint64_t base; } *addr_runs; /* owned: by
				      first, the first from node 0 */
	uint32_t naddr_runs;

	/* edges: columns of edge_count entries, grouped by source node */
	uint32_t edge_count;
	uint32_t *edge_word;       /* owned: target ordinal in the low 28 bits (V8
				      numbers at most 2^28 nodes), type in the top 4 */
	uint16_t *edge_name;       /* owned: a code for its name (mt_heap_ename) */
	uint32_t *ename_str;       /* owned: the string of each code of an edge named
				      by a string (enames.c) */
	uint32_t n_ename_str;
	struct mt_heap_far { uint32_t edge, count, name; } *far; /* owned: by edge, the
				      names no code holds: edge + i is named name + i */
	uint32_t nfar;
	uint32_t *far_block;       /* owned: the first run reaching into each block
				      of 4,096 edges (mt_heap_ename_far) */
	uint32_t nfar_blocks;

	/* strings: string i starts at str_data + its offset, NUL-terminated;
	 * offsets take 32 bits while the strings fit 4 GiB, else 64 */
	uint32_t string_count;
	char *str_data;            /* owned */
	uint64_t str_bytes;        /* bytes in str_data, NULs included */
	uint32_t *str_off32;       /* owned: string_count + 1, or NULL */
	uint64_t *str_off64;       /* owned: the same when 32 bits are too few */

	/* locations (objects with a source position) */
	struct mt_heap_loc *locs;  /* owned while loading: the records as read */
	uint32_t nlocs;
	struct mt_heap_locations loc; /* owned: made from them (locations.c) */

	/* the graph (core/heap/graph.c and the passes after it) */
	uint32_t *first_retainer;  /* owned: node_count + 1; NULL until
				      mt_heap_retainer_counts() */
	uint32_t *ret_node;        /* owned: source ordinal of each slot, sources in
				      order; built by mt_heap_retainers() when asked */
	uint32_t *dfs_order;       /* owned while loading: LT's vertex order */
	uint8_t *flags;            /* owned: MT_HEAP_F_* */
	int page_shortcuts_marked; /* MT_HEAP_F_PAGE from the root's shortcuts */
	int has_user_roots;
	int raw;                   /* no shallow-size re-attribution */
	int32_t *distance;         /* owned */
	uint32_t *dominator;       /* owned: idom ordinal */
	uint32_t *retained;        /* owned: UINT32_MAX means look in big_retained
				      (read with mt_heap_retained) */
	struct mt_heap_bigsize *big_retained; /* owned: a hash table of
				      big_retained_cap slots */
	size_t nbig_retained, big_retained_cap;
	uint32_t *class_of;        /* owned: class index per node (struct mt_heap_class) */
	struct mt_heap_classes *classes; /* owned */
	struct mt_heap_weakmap *weakmap; /* owned: parsed ephemeron edge names */

	/* large arrays one pass no longer needs, kept for the next pass while
	 * loading (already faulted in: reused, they cost no page faults) */
	struct mt_heap_spare { void *p; size_t bytes; } spare[8];  /* owned */
};

#define MT_HEAP_RENAMED 0x80  /* node_detached: shown as "Detached <name>" */
#define MT_HEAP_F_QUERY 1
#define MT_HEAP_F_DETACHED 2
#define MT_HEAP_F_PAGE 4

typedef void (*mt_heap_progress)(void *ctx, const char *phase, uint64_t done, uint64_t total);

/* --- loading (core/heap/load.c) --- */
/* Parse path into a new model, without the graph passes. */
struct mt_heap *mt_heap_parse(const char *path, mt_heap_progress progress, void *ctx,
			      struct mt_error *err);
/* Parse and run every pass (retainers, distances, dominators, names,
 * classes). raw: skip the shallow-size re-attribution. */
struct mt_heap *mt_heap_load(const char *path, int raw, mt_heap_progress progress,
			     void *ctx, struct mt_error *err);
void mt_heap_free(struct mt_heap **h);
/* Every pass on a parsed model (mt_heap_load is mt_heap_parse, then this). */
void mt_heap_analyze(struct mt_heap *h, int raw, mt_heap_progress progress, void *ctx);
/* A model filled by another loader (core/v8heap): the type tables from
 * these names (copied) and empty locations; the columns are the caller's
 * to fill, then mt_heap_analyze. */
void mt_heap_model_init(struct mt_heap *h, const char *const *node_types, int n_node_types,
			const char *const *edge_types, int n_edge_types);
/* Write h as a V8 .heapsnapshot (core/heap/write.c); 0, or -1 with err. */
int mt_heap_write(const struct mt_heap *h, FILE *out, struct mt_error *err);
/* Once the columns are in (node_count set): the parts made from them. */
void mt_heap_model_finish(struct mt_heap *h);

/* --- accessors --- */
#define MT_HEAP_MAX_NODES (1u << 28)
static inline uint32_t mt_heap_eto(const struct mt_heap *h, uint32_t e)
{
	return h->edge_word[e] & (MT_HEAP_MAX_NODES - 1);
}
static inline int mt_heap_etype(const struct mt_heap *h, uint32_t e)
{
	return (int)(h->edge_word[e] >> 28);
}
#define MT_HEAP_RET_INESSENTIAL 0x80000000u  /* the edge does not retain (DevTools) */
static inline uint32_t mt_heap_ret_src(const struct mt_heap *h, uint32_t slot)
{
	return h->ret_node[slot] & ~MT_HEAP_RET_INESSENTIAL;
}
/* The node a retainer slot points at, and the edge it stands for. */
uint32_t mt_heap_ret_target(const struct mt_heap *h, uint32_t slot);
uint32_t mt_heap_ret_edge(const struct mt_heap *h, uint32_t slot);
static inline const char *mt_heap_str(const struct mt_heap *h, uint32_t i)
{
	if (i >= h->string_count)
		return "";
	return h->str_data + (h->str_off32 ? h->str_off32[i] : h->str_off64[i]);
}
uint64_t mt_heap_big_self(const struct mt_heap *h, uint32_t node);
static inline uint64_t mt_heap_self(const struct mt_heap *h, uint32_t node)
{
	uint16_t v = h->node_self[node];
	return v != UINT16_MAX ? v : mt_heap_big_self(h, node);
}
uint64_t mt_heap_big_retained(const struct mt_heap *h, uint32_t node);
/* The node's retained size (after the dominators). */
static inline uint64_t mt_heap_retained(const struct mt_heap *h, uint32_t node)
{
	uint32_t v = h->retained[node];
	return v != UINT32_MAX ? v : mt_heap_big_retained(h, node);
}
void mt_heap_set_retained(struct mt_heap *h, uint32_t node, uint64_t size);
uint64_t mt_heap_big_id(const struct mt_heap *h, uint32_t node);
/* The node's id: V8's are 32 bits, other engines' may be 64. */
static inline uint64_t mt_heap_id(const struct mt_heap *h, uint32_t node)
{
	uint32_t v;

	if (!h->node_id)
		return 2 * (uint64_t)node + 1;
	v = h->node_id[node];
	return v != UINT32_MAX ? v : mt_heap_big_id(h, node);
}
/* Whether the nodes have addresses (a core's model). */
static inline int mt_heap_has_addrs(const struct mt_heap *h)
{
	return h->addr_word != NULL;
}
/* Node's address in the process (a core's model), or 0. */
static inline uint64_t mt_heap_addr(const struct mt_heap *h, uint32_t node)
{
	size_t k;

	if (!h->addr_word)
		return 0;
	k = MT_UPPER_BOUND(h->addr_runs, h->naddr_runs, first, node);  /* runs from node 0 */
	return (k ? h->addr_runs[k - 1].base : 0) + 8 * (uint64_t)h->addr_word[node];
}
/* The node's name as DevTools shows it ("Detached " added when renamed);
 * uses buf when it has to build the name. */
const char *mt_heap_node_name(const struct mt_heap *h, uint32_t node, char *buf, size_t size);
static inline int mt_heap_renamed(const struct mt_heap *h, uint32_t node)
{
	return h->node_detached[node] & MT_HEAP_RENAMED;
}
void mt_heap_set_self(struct mt_heap *h, uint32_t node, uint64_t size);
static inline uint32_t mt_heap_edges_end(const struct mt_heap *h, uint32_t node)
{
	return h->first_edge[node + 1];
}
const char *mt_heap_node_type_name(const struct mt_heap *h, uint32_t node);
const char *mt_heap_edge_type_name(const struct mt_heap *h, uint32_t edge);
/* Edge names that are strings (all but element and hidden edges). */
static inline int mt_heap_edge_has_string_name(const struct mt_heap *h, uint32_t edge)
{
	int t = mt_heap_etype(h, edge);
	return t != h->t.e_element && t != h->t.e_hidden;
}
/* Edge names in 16 bits (enames.c): an index below MT_HEAP_ENAME_FAR as
 * it is, a string as its code in h->ename_str, other names beside (FAR). */
#define MT_HEAP_ENAME_FAR 0xffffu
#define MT_HEAP_ENAME_CODES 0xfffeu  /* codes of strings: 0 .. this - 1 */
uint32_t mt_heap_ename_far(const struct mt_heap *h, uint32_t e);
/* Edge e's name: a string's index (mt_heap_edge_has_string_name) or an
 * element's or hidden edge's index. */
static inline uint32_t mt_heap_ename(const struct mt_heap *h, uint32_t e)
{
	uint32_t c = h->edge_name[e];

	if (c == MT_HEAP_ENAME_FAR)
		return mt_heap_ename_far(h, e);
	return mt_heap_edge_has_string_name(h, e) ? h->ename_str[c] : c;
}
/* What names edges: each string's uses counted, codes chosen for the
 * most used, then edges named, on one thread or several at once; a FAR
 * name goes to the writer's own list of runs, whose edges it names in
 * increasing order. */
struct mt_heap_farlist {
	struct mt_heap_far *v;     /* owned */
	uint32_t n, cap;
};
struct mt_heap_enamer {
	struct mt_heap *h;         /* borrowed: its ename_str is made */
	uint16_t *code_of;         /* owned: each string's uses (saturated), then
				      1 + its code, 0 for none */
	uint32_t nstrings;
};
/* Edge e named name beside, in f's runs (a writer's edges in increasing
 * order; a run grows while its edges' names follow each other). */
void mt_heap_far_put(struct mt_heap_farlist *f, uint32_t e, uint32_t name);
void mt_heap_enamer_init(struct mt_heap_enamer *x, struct mt_heap *h, uint32_t string_count);
void mt_heap_enamer_count(struct mt_heap_enamer *x, uint32_t s, uint32_t uses);
void mt_heap_enamer_choose(struct mt_heap_enamer *x);
/* The code of edge e named name (a string's index when by_string). */
uint16_t mt_heap_ename_code(const struct mt_heap_enamer *x, struct mt_heap_farlist *far,
			    uint32_t e, uint32_t name, int by_string);
/* The lists of runs, given in edge order, made the model's far (the
 * lists are emptied). */
void mt_heap_enamer_done(struct mt_heap_enamer *x, struct mt_heap_farlist *lists, size_t n);
/* A parse's 32-bit names (edge_count of them, edge types in; strings
 * below nstrings) made the model's codes in their own memory, which
 * becomes h->edge_name. */
void mt_heap_enames_pack(struct mt_heap *h, uint32_t *names, uint32_t nstrings);
/* Node ordinal of an id (or, in a core's heap, of an object's address),
 * or MT_HEAP_NONE. */
uint32_t mt_heap_find_id(const struct mt_heap *h, uint64_t id);
/* The location of a node (1, filled in out) or 0 when it has none. */
int mt_heap_location(const struct mt_heap *h, uint32_t node, struct mt_heap_loc *out);
void mt_heap_locations_free(struct mt_heap_locations *loc);
/* The name of the script a location's script id names (its path or URL,
 * from the Script node a function located there reaches), or NULL
 * (scripts.c; found on first use, so the model is written to). */
const char *mt_heap_script_name(struct mt_heap *h, uint32_t script);

/* The retainer slots (ret_node) for the panes that walk them: built again
 * on first use, since the load frees them to keep its peak of memory low. */
void mt_heap_retainers(struct mt_heap *h);
void mt_heap_classes_free(struct mt_heap_classes **c);

#endif
