/* core/heap/scan.c: the numbers of the nodes, edges and locations arrays,
 * eight digits at a time, each buffer split at a comma between two threads
 * (the second half's first index is the count of commas before it). */
#include "core/heap/region.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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
	const struct cols c = cols_of(rg);
	uint64_t nf = kind == SINK_NODES ? c.nf : kind == SINK_EDGES ? c.ef :
		      (uint64_t)rg->l->lay.loc_fields;
	uint64_t i = rg->index, count = 0;
	uint32_t rec = (uint32_t)(i / nf);
	int field = (int)(i % nf), rc = 0;

	if (i / nf > UINT32_MAX)
		return rfail(rg, rg->off, "too many values in %s", rg->what);
	for (;;) {
		while (p < end && is_ws(*p))
			p++;
		if (p == end)
			break;
		const unsigned char *start = p;
		uint64_t v, d;
		unsigned len = 0;
		if (end - p >= 16)
			v = fast_number(p, &len);
		if (len) {
			p += len;
		} else {
			v = (uint64_t)*p - '0';
			if (v > 9) {
				rc = rfail(rg, rg->off + (uint64_t)(p - base), "unexpected '%c' in %s",
					   *p >= 0x20 && *p < 0x7f ? *p : '?', rg->what);
				break;
			}
			for (p++; p < end && (d = (uint64_t)*p - '0') <= 9; p++) {
				v = v * 10 + d;
				if (p - start >= 19)
					break;
			}
			if (p - start > 19 || (p < end && *p >= '0' && *p <= '9')) {
				rc = rfail(rg, rg->off + (uint64_t)(start - base),
					   "number too large in %s", rg->what);
				break;
			}
		}
		uint64_t at = rg->off + (uint64_t)(start - base);
		rc = kind == SINK_NODES ? put_node(rg, &c, rec, field, v, at) :
		     kind == SINK_EDGES ? put_edge(rg, &c, rec, field, v, at) :
		     put_location(rg, rec, field, v, at);
		if (rc < 0)
			break;
		count++;
		if (++field == (int)nf) {
			field = 0;
			rec++;
		}
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
			break;
		rc = rfail(rg, rg->off + (uint64_t)(p - base), "%s in %s",
			   p == end ? "missing comma" : *p >= '0' && *p <= '9' ? "missing comma" :
			   "unexpected character", rg->what);
		break;
	}
	rg->count += count;
	return rc;
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

/* Commas in [p, end), eight bytes at a time: a byte that XORs to zero with
 * ',' gets its high bit set by the usual zero-byte test, and a multiply
 * adds up those bits. */
static uint64_t count_commas(const unsigned char *p, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101ull, low7 = 0x7F7F7F7F7F7F7F7Full;
	uint64_t n = 0, w;

	for (; end - p >= 8; p += 8) {
		memcpy(&w, p, 8);
		w ^= ones * ',';
		uint64_t zero = ~(((w & low7) + low7) | w | low7);  /* 0x80 per comma */
		n += ((zero >> 7) * ones) >> 56;
	}
	for (; p < end; p++)
		n += *p == ',';
	return n;
}

/* Parse [p, cut) on two threads when it is big enough, split at a comma
 * (between two edge records for edges); the second half's first index is
 * known from the commas of the first. */
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
	uint64_t index = rg->index + count_commas(rg->p, mid);
	/* An edge's fields share one word: start the second half on a record. */
	uint64_t ef = (uint64_t)rg->l->lay.edge_fields;
	while (rg->kind == SINK_EDGES && index % ef) {
		mid = memchr(mid, ',', (size_t)(rg->end - mid));
		if (!mid || mid + 1 >= rg->end)
			return parse_any(rg);
		mid++;
		index++;
	}
	two->p = mid;
	two->off = rg->off + (uint64_t)(mid - rg->p);
	two->index = index;
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

int64_t hl_scan(struct hload *l, const char *what, int kind, const uint8_t *role)
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
