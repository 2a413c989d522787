/* tests/unit/test_report_rules.c: triage findings on the real reports, and
 * how the thresholds move them. */
#include "check.h"
#include "report_fixture.h"
#include "core/report/jget.h"

#include <stdarg.h>
#include <stdlib.h>

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

static size_t count_rule(const struct mt_report *r, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nfindings; i++)
		n += strcmp(r->findings[i].rule, rule) == 0;
	return n;
}

/* A second OpenSSL: the real report of a node (its own OpenSSL 3, built
 * in) that loaded an addon linked with the system's libssl.so.3 and
 * libcrypto.so.3: the same major, still two OpenSSLs. */
static void test_second_openssl(void)
{
	struct mt_report *r = load_fixture("second-openssl.json.gz", 1);
	const char *own = NULL, *ssl = NULL, *crypto = NULL, *addon = NULL;
	char want[600];

	for (size_t i = 0; i < r->nlibs; i++) {
		const char *b = strrchr(r->libs[i], '/') ? strrchr(r->libs[i], '/') + 1 : r->libs[i];
		if (strncmp(b, "libssl.so.", 10) == 0)
			ssl = r->libs[i];
		else if (strncmp(b, "libcrypto.so.", 13) == 0)
			crypto = r->libs[i];
		else if (strstr(b, ".node"))
			addon = r->libs[i];
	}
	own = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r->header,
		"componentVersions"), "openssl"));
	CHECK(ssl && crypto && addon && own);
	if (!ssl || !crypto || !addon || !own)
		goto out;
	CHECK_INT(atoi(own), atoi(strstr(ssl, ".so.") + 4));   /* one major: 3 */
	CHECK_INT(count_rule(r, "library-mismatch"), 1);
	const struct mt_finding *f = find_rule(r, "library-mismatch");
	snprintf(want, sizeof want, "two OpenSSLs in one process: node's own OpenSSL %s "
		 "(built into node) and %s (and more)", own, ssl);
	CHECK_STR(f ? f->message : "", want);
	CHECK(f && f->nrows == 3);
	if (f && f->nrows == 3) {
		snprintf(want, sizeof want, "node: OpenSSL %s, built into the node binary", own);
		CHECK_STR(f->rows[0], want);
		snprintf(want, sizeof want, "%s, loaded with %s", ssl, addon);
		CHECK_STR(f->rows[1], want);
		snprintf(want, sizeof want, "%s, loaded with %s", crypto, addon);
		CHECK_STR(f->rows[2], want);
	}
out:
	mt_report_free(&r);

	/* node linked with a shared OpenSSL 3 (a distribution's), an addon
	 * bringing OpenSSL 1.1: named with node's library; one finding. */
	r = parse("{\"header\":{\"componentVersions\":{\"openssl\":\"3.0.13\"}},"
		  "\"sharedObjects\":[\"/usr/bin/node\",\"/usr/lib/libnode.so.109\","
		  "\"/usr/lib/libssl.so.3\",\"/usr/lib/libcrypto.so.3\",\"/app/a.node\","
		  "\"/app/b.node\",\"/opt/lib/libcrypto.so.1.1\"]}");
	CHECK(r && count_rule(r, "library-mismatch") == 1);
	f = r ? find_rule(r, "library-mismatch") : NULL;
	CHECK_STR(f ? f->message : "", "two OpenSSLs in one process: node's own OpenSSL 3.0.13 "
		  "(libssl.so.3) and /opt/lib/libcrypto.so.1.1");
	CHECK(f && f->nrows == 2 && strcmp(f->rows[1],
		"/opt/lib/libcrypto.so.1.1, loaded with /app/b.node") == 0);
	mt_report_free(&r);
	/* the same, without the addon's library: node's own only, nothing */
	r = parse("{\"header\":{\"componentVersions\":{\"openssl\":\"3.0.13\"}},"
		  "\"sharedObjects\":[\"/usr/bin/node\",\"/usr/lib/libssl.so.3\","
		  "\"/app/a.node\",\"/usr/lib/libsslfoo.so\"]}");
	CHECK(r && count_rule(r, "library-mismatch") == 0);
	mt_report_free(&r);
	/* no OpenSSL version in the report: no claim about node's own */
	r = parse("{\"header\":{\"componentVersions\":{}},"
		  "\"sharedObjects\":[\"/usr/bin/node\",\"/app/a.node\",\"/usr/lib/libssl.so.3\"]}");
	CHECK(r && count_rule(r, "library-mismatch") == 0);
	mt_report_free(&r);
}

/* --- every triage threshold at its boundary: one under, exactly at, one over ---
 * Small reports built here; the default thresholds (mt_thresholds_default),
 * then overridden ones, so that both the values and the comparisons
 * (>= against >) are pinned. */

struct jbuf {
	char *s;
	size_t len, cap;
};

static void jb_add(struct jbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void jb_add(struct jbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* OUT connections to one remote, a server on 8080 holding IN accepted ones,
 * FDS pipes with an fd under an open_files soft limit SOFT (0: none). */
static struct mt_report *handles_report(size_t out, size_t in, size_t fds, unsigned soft)
{
	struct jbuf b = { 0 };
	struct mt_report *r;
	int first = 1;

	jb_add(&b, "{\"header\":{\"trigger\":\"API\"},\"libuv\":[");
	for (size_t i = 0; i < out; i++, first = 0)
		jb_add(&b, "%s{\"type\":\"tcp\",\"is_active\":true,\"is_referenced\":true,"
		       "\"localEndpoint\":{\"ip4\":\"10.0.0.1\",\"port\":%zu},"
		       "\"remoteEndpoint\":{\"ip4\":\"10.0.0.9\",\"port\":5432}}",
		       first ? "" : ",", 40000 + i);
	if (in) {
		jb_add(&b, "%s{\"type\":\"tcp\",\"is_active\":true,\"is_referenced\":true,"
		       "\"localEndpoint\":{\"ip4\":\"0.0.0.0\",\"port\":8080}}", first ? "" : ",");
		first = 0;
	}
	for (size_t i = 0; i < in; i++)
		jb_add(&b, ",{\"type\":\"tcp\",\"is_active\":true,\"is_referenced\":true,"
		       "\"localEndpoint\":{\"ip4\":\"10.0.0.1\",\"port\":8080},"
		       "\"remoteEndpoint\":{\"ip4\":\"10.0.0.7\",\"port\":%zu}}", 50000 + i);
	for (size_t i = 0; i < fds; i++, first = 0)
		jb_add(&b, "%s{\"type\":\"pipe\",\"is_active\":true,\"is_referenced\":true,"
		       "\"fd\":%zu}", first ? "" : ",", 3 + i);
	jb_add(&b, "]");
	if (soft)
		jb_add(&b, ",\"userLimits\":{\"open_files\":{\"soft\":%u,\"hard\":%u}}", soft, soft);
	jb_add(&b, "}");
	r = parse(b.s);
	free(b.s);
	CHECK(r != NULL);
	return r;
}

/* The severity of RULE's finding in R, or -1 without one. */
static int sev_of(const struct mt_report *r, const char *rule)
{
	const struct mt_finding *f = r ? find_rule(r, rule) : NULL;

	return f ? (int)f->severity : -1;
}

/* SEV of RULE in R after triage with SPEC ("" for the defaults). */
#define CHECK_SEV(r, spec, rule, want) do { \
	with((r), (spec)); \
	CHECK_INT(sev_of((r), (rule)), (want)); \
} while (0)

static void test_boundary_connections(void)
{
	/* leak_warn 50, leak_crit 250: outbound connections to one remote */
	static const struct { size_t n; int sev; } leak[] = {
		{ 49, -1 }, { 50, MT_SEV_WARNING }, { 51, MT_SEV_WARNING },
		{ 249, MT_SEV_WARNING }, { 250, MT_SEV_CRITICAL }, { 251, MT_SEV_CRITICAL },
	};
	for (size_t i = 0; i < sizeof leak / sizeof leak[0]; i++) {
		struct mt_report *r = handles_report(leak[i].n, 0, 0, 0);
		if (!r)
			continue;
		CHECK_INT(sev_of(r, "connection-leak"), leak[i].sev);
		CHECK(find_rule(r, "inbound-pileup") == NULL);
		mt_report_free(&r);
		/* the same counts at both sides of the pile-up thresholds */
		r = handles_report(0, leak[i].n, 0, 0);
		if (!r)
			continue;
		CHECK_INT(sev_of(r, "inbound-pileup"), leak[i].sev);
		CHECK(find_rule(r, "connection-leak") == NULL);
		mt_report_free(&r);
	}

	/* Overridden: 6 connections against thresholds 5, 6 and 7. */
	struct mt_report *r = handles_report(6, 6, 0, 0);
	if (!r)
		return;
	CHECK_SEV(r, "leak_warn=7,leak_crit=100", "connection-leak", -1);
	CHECK_SEV(r, "leak_warn=6,leak_crit=100", "connection-leak", MT_SEV_WARNING);
	CHECK_SEV(r, "leak_warn=5,leak_crit=100", "connection-leak", MT_SEV_WARNING);
	CHECK_SEV(r, "leak_warn=1,leak_crit=7", "connection-leak", MT_SEV_WARNING);
	CHECK_SEV(r, "leak_warn=1,leak_crit=6", "connection-leak", MT_SEV_CRITICAL);
	CHECK_SEV(r, "leak_warn=1,leak_crit=5", "connection-leak", MT_SEV_CRITICAL);
	CHECK_SEV(r, "pileup_warn=7,pileup_crit=100", "inbound-pileup", -1);
	CHECK_SEV(r, "pileup_warn=6,pileup_crit=100", "inbound-pileup", MT_SEV_WARNING);
	CHECK_SEV(r, "pileup_warn=5,pileup_crit=100", "inbound-pileup", MT_SEV_WARNING);
	CHECK_SEV(r, "pileup_warn=1,pileup_crit=7", "inbound-pileup", MT_SEV_WARNING);
	CHECK_SEV(r, "pileup_warn=1,pileup_crit=6", "inbound-pileup", MT_SEV_CRITICAL);
	CHECK_SEV(r, "pileup_warn=1,pileup_crit=5", "inbound-pileup", MT_SEV_CRITICAL);
	mt_report_free(&r);
}

static void test_boundary_fds(void)
{
	/* fd_warn 0.8, fd_crit 0.95 of an open_files soft limit of 100 */
	static const struct { size_t n; int sev; } fd[] = {
		{ 79, -1 }, { 80, MT_SEV_WARNING }, { 81, MT_SEV_WARNING },
		{ 94, MT_SEV_WARNING }, { 95, MT_SEV_CRITICAL }, { 96, MT_SEV_CRITICAL },
	};
	for (size_t i = 0; i < sizeof fd / sizeof fd[0]; i++) {
		struct mt_report *r = handles_report(0, 0, fd[i].n, 100);
		if (!r)
			continue;
		CHECK_INT(sev_of(r, "fd-limit"), fd[i].sev);
		mt_report_free(&r);
	}
	struct mt_report *r = handles_report(0, 0, 50, 100);   /* a share of 0.5 */
	if (!r)
		return;
	CHECK_SEV(r, "fd_warn=0.51,fd_crit=1", "fd-limit", -1);
	CHECK_SEV(r, "fd_warn=0.5,fd_crit=1", "fd-limit", MT_SEV_WARNING);
	CHECK_SEV(r, "fd_warn=0.49,fd_crit=1", "fd-limit", MT_SEV_WARNING);
	CHECK_SEV(r, "fd_warn=0,fd_crit=0.51", "fd-limit", MT_SEV_WARNING);
	CHECK_SEV(r, "fd_warn=0,fd_crit=0.5", "fd-limit", MT_SEV_CRITICAL);
	CHECK_SEV(r, "fd_warn=0,fd_crit=0.49", "fd-limit", MT_SEV_CRITICAL);
	mt_report_free(&r);
}

static struct mt_report *heap_report(unsigned used, unsigned limit)
{
	char json[256];

	snprintf(json, sizeof json, "{\"header\":{\"trigger\":\"API\"},\"javascriptHeap\":"
		 "{\"usedMemory\":%u,\"memoryLimit\":%u}}", used, limit);
	return parse(json);
}

static void test_boundary_heap(void)
{
	/* heap_warn 0.85, heap_crit 0.95 of the limit */
	static const struct { unsigned used; int sev; } heap[] = {
		{ 849, -1 }, { 850, MT_SEV_WARNING }, { 851, MT_SEV_WARNING },
		{ 949, MT_SEV_WARNING }, { 950, MT_SEV_CRITICAL }, { 951, MT_SEV_CRITICAL },
	};
	for (size_t i = 0; i < sizeof heap / sizeof heap[0]; i++) {
		struct mt_report *r = heap_report(heap[i].used, 1000);
		CHECK(r != NULL);
		CHECK_INT(sev_of(r, "oom"), heap[i].sev);
		mt_report_free(&r);
	}
	struct mt_report *r = heap_report(500, 1000);
	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_SEV(r, "heap_warn=0.51,heap_crit=1", "oom", -1);
	CHECK_SEV(r, "heap_warn=0.5,heap_crit=1", "oom", MT_SEV_WARNING);
	CHECK_SEV(r, "heap_warn=0.49,heap_crit=1", "oom", MT_SEV_WARNING);
	CHECK_SEV(r, "heap_warn=0,heap_crit=0.51", "oom", MT_SEV_WARNING);
	CHECK_SEV(r, "heap_warn=0,heap_crit=0.5", "oom", MT_SEV_CRITICAL);
	CHECK_SEV(r, "heap_warn=0,heap_crit=0.49", "oom", MT_SEV_CRITICAL);
	mt_report_free(&r);
}

static struct mt_report *cpu_report(unsigned user, unsigned kernel)
{
	char json[256];

	snprintf(json, sizeof json, "{\"header\":{\"trigger\":\"Signal\"},\"resourceUsage\":"
		 "{\"userCpuConsumptionPercent\":%u,\"kernelCpuConsumptionPercent\":%u}}",
		 user, kernel);
	return parse(json);
}

static void test_boundary_cpu(void)
{
	/* cpu_user_pct 80: user CPU at least; cpu_kernel_ratio 0.1: kernel at
	 * most user * 0.1 (10 for a user CPU of 100) */
	static const struct { unsigned user, kernel; int sev; } cpu[] = {
		{ 79, 0, -1 }, { 80, 0, MT_SEV_WARNING }, { 81, 0, MT_SEV_WARNING },
		{ 100, 9, MT_SEV_WARNING }, { 100, 10, MT_SEV_WARNING }, { 100, 11, -1 },
	};
	for (size_t i = 0; i < sizeof cpu / sizeof cpu[0]; i++) {
		struct mt_report *r = cpu_report(cpu[i].user, cpu[i].kernel);
		CHECK(r != NULL);
		CHECK_INT(sev_of(r, "cpu-bound"), cpu[i].sev);
		mt_report_free(&r);
	}
	struct mt_report *r = cpu_report(50, 25);
	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_SEV(r, "cpu_user_pct=51,cpu_kernel_ratio=1", "cpu-bound", -1);
	CHECK_SEV(r, "cpu_user_pct=50,cpu_kernel_ratio=1", "cpu-bound", MT_SEV_WARNING);
	CHECK_SEV(r, "cpu_user_pct=49,cpu_kernel_ratio=1", "cpu-bound", MT_SEV_WARNING);
	CHECK_SEV(r, "cpu_user_pct=0,cpu_kernel_ratio=0.25", "cpu-bound", -1);
	CHECK_SEV(r, "cpu_user_pct=0,cpu_kernel_ratio=0.5", "cpu-bound", MT_SEV_WARNING);
	CHECK_SEV(r, "cpu_user_pct=0,cpu_kernel_ratio=0.75", "cpu-bound", MT_SEV_WARNING);
	mt_report_free(&r);
}

static struct mt_report *timer_report(long long fires_in_ms)
{
	char json[256];

	snprintf(json, sizeof json, "{\"header\":{\"trigger\":\"API\"},\"libuv\":[{\"type\":"
		 "\"timer\",\"is_active\":true,\"is_referenced\":true,\"firesInMsFromNow\":%lld,"
		 "\"expired\":false,\"address\":\"0x1\"}]}", fires_in_ms);
	return parse(json);
}

static void test_boundary_timers(void)
{
	/* long_timer_ms 600000; overdue below 0 ms */
	static const struct { long long ms; int longer, overdue; } tm[] = {
		{ -1, 0, 1 }, { 0, 0, 0 }, { 1, 0, 0 },
		{ 599999, 0, 0 }, { 600000, 1, 0 }, { 600001, 1, 0 },
	};
	for (size_t i = 0; i < sizeof tm / sizeof tm[0]; i++) {
		struct mt_report *r = timer_report(tm[i].ms);
		CHECK(r != NULL);
		CHECK_INT(sev_of(r, "long-timer"), tm[i].longer ? MT_SEV_INFO : -1);
		CHECK_INT(sev_of(r, "timer-expired"), tm[i].overdue ? MT_SEV_WARNING : -1);
		mt_report_free(&r);
	}
	struct mt_report *r = timer_report(1000);
	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_SEV(r, "long_timer_ms=1001", "long-timer", -1);
	CHECK_SEV(r, "long_timer_ms=1000", "long-timer", MT_SEV_INFO);
	CHECK_SEV(r, "long_timer_ms=999", "long-timer", MT_SEV_INFO);
	mt_report_free(&r);
}

static void test_boundary_contexts(void)
{
	/* detachedContextCount: any above 0 */
	for (int n = 0; n <= 2; n++) {
		char json[160];
		snprintf(json, sizeof json, "{\"header\":{\"trigger\":\"API\"},\"javascriptHeap\":"
			 "{\"detachedContextCount\":%d}}", n);
		struct mt_report *r = parse(json);
		CHECK(r != NULL);
		CHECK_INT(sev_of(r, "detached-contexts"), n > 0 ? MT_SEV_WARNING : -1);
		mt_report_free(&r);
	}
}

int main(void)
{
	test_leak();
	test_pileup();
	test_process_rules();
	test_timers_and_workers();
	test_thresholds_parse();
	test_synthetic();
	test_second_openssl();
	test_boundary_connections();
	test_boundary_fds();
	test_boundary_heap();
	test_boundary_cpu();
	test_boundary_timers();
	test_boundary_contexts();
	CHECK_DONE();
}
