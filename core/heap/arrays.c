/* core/heap/arrays.c: the nodes, edges and locations arrays, streamed from
 * the reader's buffer into packed columns with every value checked. */
#include "core/heap/load.h"
#include "core/xalloc.h"

#include <string.h>

#define BLOCK 4096

/* A batch of parsed values and where the first one started in the file. */
struct hblock {
	uint64_t v[BLOCK];
	size_t n;
	uint64_t first_at;
	uint64_t index;       /* array position of v[0] */
};

typedef int (*hput)(struct hload *l, struct hblock *b);

/* Byte offset of value k of the block: scan the buffer from the block's start. */
static uint64_t value_at(const struct hreader *r, const struct hblock *b, size_t k)
{
	if (b->first_at < r->base)
		return b->first_at;
	size_t i = (size_t)(b->first_at - r->base), seen = 0;
	int in_num = 0;
	for (; i < r->len; i++) {
		int digit = r->buf[i] >= '0' && r->buf[i] <= '9';
		if (digit && !in_num && seen++ == k)
			return r->base + i;
		in_num = digit;
	}
	return b->first_at;
}

static int flush(struct hload *l, struct hblock *b, hput put)
{
	int rc = b->n ? put(l, b) : 0;

	b->index += b->n;
	b->n = 0;
	return rc;
}

/* Parse `[n, n, ...]` handing values to put in blocks. */
static int parse_uints(struct hload *l, hput put, const char *what, struct hblock *b)
{
	struct hreader *r = l->r;
	uint64_t acc = 0;
	int digits = 0, have = 0;   /* digits of the current number; a value awaits its comma */

	if (hr_expect(r, '[', what) < 0)
		return -1;
	b->n = 0;
	b->index = 0;
	b->first_at = hr_offset(r);
	for (;;) {
		const unsigned char *buf = r->buf;
		size_t i = r->pos, len = r->len;
		for (; i < len; i++) {
			unsigned c = buf[i];
			if (c - '0' < 10) {
				if (have || digits >= 19) {
					r->pos = i;
					return hr_fail(r, hr_offset(r), have ? "missing comma in %s" :
						       "number too large in %s", what);
				}
				if (digits == 0 && b->n == 0)
					b->first_at = r->base + i;
				acc = acc * 10 + (c - '0');
				digits++;
				continue;
			}
			if (digits) {
				b->v[b->n++] = acc;
				acc = 0;
				digits = 0;
				have = 1;
				if (b->n == BLOCK) {
					r->pos = i;
					if (flush(l, b, put) < 0)
						return -1;
				}
			}
			if (c == ',') {
				if (!have) {
					r->pos = i;
					return hr_fail(r, hr_offset(r), "empty element in %s", what);
				}
				have = 0;
			} else if (c == ']') {
				r->pos = i + 1;
				return flush(l, b, put);
			} else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				r->pos = i;
				return hr_fail(r, hr_offset(r), "unexpected '%c' in %s",
					       c >= 0x20 && c < 0x7f ? (int)c : '?', what);
			}
		}
		r->pos = len;
		if (flush(l, b, put) < 0)
			return -1;
		hr_report(r, "parse");
		ssize_t n = hr_fill(r);
		if (n < 0)
			return -1;
		if (n == 0)
			return hr_fail(r, hr_offset(r), "file ends inside %s (truncated?)", what);
	}
}

static int put_nodes(struct hload *l, struct hblock *b)
{
	struct mt_heap *h = l->h;
	const struct hlayout *y = &l->lay;
	uint64_t nf = (uint64_t)y->node_fields, total = y->node_count * nf;

	for (size_t k = 0; k < b->n; k++) {
		uint64_t at = b->index + k, v = b->v[k];
		if (at >= total)
			return hr_fail(l->r, value_at(l->r, b, k),
				       "nodes has more values than node_count %llu declares",
				       (unsigned long long)y->node_count);
		uint32_t node = (uint32_t)(at / nf);
		int f = (int)(at % nf);
		if (f == y->f_type) {
			if (v >= (uint64_t)h->n_node_types)
				return hr_fail(l->r, value_at(l->r, b, k), "node %u has type %llu "
					       "but meta names %d node types", node,
					       (unsigned long long)v, h->n_node_types);
			h->node_type[node] = (uint8_t)v;
		} else if (f == y->f_name || f == y->f_id) {
			if (v > UINT32_MAX)
				return hr_fail(l->r, value_at(l->r, b, k), "node %u: %s %llu "
					       "out of range", node, f == y->f_id ? "id" : "name",
					       (unsigned long long)v);
			(f == y->f_id ? h->node_id : h->node_name)[node] = (uint32_t)v;
		} else if (f == y->f_self) {
			mt_heap_set_self(h, node, v);
		} else if (f == y->f_edges) {
			l->edge_sum += v;
			if (l->edge_sum > y->edge_count)
				return hr_fail(l->r, value_at(l->r, b, k), "node %u: edge counts "
					       "add up to more than edge_count %llu", node,
					       (unsigned long long)y->edge_count);
			h->first_edge[node + 1] = (uint32_t)v;
		} else if (f == y->f_detached) {
			h->node_detached[node] = (uint8_t)(v > 2 ? 0 : v);
		}
	}
	return 0;
}

static int put_edges(struct hload *l, struct hblock *b)
{
	struct mt_heap *h = l->h;
	const struct hlayout *y = &l->lay;
	uint64_t ef = (uint64_t)y->edge_fields, total = y->edge_count * ef;
	uint64_t nf = (uint64_t)y->node_fields;

	for (size_t k = 0; k < b->n; k++) {
		uint64_t at = b->index + k, v = b->v[k];
		if (at >= total)
			return hr_fail(l->r, value_at(l->r, b, k),
				       "edges has more values than edge_count %llu declares",
				       (unsigned long long)y->edge_count);
		uint32_t e = (uint32_t)(at / ef);
		int f = (int)(at % ef);
		if (f == y->e_type) {
			if (v >= (uint64_t)h->n_edge_types)
				return hr_fail(l->r, value_at(l->r, b, k), "edge %u has type %llu "
					       "but meta names %d edge types", e,
					       (unsigned long long)v, h->n_edge_types);
			h->edge_type[e] = (uint8_t)v;
		} else if (f == y->e_name) {
			if (v > UINT32_MAX)
				return hr_fail(l->r, value_at(l->r, b, k), "edge %u: name %llu "
					       "out of range", e, (unsigned long long)v);
			h->edge_name[e] = (uint32_t)v;
		} else if (f == y->e_to) {
			if (v % nf || v / nf >= h->node_count)
				return hr_fail(l->r, value_at(l->r, b, k), "edge %u: to_node %llu "
					       "is not a node (%u nodes of %llu fields)", e,
					       (unsigned long long)v, h->node_count,
					       (unsigned long long)nf);
			h->edge_to[e] = (uint32_t)(v / nf);
		}
	}
	return 0;
}

static int put_locations(struct hload *l, struct hblock *b)
{
	struct mt_heap *h = l->h;
	const struct hlayout *y = &l->lay;
	uint64_t lf = (uint64_t)y->loc_fields, nf = (uint64_t)y->node_fields;

	for (size_t k = 0; k < b->n; k++) {
		uint64_t at = b->index + k, v = b->v[k];
		uint32_t i = (uint32_t)(at / lf);
		int f = (int)(at % lf);
		if (i >= l->locs_cap) {
			l->locs_cap = l->locs_cap ? l->locs_cap * 2 : 1024;
			h->locs = xreallocarray(h->locs, l->locs_cap, sizeof *h->locs);
		}
		if (f == 0)
			memset(&h->locs[i], 0, sizeof h->locs[i]);
		if (v > UINT32_MAX)
			return hr_fail(l->r, value_at(l->r, b, k), "location %u: value %llu "
				       "out of range", i, (unsigned long long)v);
		if (f == y->l_node) {
			if (v % nf || v / nf >= h->node_count)
				return hr_fail(l->r, value_at(l->r, b, k), "location %u: "
					       "object_index %llu is not a node", i,
					       (unsigned long long)v);
			h->locs[i].node = (uint32_t)(v / nf);
		} else if (f == y->l_script)
			h->locs[i].script = (uint32_t)v;
		else if (f == y->l_line)
			h->locs[i].line = (uint32_t)v;
		else if (f == y->l_column)
			h->locs[i].column = (uint32_t)v;
		if (f == (int)lf - 1)
			h->nlocs = i + 1;
	}
	return 0;
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

int hl_nodes(struct hload *l)
{
	struct mt_heap *h = l->h;
	struct hblock *b = xmalloc(sizeof *b);
	size_t n = (size_t)l->lay.node_count;

	if (!l->have_header || l->have_nodes) {
		free(b);
		return hr_fail(l->r, hr_offset(l->r), l->have_nodes ? "a second nodes array" :
			       "nodes before the snapshot header");
	}
	if (plausible(l, l->lay.node_count, l->lay.node_fields, "node_count") < 0 ||
	    plausible(l, l->lay.edge_count, l->lay.edge_fields, "edge_count") < 0) {
		free(b);
		return -1;
	}
	h->node_count = (uint32_t)n;
	h->node_type = xcalloc(n ? n : 1, 1);
	h->node_detached = xcalloc(n ? n : 1, 1);
	h->node_name = xcalloc(n ? n : 1, sizeof *h->node_name);
	h->node_id = xcalloc(n ? n : 1, sizeof *h->node_id);
	h->node_self = xcalloc(n ? n : 1, sizeof *h->node_self);
	h->first_edge = xcalloc(n + 1, sizeof *h->first_edge);
	int rc = parse_uints(l, put_nodes, "the nodes array", b);
	uint64_t got = b->index;
	free(b);
	if (rc < 0)
		return -1;
	if (got != l->lay.node_count * (uint64_t)l->lay.node_fields)
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
	struct hblock *b;
	size_t n = (size_t)l->lay.edge_count;

	if (!l->have_nodes || l->have_edges)
		return hr_fail(l->r, hr_offset(l->r), l->have_edges ? "a second edges array" :
			       "edges before nodes");
	if (l->edge_sum != l->lay.edge_count)
		return hr_fail(l->r, hr_offset(l->r), "node edge counts add up to %llu but "
			       "edge_count is %llu", (unsigned long long)l->edge_sum,
			       (unsigned long long)l->lay.edge_count);
	h->edge_count = (uint32_t)n;
	h->edge_type = xcalloc(n ? n : 1, 1);
	h->edge_name = xcalloc(n ? n : 1, sizeof *h->edge_name);
	h->edge_to = xcalloc(n ? n : 1, sizeof *h->edge_to);
	b = xmalloc(sizeof *b);
	int rc = parse_uints(l, put_edges, "the edges array", b);
	uint64_t got = b->index;
	free(b);
	if (rc < 0)
		return -1;
	if (got != l->lay.edge_count * (uint64_t)l->lay.edge_fields)
		return hr_fail(l->r, hr_offset(l->r), "edges has %llu values; edge_count %llu "
			       "of %d fields needs %llu", (unsigned long long)got,
			       (unsigned long long)l->lay.edge_count, l->lay.edge_fields,
			       (unsigned long long)(l->lay.edge_count * (uint64_t)l->lay.edge_fields));
	l->have_edges = 1;
	return 0;
}

int hl_locations(struct hload *l)
{
	struct hblock *b;

	if (!l->have_nodes || l->lay.loc_fields <= 0 || l->lay.l_node < 0)
		return hr_skip_value(l->r);
	b = xmalloc(sizeof *b);
	int rc = parse_uints(l, put_locations, "the locations array", b);
	free(b);
	return rc;
}
