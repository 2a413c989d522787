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
/* rules_openssl.c: an addon's libssl or libcrypto beside node's own
 * OpenSSL; whether a shared object is OpenSSL's; the index of the first
 * addon (*.node) in r->libs, r->nlibs without one. */
void rule_second_openssl(struct mt_report *r);
int rule_is_openssl(const char *path);
size_t rule_first_addon(const struct mt_report *r);

#endif
