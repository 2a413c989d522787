/* core/heap/arrays.c: the nodes, edges and locations arrays, streamed from
 * the reader's buffer into packed columns with every value checked. */
#include "core/heap/load.h"
#include "core/xalloc.h"

#include <string.h>

/* Where the next value goes: field within its record, record number. */
struct hcursor {
	int field;
	uint32_t rec;
};

enum { R_SKIP = 0, R_TYPE, R_NAME, R_ID, R_SELF, R_EDGES, R_DETACHED, R_TO,
       R_LNODE, R_SCRIPT, R_LINE, R_COLUMN };

static void roles(const struct hlayout *y, uint8_t *nrole, uint8_t *erole, uint8_t *lrole)
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

static inline int put_node(struct hload *l, struct hcursor *c, const uint8_t *role,
			   uint64_t v, uint64_t at)
{
	struct mt_heap *h = l->h;
	uint32_t node = c->rec;

	if (node >= h->node_count)
		return hr_fail(l->r, at, "nodes has more values than node_count %u declares",
			       h->node_count);
	switch (role[c->field]) {
	case R_TYPE:
		if (v >= (uint64_t)h->n_node_types)
			return hr_fail(l->r, at, "node %u has type %llu but meta names %d node types",
				       node, (unsigned long long)v, h->n_node_types);
		h->node_type[node] = (uint8_t)v;
		break;
	case R_NAME:
	case R_ID:
		if (v > UINT32_MAX)
			return hr_fail(l->r, at, "node %u: %s %llu out of range", node,
				       role[c->field] == R_ID ? "id" : "name", (unsigned long long)v);
		(role[c->field] == R_ID ? h->node_id : h->node_name)[node] = (uint32_t)v;
		break;
	case R_SELF:
		if (v < UINT32_MAX)
			h->node_self[node] = (uint32_t)v;
		else
			mt_heap_set_self(h, node, v);
		break;
	case R_EDGES:
		l->edge_sum += v;
		if (l->edge_sum > l->lay.edge_count)
			return hr_fail(l->r, at, "node %u: edge counts add up to more than "
				       "edge_count %llu", node, (unsigned long long)l->lay.edge_count);
		h->first_edge[node + 1] = (uint32_t)v;
		break;
	case R_DETACHED:
		h->node_detached[node] = (uint8_t)(v > 2 ? 0 : v);
		break;
	}
	if (++c->field == l->lay.node_fields) {
		c->field = 0;
		c->rec++;
	}
	return 0;
}

static inline int put_edge(struct hload *l, struct hcursor *c, const uint8_t *role,
			   uint64_t v, uint64_t at)
{
	struct mt_heap *h = l->h;
	uint32_t e = c->rec, to;

	if (e >= h->edge_count)
		return hr_fail(l->r, at, "edges has more values than edge_count %u declares",
			       h->edge_count);
	switch (role[c->field]) {
	case R_TYPE:
		if (v >= (uint64_t)h->n_edge_types)
			return hr_fail(l->r, at, "edge %u has type %llu but meta names %d edge types",
				       e, (unsigned long long)v, h->n_edge_types);
		h->edge_type[e] = (uint8_t)v;
		break;
	case R_NAME:
		if (v > UINT32_MAX)
			return hr_fail(l->r, at, "edge %u: name %llu out of range", e,
				       (unsigned long long)v);
		h->edge_name[e] = (uint32_t)v;
		break;
	case R_TO:
		to = node_at(h, v, (uint64_t)l->lay.node_fields);
		if (to == MT_HEAP_NONE)
			return hr_fail(l->r, at, "edge %u: to_node %llu is not a node (%u nodes of "
				       "%d fields)", e, (unsigned long long)v, h->node_count,
				       l->lay.node_fields);
		h->edge_to[e] = to;
		break;
	}
	if (++c->field == l->lay.edge_fields) {
		c->field = 0;
		c->rec++;
	}
	return 0;
}

static int put_location(struct hload *l, struct hcursor *c, const uint8_t *role,
			uint64_t v, uint64_t at)
{
	struct mt_heap *h = l->h;
	uint32_t i = c->rec;

	if (i >= l->locs_cap) {
		l->locs_cap = l->locs_cap ? l->locs_cap * 2 : 1024;
		h->locs = xreallocarray(h->locs, l->locs_cap, sizeof *h->locs);
	}
	if (c->field == 0)
		memset(&h->locs[i], 0, sizeof h->locs[i]);
	if (v > UINT32_MAX)
		return hr_fail(l->r, at, "location %u: value %llu out of range", i,
			       (unsigned long long)v);
	switch (role[c->field]) {
	case R_LNODE:
		h->locs[i].node = node_at(h, v, (uint64_t)l->lay.node_fields);
		if (h->locs[i].node == MT_HEAP_NONE)
			return hr_fail(l->r, at, "location %u: object_index %llu is not a node", i,
				       (unsigned long long)v);
		break;
	case R_SCRIPT: h->locs[i].script = (uint32_t)v; break;
	case R_LINE: h->locs[i].line = (uint32_t)v; break;
	case R_COLUMN: h->locs[i].column = (uint32_t)v; break;
	}
	if (++c->field == l->lay.loc_fields) {
		c->field = 0;
		h->nlocs = ++c->rec;
	}
	return 0;
}

enum sink { SINK_NODES, SINK_EDGES, SINK_LOCATIONS };

static inline int is_ws(unsigned c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* The numbers of `[n, n, ...]`, each handed to the sink with its byte
 * offset. The buffer is refilled while fewer than 64 bytes are left, so a
 * number never straddles a refill. Returns the count of values or -1. */
static inline __attribute__((always_inline)) int64_t
scan(struct hload *l, const char *what, enum sink kind, const uint8_t *role)
{
	struct hreader *r = l->r;
	struct hcursor c = { 0, 0 };
	const unsigned char *buf, *p, *end;
	int64_t count = 0;

	if (hr_expect(r, '[', what) < 0)
		return -1;
#define SYNC() (buf = r->buf, p = buf + r->pos, end = buf + r->len)
#define REFILL() do { \
		r->pos = (size_t)(p - buf); \
		if (hr_fill(r) < 0) \
			return -1; \
		SYNC(); \
		hr_report(r, "parse"); \
	} while (0)
	SYNC();
	for (;;) {
		for (;;) {
			if (end - p < 64 && !r->eof)
				REFILL();
			while (p < end && is_ws(*p))
				p++;
			if (p < end || r->eof)
				break;
		}
		if (p == end)
			return hr_fail(r, r->base + r->len, "file ends inside %s (truncated?)", what);
		if (*p == ']' && count == 0) {
			r->pos = (size_t)(p + 1 - buf);
			return 0;
		}
		const unsigned char *start = p;
		uint64_t v = (uint64_t)*p - '0', d;
		if (v > 9)
			return hr_fail(r, r->base + (uint64_t)(p - buf), "unexpected '%c' in %s",
				       *p >= 0x20 && *p < 0x7f ? *p : '?', what);
		p++;
		while (p < end && (d = (uint64_t)*p - '0') <= 9) {
			v = v * 10 + d;
			p++;
			if (p - start > 19)
				return hr_fail(r, r->base + (uint64_t)(start - buf),
					       "number too large in %s", what);
		}
		uint64_t at = r->base + (uint64_t)(start - buf);
		int rc = kind == SINK_NODES ? put_node(l, &c, role, v, at) :
			 kind == SINK_EDGES ? put_edge(l, &c, role, v, at) :
			 put_location(l, &c, role, v, at);
		if (rc < 0)
			return -1;
		count++;
		for (;;) {
			if (end - p < 64 && !r->eof)
				REFILL();
			while (p < end && is_ws(*p))
				p++;
			if (p < end || r->eof)
				break;
		}
		if (p == end)
			return hr_fail(r, r->base + r->len, "file ends inside %s (truncated?)", what);
		if (*p == ']') {
			r->pos = (size_t)(p + 1 - buf);
			return count;
		}
		if (*p != ',')
			return hr_fail(r, r->base + (uint64_t)(p - buf), "%s in %s",
				       is_ws(*p) || (*p >= '0' && *p <= '9') ? "missing comma" :
				       "unexpected character", what);
		p++;
	}
#undef SYNC
#undef REFILL
}

static int64_t scan_nodes(struct hload *l, const uint8_t *role)
{
	return scan(l, "the nodes array", SINK_NODES, role);
}

static int64_t scan_edges(struct hload *l, const uint8_t *role)
{
	return scan(l, "the edges array", SINK_EDGES, role);
}

static int64_t scan_locations(struct hload *l, const uint8_t *role)
{
	return scan(l, "the locations array", SINK_LOCATIONS, role);
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
	size_t n = (size_t)l->lay.node_count;
	uint8_t nrole[64], erole[64], lrole[64];

	if (!l->have_header || l->have_nodes)
		return hr_fail(l->r, hr_offset(l->r), l->have_nodes ? "a second nodes array" :
			       "nodes before the snapshot header");
	if (plausible(l, l->lay.node_count, l->lay.node_fields, "node_count") < 0 ||
	    plausible(l, l->lay.edge_count, l->lay.edge_fields, "edge_count") < 0)
		return -1;
	h->node_count = (uint32_t)n;
	h->node_type = xcalloc(n ? n : 1, 1);
	h->node_detached = xcalloc(n ? n : 1, 1);
	h->node_name = xcalloc(n ? n : 1, sizeof *h->node_name);
	h->node_id = xcalloc(n ? n : 1, sizeof *h->node_id);
	h->node_self = xcalloc(n ? n : 1, sizeof *h->node_self);
	h->first_edge = xcalloc(n + 1, sizeof *h->first_edge);
	roles(&l->lay, nrole, erole, lrole);
	int64_t got = scan_nodes(l, nrole);
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
	h->edge_type = xcalloc(n ? n : 1, 1);
	h->edge_name = xcalloc(n ? n : 1, sizeof *h->edge_name);
	h->edge_to = xcalloc(n ? n : 1, sizeof *h->edge_to);
	roles(&l->lay, nrole, erole, lrole);
	int64_t got = scan_edges(l, erole);
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
	roles(&l->lay, nrole, erole, lrole);
	return scan_locations(l, lrole) < 0 ? -1 : 0;
}
