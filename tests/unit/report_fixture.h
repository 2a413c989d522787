/* tests/unit/report_fixture.h: fixtures for the report unit drivers. The
 * values the tests expect come from the reports themselves or from
 * tests/fixtures/reports/manifest.txt, which make-reports.sh wrote from the
 * processes that made them. */
#ifndef MORTEM_TESTS_REPORT_FIXTURE_H
#define MORTEM_TESTS_REPORT_FIXTURE_H

#include "core/report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline const char *fixture(const char *name)
{
	static char path[4096];
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof path, "%s/tests/fixtures/reports/%s", top ? top : ".", name);
	return path;
}

static inline struct mt_report *load_fixture(const char *name, int redact)
{
	struct mt_error err = { 0 };
	struct mt_report *r = mt_report_load(fixture(name), redact, &err);

	if (!r) {
		fprintf(stderr, "cannot load %s: %s\n", name, err.msg);
		exit(1);
	}
	return r;
}

/* A number from manifest.txt ("leak.port"); exits when missing. */
static inline long long manifest(const char *key)
{
	FILE *f = fopen(fixture("manifest.txt"), "r");
	char line[256];
	size_t n = strlen(key);

	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, key, n) == 0 && line[n] == '=') {
			fclose(f);
			return strtoll(line + n + 1, NULL, 10);
		}
	fprintf(stderr, "manifest.txt: no %s\n", key);
	exit(1);
}

static inline const struct mt_finding *find_rule(const struct mt_report *r, const char *rule)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].rule, rule) == 0)
			return &r->findings[i];
	return NULL;
}

static inline const struct mt_env_var *find_env(const struct mt_report *r, const char *key)
{
	for (size_t i = 0; i < r->nenv; i++)
		if (strcmp(r->env[i].key, key) == 0)
			return &r->env[i];
	return NULL;
}

#endif
