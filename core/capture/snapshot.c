/* core/capture/snapshot.c: HeapProfiler.takeHeapSnapshot, its chunks
 * streamed into a gzip file as they come; the file gets its name only
 * once whole. */
#include "core/capture/internal.h"
#include "core/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define SNAPSHOT_IDLE_MS (10 * 60 * 1000)

struct sink {
	struct cap_session *s;
	gzFile gz;                /* owned: the .part file */
	int index;
	long long bytes;          /* of JSON written */
	int failed;
};

static void on_event(void *ctx, const char *method, const cJSON *params)
{
	struct sink *k = ctx;
	const cJSON *v;

	if (strcmp(method, "HeapProfiler.addHeapSnapshotChunk") == 0) {
		v = cJSON_GetObjectItemCaseSensitive(params, "chunk");
		if (!cJSON_IsString(v) || k->failed || cap_stopped(k->s))
			return;
		size_t n = strlen(v->valuestring);
		if (n && gzwrite(k->gz, v->valuestring, (unsigned)n) != (int)n)
			k->failed = 1;
		k->bytes += (long long)n;
		cap_progress(k->s, 1, "snapshot %d: %.1f MB written", k->index, k->bytes / 1e6);
	} else if (strcmp(method, "HeapProfiler.reportHeapSnapshotProgress") == 0) {
		const cJSON *done = cJSON_GetObjectItemCaseSensitive(params, "done");
		const cJSON *total = cJSON_GetObjectItemCaseSensitive(params, "total");
		if (cJSON_IsNumber(done) && cJSON_IsNumber(total) && total->valuedouble > 0)
			cap_progress(k->s, 1, "snapshot %d: building %3.0f%%", k->index,
				     100.0 * done->valuedouble / total->valuedouble);
	}
}

static int finish(struct sink *k, const char *part, const char *path, int rc,
		  struct mt_error *err)
{
	int zrc = gzclose(k->gz);

	if (rc == 0 && (k->failed || zrc != Z_OK)) {
		mt_error_set(err, "%s: could not be written", part);
		rc = -1;
	}
	if (rc == 0 && k->bytes == 0) {
		mt_error_set(err, "snapshot %d: the inspector sent no data", k->index);
		rc = -1;
	}
	if (rc == 0 && rename(part, path) < 0) {
		mt_error_set(err, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc < 0)
		unlink(part);
	return rc;
}

int cap_take_snapshot(struct cap_session *s, int index, const char *path, struct mt_error *err)
{
	struct strbuf part = STRBUF_INIT;
	struct sink k = { .s = s, .index = index };
	int rc;

	strbuf_printf(&part, "%s.part", path);
	if (!(k.gz = gzopen(part.buf, "wbx3"))) {
		mt_error_set(err, "%s: %s", part.buf, strerror(errno));
		strbuf_free(&part);
		return -1;
	}
	s->cdp.on_event = on_event;
	s->cdp.ctx = &k;
	cJSON *params = cJSON_CreateObject();
	cJSON_AddBoolToObject(params, "reportProgress", 1);
	rc = cap_cdp_call(&s->cdp, "HeapProfiler.takeHeapSnapshot", params, SNAPSHOT_IDLE_MS,
			  NULL, err);
	s->cdp.on_event = NULL;
	s->cdp.ctx = NULL;
	if (rc == 0 && cap_stopped(s)) {
		mt_error_set(err, "interrupted during snapshot %d", index);
		rc = -1;
	}
	rc = finish(&k, part.buf, path, rc, err);
	if (rc == 0)
		cap_progress(s, 0, "snapshot %d: %s (%.1f MB of JSON)", index, path, k.bytes / 1e6);
	strbuf_free(&part);
	return rc;
}
