/* core/artifact.h: one opened artifact (report, snapshot or core) and the
 * table of loaders by kind.
 *
 * mt_artifact_open() sniffs the content, picks the kind's loader and keeps
 * either a model or the one-line error that stopped it. A failed artifact is
 * still an artifact: the UI shows its error in its pane while the other
 * pane goes on.
 */
#ifndef MORTEM_CORE_ARTIFACT_H
#define MORTEM_CORE_ARTIFACT_H

#include <stdint.h>

#include "core/error.h"
#include "core/input.h"

/* Load progress: phase is a short word ("parse", "dominators"), done/total
 * in the phase's unit (bytes for parsing). Called from the loading thread. */
typedef void (*mt_progress_fn)(void *ctx, const char *phase, uint64_t done, uint64_t total);

struct mt_open_opts {
	int redact;              /* redact secrets in environment values (default 1) */
	int raw_heap;            /* snapshots: no shallow-size re-attribution */
	int model_only;          /* cores' heaps: the model alone, no graph passes
				    (a snapshot written from it needs none) */
	const char *exe;         /* cores: the executable, else from NT_FILE */
	const char *sysroot;     /* cores: prefix for library paths */
	int no_backtraces;       /* cores: threads without frames (the heap prints
				    need none, and unwinding costs ~0.1 s) */
	const char *thresholds;  /* reports: triage thresholds "leak_warn=100,..." or NULL */
	const char *redact_key;  /* reports: one more PCRE2 secret-name pattern, or NULL */
	const char *redact_value;/* reports: one more PCRE2 secret-value pattern, or NULL */
	mt_progress_fn progress; /* may be NULL */
	void *progress_ctx;
};

enum mt_severity { MT_SEV_NONE = 0, MT_SEV_INFO, MT_SEV_WARNING, MT_SEV_CRITICAL };

const char *mt_severity_name(enum mt_severity sev);
/* Parse "info", "warning", "critical"; -1 if none of those. */
int mt_severity_parse(const char *name);

struct mt_kind_ops {
	const char *name;        /* short: "report", "snapshot", "core" */
	/* Load the artifact at path (a real file; stdin was spooled already).
	 * Returns the model, owned by the artifact, or NULL with err set. */
	void *(*load)(const char *path, const struct mt_open_opts *o, struct mt_error *err);
	void (*free)(void *model);
	/* Worst finding of the triage rules; NULL when the kind has no rules. */
	enum mt_severity (*max_severity)(const void *model);
};

/* The loaders; each area defines its own (a stub until it exists). */
extern const struct mt_kind_ops mt_report_kind;
extern const struct mt_kind_ops mt_snapshot_kind;
extern const struct mt_kind_ops mt_coredump_kind;   /* raw or gzipped cores and zip bundles */

struct mt_artifact {
	char *path;                    /* owned: as the user named it */
	char *spool;                   /* owned: /proc path of stdin's unlinked copy */
	int spool_fd;                  /* that copy's descriptor, when spool is set */
	enum mt_kind kind;
	const struct mt_kind_ops *ops; /* borrowed static table; NULL if unsupported */
	void *model;                   /* owned through ops->free; NULL if it failed */
	struct mt_error err;           /* why model is NULL */
	/* What the panes keep for this artifact while it is open (a heap's
	 * comparisons and ignored retainers, views/heap/state.c): owned,
	 * freed with views_cache_free before the model. */
	void *views_cache;
	void (*views_cache_free)(void *cache);
	/* Every file opened with this one, in the order given, when there are
	 * more than two (a series of snapshots); borrowed, or NULL. */
	struct mt_artifact *series;
	int nseries;
	/* Where a slow load over this artifact (a core's JavaScript heap,
	 * made when its pane opens) reports how far it has come: set by the UI
	 * while it waits for one (tui/busy.c), else NULL. */
	mt_progress_fn progress;
	void *progress_ctx;
};

#define MT_MAX_FILES 10   /* files opened at once (a series of snapshots) */

/* Link n artifacts opened together as a series (n > 2), or unlink. */
void mt_artifact_series(struct mt_artifact *docs, int n);

/* Open path; returns 0 with a model or -1 with a->err set (a still needs
 * mt_artifact_close). */
int mt_artifact_open(struct mt_artifact *a, const char *path, const struct mt_open_opts *o);
/* Whether path opens and holds a kind mortem loads, without loading it (a
 * few KB read): 0, or -1 with err set as mt_artifact_open would set it.
 * err must not be NULL. */
int mt_artifact_probe(const char *path, struct mt_error *err);
void mt_artifact_close(struct mt_artifact *a);

#endif
