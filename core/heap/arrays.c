/* core/heap/arrays.c: the nodes, edges and locations arrays: their columns
 * sized from the header (and refused when the file cannot hold them), the
 * field roles read from meta, the checks after the last value. */
#include "core/heap/region.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hl_roles(const struct hlayout *y, uint8_t *nrole, uint8_t *erole, uint8_t *lrole)
{
	memset(nrole, R_SKIP, 64);
	memset(erole, R_SKIP, 64);
	memset(lrole, R_SKIP, 64);
	nrole[y->f_type] = R_TYPE;
	nrole[y->f_name] = R_NAME;
	nrole[y->f_id] = R_ID;
	nrole[y->f_self] = R_SELF;
	nrole[y->f_edges] = R_EDGES;
	if (y->f_detached >= 0)
		nrole[y->f_detached] = R_DETACHED;
	erole[y->e_type] = R_TYPE;
	erole[y->e_name] = R_NAME;
	erole[y->e_to] = R_TO;
	if (y->l_node >= 0)
		lrole[y->l_node] = R_LNODE;
	if (y->l_script >= 0)
		lrole[y->l_script] = R_SCRIPT;
	if (y->l_line >= 0)
		lrole[y->l_line] = R_LINE;
	if (y->l_column >= 0)
		lrole[y->l_column] = R_COLUMN;
}

void region_add_id(struct region *rg, uint32_t node, uint64_t id)
{
	if (rg->nbigid == rg->bigid_cap) {
		rg->bigid_cap = rg->bigid_cap ? 2 * rg->bigid_cap : 64;
		rg->bigid = xreallocarray(rg->bigid, rg->bigid_cap, sizeof *rg->bigid);
	}
	rg->bigid[rg->nbigid].node = node;
	rg->bigid[rg->nbigid++].id = id;
}

void region_merge_ids(struct region *rg, struct region *two)
{
	rg->odd_type |= two->odd_type;
	if (two->nbigid && !rg->nbigid) {
		free(rg->bigid);
		rg->bigid = two->bigid;
		rg->nbigid = two->nbigid;
		rg->bigid_cap = two->bigid_cap;
		two->bigid = NULL;
		return;
	}
	for (size_t i = 0; i < two->nbigid; i++)
		region_add_id(rg, two->bigid[i].node, two->bigid[i].id);
	free(two->bigid);
	two->bigid = NULL;
}

static int by_node(const void *a, const void *b)
{
	uint32_t x = ((const struct mt_heap_bigid *)a)->node, y = ((const struct mt_heap_bigid *)b)->node;
	return (x > y) - (x < y);
}

void hl_region_done(struct hload *l, struct region *rg)
{
	struct mt_heap *h = l->h;

	if (rg->nbigid) {
		h->big_id = xreallocarray(rg->bigid, rg->nbigid, sizeof *rg->bigid);
		h->nbig_id = rg->nbigid;
		for (size_t i = 1; i < h->nbig_id; i++)
			if (h->big_id[i - 1].node > h->big_id[i].node) {
				qsort(h->big_id, h->nbig_id, sizeof *h->big_id, by_node);
				break;
			}
	} else {
		free(rg->bigid);
	}
	rg->bigid = NULL;
	rg->nbigid = rg->bigid_cap = 0;
	if (rg->odd_type) {  /* the one type after the list (put_node) */
		h->node_type_names = xreallocarray(h->node_type_names, (size_t)h->n_node_types + 2,
						   sizeof *h->node_type_names);
		h->node_type_names[h->n_node_types++] = xstrdup("undefined");
		h->node_type_names[h->n_node_types] = NULL;
		rg->odd_type = 0;
	}
}

int rfail(struct region *rg, uint64_t at, const char *fmt, ...)
{
	char what[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	mt_error_set(&rg->err, "%s: byte %llu: %s", rg->l->r->path, (unsigned long long)at, what);
	rg->err_at = at;
	return -1;
}

/* A declared count the file cannot hold (two bytes per value at least) is
 * refused before anything is allocated for it. */
static int plausible(struct hload *l, uint64_t count, int fields, const char *what)
{
	uint64_t raw = mt_stream_raw_size(l->r->s), room = raw;

	if (!raw)
		return 0;
	if (mt_stream_is_gzip(l->r->s))
		room = raw > UINT64_MAX / 1032 ? UINT64_MAX : raw * 1032;
	if (count && count * (uint64_t)fields * 2 - 1 > room)
		return hr_fail(l->r, hr_offset(l->r), "%s %llu cannot fit in a file of %llu bytes",
			       what, (unsigned long long)count, (unsigned long long)raw);
	return 0;
}

/* A column sized from the header. A plain file's size bounds the counts
 * closely, so its columns are faulted in at once (mt_heap_array); a gzipped
 * file's only loosely (1032:1), so its columns are left to fill page by
 * page and a lying header costs address space, not memory. */
static void *column(struct hload *l, size_t n, size_t size)
{
	return mt_stream_is_gzip(l->r->s) ? xcalloc(n ? n : 1, size) : mt_heap_array(n, size);
}

int hl_nodes(struct hload *l)
{
	struct mt_heap *h = l->h;
	size_t n = (size_t)l->lay.node_count;
	uint8_t nrole[64], erole[64], lrole[64];

	if (!l->have_header || l->have_nodes)
		return hr_fail(l->r, hr_offset(l->r), l->have_nodes ? "a second nodes array" :
			       "nodes before the snapshot header");
	if (plausible(l, l->lay.node_count, l->lay.node_fields, "node_count") < 0 ||
	    plausible(l, l->lay.edge_count, l->lay.edge_fields, "edge_count") < 0)
		return -1;
	h->node_count = (uint32_t)n;
	h->node_type = column(l, n, 1);
	h->node_detached = column(l, n, 1);
	h->node_name = column(l, n, sizeof *h->node_name);
	h->node_id = column(l, n, sizeof *h->node_id);
	h->node_self = column(l, n, sizeof *h->node_self);
	h->first_edge = column(l, n + 1, sizeof *h->first_edge);
	hl_roles(&l->lay, nrole, erole, lrole);
	int64_t got = hl_scan(l, "the nodes array", SINK_NODES, nrole);
	if (got < 0)
		return -1;
	if ((uint64_t)got != l->lay.node_count * (uint64_t)l->lay.node_fields)
		return hr_fail(l->r, hr_offset(l->r), "nodes has %llu values; node_count %llu "
			       "of %d fields needs %llu", (unsigned long long)got,
			       (unsigned long long)l->lay.node_count, l->lay.node_fields,
			       (unsigned long long)(l->lay.node_count * (uint64_t)l->lay.node_fields));
	for (size_t i = 0; i < n; i++)  /* edge counts become start indexes */
		h->first_edge[i + 1] += h->first_edge[i];
	l->have_nodes = 1;
	return 0;
}

int hl_edges(struct hload *l)
{
	struct mt_heap *h = l->h;
	size_t n = (size_t)l->lay.edge_count;
	uint8_t nrole[64], erole[64], lrole[64];

	if (!l->have_nodes || l->have_edges)
		return hr_fail(l->r, hr_offset(l->r), l->have_edges ? "a second edges array" :
			       "edges before nodes");
	if (l->edge_sum != l->lay.edge_count)
		return hr_fail(l->r, hr_offset(l->r), "node edge counts add up to %llu but "
			       "edge_count is %llu", (unsigned long long)l->edge_sum,
			       (unsigned long long)l->lay.edge_count);
	h->edge_count = (uint32_t)n;
	l->ename = column(l, n, sizeof *l->ename);
	h->edge_word = column(l, n, sizeof *h->edge_word);
	hl_roles(&l->lay, nrole, erole, lrole);
	int64_t got = hl_scan(l, "the edges array", SINK_EDGES, erole);
	if (got < 0)
		return -1;
	if ((uint64_t)got != l->lay.edge_count * (uint64_t)l->lay.edge_fields)
		return hr_fail(l->r, hr_offset(l->r), "edges has %llu values; edge_count %llu "
			       "of %d fields needs %llu", (unsigned long long)got,
			       (unsigned long long)l->lay.edge_count, l->lay.edge_fields,
			       (unsigned long long)(l->lay.edge_count * (uint64_t)l->lay.edge_fields));
	l->have_edges = 1;
	return 0;
}

int hl_locations(struct hload *l)
{
	uint8_t nrole[64], erole[64], lrole[64];

	if (!l->have_nodes || l->lay.loc_fields <= 0 || l->lay.l_node < 0)
		return hr_skip_value(l->r);
	hl_roles(&l->lay, nrole, erole, lrole);
	int64_t got = hl_scan(l, "the locations array", SINK_LOCATIONS, lrole);
	if (got < 0)
		return -1;
	l->h->nlocs = (uint32_t)((uint64_t)got / (uint64_t)l->lay.loc_fields);
	return 0;
}

