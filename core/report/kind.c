/* core/report/kind.c: the report loader as seen by core/artifact.c. */
#include "core/artifact.h"
#include "core/report/report.h"
#include "core/input.h"

#include <stdlib.h>
#include <string.h>

#define REPORT_MAX_BYTES ((size_t)1 << 30)

/* The input layer names the file it read: for stdin that is the spool
 * file, so leave the naming to core/artifact.c. */
static void drop_path(struct mt_error *err, const char *path)
{
	size_t n = strlen(path);

	if (err && err->set && strncmp(err->msg, path, n) == 0 && strncmp(err->msg + n, ": ", 2) == 0)
		memmove(err->msg, err->msg + n + 2, strlen(err->msg + n + 2) + 1);
}

/* Errors without the path: core/artifact.c names the file as the user did
 * ("-" for stdin, not the spool file). */
static void *report_load(const char *path, const struct mt_open_opts *o, struct mt_error *err)
{
	char *buf;
	size_t len;

	if (mt_read_all(path, REPORT_MAX_BYTES, &buf, &len, err) < 0) {
		drop_path(err, path);
		return NULL;
	}
	struct mt_report_opts ro = { .redact = 1 };
	if (o) {
		ro.redact = o->redact;
		ro.redact_keys = o->redact_key;
		ro.redact_values = o->redact_value;
		ro.thresholds = o->thresholds;
	}
	struct mt_report *r = mt_report_parse_opts(NULL, buf, len, &ro, err);
	free(buf);
	return r;
}

static void report_free(void *model)
{
	struct mt_report *r = model;

	mt_report_free(&r);
}

static enum mt_severity report_max_severity(const void *model)
{
	return mt_report_max_severity(model);
}

const struct mt_kind_ops mt_report_kind = {
	.name = "report",
	.load = report_load,
	.free = report_free,
	.max_severity = report_max_severity,
};
