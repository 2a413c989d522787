/* app/capture.c: `mortem --capture PID`: its options, the progress line on
 * stderr, Ctrl-C, and what follows the capture: the UI, --print, or only
 * the names of the files (--no-open). The capture is core/capture's. */
#include "app/cli.h"
#include "core/capture/capture.h"
#include "tui/option.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_SNAPSHOTS 2
#define DEFAULT_INTERVAL_MS 60000L

static volatile sig_atomic_t stop;

/* The first Ctrl-C stops and closes what was opened; a second one leaves
 * at once. */
static void on_interrupt(int sig)
{
	if (stop < 2)
		stop++;
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "mortem: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'mortem --help'.\n");
	return 2;
}

/* "500ms", "90s", "5m", "1h", or a bare number of seconds; -1 when not. */
static long parse_duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	double unit = strcmp(end, "ms") == 0 ? 1 : strcmp(end, "m") == 0 ? 60000
		    : strcmp(end, "h") == 0 ? 3600000 : (strcmp(end, "s") == 0 || !*end) ? 1000 : -1;

	if (end == s || unit < 0 || !(v >= 0) || v * unit > 7 * 24 * 3600000.0)
		return -1;
	return (long)(v * unit);
}

static int parse_count(const char *s, int max)
{
	char *end;
	long v = strtol(s, &end, 10);
	return *s && !*end && v >= 0 && v <= max ? (int)v : -1;
}

int cli_capture_option(struct cli *cli, int id, const char *arg)
{
	struct cli_capture *c = &cli->capture;

	switch (id) {
	case OPT_CAPTURE:
		if ((c->pid = parse_count(arg, 1 << 30)) <= 0)
			return bad("--capture takes a process id, not '%s'", arg);
		return 0;
	case OPT_SNAPSHOTS:
		if ((c->snapshots = parse_count(arg, MT_CAPTURE_MAX_SNAPSHOTS)) < 0)
			return bad("--snapshots takes a number from 0 to 100, not '%s'", arg);
		return 0;
	case OPT_INTERVAL:
		if ((c->interval_ms = parse_duration(arg)) < 0)
			return bad("--interval takes a duration such as 500ms, 90s or 5m, not '%s'", arg);
		return 0;
	case OPT_REPORT: c->report = 1; return 0;
	case OPT_CORE: c->core = 1; return 0;
	case OPT_OUT: c->out = arg; return 0;
	case OPT_NO_OPEN: c->no_open = 1; return 0;
	case OPT_FORCE: c->force = 1; return 0;
	}
	return -1;
}

/* Live lines replace each other on a terminal and are left out elsewhere. */
static void progress(void *ctx, int live, const char *line)
{
	int tty = *(int *)ctx;

	if (live && !tty)
		return;
	fprintf(stderr, "%s%s%s", tty ? "\r\033[K" : "", line, live ? "" : "\n");
	fflush(stderr);
}

static void default_dir(int pid, char *dir, size_t cap)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(dir, cap, "mortem-%d-%s", pid, stamp);
}

/* While capturing: Ctrl-C and SIGTERM stop (fn), and a closed stderr
 * (mortem ... 2>&1 | head) is no reason to die with the inspector open. */
static void on_signals(void (*fn)(int))
{
	struct sigaction sa = { 0 };

	sa.sa_handler = fn;    /* no SA_RESTART: waits end at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = fn == SIG_DFL ? SIG_DFL : SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static void list_files(FILE *out, const char *head, const struct mt_capture_result *r)
{
	for (int i = 0; i < r->nsnapshots; i++)
		fprintf(out, "%s%s\n", head, r->snapshots[i]);
	if (r->report)
		fprintf(out, "%s%s\n", head, r->report);
	if (r->core)
		fprintf(out, "%s%s\n", head, r->core);
}

/* The kind of file --print asks for: the snapshots', else the report's,
 * else the core's (MT_KIND_SNAPSHOT when nothing prints). */
static enum mt_kind print_kind(const struct cli *cli, const struct mt_capture_result *r)
{
	if (!cli->print || view_find(MT_KIND_SNAPSHOT, cli->print, r->nsnapshots > 1))
		return MT_KIND_SNAPSHOT;
	if (view_find(MT_KIND_REPORT, cli->print, 0))
		return MT_KIND_REPORT;
	return r->core && view_find(MT_KIND_COREDUMP, cli->print, 0) ? MT_KIND_COREDUMP
								      : MT_KIND_SNAPSHOT;
}

/* What opens: the snapshots as a series (evenly picked when there are
 * more than mortem opens at once, the first and the last always), or the
 * report when there is none or --print asks for a report's pane, or the
 * core for a core's pane. */
static int choose_files(struct cli *cli, const struct mt_capture_result *r)
{
	int n = r->nsnapshots;
	enum mt_kind kind = print_kind(cli, r);

	cli->nfiles = 0;
	if (kind == MT_KIND_COREDUMP) {
		cli->files[cli->nfiles++] = r->core;
	} else if (n && kind == MT_KIND_SNAPSHOT) {
		int take = n < MT_MAX_FILES ? n : MT_MAX_FILES;
		for (int k = 0; k < take; k++)
			cli->files[cli->nfiles++] = r->snapshots[take > 1 ? k * (n - 1) / (take - 1) : 0];
	} else if (r->report) {
		cli->files[cli->nfiles++] = r->report;
	}
	return cli->nfiles;
}

static int open_result(struct cli *cli, const struct mt_capture_result *r)
{
	struct mt_artifact docs[MT_MAX_FILES];
	int status;

	if (cli->capture.no_open || !choose_files(cli, r)) {
		list_files(stdout, "", r);
		return 0;
	}
	if (cli->print) {
		cli_open_all(cli, docs);
		status = cli_batch(cli, docs, cli->nfiles);
	} else {
		cli->start.files = cli->files;
		cli->start.open = &cli->open;
		status = tui_run(docs, cli->nfiles, &cli->opts, &cli->start);
	}
	for (int i = 0; i < cli->nfiles; i++)
		mt_artifact_close(&docs[i]);
	return status;
}

int cli_capture(struct cli *cli)
{
	struct cli_capture *c = &cli->capture;
	struct mt_capture_result res;
	struct mt_error err = { 0 };
	char dir[64];
	int tty = isatty(STDERR_FILENO);

	if (!c->out)
		default_dir(c->pid, dir, sizeof dir);
	struct mt_capture_opts o = {
		.pid = c->pid,
		.snapshots = c->snapshots >= 0 ? c->snapshots : c->report ? 0 : DEFAULT_SNAPSHOTS,
		.interval_ms = c->interval_ms >= 0 ? c->interval_ms : DEFAULT_INTERVAL_MS,
		.report = 1, .core = c->core, .force = c->force,
		.dir = c->out ? c->out : dir,
		.progress = progress, .ctx = &tty, .stop = &stop,
	};
	on_signals(on_interrupt);
	int rc = mt_capture_run(&o, &res, &err);
	on_signals(SIG_DFL);
	if (res.note)
		fprintf(stderr, "mortem: %s\n", res.note);
	if (rc < 0) {
		fprintf(stderr, "%smortem: %s\n", tty ? "\r\033[K" : "", err.msg);
		list_files(stderr, "mortem: kept ", &res);
		mt_capture_result_free(&res);
		return 2;
	}
	rc = open_result(cli, &res);
	mt_capture_result_free(&res);
	return rc;
}
