/* core/report/diff.h: what changed between two reports.
 *
 * Sections are compared by key, never by position: header fields, changed
 * component versions, heap
 * totals and spaces (with deltas), handle groups (type + endpoint, with
 * counts), environment variables (added, removed, changed; values as shown,
 * so redacted when the reports were loaded with redaction), shared objects
 * (added, removed), resource usage (numeric deltas) and user limits.
 */
#ifndef MORTEM_CORE_REPORT_DIFF_H
#define MORTEM_CORE_REPORT_DIFF_H

#include "core/report/report.h"

enum mt_diff_op { MT_DIFF_SAME = 0, MT_DIFF_CHANGED, MT_DIFF_ADDED, MT_DIFF_REMOVED };

struct mt_diff_row {
	const char *section;    /* static: "header", "versions", "heap", "handles", "env",
				   "libs", "resources", "limits" */
	char *key;              /* owned */
	char *a, *b;            /* owned; NULL when absent on that side */
	int has_delta;          /* 0 for text and for identifiers (processId...) */
	double delta;           /* b - a, for numeric rows */
	enum mt_diff_op op;
};

struct mt_diff {
	struct mt_diff_row *rows;   /* owned, in section order then key order */
	size_t n, cap;
};

struct mt_diff *mt_report_diff(const struct mt_report *a, const struct mt_report *b);
void mt_diff_free(struct mt_diff **d);
/* 1 when key names an identifier (processId, threadId, pid, uid, gid, a
 * port, a version): its rows never carry a delta. */
int mt_diff_is_identifier(const char *key);
const char *mt_diff_op_name(enum mt_diff_op op);   /* "same", "changed"... */

#endif
