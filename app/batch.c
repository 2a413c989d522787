/* app/batch.c: loading artifacts and `--print` without a terminal. */
#include "app/cli.h"
#include "core/heap/heap.h"
#include "core/v8heap/v8heap.h"

#include "core/opener.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The progress of the files on stderr, one line, while they load. */
static void show_progress(struct mt_opening *jobs, int n)
{
	while (!mt_open_all_finished(jobs, n)) {
		fputs("\r\033[K", stderr);
		for (int i = 0; i < n; i++) {
			struct mt_opening_state st;
			mt_open_state(&jobs[i], &st);
			fprintf(stderr, "%s%s: %s", i ? "  " : "", jobs[i].path,
				st.finished ? "ready" : st.phase[0] ? st.phase : "opening");
			if (st.total && !st.finished)
				fprintf(stderr, " %3d%%", (int)(st.done * 100 / st.total));
		}
		fflush(stderr);
		struct timespec tick = { 0, 100 * 1000 * 1000 };
		nanosleep(&tick, NULL);
	}
	fputs("\r\033[K", stderr);
}

/* Whether --print asks for a heap pane (or a heap snapshot): then every
 * core opened is read as its heap, and its threads' backtraces are not
 * needed. */
static int prints_heap(const struct cli *cli)
{
	int two = cli->nfiles >= 2;

	return cli->print && (strcmp(cli->print, "heapsnapshot") == 0 ||
			      (!view_find(MT_KIND_COREDUMP, cli->print, two) &&
			       view_find(MT_KIND_SNAPSHOT, cli->print, two)));
}

void cli_open_all(struct cli *cli, struct mt_artifact *docs)
{
	struct mt_opening jobs[MT_MAX_FILES];
	int n = cli->nfiles;

	cli->open.no_backtraces = prints_heap(cli);
	mt_open_start(jobs, n, docs, (const char *const *)cli->files, &cli->open);
	if (cli->print && isatty(STDERR_FILENO))
		show_progress(jobs, n);
	mt_open_finish(jobs, n);
}

static int print_view(struct cli *cli, const struct view_ops *ops,
		      struct mt_artifact *doc, struct mt_artifact *other)
{
	struct mt_error err = { 0 };
	struct view *v = view_new(ops, doc, other, &cli->opts, cli->opts.id, &err);
	int rc;

	if (!v) {
		fprintf(stderr, "mortem: %s\n", err.msg);
		return 2;
	}
	rc = cli->format == FORMAT_JSON ? view_print_json(v, stdout, &err)
					: view_print_text(v, stdout, &err);
	view_free(&v);
	if (rc < 0) {
		fprintf(stderr, "mortem: %s\n", err.msg);
		return 2;
	}
	return 0;
}

static int unknown_pane(const char *name, enum mt_kind kind, int two)
{
	struct strbuf names = STRBUF_INIT;

	view_names(kind, &names);
	fprintf(stderr, "mortem: no pane '%s' for a %s%s (panes: %s)\n", name,
		mt_kind_name(kind), two ? "" : " opened alone",
		names.len ? strbuf_str(&names) : "none yet");
	strbuf_free(&names);
	return 2;
}

static int exit_for_findings(struct cli *cli, struct mt_artifact *docs, int ndocs)
{
	if (!cli->opts.fail_on)
		return 0;
	for (int i = 0; i < ndocs; i++) {
		const struct mt_kind_ops *ops = docs[i].ops;
		if (ops && ops->max_severity && docs[i].model &&
		    (int)ops->max_severity(docs[i].model) >= cli->opts.fail_on)
			return 1;
	}
	return 0;
}

static int is_core(const struct mt_artifact *a)
{
	return a->kind == MT_KIND_COREDUMP || a->kind == MT_KIND_ZIP;
}

/* Whether the cores open must be read as their JavaScript heaps: a heap
 * pane asked of a core, or a core beside a snapshot. */
static int wants_heap(const struct cli *cli, const struct mt_artifact *docs, int ndocs)
{
	int cores = 0, snapshots = 0;

	for (int i = 0; i < ndocs; i++) {
		cores += is_core(&docs[i]);
		snapshots += docs[i].kind == MT_KIND_SNAPSHOT;
	}
	return cores && (snapshots || prints_heap(cli));
}

/* Each core replaced by its heap (an artifact of kind snapshot). write:
 * for --print heapsnapshot, the model alone, self sizes as V8 counts them
 * (no graph pass: writing needs none). */
static int heapify(struct cli *cli, struct mt_artifact *docs, int ndocs, int write)
{
	for (int i = 0; i < ndocs; i++) {
		struct mt_artifact heap;
		struct mt_open_opts o = cli->open;
		if (!is_core(&docs[i]))
			continue;
		o.raw_heap = write || o.raw_heap;
		o.model_only = write;
		int rc = mt_v8heap_artifact(&docs[i], cli->opts.thread, &o, &heap, NULL);
		mt_artifact_close(&docs[i]);
		docs[i] = heap;
		if (rc < 0) {
			fprintf(stderr, "mortem: %s\n", heap.err.msg);
			return 2;
		}
		const struct mt_heap *h = heap.model;
		for (size_t k = 0; k < h->nnotes; k++)
			fprintf(stderr, "mortem: %s: %s\n", heap.path, h->notes[k]);
	}
	return 0;
}

/* --print heapsnapshot: the heap as a V8 .heapsnapshot on stdout. */
static int print_snapshot(struct mt_artifact *docs, int ndocs)
{
	struct mt_error err = { 0 };

	if (ndocs != 1 || docs[0].kind != MT_KIND_SNAPSHOT) {
		fprintf(stderr, "mortem: --print heapsnapshot takes one core\n");
		return 2;
	}
	if (mt_heap_write(docs[0].model, stdout, &err) < 0) {
		fprintf(stderr, "mortem: %s\n", err.msg);
		return 2;
	}
	return 0;
}

/* More than two files are a series of heap snapshots, or nothing. */
static int series_check(const struct mt_artifact *docs, int ndocs)
{
	for (int i = 0; i < ndocs; i++)
		if (docs[i].kind != MT_KIND_SNAPSHOT) {
			fprintf(stderr, "mortem: %s is a %s: more than two files must all be heap "
				"snapshots (a series)\n", docs[i].path, mt_kind_name(docs[i].kind));
			return 2;
		}
	return 0;
}

int cli_batch(struct cli *cli, struct mt_artifact *docs, int ndocs)
{
	int two = ndocs >= 2, status = 0;

	cli->opts.batch = 1;
	for (int i = 0; i < ndocs; i++)
		if (!docs[i].model) {
			fprintf(stderr, "mortem: %s\n", docs[i].err.msg);
			return 2;
		}
	if (wants_heap(cli, docs, ndocs) &&
	    (status = heapify(cli, docs, ndocs, strcmp(cli->print, "heapsnapshot") == 0)) != 0)
		return status;
	if (strcmp(cli->print, "heapsnapshot") == 0)
		return print_snapshot(docs, ndocs);
	if (ndocs > 2 && (status = series_check(docs, ndocs)) != 0)
		return status;
	mt_artifact_series(docs, ndocs);
	if (two && docs[0].kind != docs[1].kind &&
	    !(docs[0].ops == docs[1].ops)) {
		fprintf(stderr, "mortem: %s is a %s but %s is a %s: open two of a kind\n",
			docs[0].path, mt_kind_name(docs[0].kind), docs[1].path,
			mt_kind_name(docs[1].kind));
		return 2;
	}
	const struct view_ops *ops = view_find(docs[0].kind, cli->print, two);
	if (!ops)
		return unknown_pane(cli->print, docs[0].kind, two);
	if (ops->two)   /* a series: its first and last */
		status = print_view(cli, ops, &docs[0], &docs[ndocs - 1]);
	else
		for (int i = 0; i < ndocs && status == 0; i++) {
			if (two && cli->format == FORMAT_TEXT)
				printf("%s==> %s <==\n", i ? "\n" : "", docs[i].path);
			status = print_view(cli, ops, &docs[i], NULL);
		}
	return status ? status : exit_for_findings(cli, docs, ndocs);
}
