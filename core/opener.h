/* core/opener.h: opening artifacts on threads of their own while the
 * caller shows how far each has come (a gigabyte snapshot takes seconds):
 * the UI draws a bar per file, --print a line on stderr. */
#ifndef MORTEM_CORE_OPENER_H
#define MORTEM_CORE_OPENER_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "core/artifact.h"

/* One file being opened. */
struct mt_opening {
	struct mt_artifact *doc;     /* borrowed: the slot it fills */
	const char *path;            /* borrowed */
	struct mt_open_opts open;    /* copy; its progress reports here */
	pthread_mutex_t lock;        /* guards phase, done, total, finished */
	char phase[32];
	uint64_t done, total;
	int finished;
	pthread_t tid;
	int threaded;
	struct timespec start;
};

/* What a caller draws of one file. */
struct mt_opening_state {
	char phase[32];              /* "" before the first report */
	uint64_t done, total;
	int finished;
	double rate;                 /* bytes per second while bytes are read, else 0 */
};

/* Open paths[i] into docs[i] for i < n, each on a thread of its own ("-",
 * standard input, too: the caller keeps drawing while it is spooled). */
void mt_open_start(struct mt_opening *jobs, int n, struct mt_artifact *docs,
		   const char *const *paths, const struct mt_open_opts *o);
void mt_open_state(struct mt_opening *j, struct mt_opening_state *out);
int mt_open_all_finished(struct mt_opening *jobs, int n);
/* Wait for every file and release the jobs. */
void mt_open_finish(struct mt_opening *jobs, int n);

#endif
