/* core/heap/region.h: one stretch of a numeric array parsed by one thread,
 * and where its values go (private to core/heap/scan.c and arrays.c). The
 * column writers are inline: they run once per value of a gigabyte file. */
#ifndef MORTEM_CORE_HEAP_REGION_H
#define MORTEM_CORE_HEAP_REGION_H

#include "core/heap/load.h"
#include "core/xalloc.h"

#include <string.h>

/* One stretch of an array's text, parsed by one thread: values go
 * straight to their columns (threads write disjoint records); errors and
 * the few self sizes over 32 bits are kept per stretch and merged. */
struct region {
	struct hload *l;            /* borrowed */
	const uint8_t *role;        /* borrowed: role of each field */
	int kind;                   /* enum sink */
	const unsigned char *p, *end;
	uint64_t off;               /* file offset of p */
	uint64_t index;             /* array position of the first value */
	int final;                  /* ends with ']' rather than ',' */
	const char *what;
	uint64_t count, edge_sum;   /* out */
	uint32_t max_name;          /* out: largest node name, and largest name
				      of an edge named by a string */
	uint32_t max_ename;
	struct mt_heap_big *big;    /* owned: self sizes of 64 KiB or more */
	size_t nbig, big_cap;
	struct mt_heap_bigid *bigid; /* owned: ids of 32 bits or more, in node order */
	size_t nbigid, bigid_cap;
	int odd_type;               /* a node's type is past meta's list */
	struct mt_error err;        /* out: first error of this stretch */
	uint64_t err_at;
};

enum sink { SINK_NODES, SINK_EDGES, SINK_LOCATIONS };

enum { R_SKIP = 0, R_TYPE, R_NAME, R_ID, R_SELF, R_EDGES, R_DETACHED, R_TO,
       R_LNODE, R_SCRIPT, R_LINE, R_COLUMN };


void hl_roles(const struct hlayout *y, uint8_t *nrole, uint8_t *erole, uint8_t *lrole);
/* Keep an id that does not fit 32 bits aside (arrays.c). */
void region_add_id(struct region *rg, uint32_t node, uint64_t id);
/* Fold a later stretch's ids and type flag into rg's (two's are freed). */
void region_merge_ids(struct region *rg, struct region *two);
/* A whole array parsed: the ids kept aside move into the model, and a
 * type past meta's list gets its name, "undefined" (DevTools'). */
void hl_region_done(struct hload *l, struct region *rg);
int rfail(struct region *rg, uint64_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The values of `[n, n, ...]` of one array; returns their count or -1. */
int64_t hl_scan(struct hload *l, const char *what, int kind, const uint8_t *role);

/* A to_node or object_index: a multiple of the node field count below the
 * end of the nodes array; the node ordinal, or MT_HEAP_NONE. */
static inline uint32_t node_at(const struct mt_heap *h, uint64_t v, uint64_t nf)
{
	uint64_t q;

	if (nf == 7)
		q = v / 7;
	else if (nf == 6)
		q = v / 6;
	else
		q = v / nf;
	return q * nf == v && q < h->node_count ? (uint32_t)q : MT_HEAP_NONE;
}

/* The columns and limits the writers need, copied into locals of the parse
 * loop: byte stores into the columns could alias anything reached through
 * pointers, so nothing is reloaded from the model per value. */
struct cols {
	uint8_t *type, *detached;
	uint32_t *name, *id, *first_edge, *ename;
	uint16_t *self;
	uint32_t *eword;          /* type << 28 | target: one record's fields are
				     written by one thread (splits fall between records) */
	struct mt_heap_loc *locs; /* room reserved by hl_scan before the split */
	const uint8_t *role;
	uint32_t e_element, e_hidden; /* edge types named by an index */
	int type_first;             /* an edge's type comes before its name */
	uint64_t nf, ef, edge_count_decl;
	uint32_t node_count, edge_count;
	int node_types, edge_types;
};

static inline struct cols cols_of(const struct region *rg)
{
	const struct mt_heap *h = rg->l->h;

	return (struct cols){
		.type = h->node_type, .detached = h->node_detached, .eword = h->edge_word,
		.name = h->node_name, .id = h->node_id, .self = h->node_self,
		.first_edge = h->first_edge, .ename = rg->l->ename, .locs = h->locs,
		.role = rg->role, .nf = (uint64_t)rg->l->lay.node_fields,
		.e_element = (uint32_t)h->t.e_element, .e_hidden = (uint32_t)h->t.e_hidden,
		.type_first = rg->l->lay.e_type < rg->l->lay.e_name,
		.ef = (uint64_t)rg->l->lay.edge_fields, .edge_count_decl = rg->l->lay.edge_count,
		.node_count = h->node_count, .edge_count = h->edge_count,
		.node_types = h->n_node_types, .edge_types = h->n_edge_types,
	};
}

static inline __attribute__((always_inline)) int put_node(struct region *rg, const struct cols *c, uint32_t node, int field,
			   uint64_t v, uint64_t at)
{
	int role = c->role[field];

	if (node >= c->node_count)
		return rfail(rg, at, "nodes has more values than node_count %u declares",
			     c->node_count);
	switch (role) {
	case R_TYPE:
		/* A type past meta's list (Chrome 2017 wrote symbols so):
		 * DevTools loads it, its type undefined; all such are kept as
		 * one type after the list, named so once the nodes are in. */
		if (v >= (uint64_t)c->node_types) {
			v = (uint64_t)c->node_types;
			rg->odd_type = 1;
		}
		c->type[node] = (uint8_t)v;
		break;
	case R_NAME:
		if (v > UINT32_MAX)
			return rfail(rg, at, "node %u: name %llu out of range", node,
				     (unsigned long long)v);
		c->name[node] = (uint32_t)v;
		if (v > rg->max_name)
			rg->max_name = (uint32_t)v;
		break;
	case R_ID:
		if (v < UINT32_MAX) {
			c->id[node] = (uint32_t)v;
			break;
		}
		c->id[node] = UINT32_MAX;  /* other engines' 64-bit ids: aside */
		region_add_id(rg, node, v);
		break;
	case R_SELF:
		if (v < UINT16_MAX) {
			c->self[node] = (uint16_t)v;
			break;
		}
		c->self[node] = UINT16_MAX;
		if (rg->nbig == rg->big_cap) {
			rg->big_cap = rg->big_cap ? 2 * rg->big_cap : 64;
			rg->big = xreallocarray(rg->big, rg->big_cap, sizeof *rg->big);
		}
		rg->big[rg->nbig].node = node;
		rg->big[rg->nbig++].size = v;
		break;
	case R_EDGES:
		if (v > c->edge_count_decl)
			return rfail(rg, at, "node %u: edge_count %llu is more than the snapshot's "
				     "edge_count %llu", node, (unsigned long long)v,
				     (unsigned long long)c->edge_count_decl);
		rg->edge_sum += v;
		c->first_edge[node + 1] = (uint32_t)v;
		break;
	case R_DETACHED:
		c->detached[node] = (uint8_t)(v > 2 ? 0 : v);
		break;
	}
	return 0;
}

static inline __attribute__((always_inline)) int put_edge(struct region *rg, const struct cols *c, uint32_t e, int field,
			   uint64_t v, uint64_t at)
{
	uint64_t q;

	if (e >= c->edge_count)
		return rfail(rg, at, "edges has more values than edge_count %u declares",
			     c->edge_count);
	switch (c->role[field]) {
	case R_TYPE:
		if (v >= (uint64_t)c->edge_types)
			return rfail(rg, at, "edge %u has type %llu but meta names %d edge types",
				     e, (unsigned long long)v, c->edge_types);
		c->eword[e] = (c->eword[e] & (MT_HEAP_MAX_NODES - 1)) | (uint32_t)v << 28;
		break;
	case R_NAME:
		if (v > UINT32_MAX)
			return rfail(rg, at, "edge %u: name %llu out of range", e,
				     (unsigned long long)v);
		c->ename[e] = (uint32_t)v;
		if (c->type_first && v > rg->max_ename) {
			uint32_t t = c->eword[e] >> 28;  /* written just before */
			if (t != c->e_element && t != c->e_hidden)
				rg->max_ename = (uint32_t)v;
		}
		break;
	case R_TO:
		q = c->nf == 7 ? v / 7 : c->nf == 6 ? v / 6 : v / c->nf;
		if (q * c->nf != v || q >= c->node_count)
			return rfail(rg, at, "edge %u: to_node %llu is not a node (%u nodes of "
				     "%llu fields)", e, (unsigned long long)v, c->node_count,
				     (unsigned long long)c->nf);
		c->eword[e] = (c->eword[e] & ~(MT_HEAP_MAX_NODES - 1)) | (uint32_t)q;
		break;
	}
	return 0;
}

/* A value of the locations array (its room is reserved before the parse). */
static inline __attribute__((always_inline)) int put_location(struct region *rg, const struct cols *c, uint32_t i, int field,
			       uint64_t v, uint64_t at)
{
	struct mt_heap_loc *loc = &c->locs[i];

	if (i >= 0x7fffffff)
		return rfail(rg, at, "too many locations");
	if (field == 0)
		memset(loc, 0, sizeof *loc);
	if (v > UINT32_MAX)
		return rfail(rg, at, "location %u: value %llu out of range", i,
			     (unsigned long long)v);
	switch (c->role[field]) {
	case R_LNODE:
		loc->node = node_at(rg->l->h, v, c->nf);
		if (loc->node == MT_HEAP_NONE)
			return rfail(rg, at, "location %u: object_index %llu is not a node", i,
				     (unsigned long long)v);
		break;
	case R_SCRIPT: loc->script = (uint32_t)v; break;
	case R_LINE: loc->line = (uint32_t)v; break;
	case R_COLUMN: loc->column = (uint32_t)v; break;
	}
	return 0;
}

#endif
