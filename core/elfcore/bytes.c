/* core/elfcore/bytes.c: getting a core's bytes into a read-only mapping.
 *
 * A raw core is mapped as it is. A gzipped core, or the core inside a zip
 * bundle, is inflated into an unlinked temp file that stays sparse (runs of
 * zero pages are skipped, as the holes of the original were), and that file
 * is mapped. A stored (uncompressed) zip entry is used in place. */
#include "core/elfcore/internal.h"
#include "core/elfcore/zip.h"
#include "core/input.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SPOOL_MAX (64ull << 30)      /* inflated cores larger than this are cut */
#define SIDECAR_MAX (512u << 10)     /* bytes kept of each sidecar */
#define SIDECARS_MAX 64
#define BLOCK 4096

struct spool {
	int fd;
	uint64_t off;
	int err_no;              /* first write error */
	const struct mt_open_opts *o;  /* borrowed: for progress, may be NULL */
	uint64_t total;          /* expected inflated size, 0 unknown */
};

#define PROGRESS_STEP (64u << 20)

static void progress(const struct mt_open_opts *o, uint64_t done, uint64_t total)
{
	if (o && o->progress)
		o->progress(o->progress_ctx, "inflate", done, total);
}

static int spool_open(struct spool *s, const struct mt_open_opts *o, struct mt_error *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];

	snprintf(path, sizeof path, "%s/mortem-core-XXXXXX", dir && *dir ? dir : "/tmp");
	s->fd = mkstemp(path);
	s->off = 0;
	s->err_no = 0;
	s->o = o;
	s->total = 0;
	if (s->fd < 0) {
		mt_error_set(err, "cannot make a temp file in %s to inflate the core: %s",
			     dir && *dir ? dir : "/tmp", strerror(errno));
		return -1;
	}
	unlink(path);
	return 0;
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* A sink: write non-zero blocks, skip zero ones (the file stays sparse). */
static int spool_write(void *ctx, const unsigned char *buf, size_t n)
{
	struct spool *s = ctx;

	while (n && !s->err_no) {
		size_t k = BLOCK - (size_t)(s->off % BLOCK);
		if (k > n)
			k = n;
		if (!all_zero(buf, k) && pwrite(s->fd, buf, k, (off_t)s->off) != (ssize_t)k)
			s->err_no = errno ? errno : EIO;
		s->off += k;
		buf += k;
		n -= k;
		if (s->off % PROGRESS_STEP == 0)
			progress(s->o, s->off, s->total);
	}
	return s->err_no != 0;
}

/* Map fd read-only as the core's bytes. */
static int map_fd(struct mt_coredump *c, int fd, uint64_t size, struct mt_error *err)
{
	if (size == 0) {
		mt_error_set(err, "the core is empty");
		return -1;
	}
	if (size > SIZE_MAX) {
		mt_error_set(err, "too large to map");
		return -1;
	}
	void *m = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED) {
		mt_error_set(err, "cannot map: %s", strerror(errno));
		return -1;
	}
	c->map = m;
	c->map_len = (size_t)size;
	c->data = m;
	c->size = size;
	if (c->file_open)
		close(c->file_fd);
	c->file_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	c->file_open = c->file_fd >= 0;
	return 0;
}

static int finish_spool(struct mt_coredump *c, struct spool *s, struct mt_error *err)
{
	int rc = -1;

	if (s->err_no)
		mt_error_set(err, "cannot write the inflated core to a temp file: %s",
			     strerror(s->err_no));
	else if (ftruncate(s->fd, (off_t)s->off) < 0)
		mt_error_set(err, "temp file: %s", strerror(errno));
	else
		rc = map_fd(c, s->fd, s->off, err);
	close(s->fd);
	return rc;
}

static int inflate_gzip(struct mt_coredump *c, const char *path, const struct mt_open_opts *o,
			struct mt_error *err)
{
	struct mt_error cut = { 0 };
	struct mt_stream *in = mt_stream_open(path, err);
	unsigned char *buf;
	struct spool s;
	ssize_t n;

	if (!in)
		return -1;
	if (spool_open(&s, o, err) < 0) {
		mt_stream_close(&in);
		return -1;
	}
	buf = xmalloc(1 << 20);
	while ((n = mt_stream_read(in, buf, 1 << 20, &cut)) > 0 && !s.err_no) {
		if (s.off + (uint64_t)n > SPOOL_MAX) {
			mt_coredump_warn(c, "the inflated core is larger than %llu GiB: the rest is "
				     "not read", SPOOL_MAX >> 30);
			break;
		}
		spool_write(&s, buf, (size_t)n);
		if (o && o->progress)
			o->progress(o->progress_ctx, "inflate", mt_stream_raw_pos(in),
				    mt_stream_raw_size(in));
	}
	if (cut.set)
		mt_coredump_warn(c, "%s", cut.msg);
	free(buf);
	mt_stream_close(&in);
	c->container = xstrdup("gzip");
	return finish_spool(c, &s, err);
}

/* A sink that keeps up to SIDECAR_MAX bytes in a strbuf-like buffer. */
struct keep {
	char *buf;
	size_t len;
};

static int keep_bytes(void *ctx, const unsigned char *p, size_t n)
{
	struct keep *k = ctx;

	k->buf = xrealloc(k->buf, k->len + n + 1);
	memcpy(k->buf + k->len, p, n);
	k->len += n;
	k->buf[k->len] = '\0';
	return 0;
}

static void add_sidecar(struct mt_coredump *c, const unsigned char *zp, uint64_t zlen,
			const struct mt_zip_entry *e)
{
	struct mt_error err = { 0 };
	struct keep k = { NULL, 0 };
	struct mt_coredump_sidecar *sc;

	if (c->nsidecars >= SIDECARS_MAX)
		return;
	int rc = mt_zip_extract(zp, zlen, e, SIDECAR_MAX, keep_bytes, &k, &err);
	if (rc != 0)
		mt_coredump_warn(c, "%s", err.msg);
	c->sidecars = xreallocarray(c->sidecars, c->nsidecars + 1, sizeof *c->sidecars);
	sc = &c->sidecars[c->nsidecars++];
	sc->name = xstrdup(e->name);
	sc->data = k.buf ? k.buf : xstrdup("");
	sc->len = k.len;
	sc->full_len = e->size;
	sc->truncated = rc != 0 || (e->size != UINT64_MAX && k.len < e->size);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The core entry: "<name>.core" in core-dump-handler bundles. */
static const struct mt_zip_entry *core_entry(const struct mt_zip *z)
{
	for (size_t i = 0; i < z->n; i++)
		if (ends_with(z->ents[i].name, ".core"))
			return &z->ents[i];
	for (size_t i = 0; i < z->n; i++) {
		const char *base = strrchr(z->ents[i].name, '/');
		base = base ? base + 1 : z->ents[i].name;
		if (strncmp(base, "core", 4) == 0 && !ends_with(base, ".json") &&
		    !ends_with(base, ".log"))
			return &z->ents[i];
	}
	return NULL;
}

static int core_from_zip(struct mt_coredump *c, const unsigned char *zp, uint64_t zlen,
			 const struct mt_zip *z, const struct mt_open_opts *o, struct mt_error *err)
{
	const struct mt_zip_entry *e = core_entry(z);
	struct mt_error cut = { 0 };
	uint64_t data, avail;
	struct spool s;

	if (!e) {
		mt_error_set(err, "the zip holds no core (%zu entries, none named *.core)",
			     z->n);
		return -1;
	}
	c->entry = xstrdup(e->name);
	if (e->method == 0) {
		if (mt_zip_locate(zp, zlen, e, &data, &avail, err) < 0)
			return -1;
		if (avail < e->comp_size && e->comp_size != UINT64_MAX)
			mt_coredump_warn(c, "zip entry '%s' is cut short: %llu of %llu bytes present",
				     e->name, (unsigned long long)avail,
				     (unsigned long long)e->comp_size);
		c->data = zp + data;
		c->size = avail;
		return avail ? 0 : (mt_error_set(err, "the core entry is empty"), -1);
	}
	if (spool_open(&s, o, err) < 0)
		return -1;
	s.total = e->size == UINT64_MAX ? 0 : e->size;
	if (mt_zip_extract(zp, zlen, e, SPOOL_MAX, spool_write, &s, &cut) < 0) {
		close(s.fd);
		mt_error_set(err, "%s", cut.msg);
		return -1;
	}
	if (cut.set)
		mt_coredump_warn(c, "%s", cut.msg);
	/* The zip's mapping gives way to the inflated core's. */
	munmap(c->map, c->map_len);
	c->map = NULL;
	return finish_spool(c, &s, err);
}

static int open_zip(struct mt_coredump *c, const struct mt_open_opts *o, struct mt_error *err)
{
	const unsigned char *zp = c->data;
	uint64_t zlen = c->size;
	struct mt_error zerr = { 0 };
	struct mt_zip z;

	c->container = xstrdup("zip");
	if (mt_zip_list(zp, zlen, &z, &zerr) < 0) {
		mt_error_set(err, "%s", zerr.msg);
		return -1;
	}
	if (z.from_local)
		mt_coredump_warn(c, "the zip has no central directory (cut short?): entries "
			     "read from their local headers");
	const struct mt_zip_entry *core = core_entry(&z);
	for (size_t i = 0; i < z.n; i++)
		if (&z.ents[i] != core && !ends_with(z.ents[i].name, "/"))
			add_sidecar(c, zp, zlen, &z.ents[i]);
	int rc = core_from_zip(c, zp, zlen, &z, o, err);
	mt_zip_free(&z);
	return rc;
}

int mt_coredump_map_file(struct mt_coredump *c, const char *path, const struct mt_open_opts *o,
		     struct mt_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0) {
		mt_error_set(err, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		mt_error_set(err, "not a regular file");
		close(fd);
		return -1;
	}
	rc = map_fd(c, fd, (uint64_t)st.st_size, err);
	close(fd);
	if (rc < 0)
		return -1;
	if (c->size >= 2 && c->data[0] == 0x1f && c->data[1] == 0x8b) {
		munmap(c->map, c->map_len);
		c->map = NULL;
		c->data = NULL;
		close(c->file_fd);
		c->file_open = 0;
		return inflate_gzip(c, path, o, err);
	}
	if (c->size >= 4 && memcmp(c->data, "PK\003\004", 4) == 0)
		return open_zip(c, o, err);
	return 0;
}
