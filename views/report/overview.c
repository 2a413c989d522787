/* views/report/overview.c: what happened, to which process, where; then
 * the findings, worst first; then any fields mortem does not know. */
#include "views/report/common.h"
#include "views/report/rows.h"
#include "core/report/jget.h"
#include "core/xalloc.h"

#include <string.h>

static const char *const known_header[] = {
	"reportVersion", "event", "trigger", "location", "filename", "dumpEventTime",
	"dumpEventTimeStamp", "processId", "threadId", "cwd", "commandLine",
	"nodejsVersion", "glibcVersionRuntime", "glibcVersionCompiler", "wordSize", "arch",
	"platform", "componentVersions", "release", "osName", "osRelease", "osVersion",
	"osMachine", "cpus", "networkInterfaces", "host", NULL
};

static const char *const known_sections[] = {
	"header", "javascriptStack", "javascriptHeap", "nativeStack", "resourceUsage",
	"uvthreadResourceUsage", "libuv", "workers", "environmentVariables", "userLimits",
	"sharedObjects", NULL
};

static int is_known(const char *const *list, const char *key)
{
	for (; *list; list++)
		if (strcmp(*list, key) == 0)
			return 1;
	return 0;
}

/* A short text for any value: scalars as they are, containers by size. */
static const char *value_text(const cJSON *v, char *buf, size_t size)
{
	if (jval_text(v, buf, size))
		return buf;
	snprintf(buf, size, cJSON_IsArray(v) ? "[%d items]" : "{%d fields}",
		 cJSON_GetArraySize(v));
	return buf;
}

static char *command_line(const struct mt_report *r)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < r->argc; i++) {
		if (i)
			strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, r->argv[i]);
	}
	return strbuf_detach(&sb);
}

static void add_time(struct rv_rows *l, const struct mt_report *r)
{
	char t[64];

	if (r->timestamp_ms >= 0)
		rv_rows_addf(l, "Time", "%s", rv_time_utc(r->timestamp_ms, t, sizeof t));
	else if (r->dump_time)
		rv_rows_addf(l, "Time", "%s (local time of the host)", r->dump_time);
}

static void add_memory(struct rv_rows *l, const struct mt_report *r)
{
	const cJSON *ru = jget(r->json, "resourceUsage");
	uint64_t total, free_mem, rss, used, limit;
	char a[32], b[32];

	if (jget_u64(ru, "total_memory", &total) == 1 && jget_u64(ru, "free_memory", &free_mem) == 1)
		rv_rows_addf(l, "Memory", "%s total, %s free", fmt_bytes(total, a, sizeof a),
			     fmt_bytes(free_mem, b, sizeof b));
	if (jget_u64(ru, "rss", &rss) == 1 || jget_u64(ru, "maxRss", &rss) == 1)
		rv_rows_addf(l, "RSS", "%s", fmt_bytes(rss, a, sizeof a));
	if (jget_u64(r->heap, "usedMemory", &used) == 1 &&
	    jget_u64(r->heap, "memoryLimit", &limit) == 1 && limit)
		rv_rows_addf(l, "JS heap", "%s used of %s (%.0f%%)", fmt_bytes(used, a, sizeof a),
			     fmt_bytes(limit, b, sizeof b), 100.0 * (double)used / (double)limit);
}

static void add_process(struct rv_rows *l, const struct mt_report *r)
{
	char *cmd = command_line(r);

	rv_rows_addf(l, "Event", "%s", r->event ? r->event : "");
	rv_rows_addf(l, "Trigger", "%s", r->trigger ? r->trigger : "");
	add_time(l, r);
	if (r->pid >= 0)
		rv_rows_addf(l, "PID", "%lld", (long long)r->pid);
	if (r->tid >= 0)
		rv_rows_addf(l, "Thread", "%lld", (long long)r->tid);
	rv_rows_addf(l, "Node.js", "%s", r->node_version ? r->node_version : "?");
	if (r->version)
		rv_rows_addf(l, "Report version", "%d", r->version);
	else
		rv_rows_addf(l, "Report version", "none (node 11/12 layout)");
	rv_rows_addf(l, "Command line", "%s", cmd);
	free(cmd);
	rv_rows_addf(l, "Directory", "%s", r->cwd ? r->cwd : "");
	rv_rows_addf(l, "Host", "%s", r->host ? r->host : "");
	if (r->os_name || r->platform)
		rv_rows_addf(l, "OS", "%s %s %s (%s)", r->os_name ? r->os_name : r->platform,
			     r->os_release ? r->os_release : "", r->os_machine ? r->os_machine : "",
			     r->platform ? r->platform : "?");
	else if (r->os_version)         /* node 11.8 wrote only osVersion */
		rv_rows_addf(l, "OS", "%s", r->os_version);
	if (r->ncpus)
		rv_rows_addf(l, "CPUs", "%zu", r->ncpus);
	add_memory(l, r);
	if (r->njs_frames) {
		const struct mt_js_frame *f = &r->js_frames[0];
		rv_rows_addf(l, "Top JS frame", "%s (%s:%lld:%lld)", f->function, f->file,
			     (long long)f->line, (long long)f->column);
	}
	if (r->nworkers)
		rv_rows_addf(l, "Workers", "%zu", r->nworkers);
}

static void add_findings(struct rv_rows *l, const struct mt_report *r)
{
	rv_rows_add(l, VS_HEADER, "Findings", r->nfindings ? NULL : "none", NULL, NULL);
	for (size_t i = 0; i < r->nfindings; i++)
		rv_rows_add(l, rv_severity_style(r->findings[i].severity),
			    mt_severity_name(r->findings[i].severity), r->findings[i].message,
			    NULL, NULL);
}

static void add_unknown(struct rv_rows *l, const struct mt_report *r)
{
	const cJSON *item;
	char buf[256];
	int titled = 0;

	cJSON_ArrayForEach(item, r->header) {
		if (!item->string || is_known(known_header, item->string))
			continue;
		if (!titled++)
			rv_rows_add(l, VS_HEADER, "Other fields", NULL, NULL, NULL);
		char key[300];
		snprintf(key, sizeof key, "header.%s", item->string);
		rv_rows_add(l, VS_DIM, key, value_text(item, buf, sizeof buf), NULL, NULL);
	}
	cJSON_ArrayForEach(item, r->json) {
		if (!item->string || is_known(known_sections, item->string))
			continue;
		if (!titled++)
			rv_rows_add(l, VS_HEADER, "Other fields", NULL, NULL, NULL);
		rv_rows_add(l, VS_DIM, item->string, value_text(item, buf, sizeof buf), NULL, NULL);
	}
}

static int overview_open(struct view *v, struct mt_error *err)
{
	const struct mt_report *r = rv_report(v);
	struct rv_rows *l = xcalloc(1, sizeof *l);

	add_process(l, r);
	add_findings(l, r);
	add_unknown(l, r);
	v->priv = l;
	return 0;
}

static cJSON *unknown_json(const struct mt_report *r)
{
	cJSON *arr = cJSON_CreateArray();
	const cJSON *item;
	char key[300];

	cJSON_ArrayForEach(item, r->header)
		if (item->string && !is_known(known_header, item->string)) {
			snprintf(key, sizeof key, "header.%s", item->string);
			cJSON_AddItemToArray(arr, cJSON_CreateString(key));
		}
	cJSON_ArrayForEach(item, r->json)
		if (item->string && !is_known(known_sections, item->string))
			cJSON_AddItemToArray(arr, cJSON_CreateString(item->string));
	return arr;
}

static cJSON *overview_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *argv = cJSON_CreateArray(), *os = cJSON_CreateObject();
	char t[64];

	rv_add_str(o, "node_version", r->node_version);
	rv_add_int(o, "report_version", r->version, r->version > 0);
	rv_add_str(o, "trigger", r->trigger);
	rv_add_str(o, "event", r->event);
	rv_add_str(o, "time", r->timestamp_ms >= 0 ? rv_time_utc(r->timestamp_ms, t, sizeof t) : NULL);
	rv_add_int(o, "timestamp_ms", r->timestamp_ms, r->timestamp_ms >= 0);
	rv_add_str(o, "dump_event_time_local", r->dump_time);
	rv_add_int(o, "pid", r->pid, r->pid >= 0);
	rv_add_int(o, "thread_id", r->tid, r->tid >= 0);
	rv_add_str(o, "platform", r->platform);
	rv_add_str(o, "arch", r->arch);
	rv_add_str(o, "host", r->host);
	rv_add_str(o, "cwd", r->cwd);
	for (size_t i = 0; i < r->argc; i++)
		cJSON_AddItemToArray(argv, cJSON_CreateString(r->argv[i]));
	cJSON_AddItemToObject(o, "command_line", argv);
	rv_add_str(os, "name", r->os_name);
	rv_add_str(os, "release", r->os_release);
	rv_add_str(os, "version", r->os_version);
	rv_add_str(os, "machine", r->os_machine);
	cJSON_AddItemToObject(o, "os", os);
	cJSON_AddNumberToObject(o, "cpus", (double)r->ncpus);
	cJSON_AddNumberToObject(o, "workers", (double)r->nworkers);
	cJSON_AddStringToObject(o, "max_severity", mt_severity_name(mt_report_max_severity(r)));
	cJSON_AddItemToObject(o, "findings", rv_findings_json(r));
	cJSON_AddItemToObject(o, "unknown_fields", unknown_json(r));
	return o;
}

static const struct view_col overview_cols[] = {
	{ "field", 14, 0 },
	{ "value", 0, 0 },
};

const struct view_ops view_report_overview_ops = {
	.name = "overview",
	.title = "Overview",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(overview_cols),
	.open = overview_open,
	.close = rv_rows_close,
	.count = rv_rows_count,
	.row = rv_rows_row,
	.json = overview_json,
};
