/* tests/unit/test_report_rules.c: triage findings on the real reports, and
 * how the thresholds move them. */
#include "check.h"
#include "report_fixture.h"
#include "core/report/jget.h"

static void with(struct mt_report *r, const char *spec)
{
	struct mt_thresholds t;
	struct mt_error err = { 0 };

	mt_thresholds_default(&t);
	CHECK_INT(mt_thresholds_parse(&t, spec, &err), 0);
	mt_report_triage(r, &t);
}

static void check_sorted(const struct mt_report *r)
{
	for (size_t i = 1; i < r->nfindings; i++)
		CHECK(r->findings[i - 1].severity >= r->findings[i].severity);
}

static void test_leak(void)
{
	struct mt_report *r = load_fixture("leak.json.gz", 1);
	long long port = manifest("leak.port"), n = manifest("leak.sockets");
	char want[128];

	const struct mt_finding *f = find_rule(r, "connection-leak");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->severity, MT_SEV_CRITICAL);
		snprintf(want, sizeof want, "%lld tcp connections open to 127.0.0.1:%lld", n, port);
		CHECK(strstr(f->message, want) != NULL);
		CHECK(f->nrows > 0);
		snprintf(want, sizeof want, "-> 127.0.0.1:%lld", port);
		CHECK(strstr(f->rows[0], want) != NULL);
	}
	CHECK(r->nfindings > 0 && strcmp(r->findings[0].rule, "connection-leak") == 0);
	f = find_rule(r, "fd-limit");
	CHECK(f && f->severity == MT_SEV_WARNING);
	snprintf(want, sizeof want, "open_files is %lld", manifest("leak.nofile"));
	CHECK(f && strstr(f->message, want));
	CHECK_INT(mt_report_max_severity(r), MT_SEV_CRITICAL);
	CHECK(find_rule(r, "inbound-pileup") == NULL);
	CHECK(find_rule(r, "error-code") == NULL);   /* ERR_SYNTHETIC is no cause */
	check_sorted(r);

	with(r, "leak_crit=100000");
	CHECK(find_rule(r, "connection-leak") &&
	      find_rule(r, "connection-leak")->severity == MT_SEV_WARNING);
	with(r, "leak_warn=100000,leak_crit=100000,fd_warn=0.99,fd_crit=1");
	CHECK(find_rule(r, "connection-leak") == NULL);
	CHECK(find_rule(r, "fd-limit") == NULL);
	CHECK_INT(mt_report_max_severity(r), MT_SEV_INFO);
	mt_report_free(&r);
}

static void test_pileup(void)
{
	struct mt_report *r = load_fixture("pileup.json.gz", 1);
	char want[128];

	const struct mt_finding *f = find_rule(r, "inbound-pileup");
	CHECK(f && f->severity == MT_SEV_CRITICAL);
	snprintf(want, sizeof want, "%lld accepted connections held open on port %lld",
		 manifest("pileup.connections"), manifest("pileup.port"));
	CHECK(f && strstr(f->message, want));
	CHECK(find_rule(r, "connection-leak") == NULL);
	with(r, "pileup_warn=1000,pileup_crit=1000");
	CHECK(find_rule(r, "inbound-pileup") == NULL);
	mt_report_free(&r);
}

static void test_process_rules(void)
{
	struct mt_report *r = load_fixture("oom.json.gz", 1);
	CHECK(find_rule(r, "oom") && find_rule(r, "oom")->severity == MT_SEV_CRITICAL);
	CHECK_STR(r->findings[0].rule, "oom");
	CHECK(find_rule(r, "fatal-error") == NULL);
	mt_report_free(&r);

	r = load_fixture("uncaught.json.gz", 1);
	const struct mt_finding *f = find_rule(r, "uncaught-exception");
	CHECK(f && f->severity == MT_SEV_CRITICAL);
	CHECK(f && strstr(f->message, r->js_message));
	CHECK(f && f->nrows > 0 && strstr(f->rows[0], "userOf"));
	CHECK(find_rule(r, "oom") == NULL);
	mt_report_free(&r);

	r = load_fixture("preversion.json.gz", 1);  /* `location` layout */
	CHECK(find_rule(r, "uncaught-exception") != NULL);
	mt_report_free(&r);

	r = load_fixture("busy-signal.json.gz", 1);
	CHECK_STR(r->trigger, "Signal");
	f = find_rule(r, "cpu-bound");
	CHECK(f && f->severity == MT_SEV_WARNING);
	with(r, "cpu_user_pct=1000");
	CHECK(find_rule(r, "cpu-bound") == NULL);
	mt_report_free(&r);

	r = load_fixture("refused-compact.json.gz", 1);
	f = find_rule(r, "error-code");
	CHECK(f && strstr(f->message, "ECONNREFUSED") && strstr(f->message, "connect"));
	const char *port = NULL;
	jget_str(r->error_props, "port", &port);
	char want[64];
	snprintf(want, sizeof want, "port = %s", port ? port : "?");
	int seen = 0;
	for (size_t i = 0; f && i < f->nrows; i++)
		seen += strcmp(f->rows[i], want) == 0;
	CHECK_INT(seen, 1);
	mt_report_free(&r);

	r = load_fixture("win32.json.gz", 1);    /* no userLimits: no limit rules */
	CHECK(find_rule(r, "no-core") == NULL);
	CHECK(find_rule(r, "fd-limit") == NULL);
	mt_report_free(&r);
}

static void test_timers_and_workers(void)
{
	struct mt_report *r = load_fixture("workers.json.gz", 1);

	CHECK(r->nworkers == 2);
	int64_t longest = 0;
	for (size_t w = 0; w < r->nworkers; w++)
		for (size_t i = 0; i < r->workers[w]->nhandles; i++) {
			const struct mt_handle *h = &r->workers[w]->handles[i];
			if (h->has_timer && h->referenced == 1 && h->fires_in_ms > longest)
				longest = h->fires_in_ms;
		}
	CHECK(longest > 1000);
	char spec[64];
	snprintf(spec, sizeof spec, "long_timer_ms=%lld", (long long)longest - 1);
	int found = 0;
	for (size_t w = 0; w < r->nworkers; w++) {
		CHECK(find_rule(r->workers[w], "long-timer") == NULL);
		with(r->workers[w], spec);
		found += find_rule(r->workers[w], "long-timer") != NULL;
	}
	CHECK_INT(found, 1);
	mt_report_free(&r);
}

static void test_thresholds_parse(void)
{
	struct mt_thresholds t;
	struct mt_error err = { 0 };

	mt_thresholds_default(&t);
	CHECK_INT(mt_thresholds_parse(&t, "leak_warn=7,heap_crit=0.5", &err), 0);
	CHECK_INT(t.leak_warn, 7);
	CHECK(t.heap_crit == 0.5);
	CHECK_INT(mt_thresholds_parse(&t, "bogus=1", &err), -1);
	CHECK(strstr(err.msg, "bogus") != NULL);
	mt_error_clear(&err);
	CHECK_INT(mt_thresholds_parse(&t, "fd_warn=lots", &err), -1);
	CHECK(strstr(err.msg, "fd_warn") != NULL);
}

static struct mt_report *parse(const char *json)
{
	struct mt_error err = { 0 };
	struct mt_report *r = mt_report_parse("mem", json, strlen(json), 1, &err);

	if (!r)
		fprintf(stderr, "%s\n", err.msg);
	return r;
}

/* Rules no real fixture here triggers, on small hand-written reports. */
static void test_synthetic(void)
{
	struct mt_report *r = parse(
		"{\"header\":{\"reportVersion\":3,\"trigger\":\"FatalError\","
		"\"event\":\"Check failed: x\",\"componentVersions\":{\"openssl\":\"3.0.13\","
		"\"uv\":\"1.46.0\"}},"
		"\"javascriptHeap\":{\"usedMemory\":900,\"memoryLimit\":1000,"
		"\"detachedContextCount\":\"2\"},"
		"\"libuv\":[{\"type\":\"timer\",\"is_active\":true,\"is_referenced\":true,"
		"\"firesInMsFromNow\":-250,\"expired\":true,\"repeat\":0,\"address\":\"0x1\"}],"
		"\"sharedObjects\":[\"/usr/lib/libssl.so.1.1\",\"/usr/lib/libuv.so.1\","
		"\"/usr/lib/libcrypto.so.3\"]}");
	CHECK(r != NULL);
	if (!r)
		return;
	const struct mt_finding *f = find_rule(r, "fatal-error");
	CHECK(f && f->severity == MT_SEV_CRITICAL && strstr(f->message, "Check failed"));
	f = find_rule(r, "oom");
	CHECK(f && f->severity == MT_SEV_WARNING && strstr(f->message, "90%"));
	f = find_rule(r, "timer-expired");
	CHECK(f && strstr(f->message, "250 ms"));
	CHECK(find_rule(r, "detached-contexts") != NULL);
	f = find_rule(r, "library-mismatch");
	CHECK(f && strstr(f->message, "libssl.so.1.1") && strstr(f->message, "3.0.13"));
	size_t mismatches = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		mismatches += strcmp(r->findings[i].rule, "library-mismatch") == 0;
	CHECK_INT(mismatches, 1);     /* libuv.so.1 and libcrypto.so.3 agree */
	check_sorted(r);
	with(r, "heap_crit=0.9");
	CHECK(find_rule(r, "oom") && find_rule(r, "oom")->severity == MT_SEV_CRITICAL);
	mt_report_free(&r);

	r = parse("{\"header\":{\"trigger\":\"FatalError\",\"event\":"
		  "\"Reached heap limit Allocation failed - JavaScript heap out of memory\"}}");
	CHECK(r && find_rule(r, "oom") && !find_rule(r, "fatal-error"));
	mt_report_free(&r);
	r = parse("{\"header\":{}}");
	CHECK(r && r->nfindings == 0 && mt_report_max_severity(r) == MT_SEV_NONE);
	mt_report_free(&r);
}

int main(void)
{
	test_leak();
	test_pileup();
	test_process_rules();
	test_timers_and_workers();
	test_thresholds_parse();
	test_synthetic();
	CHECK_DONE();
}
