/* core/report/internal.h: the steps of the report loader, one per file;
 * private to core/report (the model and its public calls are report.h). */
#ifndef MORTEM_CORE_REPORT_INTERNAL_H
#define MORTEM_CORE_REPORT_INTERNAL_H

#include "core/report/report.h"

/* One line naming the file and the field. */
void mt_report_error(struct mt_error *err, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The model from the parsed JSON in r (build.c). */
int mt_report_build(struct mt_report *r, const char *name, const struct mt_report_opts *o,
		    struct mt_error *err);
/* The handles grouped by type and endpoint (handles.c). */
void mt_report_build_handles(struct mt_report *r);
void mt_report_free_handles(struct mt_report *r);
void mt_report_free_findings(struct mt_report *r);

#endif
