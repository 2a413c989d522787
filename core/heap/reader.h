/* core/heap/reader.h: a pull reader over an mt_stream for the snapshot
 * loader: a large buffer refilled on demand, byte offsets for errors, the
 * progress callback, and the JSON scanning the loader needs (whitespace,
 * punctuation, strings, skipping a value it does not keep). */
#ifndef MORTEM_CORE_HEAP_READER_H
#define MORTEM_CORE_HEAP_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/heap/heap.h"
#include "core/input.h"
#include "core/strbuf.h"

#define HR_BUF (8u << 20)
#define HR_BUF_MIN 1024u

struct hreader {
	struct mt_stream *s;       /* owned: sniffs gzip, inflates it */
	int fd;                    /* owned: a plain regular file read directly
				      (one copy less than through s), or -1 */
	uint64_t raw_pos;          /* bytes read through fd */
	const char *path;          /* borrowed: for messages */
	unsigned char *buf;        /* owned, cap bytes */
	size_t cap;                /* HR_BUF, or MORTEM_TEST_BUFFER bytes (at
				      least HR_BUF_MIN): how the tests cross
				      buffer ends everywhere */
	size_t pos, len;
	unsigned char *ahead;      /* owned, cap bytes or NULL: read ahead
				      (hr_prefetch) while buf is parsed */
	size_t ahead_len, ahead_from;
	struct mt_error ahead_err; /* a read error met ahead, said when taken */
	uint64_t base;             /* stream offset of buf[0] */
	int eof;
	struct mt_error *err;      /* borrowed: where failures go */
	mt_heap_progress progress; /* may be NULL */
	void *progress_ctx;
	uint64_t next_report;
};

int hr_open(struct hreader *r, const char *path, struct mt_error *err);
void hr_close(struct hreader *r);
/* Keep unread bytes, read more. Returns bytes now available, 0 at the end,
 * -1 on a stream error (err set). */
ssize_t hr_fill(struct hreader *r);
static inline uint64_t hr_offset(const struct hreader *r) { return r->base + r->pos; }
/* Fail with "PATH: byte N: what". Returns -1. */
int hr_fail(struct hreader *r, uint64_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* JSON whitespace. */
static inline int hr_is_ws(unsigned c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
/* The next byte that is not JSON whitespace (not consumed); -1 at the end
 * of the file, -2 on a stream error. */
int hr_peek(struct hreader *r);
/* Consume the character c after whitespace, or fail naming where. */
int hr_expect(struct hreader *r, int c, const char *where);
/* The first '"' or '\\' in [q, end), or end. */
const unsigned char *hr_plain_run(const unsigned char *q, const unsigned char *end);
/* Read a JSON string (its opening quote next) and append it decoded to out;
 * fails past max bytes. */
int hr_string(struct hreader *r, struct strbuf *out, size_t max);
/* Skip one JSON value of any kind. */
int hr_skip_value(struct hreader *r);
/* Append one balanced JSON object (up to max bytes), undecoded, to out. */
int hr_object_text(struct hreader *r, struct strbuf *out, size_t max);
/* Read ahead into a second buffer while the caller still parses buf up to
 * from: the bytes from there on, then more, as hr_fill would. Only
 * hr_take_prefetch may come next. */
void hr_prefetch(struct hreader *r, size_t from);
/* Make what hr_prefetch read the buffer (from its first byte); -1 with err
 * set when reading ahead failed. */
int hr_take_prefetch(struct hreader *r);
/* Call the progress callback when another slice of the file was read. */
void hr_report(struct hreader *r, const char *phase);

#endif
