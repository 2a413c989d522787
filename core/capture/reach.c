/* core/capture/reach.c: reaching a node process's inspector (one it
 * already has, or one SIGUSR1 opens) and closing again what mortem opened. */
#include "core/capture/internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define OPEN_WAIT_MS 5000
#define CLOSE_WAIT_MS 5000
#define STEP_MS 50
#define DEFAULT_PORT 9229

static const char close_js[] =
	"(m => { m.close(); return true; })"
	"(process.getBuiltinModule ? process.getBuiltinModule('inspector')"
	" : require('inspector'))";

static void nap(void)
{
	struct timespec t = { 0, STEP_MS * 1000000L };
	nanosleep(&t, NULL);
}

static int listed(const struct cap_listen *l, int n, int port)
{
	for (int i = 0; i < n; i++)
		if (l[i].port == port)
			return 1;
	return 0;
}

/* Probe the process's listening ports that may be an inspector. */
static int probe_open(struct cap_session *s, const struct cap_listen *l, int n, int all)
{
	for (int i = 0; i < n; i++) {
		if (!all && l[i].port != DEFAULT_PORT)
			continue;
		if (cap_inspector_probe(l[i].host, l[i].port, &s->target, NULL) == 0)
			return 0;
	}
	return -1;
}

/* SIGUSR1, then wait for a new listening port that answers /json/list. */
static int signal_open(struct cap_session *s, const struct cap_listen *before, int nbefore,
		       struct mt_error *err)
{
	struct cap_listen now[CAP_MAX_LISTEN];
	int pid = s->opts->pid;

	if (kill(pid, SIGUSR1) < 0) {
		mt_error_set(err, "process %d: SIGUSR1: %s", pid, strerror(errno));
		return -1;
	}
	/* Not cut short by Ctrl-C: an inspector that opens must be found to
	 * be closed again. */
	for (int waited = 0; waited < OPEN_WAIT_MS; waited += STEP_MS) {
		nap();
		int n = cap_proc_listening(pid, now, CAP_MAX_LISTEN, NULL);
		for (int i = 0; i < n; i++)
			if (!listed(before, nbefore, now[i].port) &&
			    cap_inspector_probe(now[i].host, now[i].port, &s->target, NULL) == 0) {
				s->opened = s->open_now = 1;
				return 0;
			}
	}
	/* Already open from an earlier SIGUSR1: it is someone else's. */
	if (probe_open(s, before, nbefore, 1) == 0) {
		s->opened = 0;
		return 0;
	}
	mt_error_set(err, "process %d opened no inspector within %d s (node gives up when "
		     "port %d is taken)", pid, OPEN_WAIT_MS / 1000, DEFAULT_PORT);
	return -1;
}

int cap_reach(struct cap_session *s, struct mt_error *err)
{
	const struct cap_proc *p = s->proc;
	struct cap_listen before[CAP_MAX_LISTEN];
	int n = cap_proc_listening(p->pid, before, CAP_MAX_LISTEN, NULL);

	if (probe_open(s, before, n, p->inspect_flag) == 0) {
		s->opened = 0;
	} else if (!p->catches_usr1) {
		mt_error_set(err, "process %d (%s) does not handle SIGUSR1 (started with "
			     "--disable-sigusr1, or too young to have its handler): nothing sent",
			     p->pid, p->comm);
		return -1;
	} else if (signal_open(s, before, n, err) < 0) {
		return -1;
	}
	if (cap_cdp_open(&s->cdp, &s->target, err) < 0) {
		cap_release(s, NULL);
		return -1;
	}
	s->cdp.stop = s->opts->stop;
	if (s->opened)
		cap_progress(s, 0, "inspector opened on %s:%d (anyone on this host can connect "
			     "until mortem closes it)", s->target.host, s->target.port);
	else
		cap_progress(s, 0, "using the inspector already open on %s:%d (left open)",
			     s->target.host, s->target.port);
	return 0;
}

/* Whether the port is still among the process's listening sockets. */
static int still_listening(int pid, int port)
{
	struct cap_listen l[CAP_MAX_LISTEN];
	int n = cap_proc_listening(pid, l, CAP_MAX_LISTEN, NULL);
	return listed(l, n, port);
}

/* Close the inspector if mortem opened it: through a session of its own
 * (a new one when the first is gone). */
static void ask_close(struct cap_session *s)
{
	struct mt_error ignored = { 0 };

	if (!s->cdp.ws && cap_cdp_open(&s->cdp, &s->target, &ignored) < 0)
		return;
	cJSON *params = cJSON_CreateObject();
	cJSON_AddStringToObject(params, "expression", close_js);
	cJSON_AddBoolToObject(params, "includeCommandLineAPI", 1);
	volatile sig_atomic_t *stop = s->cdp.stop;
	s->cdp.stop = NULL;      /* a Ctrl-C must not stop the closing */
	cap_cdp_call(&s->cdp, "Runtime.evaluate", params, CLOSE_WAIT_MS, NULL, &ignored);
	s->cdp.stop = stop;
}

int cap_release(struct cap_session *s, struct mt_error *err)
{
	if (s->open_now && !(s->opts->stop && *s->opts->stop >= 2))
		ask_close(s);
	cap_cdp_close(&s->cdp);
	if (!s->open_now)
		return 0;
	for (int waited = 0; waited < CLOSE_WAIT_MS; waited += STEP_MS) {
		if (!still_listening(s->opts->pid, s->target.port)) {
			s->open_now = 0;
			cap_progress(s, 0, "inspector on port %d closed again", s->target.port);
			return 0;
		}
		nap();
	}
	mt_error_set(err, "process %d: the inspector mortem opened on port %d is still open",
		     s->opts->pid, s->target.port);
	return -1;
}
