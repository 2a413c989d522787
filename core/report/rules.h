/* core/report/rules.h: helpers shared by the rule files (internal). */
#ifndef MORTEM_CORE_REPORT_RULES_H
#define MORTEM_CORE_REPORT_RULES_H

#include "core/report/report.h"

/* Append a finding (message formatted) and return it for its rows. */
struct mt_finding *rule_add(struct mt_report *r, const char *rule, enum mt_severity sev,
			    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void rule_row(struct mt_finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rule_handle_row(struct mt_finding *f, const struct mt_handle *h);

/* rules_process.c: the trigger, heap, CPU and error code. */
void rule_process(struct mt_report *r, const struct mt_thresholds *t);
/* rules_process.c: component versions against loaded libraries, limits. */
void rule_versions(struct mt_report *r);

#endif
