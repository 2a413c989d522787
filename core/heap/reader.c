/* core/heap/reader.c: the buffered pull reader of the snapshot loader. */
#include "core/heap/reader.h"
#include "core/heap/passes.h"
#include "core/switches.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define REPORT_EVERY (32u << 20)

int hr_open(struct hreader *r, const char *path, struct mt_error *err)
{
	memset(r, 0, sizeof *r);
	r->err = err;
	r->path = path;
	r->fd = -1;
	r->s = mt_stream_open(path, err);
	if (!r->s)
		return -1;
	/* A plain file is read straight into the parse buffer; mt_stream has
	 * only looked at its first bytes (nothing was handed out yet). */
	if (!mt_stream_is_gzip(r->s) && mt_stream_raw_size(r->s) > 0)
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
	r->cap = HR_BUF;
	const char *test = mt_switch(MT_SW_TEST_BUFFER);
	if (test) {
		unsigned long v = strtoul(test, NULL, 10);
		r->cap = v < HR_BUF_MIN ? HR_BUF_MIN : v > HR_BUF ? HR_BUF : v;
	}
	r->buf = xmalloc(r->cap);
	return 0;
}

void hr_close(struct hreader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	mt_stream_close(&r->s);
	free(r->buf);
	free(r->ahead);
	r->buf = r->ahead = NULL;
}

/* Read into b after its first *len bytes (b[0] is at file offset base),
 * until the buffer is full or half a buffer of new bytes came. */
static int read_more(struct hreader *r, unsigned char *b, size_t *len, uint64_t base,
		     struct mt_error *err)
{
	size_t keep = *len;

	while (*len < r->cap) {
		ssize_t n = r->fd >= 0 ? read(r->fd, b + *len, r->cap - *len)
				       : mt_stream_read(r->s, b + *len, r->cap - *len, err);
		if (n < 0 && r->fd >= 0 && errno == EINTR)
			continue;
		if (n < 0 && r->fd >= 0) {
			mt_error_set(err, "%s: read error at byte %llu: %s", r->path,
				     (unsigned long long)(base + *len), strerror(errno));
			return -1;
		}
		if (n < 0)
			return -1;
		if (r->fd >= 0)
			r->raw_pos += (uint64_t)n;
		if (n == 0) {
			r->eof = 1;
			break;
		}
		*len += (size_t)n;
		if (*len - keep >= r->cap / 2)
			break;
	}
	return 0;
}

ssize_t hr_fill(struct hreader *r)
{
	size_t keep = r->len - r->pos;

	if (r->eof)
		return (ssize_t)keep;
	memmove(r->buf, r->buf + r->pos, keep);
	r->base += r->pos;
	r->pos = 0;
	r->len = keep;
	if (read_more(r, r->buf, &r->len, r->base, r->err) < 0)
		return -1;
	return (ssize_t)r->len;
}

void hr_prefetch(struct hreader *r, size_t from)
{
	if (!r->ahead)
		r->ahead = xmalloc(r->cap);
	r->ahead_from = from;
	r->ahead_len = r->len - from;
	memcpy(r->ahead, r->buf + from, r->ahead_len);
	memset(&r->ahead_err, 0, sizeof r->ahead_err);
	if (!r->eof && read_more(r, r->ahead, &r->ahead_len, r->base + from, &r->ahead_err) < 0 &&
	    !r->ahead_err.set)
		mt_error_set(&r->ahead_err, "%s: read error", r->path);
}

int hr_take_prefetch(struct hreader *r)
{
	unsigned char *b = r->buf;

	r->buf = r->ahead;
	r->ahead = b;
	r->base += r->ahead_from;
	r->pos = 0;
	r->len = r->ahead_len;
	if (r->ahead_err.set) {
		mt_error_set(r->err, "%s", r->ahead_err.msg);
		return -1;
	}
	return 0;
}

int hr_fail(struct hreader *r, uint64_t at, const char *fmt, ...)
{
	char what[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	mt_error_set(r->err, "%s: byte %llu: %s", r->path, (unsigned long long)at, what);
	return -1;
}

void hr_report(struct hreader *r, const char *phase)
{
	uint64_t raw = r->fd >= 0 ? r->raw_pos : mt_stream_raw_pos(r->s);

	if (!r->progress || raw < r->next_report)
		return;
	r->next_report = raw + REPORT_EVERY;
	r->progress(r->progress_ctx, phase, raw, mt_stream_raw_size(r->s));
}

int hr_peek(struct hreader *r)
{
	for (;;) {
		while (r->pos < r->len && hr_is_ws(r->buf[r->pos]))
			r->pos++;
		if (r->pos < r->len)
			return r->buf[r->pos];
		ssize_t n = hr_fill(r);
		if (n < 0)
			return -2;
		if (n == 0)
			return -1;
	}
}

int hr_expect(struct hreader *r, int c, const char *where)
{
	int got = hr_peek(r);

	if (got == -2)
		return -1;
	if (got == -1)
		return hr_fail(r, hr_offset(r), "file ends %s (truncated?)", where);
	if (got != c)
		return hr_fail(r, hr_offset(r), "expected '%c' %s, found '%c'", c, where,
			       got >= 0x20 && got < 0x7f ? got : '?');
	r->pos++;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void put_utf8(struct strbuf *out, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		strbuf_putc(out, (char)cp);
		return;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(out, b, 4);
	}
}

static int hex4(const unsigned char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* Decode one escape at p (p[0] == '\\'), n bytes available. Returns bytes
 * used, 0 when more bytes are needed, -1 when it is not a JSON escape. A
 * surrogate pair becomes one code point; a lone surrogate is kept as its
 * three-byte form so the string round-trips. */
static int decode_escape(const unsigned char *p, size_t n, struct strbuf *out)
{
	static const char plain[] = "\"\"\\\\//b\bf\fn\nr\rt\t";

	if (n < 2)
		return 0;
	for (const char *e = plain; *e; e += 2)
		if (p[1] == (unsigned char)e[0]) {
			strbuf_putc(out, e[1]);
			return 2;
		}
	if (p[1] != 'u')
		return -1;
	if (n < 6)
		return 0;
	int hi = hex4(p + 2);
	if (hi < 0)
		return -1;
	if (hi >= 0xd800 && hi < 0xdc00) {
		if (n < 12)
			return 0;
		int lo = p[6] == '\\' && p[7] == 'u' ? hex4(p + 8) : -1;
		if (lo >= 0xdc00 && lo < 0xe000) {
			put_utf8(out, 0x10000 + (((uint32_t)hi - 0xd800) << 10) + ((uint32_t)lo - 0xdc00));
			return 12;
		}
	}
	put_utf8(out, (uint32_t)hi);
	return 6;
}

const unsigned char *hr_plain_run(const unsigned char *q, const unsigned char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');

	for (; end - q >= 16; q += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
								      _mm_cmpeq_epi8(x, bslash)));
		if (m)
			return q + __builtin_ctz(m);
	}
#endif
	while (q < end && *q != '"' && *q != '\\')
		q++;
	return q;
}

int hr_string(struct hreader *r, struct strbuf *out, size_t max)
{
	uint64_t start = hr_offset(r);
	size_t before = out->len;

	if (hr_expect(r, '"', "where a string starts") < 0)
		return -1;
	for (;;) {
		const unsigned char *p = r->buf + r->pos, *end = r->buf + r->len;
		const unsigned char *q = hr_plain_run(p, end);
		strbuf_add(out, (const char *)p, (size_t)(q - p));
		r->pos += (size_t)(q - p);
		if (out->len - before > max)
			return hr_fail(r, start, "string longer than %zu bytes", max);
		if (q < end && *q == '"') {
			r->pos++;
			return 0;
		}
		if (q < end) {
			int used = decode_escape(q, (size_t)(end - q), out);
			if (used < 0)
				return hr_fail(r, hr_offset(r), "bad escape in string");
			if (used > 0) {
				r->pos += (size_t)used;
				continue;
			}
		}
		size_t had = r->len - r->pos;
		ssize_t n = hr_fill(r);
		if (n < 0)
			return -1;
		if ((size_t)n <= had)
			return hr_fail(r, r->base + r->len, "file ends inside a string that starts at byte %llu",
				       (unsigned long long)start);
	}
}

/* Skip values by tracking nesting and strings, without decoding. */
int hr_skip_value(struct hreader *r)
{
	uint64_t start = hr_offset(r);
	long depth = 0;
	int in_str = 0, esc = 0, c = hr_peek(r);

	if (c < 0)
		return c == -2 ? -1 : hr_fail(r, start, "file ends where a value should be");
	for (;;) {
		for (; r->pos < r->len; r->pos++) {
			c = r->buf[r->pos];
			if (in_str) {
				if (esc)
					esc = 0;
				else if (c == '\\')
					esc = 1;
				else if (c == '"')
					in_str = 0;
				continue;
			}
			if (c == '"')
				in_str = 1;
			else if (c == '[' || c == '{')
				depth++;
			else if (c == ']' || c == '}') {
				if (depth == 0)
					return 0; /* a scalar ended by its container */
				if (--depth == 0) {
					r->pos++;
					return 0;
				}
			} else if (c == ',' && depth == 0)
				return 0;
		}
		ssize_t n = hr_fill(r);
		if (n < 0)
			return -1;
		if (n == 0)
			return hr_fail(r, hr_offset(r), "file ends inside the value that starts at byte %llu",
				       (unsigned long long)start);
	}
}

int hr_object_text(struct hreader *r, struct strbuf *out, size_t max)
{
	uint64_t start = hr_offset(r);

	if (hr_peek(r) != '{')
		return r->err && r->err->set ? -1 : hr_fail(r, start, "expected an object");
	size_t p0 = r->pos;
	uint64_t base0 = r->base;
	/* The header is small: make sure it is wholly in the buffer. */
	while (r->len - r->pos < max && r->len < r->cap && !r->eof)
		if (hr_fill(r) < 0)
			return -1;
	p0 -= (size_t)(r->base - base0);
	base0 = r->base;
	if (hr_skip_value(r) < 0)
		return -1;
	if (r->base != base0 || r->base + r->pos - start > max)
		return hr_fail(r, start, "object longer than %zu bytes", max);
	strbuf_add(out, (const char *)r->buf + p0, r->pos - p0);
	return 0;
}
