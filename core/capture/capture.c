/* core/capture/capture.c: one capture from start to end: check the
 * process, reach its inspector, check the memory, take the snapshots and
 * the report, close what was opened, take the core. */
#include "core/capture/internal.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TICK_MS 200
#define HEAP_USAGE_MS 10000

void cap_progress(struct cap_session *s, int live, const char *fmt, ...)
{
	struct strbuf line = STRBUF_INIT;
	va_list ap;

	if (!s->opts->progress)
		return;
	va_start(ap, fmt);
	strbuf_vprintf(&line, fmt, ap);
	va_end(ap);
	if (live && s->open_now)
		strbuf_printf(&line, " (inspector open on %s:%d: anyone on this host can connect)",
			      s->target.host, s->target.port);
	s->opts->progress(s->opts->ctx, live, strbuf_str(&line));
	strbuf_free(&line);
}

int cap_stopped(const struct cap_session *s)
{
	return s->opts->stop && *s->opts->stop;
}

static int check_process(const struct cap_proc *p, struct mt_error *err)
{
	if (!p->is_node) {
		mt_error_set(err, "process %d (%s) is not node (its executable: %s): nothing sent",
			     p->pid, p->comm, p->exe[0] ? p->exe : "unreadable");
		return -1;
	}
	return 0;
}

/* A snapshot needs about the heap in use again: refuse when the process's
 * cgroup or the system has less room than that. */
static int check_memory(struct cap_session *s, struct mt_error *err)
{
	cJSON *r = NULL;
	struct cap_room room;

	if (cap_cdp_call(&s->cdp, "Runtime.getHeapUsage", NULL, HEAP_USAGE_MS, &r, err) < 0)
		return -1;
	const cJSON *used = cJSON_GetObjectItemCaseSensitive(r, "usedSize");
	double need = cJSON_IsNumber(used) ? used->valuedouble : 0;
	cJSON_Delete(r);
	cap_memory_room(s->opts->pid, &room);
	if (room.bytes < 0 || need <= (double)room.bytes)
		return 0;
	mt_error_set(err, "process %d: a heap snapshot needs about %.0f MB more (its heap in "
		     "use) but %s has %.0f MB left; --force takes it anyway", s->opts->pid,
		     need / 1e6, room.where, room.bytes / 1e6);
	return -1;
}

static void nap(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000L };
	nanosleep(&t, NULL);    /* a Ctrl-C ends it early */
}

/* Wait between two snapshots until Ctrl-C: answering the socket when it
 * stays open, otherwise sleeping. */
static int wait_interval(struct cap_session *s, int next, struct mt_error *err)
{
	for (long left = s->opts->interval_ms; left > 0 && !cap_stopped(s); left -= TICK_MS) {
		cap_progress(s, 1, "snapshot %d in %ld s%s", next, (left + 999) / 1000,
			     s->cdp.ws ? "" : " (inspector closed meanwhile)");
		int tick = left < TICK_MS ? (int)left : TICK_MS;
		if (!s->cdp.ws)
			nap(tick);
		else if (cap_ws_pump(s->cdp.ws, tick, err) < 0)
			return -1;
	}
	if (cap_stopped(s)) {
		mt_error_set(err, "interrupted before snapshot %d", next);
		return -1;
	}
	return 0;
}

/* Between two snapshots an inspector mortem opened is closed, and opened
 * again for the next: it stays open no longer than a snapshot needs. */
static int between(struct cap_session *s, int next, struct mt_error *err)
{
	if (!s->opened)
		return wait_interval(s, next, err);
	if (cap_release(s, err) < 0 || wait_interval(s, next, err) < 0)
		return -1;
	return cap_reach(s, err);
}

static char *file_in(const char *dir, const char *fmt, int n)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%s/", dir);
	strbuf_printf(&sb, fmt, n);
	return strbuf_detach(&sb);
}

static int take_all(struct cap_session *s, struct mt_capture_result *res, struct mt_error *err)
{
	const struct mt_capture_opts *o = s->opts;

	if (o->snapshots > 0 && !o->force && check_memory(s, err) < 0)
		return -1;
	for (int i = 1; i <= o->snapshots; i++) {
		if (cap_stopped(s)) {
			mt_error_set(err, "interrupted before snapshot %d", i);
			return -1;
		}
		char *path = file_in(o->dir, "snapshot-%d.heapsnapshot.gz", i);
		if ((i > 1 && between(s, i, err) < 0) ||
		    cap_take_snapshot(s, i, path, err) < 0) {
			free(path);
			return -1;
		}
		res->snapshots[res->nsnapshots++] = path;
	}
	if (o->report && cap_stopped(s)) {
		mt_error_set(err, "interrupted before the report");
		return -1;
	}
	if (o->report) {
		char *path = file_in(o->dir, "report.json", 0);
		if (cap_take_report(s, path, err) < 0) {
			free(path);
			return -1;
		}
		res->report = path;
	}
	return 0;
}

/* The folder, made when missing; files of an earlier capture are not
 * overwritten. */
static int prepare_dir(const struct mt_capture_opts *o, struct mt_error *err)
{
	char *first = file_in(o->dir, "snapshot-%d.heapsnapshot.gz", 1);
	char *report = file_in(o->dir, "report.json", 0);
	int rc = 0;

	if (mkdir(o->dir, 0755) < 0 && errno != EEXIST) {
		mt_error_set(err, "%s: %s", o->dir, strerror(errno));
		rc = -1;
	} else if (access(first, F_OK) == 0 || access(report, F_OK) == 0) {
		mt_error_set(err, "%s: holds an earlier capture; choose another --out", o->dir);
		rc = -1;
	}
	free(first);
	free(report);
	return rc;
}

int mt_capture_run(const struct mt_capture_opts *o, struct mt_capture_result *res,
		   struct mt_error *err)
{
	struct cap_proc p;
	struct cap_session s = { .opts = o, .proc = &p };
	int rc;

	memset(res, 0, sizeof *res);
	if (cap_proc_read(o->pid, &p, err) < 0 || check_process(&p, err) < 0 ||
	    prepare_dir(o, err) < 0 || cap_reach(&s, err) < 0)
		return -1;
	rc = take_all(&s, res, err);
	if (cap_release(&s, err) < 0)
		rc = -1;
	if (rc == 0 && o->core) {
		cap_progress(&s, 1, "core: gcore %d (the process stops while it is written)", o->pid);
		rc = cap_take_core(o, &res->core, &res->note, err);
		if (rc == 0 && res->core)
			cap_progress(&s, 0, "core: %s", res->core);
	}
	return rc;
}

void mt_capture_result_free(struct mt_capture_result *res)
{
	for (int i = 0; i < res->nsnapshots; i++)
		free(res->snapshots[i]);
	free(res->report);
	free(res->core);
	free(res->note);
	memset(res, 0, sizeof *res);
}
