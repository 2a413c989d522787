/* core/input.c: plain or gzipped input streams. */
#include "core/input.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define IN_CHUNK (256 * 1024)

struct mt_stream {
	char *path;               /* owned copy, for messages */
	int fd;                   /* owned unless stdin */
	int gzip;                 /* inflating */
	int eof_raw;              /* no more raw bytes */
	int member_done;          /* a gzip member ended; another may follow */
	z_stream z;
	unsigned char *in;        /* owned raw buffer */
	size_t in_len, in_pos;
	uint64_t raw_pos, raw_size, offset;
};

static int fill_raw(struct mt_stream *s, struct mt_error *err)
{
	if (s->in_pos < s->in_len || s->eof_raw)
		return 0;
	ssize_t n;
	do
		n = read(s->fd, s->in, IN_CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		mt_error_set(err, "%s: read error at byte %llu: %s", s->path,
			     (unsigned long long)s->raw_pos, strerror(errno));
		return -1;
	}
	s->in_len = (size_t)n;
	s->in_pos = 0;
	if (n == 0)
		s->eof_raw = 1;
	return 0;
}

static int open_fd(const char *path, struct mt_stream *s, struct mt_error *err)
{
	if (strcmp(path, "-") == 0) {
		s->fd = STDIN_FILENO;
		return 0;
	}
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0) {
		mt_error_set(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(s->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		mt_error_set(err, "%s: is a directory", path);
		close(s->fd);
		return -1;
	}
	if (fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode))
		s->raw_size = (uint64_t)st.st_size;
	return 0;
}

struct mt_stream *mt_stream_open(const char *path, struct mt_error *err)
{
	struct mt_stream *s = xcalloc(1, sizeof *s);

	if (open_fd(path, s, err) < 0) {
		free(s);
		return NULL;
	}
	s->path = xstrdup(path);
	s->in = xmalloc(IN_CHUNK);
	/* Peek at up to two bytes for the gzip magic. */
	while (s->in_len < 2 && !s->eof_raw) {
		ssize_t n = read(s->fd, s->in + s->in_len, IN_CHUNK - s->in_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			s->eof_raw = 1;
		else
			s->in_len += (size_t)n;
	}
	if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
		s->gzip = 1;
		if (inflateInit2(&s->z, 15 + 32) != Z_OK) {
			mt_error_set(err, "%s: zlib init failed", path);
			mt_stream_close(&s);
			return NULL;
		}
	}
	return s;
}

static ssize_t read_plain(struct mt_stream *s, unsigned char *out, size_t n,
			  struct mt_error *err)
{
	if (fill_raw(s, err) < 0)
		return -1;
	size_t avail = s->in_len - s->in_pos;
	if (avail > n)
		avail = n;
	memcpy(out, s->in + s->in_pos, avail);
	s->in_pos += avail;
	s->raw_pos += avail;
	return (ssize_t)avail;
}

static int next_member(struct mt_stream *s, struct mt_error *err)
{
	/* After one gzip member ends, only another member may follow. */
	if (fill_raw(s, err) < 0)
		return -1;
	if (s->in_pos >= s->in_len)
		return 1; /* clean end */
	inflateReset(&s->z);
	s->member_done = 0;
	return 0;
}

static ssize_t read_gzip(struct mt_stream *s, unsigned char *out, size_t n,
			 struct mt_error *err)
{
	size_t got = 0;

	while (got == 0) {
		if (s->member_done) {
			int r = next_member(s, err);
			if (r != 0)
				return r < 0 ? -1 : 0;
		}
		if (fill_raw(s, err) < 0)
			return -1;
		if (s->in_pos >= s->in_len) {
			mt_error_set(err, "%s: gzip stream cut short at byte %llu "
				     "(inflated offset %llu)", s->path,
				     (unsigned long long)s->raw_pos,
				     (unsigned long long)s->offset);
			return -1;
		}
		s->z.next_in = s->in + s->in_pos;
		s->z.avail_in = (uInt)(s->in_len - s->in_pos);
		s->z.next_out = out;
		s->z.avail_out = (uInt)(n > 0x40000000 ? 0x40000000 : n);
		uInt before_in = s->z.avail_in;
		int rc = inflate(&s->z, Z_NO_FLUSH);
		size_t used = before_in - s->z.avail_in;
		s->in_pos += used;
		s->raw_pos += used;
		got = (size_t)(s->z.next_out - out);
		if (rc == Z_STREAM_END)
			s->member_done = 1;
		else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			mt_error_set(err, "%s: corrupt gzip data at byte %llu: %s",
				     s->path, (unsigned long long)s->raw_pos,
				     s->z.msg ? s->z.msg : "inflate failed");
			return -1;
		}
	}
	return (ssize_t)got;
}

ssize_t mt_stream_read(struct mt_stream *s, void *buf, size_t n, struct mt_error *err)
{
	ssize_t r = s->gzip ? read_gzip(s, buf, n, err) : read_plain(s, buf, n, err);

	if (r > 0)
		s->offset += (uint64_t)r;
	return r;
}

uint64_t mt_stream_offset(const struct mt_stream *s) { return s->offset; }
uint64_t mt_stream_raw_pos(const struct mt_stream *s) { return s->raw_pos; }
uint64_t mt_stream_raw_size(const struct mt_stream *s) { return s->raw_size; }
int mt_stream_is_gzip(const struct mt_stream *s) { return s->gzip; }
const char *mt_stream_path(const struct mt_stream *s) { return s->path; }

void mt_stream_close(struct mt_stream **sp)
{
	struct mt_stream *s = *sp;

	if (!s)
		return;
	if (s->gzip)
		inflateEnd(&s->z);
	if (s->fd > STDIN_FILENO)
		close(s->fd);
	free(s->in);
	free(s->path);
	free(s);
	*sp = NULL;
}

int mt_read_all(const char *path, size_t max, char **bufp, size_t *lenp,
		struct mt_error *err)
{
	struct mt_stream *s = mt_stream_open(path, err);
	size_t cap = 1 << 16, len = 0;
	char *buf;

	if (!s)
		return -1;
	buf = xmalloc(cap);
	for (;;) {
		if (cap - len < 2) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t n = mt_stream_read(s, buf + len, cap - len - 1, err);
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			mt_error_set(err, "%s: larger than %zu bytes", path, max);
			goto fail;
		}
	}
	buf[len] = '\0';
	mt_stream_close(&s);
	*bufp = buf;
	*lenp = len;
	return 0;
fail:
	free(buf);
	mt_stream_close(&s);
	return -1;
}
