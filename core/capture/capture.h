/* core/capture/capture.h: heap snapshots, a diagnostic report and a core
 * taken from a running node process through its inspector (doc/capture.md).
 *
 * Core code: never prints, never exits. Progress goes to a callback; an
 * interruption is a flag the caller sets (from a SIGINT handler). */
#ifndef MORTEM_CORE_CAPTURE_H
#define MORTEM_CORE_CAPTURE_H

#include "core/error.h"

#include <signal.h>

#define MT_CAPTURE_MAX_SNAPSHOTS 100

/* One line of progress; `live` says it will be replaced by the next one
 * (a percentage), otherwise it is a line to keep. */
typedef void (*mt_capture_progress_fn)(void *ctx, int live, const char *line);

struct mt_capture_opts {
	int pid;
	int snapshots;                 /* 0 to MT_CAPTURE_MAX_SNAPSHOTS */
	long interval_ms;              /* between two snapshots */
	int report;                    /* take a diagnostic report */
	int core;                      /* take a core through gcore */
	int force;                     /* skip the memory check */
	const char *dir;               /* borrowed: where the files go (made if missing) */
	mt_capture_progress_fn progress; /* may be NULL */
	void *ctx;                     /* borrowed: passed to progress */
	/* borrowed: set to 1 to stop (Ctrl-C), 2 to stop at once without
	 * waiting to close the inspector */
	volatile sig_atomic_t *stop;
};

struct mt_capture_result {
	char *snapshots[MT_CAPTURE_MAX_SNAPSHOTS]; /* owned: the files written */
	int nsnapshots;
	char *report;                  /* owned, or NULL */
	char *core;                    /* owned, or NULL */
	char *note;                    /* owned: what was not taken and why, or NULL */
};

/* Take what opts asks from opts->pid into opts->dir. Returns 0, or -1 with
 * err set (the files already complete stay in result, partial ones are
 * removed). The process is left running; an inspector mortem opened is
 * closed again. */
int mt_capture_run(const struct mt_capture_opts *opts, struct mt_capture_result *result,
		   struct mt_error *err);

void mt_capture_result_free(struct mt_capture_result *result);

#endif
