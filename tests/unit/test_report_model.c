/* tests/unit/test_report_model.c: the report model on every fixture layout,
 * the typed getters, frame parsing, and the load errors. */
#include "check.h"
#include "report_fixture.h"
#include "core/report/jget.h"

static void test_leak(void)
{
	struct mt_report *r = load_fixture("leak.json.gz", 1);
	long long port = manifest("leak.port"), sockets = manifest("leak.sockets");
	char want[64];

	CHECK_INT(r->version, 4);
	CHECK_STR(r->trigger, "API");
	CHECK(r->node_version && strncmp(r->node_version, "v20.", 4) == 0);
	CHECK(r->pid > 0);
	CHECK_INT(r->tid, 0);
	CHECK(r->timestamp_ms > 1500000000000LL);
	CHECK(r->nhandles >= (size_t)sockets);
	/* the biggest group is the leak: every socket to the server's port */
	snprintf(want, sizeof want, "tcp out 127.0.0.1:%lld", port);
	CHECK_STR(r->groups[0].key, want);
	CHECK_INT(r->groups[0].count, sockets);
	CHECK_INT(r->groups[0].active, sockets);
	CHECK_INT(r->groups[0].dir, MT_DIR_OUTBOUND);
	const struct mt_handle *h = &r->handles[r->groups[0].members[0]];
	CHECK_INT(h->remote.port, port);
	CHECK_STR(h->remote.ip, "127.0.0.1");
	CHECK(h->fd >= 0);
	for (size_t i = 0; i < r->nlimits; i++)
		if (strcmp(r->limits[i].name, "open_files") == 0) {
			int64_t soft = 0;
			CHECK_INT(jval_i64(r->limits[i].soft, &soft), 1);
			CHECK_INT(soft, manifest("leak.nofile"));
		}
	CHECK(r->nspaces >= 5);
	CHECK(r->nlibs > 0);
	CHECK(r->has_env);
	CHECK(r->argc >= 2 && strcmp(r->argv[1], "leak-client.js") == 0);
	mt_report_free(&r);
	CHECK(r == NULL);
}

/* The same report with every number written as a string reads the same. */
static void test_strings(void)
{
	struct mt_report *a = load_fixture("leak.json.gz", 1);
	struct mt_report *b = load_fixture("strings.json.gz", 1);
	uint64_t ua = 0, ub = 1;

	CHECK_INT(b->version, a->version);
	CHECK_INT(b->pid, a->pid);
	CHECK_INT(b->timestamp_ms, a->timestamp_ms);
	CHECK_INT(b->nhandles, a->nhandles);
	CHECK_INT(b->ngroups, a->ngroups);
	CHECK_STR(b->groups[0].key, a->groups[0].key);
	CHECK_INT(b->groups[0].count, a->groups[0].count);
	CHECK_INT(b->groups[0].active, a->groups[0].active);
	jget_u64(a->heap, "usedMemory", &ua);
	jget_u64(b->heap, "usedMemory", &ub);
	CHECK_INT(ub, ua);
	CHECK_INT(b->nspaces, a->nspaces);
	for (size_t i = 0; i < a->nspaces && i < b->nspaces; i++)
		CHECK_INT(b->spaces[i].used, a->spaces[i].used);
	CHECK_INT(b->nfindings, a->nfindings);
	mt_report_free(&a);
	mt_report_free(&b);
}

static void test_layouts(void)
{
	struct mt_report *r = load_fixture("preversion.json.gz", 1);
	CHECK_INT(r->version, 0);
	CHECK_STR(r->trigger, "OnUncaughtException");
	CHECK_INT(r->nworkers, 0);
	mt_report_free(&r);

	r = load_fixture("v1.json.gz", 1);
	CHECK_INT(r->version, 1);
	int kbytes = 0;
	for (size_t i = 0; i < r->nlimits; i++)
		kbytes += strcmp(r->limits[i].name, "virtual_memory_kbytes") == 0;
	CHECK_INT(kbytes, 1);
	mt_report_free(&r);

	r = load_fixture("v2.json.gz", 1);
	CHECK_INT(r->version, 2);
	CHECK(jget(jget(r->json, "resourceUsage"), "rss") == NULL);
	CHECK(jget(jget(r->json, "resourceUsage"), "maxRss") != NULL);
	CHECK(cJSON_IsArray(jget(r->json, "workers")));
	mt_report_free(&r);

	r = load_fixture("darwin.json.gz", 1);
	CHECK_STR(r->platform, "darwin");
	CHECK_STR(r->arch, "arm64");
	CHECK(r->nlibs > 0 && strstr(r->libs[r->nlibs - 1], ".dylib") != NULL);
	mt_report_free(&r);

	r = load_fixture("win32.json.gz", 1);
	CHECK_STR(r->platform, "win32");
	CHECK_INT(r->nlimits, 0);
	CHECK(r->nlibs > 0 && strstr(r->libs[0], ".exe") != NULL);
	mt_report_free(&r);

	r = load_fixture("v5-exclude-env.json.gz", 1);
	CHECK_INT(r->version, 5);
	CHECK_INT(r->has_env, 0);
	CHECK_INT(r->nenv, 0);
	CHECK(r->node_version && strcmp(r->node_version, "v23.") > 0);
	CHECK(r->ngroups > 0);
	int with_ip = 0;
	for (size_t i = 0; i < r->nhandles; i++)
		with_ip += r->handles[i].local.ip != NULL;
	CHECK(with_ip > 0);
	mt_report_free(&r);

	r = load_fixture("refused-compact.json.gz", 1);
	const char *code = NULL;
	CHECK_INT(jget_str(r->error_props, "code", &code), 1);
	CHECK_STR(code, "ECONNREFUSED");
	CHECK_INT(r->njs_frames, 0);
	mt_report_free(&r);
}

static void test_workers(void)
{
	struct mt_report *r = load_fixture("workers.json.gz", 1);

	CHECK_INT(r->nworkers, 2);
	for (size_t i = 0; i < r->nworkers; i++) {
		const struct mt_report *w = r->workers[i];
		CHECK(w->tid > 0);
		CHECK(w->event && strncmp(w->event, "Worker thread subreport", 23) == 0);
		CHECK_INT(w->pid, r->pid);
		CHECK(w->heap != NULL);
		CHECK(w->nhandles > 0);
	}
	/* one worker listens on TCP */
	int listening = 0;
	for (size_t i = 0; i < r->nworkers; i++)
		for (size_t g = 0; g < r->workers[i]->ngroups; g++)
			listening += r->workers[i]->groups[g].dir == MT_DIR_LISTEN;
	CHECK_INT(listening, 1);
	mt_report_free(&r);
}

static void test_uncaught_frames(void)
{
	struct mt_report *r = load_fixture("uncaught.json.gz", 1);

	CHECK_STR(r->trigger, "Exception");
	CHECK(r->js_message && strncmp(r->js_message, "TypeError:", 10) == 0);
	CHECK(r->njs_frames >= 2);
	CHECK_STR(r->js_frames[0].function, "userOf");
	CHECK(strstr(r->js_frames[0].file, "uncaught.js") != NULL);
	/* the line is the one of uncaught.js that reads the missing header */
	FILE *f = fopen(fixture("uncaught.js"), "r");
	char line[256];
	int n = 0, want = -1;
	while (f && fgets(line, sizeof line, f))
		if (++n && strstr(line, "toLowerCase()") && want < 0)
			want = n;
	if (f)
		fclose(f);
	CHECK_INT(r->js_frames[0].line, want);
	CHECK(r->js_frames[0].column > 0);
	CHECK_STR(r->js_frames[1].function, "Server.handleOrder");
	mt_report_free(&r);
}

static void test_frame_parse(void)
{
	struct mt_js_frame f;

	mt_js_frame_parse("at async run (file:///app/x.mjs:3:9)", &f);
	CHECK_STR(f.function, "async run");
	CHECK_STR(f.file, "file:///app/x.mjs");
	CHECK_INT(f.line, 3);
	CHECK_INT(f.column, 9);
	free(f.function), free(f.file);
	mt_js_frame_parse("at /app/main.js:10:2", &f);
	CHECK_STR(f.function, "<anonymous>");
	CHECK_STR(f.file, "/app/main.js");
	CHECK_INT(f.line, 10);
	free(f.function), free(f.file);
	mt_js_frame_parse("at new Foo (<anonymous>)", &f);
	CHECK_STR(f.function, "new Foo");
	CHECK_STR(f.file, "<anonymous>");
	CHECK_INT(f.line, -1);
	free(f.function), free(f.file);
	mt_js_frame_parse("at eval (eval at <anonymous> (/a.js:1:1), <anonymous>:2:3)", &f);
	CHECK_STR(f.function, "eval");
	CHECK_INT(f.line, 2);
	CHECK_INT(f.column, 3);
	free(f.function), free(f.file);
}

static void test_getters(void)
{
	cJSON *j = cJSON_Parse("{\"a\":\"18446744073709551615\",\"b\":12.5,\"c\":\"x\","
			       "\"d\":\"true\",\"e\":null,\"f\":-3,\"g\":[1]}");
	uint64_t u;
	int64_t i;
	double d;
	int b;

	CHECK_INT(jget_u64(j, "a", &u), 1);
	CHECK(u == UINT64_MAX);
	CHECK_INT(jget_double(j, "b", &d), 1);
	CHECK(d == 12.5);
	CHECK_INT(jget_i64(j, "c", &i), -1);
	CHECK_INT(jget_bool(j, "d", &b), 1);
	CHECK_INT(b, 1);
	CHECK_INT(jget_i64(j, "e", &i), 0);
	CHECK_INT(jget_i64(j, "missing", &i), 0);
	CHECK_INT(jget_u64(j, "f", &u), -1);
	CHECK_INT(jget_i64(j, "f", &i), 1);
	CHECK_INT(i, -3);
	CHECK_INT(jget_i64(j, "g", &i), -1);
	cJSON_Delete(j);
}

static void expect_error(const char *json, const char *want)
{
	struct mt_error err = { 0 };
	struct mt_report *r = mt_report_parse("t.json", json, strlen(json), 1, &err);

	CHECK(r == NULL);
	CHECK(err.set);
	if (!strstr(err.msg, want))
		fprintf(stderr, "error '%s' lacks '%s'\n", err.msg, want);
	CHECK(strstr(err.msg, want) != NULL);
	CHECK(strchr(err.msg, '\n') == NULL);
	mt_report_free(&r);
}

/* A real report cut anywhere gives the truncation error at its end. */
static void cut_everywhere(const char *name, size_t step)
{
	struct mt_error err = { 0 };
	char *buf;
	size_t len, bad = 0;

	CHECK_INT(mt_read_all(fixture(name), 1 << 26, &buf, &len, &err), 0);
	for (size_t cut = 1; cut + 1 < len; cut += step) {
		struct mt_error e = { 0 };
		char want[64];
		struct mt_report *r = mt_report_parse("cut", buf, cut, 1, &e);
		snprintf(want, sizeof want, "cut: byte %zu: the JSON ends early", cut);
		if ((r || strncmp(e.msg, want, strlen(want)) != 0) && bad++ < 5)
			fprintf(stderr, "%s cut at %zu: %s\n", name, cut, e.msg);
		mt_report_free(&r);
	}
	CHECK_INT(bad, 0);
	free(buf);
}

static void test_errors(void)
{
	expect_error("{\"header\":{\"reportVersion\":2", "t.json: byte 28: the JSON ends early");
	expect_error("{\"header\":{\"event\":\"x", "t.json: byte 21: the JSON ends early");
	expect_error("{\"header\":{},,}", "t.json: byte 14: invalid JSON");  /* where cJSON stopped */
	expect_error("[1,2]", "t.json: byte 0: a report is a JSON object");
	expect_error("{\"nodejsVersion\":1}", "t.json: field header: missing");
	expect_error("{\"header\":[]}", "t.json: field header: not an object");
	expect_error("{\"header\":{},\"workers\":[1]}", "t.json: field workers[0]: not an object");
	expect_error("{\"header\":{},\"workers\":[{\"x\":1}]}", "t.json: workers[0]: field header: missing");
	expect_error("{\"header\":{}} x", "t.json: byte 14: data after the end");

	struct mt_error err = { 0 };
	cut_everywhere("uncaught.json.gz", 3);
	cut_everywhere("refused-compact.json.gz", 5);


	/* unknown fields anywhere are kept, never fatal */
	const char *odd = "{\"header\":{\"reportVersion\":9,\"shinyNew\":1},\"extra\":[1],"
			  "\"libuv\":[{\"type\":\"quantum\",\"spin\":1},{\"type\":\"loop\"}]}";
	struct mt_report *r = mt_report_parse("odd", odd, strlen(odd), 1, &err);
	CHECK(r != NULL);
	if (r) {
		CHECK_INT(r->version, 9);
		CHECK_INT(r->nhandles, 1);
		CHECK_STR(r->handles[0].type, "quantum");
		CHECK(r->loop != NULL);
		CHECK(jget(r->json, "extra") != NULL);
	}
	mt_report_free(&r);
}

/* Real reports of old nodes: 11.8 (the first layout), 12.0, 14. */
static void test_old_nodes(void)
{
	struct mt_report *r = load_fixture("node11-legacy.json.gz", 1);
	long long n = manifest("node11.connections");

	CHECK_INT(r->version, 0);
	CHECK_STR(r->trigger, "TriggerReport");           /* from `location` */
	CHECK(r->node_version && strncmp(r->node_version, "v11.8", 5) == 0);
	CHECK(r->pid > 0);                                /* a string there */
	CHECK(r->nnative > 0 && r->native[0].pc[0] == '0' && r->native[0].pc[1] == 'x');
	CHECK(strstr(r->native[0].symbol, "TriggerNodeReport") != NULL);
	/* handles from their `details` text, grouped like the structured ones */
	size_t in = 0, out = 0, listen = 0, with_fd = 0;
	for (size_t g = 0; g < r->ngroups; g++) {
		in += r->groups[g].dir == MT_DIR_INBOUND ? r->groups[g].count : 0;
		out += r->groups[g].dir == MT_DIR_OUTBOUND ? r->groups[g].count : 0;
		listen += r->groups[g].dir == MT_DIR_LISTEN;
	}
	for (size_t i = 0; i < r->nhandles; i++)
		with_fd += r->handles[i].fd >= 0;
	CHECK_INT(in, n);
	CHECK_INT(out, n);
	CHECK_INT(listen, 1);
	CHECK_INT(with_fd, 2 * n + 1);
	int timers = 0;
	for (size_t i = 0; i < r->nhandles; i++)
		timers += r->handles[i].has_timer;
	CHECK(timers > 0);
	uint64_t used = 0;
	CHECK_INT(jget_u64(r->heap, "usedMemory", &used), 1);
	CHECK(used > 0);
	CHECK(find_env(r, "SESSION_SECRET") && find_env(r, "SESSION_SECRET")->shown);
	mt_report_free(&r);

	r = load_fixture("node12-versionless.json.gz", 1);
	CHECK_INT(r->version, 0);
	CHECK_STR(r->trigger, "API");
	CHECK(strncmp(r->js_message, "Error: connect ECONNREFUSED", 27) == 0);
	CHECK(r->error_props == NULL);                    /* not written yet in 12.0 */
	mt_report_free(&r);

	r = load_fixture("node14-workers.json.gz", 1);
	CHECK_INT(r->version, 2);
	CHECK_INT(r->nworkers, 2);
	CHECK(r->nworkers == 2 && r->workers[0]->tid > 0);
	mt_report_free(&r);
}

int main(void)
{
	test_leak();
	test_strings();
	test_layouts();
	test_workers();
	test_old_nodes();
	test_uncaught_frames();
	test_frame_parse();
	test_getters();
	test_errors();
	CHECK_DONE();
}
