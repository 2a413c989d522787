/* core/artifact.c: sniff an input, then hand it to its kind's loader. */
#include "core/artifact.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SNIFF_BYTES 4096

const char *mt_severity_name(enum mt_severity sev)
{
	static const char *const names[] = { "none", "info", "warning", "critical" };
	return sev <= MT_SEV_CRITICAL ? names[sev] : "none";
}

int mt_severity_parse(const char *name)
{
	for (int s = MT_SEV_INFO; s <= MT_SEV_CRITICAL; s++)
		if (strcmp(name, mt_severity_name(s)) == 0)
			return s;
	return -1;
}

/* Copy stdin to a temp file so loaders can read (and re-read) a path.  The
 * file is unlinked as soon as it is made, so that no exit, however sudden (q
 * while it is still being copied, a signal), leaves it behind; loaders reach
 * it through /proc/self/fd.  Returns the open descriptor, or -1. */
static int spool_stdin(struct mt_error *err)
{
	const char *dir = getenv("TMPDIR");
	char *tmpl = xmalloc(strlen(dir ? dir : "/tmp") + 32);
	char buf[1 << 16];
	ssize_t n;

	sprintf(tmpl, "%s/mortem-stdin-XXXXXX", dir ? dir : "/tmp");
	int fd = mkstemp(tmpl);
	if (fd >= 0)
		unlink(tmpl);
	free(tmpl);
	if (fd < 0) {
		mt_error_set(err, "-: cannot spool stdin: %s", strerror(errno));
		return -1;
	}
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && write(fd, buf, (size_t)n) != n) {
			mt_error_set(err, "-: cannot spool stdin: %s", strerror(errno));
			close(fd);
			return -1;
		}
	return fd;
}

/* A loader names the file it read; for stdin that is the spool's /proc
 * path, which means nothing to the user: drop it, leaving "-: ...". */
static void unname_spool(struct mt_error *err, const char *spool)
{
	size_t n = strlen(spool);

	if (err->set && strncmp(err->msg, spool, n) == 0 && strncmp(err->msg + n, ": ", 2) == 0)
		memmove(err->msg, err->msg + n + 2, strlen(err->msg + n + 2) + 1);
}

static enum mt_kind sniff_path(const char *path, struct mt_error *err)
{
	unsigned char head[SNIFF_BYTES];
	size_t len = 0;
	struct mt_stream *s = mt_stream_open(path, err);

	if (!s)
		return MT_KIND_UNKNOWN;
	while (len < sizeof head) {
		struct mt_error ignore = { 0 };
		ssize_t n = mt_stream_read(s, head + len, sizeof head - len, &ignore);
		if (n <= 0)
			break;  /* a cut stream still sniffs; the loader reports the cut */
		len += (size_t)n;
	}
	mt_stream_close(&s);
	return mt_sniff(head, len);
}

static const struct mt_kind_ops *ops_for(enum mt_kind kind)
{
	switch (kind) {
	case MT_KIND_REPORT: return &mt_report_kind;
	case MT_KIND_SNAPSHOT: return &mt_snapshot_kind;
	case MT_KIND_COREDUMP:
	case MT_KIND_ZIP: return &mt_coredump_kind;
	default: return NULL;
	}
}

static void not_supported(struct mt_error *err, const char *path, enum mt_kind kind)
{
	mt_error_set(err, "%s: %s: not supported (%s)", path, mt_kind_name(kind), mt_kinds_opened());
}

int mt_artifact_probe(const char *path, struct mt_error *err)
{
	enum mt_kind kind = sniff_path(path, err);

	if (err->set)
		return -1;
	if (!ops_for(kind) || !ops_for(kind)->load) {
		not_supported(err, path, kind);
		return -1;
	}
	return 0;
}

int mt_artifact_open(struct mt_artifact *a, const char *path, const struct mt_open_opts *o)
{
	const char *real = path;

	memset(a, 0, sizeof *a);
	a->path = xstrdup(path);
	if (strcmp(path, "-") == 0) {
		a->spool_fd = spool_stdin(&a->err);
		if (a->spool_fd < 0)
			return -1;
		a->spool = xmalloc(32);
		snprintf(a->spool, 32, "/proc/self/fd/%d", a->spool_fd);
		real = a->spool;
	}
	a->kind = sniff_path(real, &a->err);
	if (a->err.set)
		return -1;
	a->ops = ops_for(a->kind);
	if (!a->ops || !a->ops->load) {
		not_supported(&a->err, path, a->kind);
		return -1;
	}
	a->model = a->ops->load(real, o, &a->err);
	if (!a->model) {
		if (a->spool)
			unname_spool(&a->err, a->spool);
		if (!a->err.set)
			mt_error_set(&a->err, "%s: cannot load %s", path, mt_kind_name(a->kind));
		if (strncmp(a->err.msg, path, strlen(path)) != 0)
			mt_error_prefix(&a->err, "%s", path);
		return -1;
	}
	return 0;
}

void mt_artifact_series(struct mt_artifact *docs, int n)
{
	for (int i = 0; i < n; i++) {
		docs[i].series = n > 2 ? docs : NULL;
		docs[i].nseries = n > 2 ? n : 0;
	}
}

void mt_artifact_close(struct mt_artifact *a)
{
	if (a->views_cache && a->views_cache_free)
		a->views_cache_free(a->views_cache);
	if (a->model && a->ops && a->ops->free)
		a->ops->free(a->model);
	if (a->spool) {
		close(a->spool_fd);
		free(a->spool);
	}
	free(a->path);
	memset(a, 0, sizeof *a);
}
