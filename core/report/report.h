/* core/report/report.h: the Node.js diagnostic report model.
 *
 * One model reads every layout in the wild: reportVersion 1 to 5 and the
 * pre-versioned node 11/12 layout (`location` instead of `trigger`), pretty
 * or compact, Linux, macOS and Windows, with any optional section missing.
 * The parsed cJSON tree is kept whole (unknown fields stay readable); the
 * model adds typed views over the parts mortem reasons about. Every string
 * pointer in the model is borrowed from the tree unless marked owned.
 */
#ifndef MORTEM_CORE_REPORT_REPORT_H
#define MORTEM_CORE_REPORT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "core/artifact.h"
#include "core/error.h"

#define MT_REDACTED "[REDACTED]"

struct mt_endpoint {
	int present;            /* 0: null or missing */
	const char *host;       /* reverse-DNS name or numeric, may be NULL */
	const char *ip;         /* ip4/ip6 (reportVersion >= 4), may be NULL */
	int64_t port;           /* -1 when absent */
};

struct mt_handle {
	const cJSON *json;      /* the handle object */
	const char *type;       /* "tcp", "timer"... ("?" when missing) */
	const char *address;    /* hex string, may be NULL */
	int active, referenced; /* 1, 0, or -1 unknown */
	int64_t fd;             /* -1 none */
	struct mt_endpoint local, remote;
	int has_timer;          /* timers: the three fields below are set */
	int64_t fires_in_ms;    /* negative when overdue */
	int expired;
	int64_t repeat;
	char *detail;           /* owned: filename, signal, pipe path, pid... or NULL */
	char *legacy;           /* owned: parsed copy of a node 11 `details` text;
				   the endpoints' strings may point into it */
};

enum mt_group_dir {
	MT_DIR_OTHER = 0,       /* not a socket: grouped by type */
	MT_DIR_LISTEN,          /* a listening socket (no remote end) */
	MT_DIR_INBOUND,         /* accepted by one of our listening ports */
	MT_DIR_OUTBOUND,        /* connected out to a remote endpoint */
};

/* Handles grouped by type and endpoint, never by position. */
struct mt_handle_group {
	char *key;              /* owned: stable id, e.g. "tcp out 127.0.0.1:5432" */
	const char *type;
	enum mt_group_dir dir;
	char *endpoint;         /* owned: "127.0.0.1:5432", ":8080" or "" */
	size_t *members;        /* owned: indexes into report->handles */
	size_t count;
	size_t active, referenced;
};

struct mt_js_frame {
	const char *raw;        /* the frame line as written */
	char *function;         /* owned; "<anonymous>" when none */
	char *file;             /* owned; may be "" */
	int64_t line, column;   /* -1 when absent */
};

struct mt_native_frame {
	char *pc;               /* owned; "" when absent */
	char *symbol;           /* owned; "" when absent */
};

struct mt_heap_space {
	const char *name;
	uint64_t memory_size, committed, capacity, used, available;
};

struct mt_env_var {
	const char *key;
	const char *value;
	char *shown;            /* owned: value with secrets replaced, or NULL
				   when nothing in it is secret */
	int secret_key;         /* the key itself names a secret */
};

struct mt_limit {
	const char *name;
	const cJSON *soft, *hard;   /* numbers, numeric strings or "unlimited" */
};

struct mt_finding {
	const char *rule;       /* static rule id: "connection-leak" */
	enum mt_severity severity;
	char *message;          /* owned: one line */
	char **rows;            /* owned: the rows proving it */
	size_t nrows;
};

struct mt_thresholds {
	double heap_warn, heap_crit;        /* used / limit: 0.85, 0.95 */
	size_t leak_warn, leak_crit;        /* handles to one remote: 50, 250 */
	size_t pileup_warn, pileup_crit;    /* accepted on one port: 50, 250 */
	double cpu_user_pct;                /* user CPU % at least: 80 */
	double cpu_kernel_ratio;            /* and kernel at most user * this: 0.1 */
	double fd_warn, fd_crit;            /* fds / open_files soft: 0.8, 0.95 */
	int64_t long_timer_ms;              /* a referenced timer beyond: 600000 */
};

struct mt_report {
	cJSON *root;            /* owned for a top report; NULL for a worker */
	const cJSON *json;      /* the report object (root or a workers[] item) */
	int redact;             /* secrets are masked in shown values */
	int version;            /* header.reportVersion; 0 pre-versioned */
	const cJSON *header;
	const char *event, *trigger;  /* trigger falls back to `location` */
	const char *node_version, *platform, *arch, *host, *cwd;
	const char *os_name, *os_release, *os_version, *os_machine;
	const char *dump_time;  /* header.dumpEventTime: LOCAL time, wrong `Z` */
	int64_t timestamp_ms;   /* dumpEventTimeStamp, -1 when absent */
	int64_t pid, tid;       /* -1 when absent or null */
	char **argv;            /* owned, each owned: commandLine, redacted */
	size_t argc;
	size_t ncpus;
	const char *js_message;
	struct mt_js_frame *js_frames;  /* owned */
	size_t njs_frames;
	const cJSON *error_props;       /* javascriptStack.errorProperties */
	struct mt_native_frame *native; /* owned */
	size_t nnative;
	const cJSON *heap;              /* javascriptHeap or NULL */
	struct mt_heap_space *spaces;   /* owned */
	size_t nspaces;
	struct mt_handle *handles;      /* owned: libuv[] except the loop */
	size_t nhandles;
	struct mt_handle_group *groups; /* owned, largest first */
	size_t ngroups;
	const cJSON *loop;              /* the {type:"loop"} entry or NULL */
	struct mt_env_var *env;         /* owned */
	size_t nenv;
	int has_env;                    /* environmentVariables present */
	struct mt_limit *limits;        /* owned */
	size_t nlimits;
	const char **libs;              /* owned array of borrowed paths */
	size_t nlibs;
	struct mt_report **workers;     /* owned */
	size_t nworkers;
	struct mt_finding *findings;    /* owned, worst first */
	size_t nfindings;
};

/* How a report is read: redaction, extra patterns, thresholds. */
struct mt_report_opts {
	int redact;                  /* mask secrets (1 by default) */
	const char *redact_keys;     /* borrowed: one more PCRE2 key pattern, or NULL */
	const char *redact_values;   /* borrowed: one more value pattern, or NULL */
	const char *thresholds;      /* borrowed: "leak_warn=100,..." or NULL */
};

/* Load a report file (plain or gzip). Errors name the file and the byte
 * offset (JSON syntax) or the field (wrong shape). */
struct mt_report *mt_report_load(const char *path, int redact, struct mt_error *err);
/* Parse a report from memory; name starts its errors (NULL: no name, for a
 * caller that adds it, as core/artifact.c does). */
struct mt_report *mt_report_parse(const char *name, const char *buf, size_t len,
				  int redact, struct mt_error *err);
struct mt_report *mt_report_parse_opts(const char *name, const char *buf, size_t len,
				       const struct mt_report_opts *o, struct mt_error *err);
void mt_report_free(struct mt_report **r);

/* Where the triage, redaction and grouping are computed (called by load). */
void mt_thresholds_default(struct mt_thresholds *t);
/* Parse "leak_warn=100,fd_warn=0.7"; returns 0, or -1 naming the bad item. */
int mt_thresholds_parse(struct mt_thresholds *t, const char *spec, struct mt_error *err);
/* Run the rules again with other thresholds (replaces r->findings). */
void mt_report_triage(struct mt_report *r, const struct mt_thresholds *t);
/* The worst severity over the report's findings and its workers'. */
enum mt_severity mt_report_max_severity(const struct mt_report *r);

/* "127.0.0.1:5432" (ip, else host) into buf. */
const char *mt_endpoint_text(const struct mt_endpoint *e, char *buf, size_t size);
/* Parse one JS frame line "at fn (file:line:col)" into f (owned strings). */
void mt_js_frame_parse(const char *raw, struct mt_js_frame *f);

#endif
