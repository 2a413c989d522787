/* core/heap/scan.c: the numbers of the nodes, edges and locations arrays,
 * eight digits at a time, each buffer split at a comma between two threads
 * (the second half's first index is the count of commas before it). */
#include "core/heap/region.h"
#include "core/heap/passes.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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

/* Where one parse stands: the next value's record and field, values done. */
struct cursor {
	uint32_t rec;
	int field;
	uint64_t count;
};

static inline __attribute__((always_inline)) int
put_value(struct region *rg, const struct cols *c, int kind, struct cursor *at, uint64_t nf,
	  uint64_t v, uint64_t off)
{
	int rc = kind == SINK_NODES ? put_node(rg, c, at->rec, at->field, v, off) :
		 kind == SINK_EDGES ? put_edge(rg, c, at->rec, at->field, v, off) :
		 put_location(rg, c, at->rec, at->field, v, off);

	if (rc < 0)
		return rc;
	at->count++;
	if (++at->field == (int)nf) {
		at->field = 0;
		at->rec++;
	}
	return 0;
}

#ifdef __SSE2__
#include <emmintrin.h>

/* Of 64 bytes at p: a bit per digit, per comma, per JSON whitespace. */
struct classes64 {
	uint64_t digit, comma, space;
};

static inline __attribute__((always_inline)) struct classes64 classify64(const unsigned char *p)
{
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	const __m128i comma = _mm_set1_epi8(','), sp = _mm_set1_epi8(' ');
	const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), tab = _mm_set1_epi8('\t');
	struct classes64 k = { 0, 0, 0 };

	for (int i = 0; i < 4; i++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
		__m128i d = _mm_sub_epi8(x, zero);
		__m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, sp), _mm_cmpeq_epi8(x, nl)),
					  _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, tab)));
		k.digit |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, nine), d)) << (16 * i);
		k.comma |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, comma)) << (16 * i);
		k.space |= (uint64_t)(uint32_t)_mm_movemask_epi8(ws) << (16 * i);
	}
	return k;
}

/* The values of 64-byte windows at *pp (a value starts there), found from
 * bit masks rather than byte by byte: each value that the window shows
 * whole, with exactly one comma (and any whitespace) before the next.
 * Stops at anything else, where the byte-wise parse takes over: at the
 * value then current, so its errors are found and said there. */
static inline __attribute__((always_inline)) int
fast_values(struct region *rg, const struct cols *c, int kind, struct cursor *at, uint64_t nf,
	    const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	int rc = 0;

	while (end - p >= 80) {
		struct classes64 k = classify64(p);
		uint64_t starts = k.digit & ~(k.digit << 1), ends = k.digit & ~(k.digit >> 1);
		unsigned s = 0;
		if (!(starts & 1) || !(starts & (starts - 1)))
			break;  /* not a value here, or the window holds one only */
		uint64_t span = (1ull << (63 - __builtin_clzll(starts))) - 1;
		if (((k.digit | k.comma | k.space) & span) != span)
			break;  /* a byte of no number array within */
		for (starts &= starts - 1; starts; starts &= starts - 1, ends &= ends - 1) {
			unsigned next = (unsigned)__builtin_ctzll(starts);
			unsigned e = (unsigned)__builtin_ctzll(ends) + 1, len = e - s;
			uint64_t between = k.comma & ((1ull << next) - (1ull << e)), v, w, w2;
			if (!between || (between & (between - 1)) || len > 16)
				break;
			memcpy(&w, p + s, 8);
			if (len <= 8) {
				v = digits_value(w, len);
			} else {
				memcpy(&w2, p + s + 8, 8);
				v = digits_value(w, 8) * pow_ten[len - 8] + digits_value(w2, len - 8);
			}
			rc = put_value(rg, c, kind, at, nf, v, rg->off + (uint64_t)(p + s - rg->p));
			if (rc < 0)
				break;
			s = next;
		}
		p += s;
		if (starts || rc < 0)
			break;
	}
	*pp = p;
	return rc;
}
#endif

/* A negative number at *p ('-'), where V8 writes a signed int: an element
 * edge's index from V8 13 (index 4294967290 of a sparse array is -6),
 * taken as the unsigned index it stands for (what V8 before 13 writes); a
 * location's line and column, -1 when V8 found no position
 * (ExtractLocationForJSFunction records them whatever GetPositionInfo
 * says), kept as 32-bit two's complement. Anywhere else an error; *p
 * moved past it. */
static int negative_index(struct region *rg, const struct cols *c, int kind, int field,
			  const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	const unsigned char *q = *p + 1;
	uint64_t mag = 0;

	if (!(kind == SINK_EDGES && c->role[field] == R_NAME) &&
	    !(kind == SINK_LOCATIONS && (c->role[field] == R_LINE || c->role[field] == R_COLUMN)))
		return rfail(rg, rg->off + (uint64_t)(*p - rg->p), "unexpected '-' in %s",
			     rg->what);
	for (; q < end && *q >= '0' && *q <= '9' && mag <= (1ull << 31); q++)
		mag = mag * 10 + (uint64_t)(*q - '0');
	if (q == *p + 1 || mag == 0 || mag > (1ull << 31))
		return rfail(rg, rg->off + (uint64_t)(*p - rg->p), "%s out of range in %s",
			     kind == SINK_EDGES ? "edge index" : "position", rg->what);
	*v = (1ull << 32) - mag;
	*p = q;
	return 0;
}

/* Parse a stretch: values each followed by ',' (the last by ']' when
 * final), whitespace anywhere between. */
static inline __attribute__((always_inline)) int parse_region(struct region *rg, int kind)
{
	const unsigned char *p = rg->p, *end = rg->end, *base = rg->p;
	const struct cols c = cols_of(rg);
	uint64_t nf = kind == SINK_NODES ? c.nf : kind == SINK_EDGES ? c.ef :
		      (uint64_t)rg->l->lay.loc_fields;
	uint64_t i = rg->index;
	struct cursor at = { (uint32_t)(i / nf), (int)(i % nf), 0 };
	int rc = 0;

	if (i / nf > UINT32_MAX)
		return rfail(rg, rg->off, "too many values in %s", rg->what);
	for (;;) {
		while (p < end && hr_is_ws(*p))
			p++;
#ifdef __SSE2__
		if ((rc = fast_values(rg, &c, kind, &at, nf, &p, end)) < 0)
			break;
#endif
		if (p == end)
			break;
		const unsigned char *start = p;
		uint64_t v = 0, d;
		unsigned len = 0;
		if (*p == '-') {
			if ((rc = negative_index(rg, &c, kind, at.field, &p, end, &v)) < 0)
				break;
		} else if (end - p >= 16) {
			v = fast_number(p, &len);
		}
		if (len || *start == '-') {
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
		rc = put_value(rg, &c, kind, &at, nf, v, rg->off + (uint64_t)(start - base));
		if (rc < 0)
			break;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		while (p < end && hr_is_ws(*p))
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
	rg->count += at.count;
	return rc;
}

static int parse_any(struct region *rg)
{
	return rg->kind == SINK_NODES ? parse_region(rg, SINK_NODES) :
	       rg->kind == SINK_EDGES ? parse_region(rg, SINK_EDGES) :
	       parse_region(rg, SINK_LOCATIONS);
}

typedef unsigned char bytes16 __attribute__((vector_size(16)));

/* Commas in [p, end), sixteen bytes at a time: a comparison gives 0xFF
 * (-1) per comma, subtracted from per-lane byte counters that are added
 * up before they can wrap (every 255 blocks). */
static uint64_t count_commas(const unsigned char *p, const unsigned char *end)
{
	const bytes16 comma = {
		',', ',', ',', ',', ',', ',', ',', ',', ',', ',', ',', ',', ',', ',', ',', ',',
	};
	uint64_t n = 0;

	while (end - p >= 16) {
		bytes16 lanes = { 0 };
		size_t blocks = (size_t)(end - p) / 16;
		if (blocks > 255)
			blocks = 255;
		for (size_t b = 0; b < blocks; b++, p += 16) {
			bytes16 w;
			memcpy(&w, p, 16);
			lanes -= (bytes16)(w == comma);
		}
		for (int i = 0; i < 16; i++)
			n += lanes[i];
	}
	for (; p < end; p++)
		n += *p == ',';
	return n;
}

/* Fold a later piece's results into an earlier one's. */
static void merge(struct region *rg, struct region *two)
{
	if (two->err.set && (!rg->err.set || two->err_at < rg->err_at)) {
		rg->err = two->err;
		rg->err_at = two->err_at;
	}
	rg->count += two->count;
	rg->edge_sum += two->edge_sum;
	rg->max_name = two->max_name > rg->max_name ? two->max_name : rg->max_name;
	rg->max_ename = two->max_ename > rg->max_ename ? two->max_ename : rg->max_ename;
	if (two->nbig) {
		rg->big = xreallocarray(rg->big, rg->nbig + two->nbig, sizeof *rg->big);
		memcpy(rg->big + rg->nbig, two->big, two->nbig * sizeof *rg->big);
		rg->nbig += two->nbig;
		rg->big_cap = rg->nbig;
	}
	free(two->big);
	region_merge_ids(rg, two);
}

/* A stretch is cut into pieces of about a 32nd of the buffer (256 KiB),
 * each starting on a record; the two threads take pieces until none is
 * left, so they end together whatever else one of them had to do first. */
#define MAX_PIECES 64

struct share {
	struct region *piece;    /* borrowed: n regions */
	int n;
	int next;                /* the next piece to take (atomic) */
};

static void take_pieces(struct share *s)
{
	for (;;) {
		int i = __atomic_fetch_add(&s->next, 1, __ATOMIC_RELAXED);
		if (i >= s->n)
			return;
		parse_any(&s->piece[i]);
	}
}

static void *share_thread(void *arg)
{
	take_pieces(arg);
	return NULL;
}

/* Cut rg into pieces (piece[0] is rg's start): at a comma after each
 * size bytes, moved on to the next record; each piece's first value index
 * from the commas before it. Returns how many. */
static int cut_pieces(const struct region *rg, struct region *piece, size_t size)
{
	uint64_t rf = rg->kind == SINK_EDGES ? (uint64_t)rg->l->lay.edge_fields :
		      rg->kind == SINK_LOCATIONS ? (uint64_t)rg->l->lay.loc_fields : 1;
	int n = 1;

	piece[0] = *rg;
	while (n < MAX_PIECES) {
		struct region *last = &piece[n - 1];
		size_t left = (size_t)(last->end - last->p);
		const unsigned char *mid;
		if (left < 2 * size || !(mid = memchr(last->p + size, ',', left - size)))
			break;
		mid++;
		uint64_t index = last->index + count_commas(last->p, mid);
		while (index % rf && mid < last->end &&
		       (mid = memchr(mid, ',', (size_t)(last->end - mid))) != NULL) {
			mid++;
			index++;
		}
		if (!mid || index % rf || mid >= last->end)
			break;
		struct region *next = &piece[n++];
		*next = *last;
		next->p = mid;
		next->off = last->off + (uint64_t)(mid - last->p);
		next->index = index;
		next->count = next->edge_sum = 0;
		next->max_name = next->max_ename = 0;
		next->big = NULL;
		next->nbig = next->big_cap = 0;
		next->bigid = NULL;
		next->nbigid = next->bigid_cap = 0;
		next->odd_type = 0;
		memset(&next->err, 0, sizeof next->err);
		last->end = mid;
		last->final = 0;
	}
	return n;
}

/* Parse rg's stretch on two threads, reading the next buffer ahead on this
 * one first (from: where in it the unparsed bytes start, or SIZE_MAX for
 * no read ahead). Every piece's results end up in rg. */
static int parse_chunk(struct region *rg, struct hreader *r, size_t from)
{
	struct region piece[MAX_PIECES];
	struct share s = { piece, cut_pieces(rg, piece, r->cap / 32), 0 };
	pthread_t tid;
	int threaded = s.n > 1 && pthread_create(&tid, NULL, share_thread, &s) == 0;

	if (from != SIZE_MAX)
		hr_prefetch(r, from);
	take_pieces(&s);
	if (threaded)
		pthread_join(tid, NULL);
	*rg = piece[0];
	for (int i = 1; i < s.n; i++)
		merge(rg, &piece[i]);
	return rg->err.set ? -1 : 0;
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

/* Room in h->locs for every record that len more bytes from value index
 * on could hold (a value and its comma take two bytes at least), so that
 * the threads never grow it. */
static int reserve_locations(struct hload *l, uint64_t index, size_t len)
{
	uint64_t lf = (uint64_t)l->lay.loc_fields;
	uint64_t need = (index + len / 2 + 1) / lf + 1;

	if (need > 0x7fffffff)
		need = 0x7fffffff;  /* put_location refuses records past this */
	if (need <= l->locs_cap)
		return 0;
	l->locs_cap = need > l->locs_cap * 2 ? need : l->locs_cap * 2;
	l->h->locs = xreallocarray(l->h->locs, l->locs_cap, sizeof *l->h->locs);
	return 0;
}

int64_t hl_scan(struct hload *l, const char *what, int kind, const uint8_t *role)
{
	struct hreader *r = l->r;
	struct region rg = { .l = l, .role = role, .kind = kind, .what = what };
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
				goto fail;
			if ((size_t)n <= had) {
				if (r->eof)
					hr_fail(r, r->base + r->len, "file ends inside %s (truncated?)",
						what);
				else
					hr_fail(r, hr_offset(r), "a value in %s is too long", what);
				goto fail;
			}
			continue;
		}
		rg.p = r->buf + r->pos;
		rg.end = cut;
		rg.off = hr_offset(r);
		rg.index = index;
		rg.final = final;
		rg.count = 0;
		if (kind == SINK_LOCATIONS && reserve_locations(l, index, (size_t)(cut - rg.p)) < 0)
			goto fail;
		if (parse_chunk(&rg, r, final ? SIZE_MAX : (size_t)(cut - r->buf)) < 0) {
			mt_error_set(r->err, "%s", rg.err.msg);
			goto fail;
		}
		index += rg.count;
		if (final) {
			r->pos = (size_t)(cut - r->buf);
			break;
		}
		hr_report(r, "parse");
		if (hr_take_prefetch(r) < 0)
			goto fail;
	}
	for (size_t i = 0; i < rg.nbig; i++)
		mt_heap_set_self(l->h, rg.big[i].node, rg.big[i].size);
	free(rg.big);
	hl_region_done(l, &rg);
	l->edge_sum += rg.edge_sum;
	l->max_name = rg.max_name > l->max_name ? rg.max_name : l->max_name;
	l->max_ename = rg.max_ename > l->max_ename ? rg.max_ename : l->max_ename;
	return (int64_t)index;
fail:	/* what earlier stretches kept aside goes with the error */
	free(rg.big);
	free(rg.bigid);
	return -1;
}
