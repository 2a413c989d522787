/* views/report/common.h: helpers shared by the report panes. */
#ifndef MORTEM_VIEWS_REPORT_COMMON_H
#define MORTEM_VIEWS_REPORT_COMMON_H

#include "core/report/report.h"
#include "views/view.h"

/* The report shown by v (v->doc->model). */
struct mt_report *rv_report(const struct view *v);
/* The second report of a two-artifact view, or NULL. */
struct mt_report *rv_other(const struct view *v);
enum view_style rv_severity_style(enum mt_severity sev);
/* "2026-11-22T03:20:55.070Z" from epoch milliseconds ("" when < 0). */
const char *rv_time_utc(int64_t ms, char *buf, size_t size);
/* Add a string member, or null when s is NULL. */
void rv_add_str(cJSON *obj, const char *key, const char *s);
/* Add an integer member exactly (as a number while it fits a double
 * exactly, else as a decimal string), or null when absent (< 0 for have). */
void rv_add_int(cJSON *obj, const char *key, int64_t n, int have);
void rv_add_u64(cJSON *obj, const char *key, uint64_t n);
/* findings[] as documented in doc/report-json.md. */
cJSON *rv_findings_json(const struct mt_report *r);
/* The value of an env entry as the pane shows it (redacted unless off). */
const char *rv_env_value(const struct view *v, const struct mt_env_var *e);

#endif
