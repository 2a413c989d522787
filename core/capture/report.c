/* core/capture/report.c: a diagnostic report through Runtime.evaluate of
 * process.report.getReport(), without its network section (a report
 * resolves the peer name of every socket, which blocks a busy process for
 * seconds): process.report.excludeNetwork is set for the call and put back. */
#include "core/capture/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define REPORT_IDLE_MS (2 * 60 * 1000)

static const char report_js[] =
	"(() => { const r = process.report, old = r.excludeNetwork;"
	" r.excludeNetwork = true;"
	" try { return JSON.stringify(r.getReport(), null, 2); }"
	" finally { r.excludeNetwork = old; } })()";

/* The string value of an evaluation's result, or NULL with err set. */
static const char *string_result(const cJSON *result, struct mt_error *err)
{
	const cJSON *ex = cJSON_GetObjectItemCaseSensitive(result, "exceptionDetails");
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(result, "result");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "value");

	if (ex) {
		const cJSON *text = cJSON_GetObjectItemCaseSensitive(ex, "text");
		mt_error_set(err, "process.report.getReport() threw: %s",
			     cJSON_IsString(text) ? text->valuestring : "an exception");
		return NULL;
	}
	if (!cJSON_IsString(v)) {
		mt_error_set(err, "process.report.getReport() gave no report");
		return NULL;
	}
	return v->valuestring;
}

static int write_file(const char *path, const char *text, struct mt_error *err)
{
	char part[4096];
	size_t len = strlen(text);

	snprintf(part, sizeof part, "%s.part", path);
	int fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		mt_error_set(err, "%s: %s", part, strerror(errno));
		return -1;
	}
	for (size_t off = 0; off < len; ) {
		ssize_t k = write(fd, text + off, len - off);
		if (k <= 0) {
			mt_error_set(err, "%s: %s", part, k < 0 ? strerror(errno) : "short write");
			close(fd);
			unlink(part);
			return -1;
		}
		off += (size_t)k;
	}
	if (close(fd) < 0 || rename(part, path) < 0) {
		mt_error_set(err, "%s: %s", path, strerror(errno));
		unlink(part);
		return -1;
	}
	return 0;
}

int cap_take_report(struct cap_session *s, const char *path, struct mt_error *err)
{
	cJSON *params = cJSON_CreateObject(), *result = NULL;
	int rc = -1;

	cap_progress(s, 1, "report: asking node");
	cJSON_AddStringToObject(params, "expression", report_js);
	cJSON_AddBoolToObject(params, "returnByValue", 1);
	if (cap_cdp_call(&s->cdp, "Runtime.evaluate", params, REPORT_IDLE_MS, &result, err) == 0) {
		const char *text = string_result(result, err);
		if (text && write_file(path, text, err) == 0) {
			cap_progress(s, 0, "report: %s", path);
			rc = 0;
		}
	}
	cJSON_Delete(result);
	return rc;
}
