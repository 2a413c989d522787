/* tests/fuzz/fuzz_report.c: libFuzzer target for the report loader. Any
 * input must load or fail with one line; a loaded report then goes through
 * the triage, a diff with itself, and every report pane as text and JSON. */
#include "core/report/diff.h"
#include "core/report/report.h"
#include "views/view.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define VIEW(id) extern const struct view_ops view_##id##_ops;
#include "views/report/report.def"
#undef VIEW

static const struct view_ops *const panes[] = {
#define VIEW(id) &view_##id##_ops,
#include "views/report/report.def"
#undef VIEW
};

static void print_panes(struct mt_report *r)
{
	static FILE *null;
	struct mt_artifact doc = { .path = "fuzz", .kind = MT_KIND_REPORT,
				   .ops = &mt_report_kind, .model = r };
	struct mt_opts opts = { .redact = 1, .id = -1, .thread = -1 };

	if (!null && !(null = fopen("/dev/null", "w")))
		abort();
	for (size_t i = 0; i < sizeof panes / sizeof panes[0]; i++) {
		struct mt_error err = { 0 };
		struct view *v = view_new(panes[i], &doc, &doc, &opts, -1, &err);
		if (!v)
			continue;
		view_print_text(v, null, &err);
		view_print_json(v, null, &err);
		if (v->ops->enter && v->ops->count(v) > 0) {
			struct view_nav nav = { 0 };
			v->ops->enter(v, 0, &nav);
			view_print_text(v, null, &err);
		}
		view_free(&v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_error err = { 0 };
	struct mt_report *r = mt_report_parse("fuzz", (const char *)data, size, 1, &err);

	if (!r) {
		if (!err.set || strchr(err.msg, '\n'))
			abort();
		return 0;
	}
	struct mt_thresholds t;
	mt_thresholds_default(&t);
	t.leak_warn = t.pileup_warn = 1;
	t.long_timer_ms = 0;
	mt_report_triage(r, &t);
	(void)mt_report_max_severity(r);
	struct mt_diff *d = mt_report_diff(r, r);
	mt_diff_free(&d);
	print_panes(r);
	mt_report_free(&r);
	return 0;
}
