/* tests/unit/test_report_diff.c: diffs of real reports, by key. */
#include "check.h"
#include "report_fixture.h"
#include "core/report/diff.h"

static const struct mt_diff_row *row(const struct mt_diff *d, const char *section,
				     const char *key)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->rows[i].section, section) == 0 && strcmp(d->rows[i].key, key) == 0)
			return &d->rows[i];
	return NULL;
}

static size_t count_ops(const struct mt_diff *d, const char *section, enum mt_diff_op op)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += strcmp(d->rows[i].section, section) == 0 && d->rows[i].op == op;
	return n;
}

static void test_leak_vs_pileup(void)
{
	struct mt_report *a = load_fixture("leak.json.gz", 1);
	struct mt_report *b = load_fixture("pileup.json.gz", 1);
	struct mt_diff *d = mt_report_diff(a, b);
	char key[64], n[32];

	snprintf(key, sizeof key, "tcp out 127.0.0.1:%lld", manifest("leak.port"));
	snprintf(n, sizeof n, "%lld", manifest("leak.sockets"));
	const struct mt_diff_row *r = row(d, "handles", key);
	CHECK(r && r->op == MT_DIFF_REMOVED && strcmp(r->a, n) == 0 && r->b == NULL);
	snprintf(key, sizeof key, "tcp in 127.0.0.1:%lld", manifest("pileup.port"));
	snprintf(n, sizeof n, "%lld", manifest("pileup.connections"));
	r = row(d, "handles", key);
	CHECK(r && r->op == MT_DIFF_ADDED && strcmp(r->b, n) == 0);
	r = row(d, "header", "processId");
	/* an identifier changes, but has no arithmetic delta */
	CHECK(a->pid != b->pid);
	CHECK(r && r->op == MT_DIFF_CHANGED && !r->has_delta);
	r = row(d, "header", "nodejsVersion");
	CHECK(r && r->op == MT_DIFF_SAME);
	CHECK_INT(count_ops(d, "env", MT_DIFF_CHANGED) + count_ops(d, "env", MT_DIFF_ADDED), 0);
	/* the heap rows carry deltas */
	r = row(d, "heap", "usedMemory");
	CHECK(r && r->has_delta);
	mt_diff_free(&d);
	CHECK(d == NULL);
	mt_report_free(&a);
	mt_report_free(&b);
}

/* Numbers written as strings change nothing. */
static void test_leak_vs_strings(void)
{
	struct mt_report *a = load_fixture("leak.json.gz", 1);
	struct mt_report *b = load_fixture("strings.json.gz", 1);
	struct mt_diff *d = mt_report_diff(a, b);

	for (size_t i = 0; i < d->n; i++) {
		if (d->rows[i].op != MT_DIFF_SAME)
			fprintf(stderr, "unexpected: %s %s %s -> %s\n", d->rows[i].section,
				d->rows[i].key, d->rows[i].a ? d->rows[i].a : "-",
				d->rows[i].b ? d->rows[i].b : "-");
		CHECK_INT(d->rows[i].op, MT_DIFF_SAME);
	}
	CHECK(d->n > 20);
	mt_diff_free(&d);
	mt_report_free(&a);
	mt_report_free(&b);
}

static void test_env_libs_versions(void)
{
	struct mt_report *a = load_fixture("leak.json.gz", 1);
	struct mt_report *b = load_fixture("v5-exclude-env.json.gz", 1);
	struct mt_report *c = load_fixture("darwin.json.gz", 1);
	struct mt_diff *d = mt_report_diff(a, b);

	CHECK_INT(count_ops(d, "env", MT_DIFF_REMOVED), a->nenv);
	/* removed values are shown redacted */
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->rows[i].section, "env") == 0) {
			const struct mt_env_var *e = find_env(a, d->rows[i].key);
			CHECK(e && strcmp(d->rows[i].a, e->shown ? e->shown : e->value) == 0);
		}
	const struct mt_diff_row *r = row(d, "header", "reportVersion");
	CHECK(a->version != b->version);
	CHECK(r && r->op == MT_DIFF_CHANGED && !r->has_delta);
	r = row(d, "versions", "componentVersions.node");
	CHECK(r && r->op == MT_DIFF_CHANGED && !r->has_delta);
	mt_diff_free(&d);

	d = mt_report_diff(a, c);
	CHECK_INT(count_ops(d, "libs", MT_DIFF_ADDED), c->nlibs);
	CHECK_INT(count_ops(d, "libs", MT_DIFF_REMOVED), a->nlibs);
	mt_diff_free(&d);
	mt_report_free(&a);
	mt_report_free(&b);
	mt_report_free(&c);
}

/* Which keys are identifiers: ids, uids, ports and versions, never sizes
 * or counts. */
static void test_identifiers(void)
{
	static const char *const ids[] = { "processId", "threadId", "pid", "ppid", "uid",
		"gid", "thread.threadId", "remotePort", "port", "reportVersion", "fd",
		"glibcVersionRuntime", "glibcVersionCompiler", "version", NULL };
	static const char *const counts[] = { "usedMemory", "rss", "maxRss",
		"fsActivity.reads", "pageFaults.IORequired", "new_space.used", "cpuConsumptionPercent",
		"kernelCpuSeconds", "tcp out 127.0.0.1:3000", "Paid", "valid", NULL };

	for (size_t i = 0; ids[i]; i++)
		CHECK_INT(mt_diff_is_identifier(ids[i]), 1);
	for (size_t i = 0; counts[i]; i++)
		CHECK_INT(mt_diff_is_identifier(counts[i]), 0);

	/* node 14's report and node 20's: glibc built against 2.17 and 2.28,
	 * versions that read as numbers, and no delta between them */
	struct mt_report *a = load_fixture("leak.json.gz", 1);
	struct mt_report *b = load_fixture("node14-workers.json.gz", 1);
	struct mt_diff *d = mt_report_diff(a, b);
	const struct mt_diff_row *r = row(d, "header", "glibcVersionCompiler");
	CHECK(r && r->op == MT_DIFF_CHANGED && !r->has_delta && r->a && r->b &&
	      strcmp(r->a, r->b) != 0);
	r = row(d, "header", "threadId");
	CHECK(r && !r->has_delta);
	mt_diff_free(&d);
	mt_report_free(&a);
	mt_report_free(&b);
}

int main(void)
{
	test_identifiers();
	test_leak_vs_pileup();
	test_leak_vs_strings();
	test_env_libs_versions();
	CHECK_DONE();
}
