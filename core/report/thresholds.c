/* core/report/thresholds.c: "name=value,..." overrides of the triage
 * thresholds (for a command-line option or a config file). */
#include "core/report/report.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum th_type { TH_DOUBLE, TH_SIZE, TH_I64 };

static const struct {
	const char *name;
	size_t offset;
	enum th_type type;
} names[] = {
	{ "heap_warn", offsetof(struct mt_thresholds, heap_warn), TH_DOUBLE },
	{ "heap_crit", offsetof(struct mt_thresholds, heap_crit), TH_DOUBLE },
	{ "leak_warn", offsetof(struct mt_thresholds, leak_warn), TH_SIZE },
	{ "leak_crit", offsetof(struct mt_thresholds, leak_crit), TH_SIZE },
	{ "pileup_warn", offsetof(struct mt_thresholds, pileup_warn), TH_SIZE },
	{ "pileup_crit", offsetof(struct mt_thresholds, pileup_crit), TH_SIZE },
	{ "cpu_user_pct", offsetof(struct mt_thresholds, cpu_user_pct), TH_DOUBLE },
	{ "cpu_kernel_ratio", offsetof(struct mt_thresholds, cpu_kernel_ratio), TH_DOUBLE },
	{ "fd_warn", offsetof(struct mt_thresholds, fd_warn), TH_DOUBLE },
	{ "fd_crit", offsetof(struct mt_thresholds, fd_crit), TH_DOUBLE },
	{ "long_timer_ms", offsetof(struct mt_thresholds, long_timer_ms), TH_I64 },
};

static int set_one(struct mt_thresholds *t, const char *item, struct mt_error *err)
{
	const char *eq = strchr(item, '=');
	char *end;

	for (size_t i = 0; eq && i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i].name) != (size_t)(eq - item) ||
		    strncmp(names[i].name, item, (size_t)(eq - item)) != 0)
			continue;
		errno = 0;
		double v = strtod(eq + 1, &end);
		if (end == eq + 1 || *end || errno || v < 0) {
			mt_error_set(err, "threshold %s: '%s' is not a number >= 0", names[i].name, eq + 1);
			return -1;
		}
		char *field = (char *)t + names[i].offset;
		if (names[i].type == TH_DOUBLE)
			*(double *)field = v;
		else if (names[i].type == TH_SIZE)
			*(size_t *)field = v > 1e15 ? (size_t)1e15 : (size_t)v;
		else
			*(int64_t *)field = v > 1e15 ? (int64_t)1e15 : (int64_t)v;
		return 0;
	}
	mt_error_set(err, "threshold '%s': unknown (name=value expected)", item);
	return -1;
}

int mt_thresholds_parse(struct mt_thresholds *t, const char *spec, struct mt_error *err)
{
	char *copy = xstrdup(spec), *save = NULL;
	int rc = 0;

	for (char *item = strtok_r(copy, ",", &save); item && rc == 0;
	     item = strtok_r(NULL, ",", &save))
		rc = set_one(t, item, err);
	free(copy);
	return rc;
}
