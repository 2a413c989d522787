/* core/heap/arrays.c: the nodes, edges and locations arrays, streamed from
 * the reader's buffer into packed columns with every value checked. */
#include "core/heap/load.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
	struct mt_heap_big *big;    /* owned: self sizes of 32 bits or more */
	size_t nbig;
	struct mt_error err;        /* out: first error of this stretch */
	uint64_t err_at;
};

enum sink { SINK_NODES, SINK_EDGES, SINK_LOCATIONS };

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

static int rfail(struct region *rg, uint64_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int rfail(struct region *rg, uint64_t at, const char *fmt, ...)
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

static inline int put_node(struct region *rg, uint64_t i, uint64_t v, uint64_t at)
{
	struct hload *l = rg->l;
	struct mt_heap *h = l->h;
	uint64_t nf = (uint64_t)l->lay.node_fields;
	uint64_t q = nf == 7 ? i / 7 : nf == 6 ? i / 6 : i / nf;
	uint32_t node = (uint32_t)q;
	int role = rg->role[i - q * nf];

	if (q >= h->node_count)
		return rfail(rg, at, "nodes has more values than node_count %u declares",
			     h->node_count);
	switch (role) {
	case R_TYPE:
		if (v >= (uint64_t)h->n_node_types)
			return rfail(rg, at, "node %u has type %llu but meta names %d node types",
				     node, (unsigned long long)v, h->n_node_types);
		h->node_type[node] = (uint8_t)v;
		break;
	case R_NAME:
	case R_ID:
		if (v > UINT32_MAX)
			return rfail(rg, at, "node %u: %s %llu out of range", node,
				     role == R_ID ? "id" : "name", (unsigned long long)v);
		(role == R_ID ? h->node_id : h->node_name)[node] = (uint32_t)v;
		break;
	case R_SELF:
		if (v < UINT32_MAX) {
			h->node_self[node] = (uint32_t)v;
			break;
		}
		h->node_self[node] = UINT32_MAX;
		rg->big = xreallocarray(rg->big, rg->nbig + 1, sizeof *rg->big);
		rg->big[rg->nbig].node = node;
		rg->big[rg->nbig++].size = v;
		break;
	case R_EDGES:
		if (v > l->lay.edge_count)
			return rfail(rg, at, "node %u: edge_count %llu is more than the snapshot's "
				     "edge_count %llu", node, (unsigned long long)v,
				     (unsigned long long)l->lay.edge_count);
		rg->edge_sum += v;
		h->first_edge[node + 1] = (uint32_t)v;
		break;
	case R_DETACHED:
		h->node_detached[node] = (uint8_t)(v > 2 ? 0 : v);
		break;
	}
	return 0;
}

static inline int put_edge(struct region *rg, uint64_t i, uint64_t v, uint64_t at)
{
	struct hload *l = rg->l;
	struct mt_heap *h = l->h;
	uint64_t q = l->lay.edge_fields == 3 ? i / 3 : i / (uint64_t)l->lay.edge_fields;
	uint32_t e = (uint32_t)q, to;

	if (q >= h->edge_count)
		return rfail(rg, at, "edges has more values than edge_count %u declares",
			     h->edge_count);
	switch (rg->role[i - q * (uint64_t)l->lay.edge_fields]) {
	case R_TYPE:
		if (v >= (uint64_t)h->n_edge_types)
			return rfail(rg, at, "edge %u has type %llu but meta names %d edge types",
				     e, (unsigned long long)v, h->n_edge_types);
		h->edge_type[e] = (uint8_t)v;
		break;
	case R_NAME:
		if (v > UINT32_MAX)
			return rfail(rg, at, "edge %u: name %llu out of range", e,
				     (unsigned long long)v);
		h->edge_name[e] = (uint32_t)v;
		break;
	case R_TO:
		to = node_at(h, v, (uint64_t)l->lay.node_fields);
		if (to == MT_HEAP_NONE)
			return rfail(rg, at, "edge %u: to_node %llu is not a node (%u nodes of "
				     "%d fields)", e, (unsigned long long)v, h->node_count,
				     l->lay.node_fields);
		h->edge_to[e] = to;
		break;
	}
	return 0;
}

static int put_location(struct region *rg, uint64_t idx, uint64_t v, uint64_t at)
{
	struct hload *l = rg->l;
	struct mt_heap *h = l->h;
	uint64_t lf = (uint64_t)l->lay.loc_fields;
	uint32_t i = (uint32_t)(idx / lf);
	int field = (int)(idx % lf);

	if (idx / lf >= 0x7fffffff)
		return rfail(rg, at, "too many locations");
	if (i >= l->locs_cap) {
		l->locs_cap = l->locs_cap ? l->locs_cap * 2 : 1024;
		h->locs = xreallocarray(h->locs, l->locs_cap, sizeof *h->locs);
	}
	if (field == 0)
		memset(&h->locs[i], 0, sizeof h->locs[i]);
	if (v > UINT32_MAX)
		return rfail(rg, at, "location %u: value %llu out of range", i,
			     (unsigned long long)v);
	switch (rg->role[field]) {
	case R_LNODE:
		h->locs[i].node = node_at(h, v, (uint64_t)l->lay.node_fields);
		if (h->locs[i].node == MT_HEAP_NONE)
			return rfail(rg, at, "location %u: object_index %llu is not a node", i,
				     (unsigned long long)v);
		break;
	case R_SCRIPT: h->locs[i].script = (uint32_t)v; break;
	case R_LINE: h->locs[i].line = (uint32_t)v; break;
	case R_COLUMN: h->locs[i].column = (uint32_t)v; break;
	}
	if (field == (int)lf - 1)
		h->nlocs = i + 1;
	return 0;
}

static inline int is_ws(unsigned c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Eight bytes at once (SWAR): a nonzero byte for every byte that is not an
 * ASCII digit. */
static inline uint64_t nondigits(uint64_t w)
{
	return ((w & 0xF0F0F0F0F0F0F0F0ull) ^ 0x3030303030303030ull) |
	       (((w & 0x0F0F0F0F0F0F0F0Full) + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull);
}

/* The value of the first len (1 to 8) digit bytes of w, first byte most
 * significant: shifted up, the missing digits read as leading zeros. */
static inline uint64_t digits_value(uint64_t w, unsigned len)
{
	w <<= (8 - len) * 8;
	w &= 0x0F0F0F0F0F0F0F0Full;
	w = (w * 10 + (w >> 8)) & 0x00FF00FF00FF00FFull;
	w = (w * 100 + (w >> 16)) & 0x0000FFFF0000FFFFull;
	return (w * 10000 + (w >> 32)) & 0xFFFFFFFFull;
}

static const uint64_t pow_ten[9] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

/* A number of up to 16 digits at p with 16 readable bytes: its value, and
 * its length in *len (0 when the fast way does not apply). */
static inline __attribute__((always_inline)) uint64_t
fast_number(const unsigned char *p, unsigned *len)
{
	uint64_t w, w2, t, t2;

	memcpy(&w, p, 8);
	t = nondigits(w);
	if (t) {
		*len = (unsigned)__builtin_ctzll(t) >> 3;
		return *len ? digits_value(w, *len) : 0;
	}
	memcpy(&w2, p + 8, 8);
	t2 = nondigits(w2);
	if (!t2) {
		*len = 0;
		return 0;
	}
	unsigned len2 = (unsigned)__builtin_ctzll(t2) >> 3;
	*len = 8 + len2;
	return digits_value(w, 8) * pow_ten[len2] + (len2 ? digits_value(w2, len2) : 0);
}

/* Parse a stretch: values each followed by ',' (the last by ']' when
 * final), whitespace anywhere between. */
static inline __attribute__((always_inline)) int parse_region(struct region *rg, int kind)
{
	const unsigned char *p = rg->p, *end = rg->end, *base = rg->p;
	uint64_t i = rg->index;

	for (;;) {
		while (p < end && is_ws(*p))
			p++;
		if (p == end)
			return 0;
		const unsigned char *start = p;
		uint64_t v, d;
		unsigned len = 0;
		if (end - p >= 16)
			v = fast_number(p, &len);
		if (len) {
			p += len;
		} else {
			v = (uint64_t)*p - '0';
			if (v > 9)
				return rfail(rg, rg->off + (uint64_t)(p - base), "unexpected '%c' in %s",
					     *p >= 0x20 && *p < 0x7f ? *p : '?', rg->what);
			for (p++; p < end && (d = (uint64_t)*p - '0') <= 9; p++) {
				v = v * 10 + d;
				if (p - start >= 19)
					return rfail(rg, rg->off + (uint64_t)(start - base),
						     "number too large in %s", rg->what);
			}
		}
		uint64_t at = rg->off + (uint64_t)(start - base);
		int rc = kind == SINK_NODES ? put_node(rg, i, v, at) :
			 kind == SINK_EDGES ? put_edge(rg, i, v, at) : put_location(rg, i, v, at);
		if (rc < 0)
			return -1;
		i++;
		rg->count++;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		while (p < end && is_ws(*p))
			p++;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == ']' && rg->final && p + 1 == end)
			return 0;
		return rfail(rg, rg->off + (uint64_t)(p - base), "%s in %s",
			     p == end ? "missing comma" : *p >= '0' && *p <= '9' ? "missing comma" :
			     "unexpected character", rg->what);
	}
}

static int parse_any(struct region *rg)
{
	return rg->kind == SINK_NODES ? parse_region(rg, SINK_NODES) :
	       rg->kind == SINK_EDGES ? parse_region(rg, SINK_EDGES) :
	       parse_region(rg, SINK_LOCATIONS);
}

static void *parse_thread(void *arg)
{
	parse_any(arg);
	return NULL;
}

static uint64_t count_commas(const unsigned char *p, const unsigned char *end)
{
	uint64_t n = 0;

	for (; p < end; p++)
		n += *p == ',';
	return n;
}

/* Parse [p, cut) on two threads when it is big enough, split at a comma;
 * the second half's first index is known from the commas of the first. */
static int parse_chunk(struct region *rg, struct region *two)
{
	size_t len = (size_t)(rg->end - rg->p);
	const unsigned char *mid;
	pthread_t tid;

	*two = *rg;
	two->count = 0;
	two->edge_sum = 0;
	two->big = NULL;
	two->nbig = 0;
	if (len < (1u << 16) || rg->kind == SINK_LOCATIONS ||
	    !(mid = memchr(rg->p + len / 2, ',', len - len / 2)) || mid + 1 >= rg->end)
		return parse_any(rg);
	mid++;
	two->p = mid;
	two->off = rg->off + (uint64_t)(mid - rg->p);
	two->index = rg->index + count_commas(rg->p, mid);
	rg->end = mid;
	rg->final = 0;
	if (pthread_create(&tid, NULL, parse_thread, two) != 0)
		parse_any(two);
	else {
		parse_any(rg);
		pthread_join(tid, NULL);
	}
	return rg->err.set || two->err.set ? -1 : 0;
}

/* Fold the second half's results into the first. */
static void merge(struct region *rg, struct region *two)
{
	if (two->err.set && (!rg->err.set || two->err_at < rg->err_at)) {
		rg->err = two->err;
		rg->err_at = two->err_at;
	}
	rg->count += two->count;
	rg->edge_sum += two->edge_sum;
	if (two->nbig) {
		rg->big = xreallocarray(rg->big, rg->nbig + two->nbig, sizeof *rg->big);
		memcpy(rg->big + rg->nbig, two->big, two->nbig * sizeof *rg->big);
		rg->nbig += two->nbig;
	}
	free(two->big);
}

/* The stretch of the buffer that ends after its last ',' (or at the ']'
 * that closes the array): 1 found, 0 more bytes needed, -1 error. */
static int next_cut(struct hreader *r, const unsigned char **cut, int *final)
{
	const unsigned char *p = r->buf + r->pos, *end = r->buf + r->len;
	const unsigned char *close = memchr(p, ']', (size_t)(end - p));

	*final = close != NULL;
	if (close) {
		*cut = close + 1;
		return 1;
	}
	const unsigned char *comma = memrchr(p, ',', (size_t)(end - p));
	if (comma) {
		*cut = comma + 1;
		return 1;
	}
	return 0;
}

/* The values of `[n, n, ...]`; returns their count or -1. */
static int64_t scan(struct hload *l, const char *what, int kind, const uint8_t *role)
{
	struct hreader *r = l->r;
	struct region rg = { .l = l, .role = role, .kind = kind, .what = what }, two;
	uint64_t index = 0;
	int c;

	if (hr_expect(r, '[', what) < 0)
		return -1;
	if ((c = hr_peek(r)) == ']') {
		r->pos++;
		return 0;
	}
	if (c < 0)
		return c == -2 ? -1 : hr_fail(r, hr_offset(r), "file ends inside %s (truncated?)", what);
	for (;;) {
		const unsigned char *cut;
		int final, found = next_cut(r, &cut, &final);
		if (!found) {
			size_t had = r->len - r->pos;
			ssize_t n = hr_fill(r);
			if (n < 0)
				return -1;
			if ((size_t)n <= had) {
				if (r->eof)
					return hr_fail(r, r->base + r->len, "file ends inside %s "
						       "(truncated?)", what);
				return hr_fail(r, hr_offset(r), "a value in %s is too long", what);
			}
			continue;
		}
		rg.p = r->buf + r->pos;
		rg.end = cut;
		rg.off = hr_offset(r);
		rg.index = index;
		rg.final = final;
		rg.count = 0;
		int rc = parse_chunk(&rg, &two);
		if (two.p != rg.p)
			merge(&rg, &two);
		if (rc < 0 || rg.err.set) {
			mt_error_set(r->err, "%s", rg.err.msg);
			free(rg.big);
			return -1;
		}
		index += rg.count;
		r->pos = (size_t)(cut - r->buf);
		if (final)
			break;
		hr_report(r, "parse");
		if (hr_fill(r) < 0) {
			free(rg.big);
			return -1;
		}
	}
	for (size_t i = 0; i < rg.nbig; i++)
		mt_heap_set_self(l->h, rg.big[i].node, rg.big[i].size);
	free(rg.big);
	l->edge_sum += rg.edge_sum;
	return (int64_t)index;
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
	h->node_type = mt_heap_array(n, 1);
	h->node_detached = mt_heap_array(n, 1);
	h->node_name = mt_heap_array(n, sizeof *h->node_name);
	h->node_id = mt_heap_array(n, sizeof *h->node_id);
	h->node_self = mt_heap_array(n, sizeof *h->node_self);
	h->first_edge = mt_heap_array(n + 1, sizeof *h->first_edge);
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
	h->edge_type = mt_heap_array(n, 1);
	h->edge_name = mt_heap_array(n, sizeof *h->edge_name);
	h->edge_to = mt_heap_array(n, sizeof *h->edge_to);
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
