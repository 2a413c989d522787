/* tests/unit/test_report_views.c: the report panes as the UI drives them:
 * folds in the handles pane, Enter on a worker, rows of the diff. */
#include "check.h"
#include "report_fixture.h"
#include "views/view.h"

extern const struct view_ops view_report_handles_ops, view_report_workers_ops,
	view_report_overview_ops, view_report_env_ops, view_report_diff_ops;

static struct mt_opts opts = { .redact = 1, .id = -1, .thread = -1 };

static struct view *open_view(const struct view_ops *ops, struct mt_artifact *doc)
{
	struct mt_error err = { 0 };
	struct view *v = view_new(ops, doc, NULL, &opts, -1, &err);

	if (!v) {
		fprintf(stderr, "%s: %s\n", ops->name, err.msg);
		exit(1);
	}
	return v;
}

static void test_handles_fold(void)
{
	struct mt_report *r = load_fixture("leak.json.gz", 1);
	struct mt_artifact doc = { .path = "leak", .kind = MT_KIND_REPORT,
				   .ops = &mt_report_kind, .model = r };
	struct view *v = open_view(&view_report_handles_ops, &doc);
	struct view_row row;
	struct view_nav nav = { 0 };
	char want[64];

	CHECK_INT(v->ops->count(v), r->ngroups);
	view_row_begin(v, &row);
	v->ops->row(v, 0, &row);
	CHECK_INT(row.fold, VF_CLOSED);
	snprintf(want, sizeof want, "tcp out 127.0.0.1:%lld", manifest("leak.port"));
	CHECK_STR(row.cell[0], want);
	snprintf(want, sizeof want, "%lld", manifest("leak.sockets"));
	CHECK_STR(row.cell[1], want);
	/* Enter opens the group into its handles, Enter again closes it */
	CHECK_INT(v->ops->enter(v, 0, &nav), VA_REDRAW);
	CHECK_INT(v->ops->count(v), r->ngroups + (size_t)manifest("leak.sockets"));
	view_row_begin(v, &row);
	v->ops->row(v, 0, &row);
	CHECK_INT(row.fold, VF_OPEN);
	view_row_begin(v, &row);
	v->ops->row(v, 1, &row);
	CHECK_INT(row.depth, 1);
	snprintf(want, sizeof want, "-> 127.0.0.1:%lld", manifest("leak.port"));
	CHECK(row.cell[0] && strstr(row.cell[0], want));
	CHECK_STR(row.cell[2], "yes");
	CHECK(row.cell[4] && atoi(row.cell[4]) > 2);
	CHECK_INT(v->ops->enter(v, 0, &nav), VA_REDRAW);
	CHECK_INT(v->ops->count(v), r->ngroups);
	view_free(&v);
	mt_report_free(&r);
}

static void test_workers_enter(void)
{
	struct mt_report *r = load_fixture("workers.json.gz", 1);
	struct mt_artifact doc = { .path = "w", .kind = MT_KIND_REPORT,
				   .ops = &mt_report_kind, .model = r };
	struct view *v = open_view(&view_report_workers_ops, &doc);
	struct view_nav nav = { 0 };

	CHECK_INT(v->ops->count(v), 2);
	CHECK_INT(v->ops->enter(v, 1, &nav), VA_NAVIGATE);
	CHECK(nav.ops == NULL);
	CHECK(nav.doc && nav.doc->model == r->workers[1]);
	CHECK(nav.doc && nav.doc->kind == MT_KIND_REPORT);
	CHECK_STR(nav.title, "w: workers[1]");
	/* the worker's artifact opens every report pane */
	struct view *o = open_view(&view_report_overview_ops, nav.doc);
	cJSON *j = o->ops->json(o);
	cJSON *tid = cJSON_GetObjectItem(j, "thread_id");
	CHECK(tid && tid->valuedouble == (double)r->workers[1]->tid);
	cJSON_Delete(j);
	view_free(&o);
	CHECK_INT(v->ops->enter(v, 5, &nav), VA_NONE);
	view_free(&v);
	mt_report_free(&r);
}

static void test_env_no_redact(void)
{
	struct mt_report *r = load_fixture("leak.json.gz", 1);
	struct mt_artifact doc = { .path = "leak", .kind = MT_KIND_REPORT,
				   .ops = &mt_report_kind, .model = r };
	struct view *v = open_view(&view_report_env_ops, &doc);
	const struct mt_env_var *e = find_env(r, "SESSION_SECRET");
	struct view_row row;
	size_t at = (size_t)(e - r->env);

	view_row_begin(v, &row);
	v->ops->row(v, at, &row);
	CHECK_STR(row.cell[1], MT_REDACTED);
	view_free(&v);
	opts.redact = 0;   /* the UI may turn redaction off for a model loaded with it */
	v = open_view(&view_report_env_ops, &doc);
	view_row_begin(v, &row);
	v->ops->row(v, at, &row);
	CHECK_STR(row.cell[1], e->value);
	opts.redact = 1;
	view_free(&v);
	mt_report_free(&r);
}

/* The diff hides unchanged rows until toggle-same, as diff does. */
static void test_diff_same_rows(void)
{
	struct mt_report *a = load_fixture("leak.json.gz", 1);
	struct mt_report *b = load_fixture("pileup.json.gz", 1);
	struct mt_artifact da = { .path = "leak", .kind = MT_KIND_REPORT,
				  .ops = &mt_report_kind, .model = a };
	struct mt_artifact db = { .path = "pileup", .kind = MT_KIND_REPORT,
				  .ops = &mt_report_kind, .model = b };
	struct mt_error err = { 0 };
	struct view *v = view_new(&view_report_diff_ops, &da, &db, &opts, -1, &err);
	struct view_nav nav = { 0 };
	struct view_row row;
	size_t hidden, all, same = 0;
	char want[64];

	CHECK(v != NULL);
	if (!v)
		return;
	hidden = v->ops->count(v);
	for (size_t i = 0; i < hidden; i++) {
		view_row_begin(v, &row);
		v->ops->row(v, i, &row);
		CHECK(strcmp(row.cell[5], "same") != 0);
	}
	CHECK_INT(v->ops->command(v, 0, "toggle-same", NULL, &nav), VA_REDRAW);
	all = v->ops->count(v);
	for (size_t i = 0; i < all; i++) {
		view_row_begin(v, &row);
		v->ops->row(v, i, &row);
		same += strcmp(row.cell[5], "same") == 0;
		/* node's version is the same in both */
		if (strcmp(row.cell[1], "nodejsVersion") == 0)
			CHECK_STR(row.cell[5], "same");
	}
	CHECK(same > 0 && hidden + same == all);
	snprintf(want, sizeof want, "%zu rows differ, %zu unchanged shown", hidden, same);
	CHECK(strstr(v->ops->banner(v), want) != NULL);
	CHECK_INT(v->ops->command(v, 0, "toggle-same", NULL, &nav), VA_REDRAW);
	CHECK_INT(v->ops->count(v), hidden);
	snprintf(want, sizeof want, "%zu unchanged hidden (= shows them)", same);
	CHECK(strstr(v->ops->banner(v), want) != NULL);
	CHECK_INT(v->ops->command(v, 0, "toggle-internal", NULL, &nav), -1);
	/* the processId row: changed, without a delta */
	for (size_t i = 0; i < hidden; i++) {
		view_row_begin(v, &row);
		v->ops->row(v, i, &row);
		if (strcmp(row.cell[1], "processId") == 0) {
			snprintf(want, sizeof want, "%lld", (long long)b->pid);
			CHECK_STR(row.cell[3], want);
			CHECK(!row.cell[4] || !*row.cell[4]);
		}
	}
	view_free(&v);
	mt_report_free(&a);
	mt_report_free(&b);
}

int main(void)
{
	test_diff_same_rows();
	test_handles_fold();
	test_workers_enter();
	test_env_no_redact();
	CHECK_DONE();
}
