/* core/capture/internal.h: the pieces of core/capture, for its own files,
 * its unit tests and its fuzzers only. */
#ifndef MORTEM_CORE_CAPTURE_INTERNAL_H
#define MORTEM_CORE_CAPTURE_INTERNAL_H

#include "core/capture/capture.h"
#include "core/error.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* ---- proc.c: what /proc says of a process ---- */
struct cap_proc {
	int pid;
	char comm[64];           /* /proc/PID/comm, terminal-safe */
	char exe[256];           /* /proc/PID/exe, or "" when unreadable */
	int is_node;             /* its executable (or a mapped libnode) is node's */
	int catches_usr1;        /* SigCgt has SIGUSR1 */
	int inspect_flag;        /* --inspect in its command line or NODE_OPTIONS */
};

/* Fill p from /proc; -1 when the process does not exist or is not ours. */
int cap_proc_read(int pid, struct cap_proc *p, struct mt_error *err);

/* Whether SigCgt's hex mask (from /proc/PID/status) has signal sig. */
int cap_sigmask_has(const char *hex, int sig);

/* ---- nettcp.c: listening sockets from /proc/PID/net/tcp{,6} ---- */
struct cap_listen {
	int port;
	char host[48];           /* where to connect: 127.0.0.1 for 0.0.0.0, ::1 for :: */
	unsigned long inode;
};

#define CAP_MAX_LISTEN 64

/* The LISTEN sockets of a /proc/net/tcp or tcp6 text (v6 says which)
 * whose inode is one of inodes[0..ninodes) (all when inodes is NULL),
 * appended to out[*n..max). Bad lines are skipped. */
void cap_nettcp_parse(const char *text, size_t len, int v6, const unsigned long *inodes,
		      size_t ninodes, struct cap_listen *out, int *n, int max);

/* The listening sockets the process pid holds (both families). */
int cap_proc_listening(int pid, struct cap_listen *out, int max, struct mt_error *err);

/* ---- memory.c: room for a snapshot ---- */
struct cap_room {
	long long bytes;         /* the least room found, or -1 when unknown */
	char where[160];         /* what limits it: "cgroup /x (memory.max)", "MemAvailable" */
};

/* The memory the process pid may still take: its cgroups' limits less
 * their usage, and the system's MemAvailable. */
void cap_memory_room(int pid, struct cap_room *room);

/* Lower room->bytes to the least room of a cgroup's levels, from
 * mount/path up to mount: limit_file less usage_file ("memory.max" and
 * "memory.current" in v2) where a limit is set. */
void cap_cgroup_room(const char *mount, const char *path, const char *limit_file,
		     const char *usage_file, struct cap_room *room);

/* The parsers of a cgroup limit ("max" is -1) and of /proc/meminfo's
 * MemAvailable (bytes, or -1), for the tests. */
long long cap_parse_limit(const char *text);
long long cap_meminfo_available(const char *text);

/* ---- http.c: the inspector's HTTP side ---- */
struct cap_http_reply {
	int status;
	size_t head_len;         /* bytes of the status line and headers, with the blank line */
	long long content_length; /* -1 when absent */
	int upgrade_websocket;   /* Upgrade: websocket */
	char accept[32];         /* Sec-WebSocket-Accept, or "" (cut when longer) */
};

/* Parse a response head in buf[0..len). Returns 1 when complete, 0 when
 * more bytes are needed, -1 when it is not HTTP (err says where). */
int cap_http_parse(const char *buf, size_t len, struct cap_http_reply *r, struct mt_error *err);

/* A TCP connection to host:port within timeout_ms, or -1. */
int cap_tcp_connect(const char *host, int port, int timeout_ms, struct mt_error *err);

/* ---- sha1.c: the handshake's Sec-WebSocket-Accept ---- */
void cap_sha1(const void *data, size_t len, unsigned char out[20]);
/* out holds 4 * ((n + 2) / 3) + 1 bytes. */
void cap_base64(const unsigned char *in, size_t n, char *out);
/* What a server must answer to key (24 characters): 28 and a NUL. */
void cap_ws_accept(const char *key, char out[29]);

/* ---- inspector.c: discovery by GET /json/list ---- */
struct cap_target {
	char host[48];
	int port;
	char path[128];          /* the WebSocket path, "/<uuid>" */
};

/* Parse a /json/list body: the first target with a webSocketDebuggerUrl. */
int cap_json_list_parse(const char *body, size_t len, struct cap_target *t, struct mt_error *err);

/* Ask host:port for its targets; -1 when it is no inspector. */
int cap_inspector_probe(const char *host, int port, struct cap_target *t, struct mt_error *err);

/* ---- ws.c: a WebSocket client on libwslay ---- */
struct cap_ws;
typedef void (*cap_ws_msg_fn)(void *ctx, const char *msg, size_t len);

struct cap_ws *cap_ws_open(const struct cap_target *t, cap_ws_msg_fn on_msg, void *ctx,
			   struct mt_error *err);
int cap_ws_send(struct cap_ws *ws, const char *text, size_t len, struct mt_error *err);
/* Wait up to timeout_ms for traffic and handle it (on_msg for each whole
 * message). Returns 1 when something came, 0 on timeout, -1 on error or
 * when the peer closed. */
int cap_ws_pump(struct cap_ws *ws, int timeout_ms, struct mt_error *err);
void cap_ws_close(struct cap_ws **ws);

/* ---- cdp.c: the DevTools protocol over the socket ---- */
typedef void (*cap_event_fn)(void *ctx, const char *method, const cJSON *params);

struct cap_cdp {
	struct cap_ws *ws;        /* owned */
	int next_id;
	int want_id;              /* the reply being waited for */
	cJSON *reply;             /* owned: that reply, once here */
	cap_event_fn on_event;    /* notifications, may be NULL */
	void *ctx;                /* borrowed: for on_event */
	struct mt_error bad;      /* a message that was not JSON */
	volatile sig_atomic_t *stop; /* borrowed, may be NULL */
};

int cap_cdp_open(struct cap_cdp *c, const struct cap_target *t, struct mt_error *err);
/* Send method(params) (params owned by the call, may be NULL) and wait for
 * its reply: *result is the reply's "result" (owned by the caller: free
 * with cJSON_Delete(*result)). idle_ms bounds a silence, not the call. */
int cap_cdp_call(struct cap_cdp *c, const char *method, cJSON *params, int idle_ms,
		 cJSON **result, struct mt_error *err);
/* Send without waiting for the reply. */
int cap_cdp_send(struct cap_cdp *c, const char *method, cJSON *params, struct mt_error *err);
void cap_cdp_close(struct cap_cdp *c);

/* ---- snapshot.c, report.c, gcore.c: what is taken ---- */
struct cap_session {
	const struct mt_capture_opts *opts; /* borrowed from mt_capture_run's caller */
	struct cap_cdp cdp;       /* the connection; cdp.ws NULL while closed */
	struct cap_target target; /* the inspector reached last */
	const struct cap_proc *proc; /* borrowed: the process, as /proc said */
	int opened;               /* the inspector in use is one mortem opened */
	int open_now;             /* and it is open: cap_release must close it */
};

void cap_progress(struct cap_session *s, int live, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int cap_stopped(const struct cap_session *s);

int cap_take_snapshot(struct cap_session *s, int index, const char *path, struct mt_error *err);
int cap_take_report(struct cap_session *s, const char *path, struct mt_error *err);
/* gcore into o->dir: *path (owned by the caller) is the core, or stays
 * NULL with *note (owned by the caller) saying why when gcore is missing. */
int cap_take_core(const struct mt_capture_opts *o, char **path, char **note, struct mt_error *err);

/* ---- reach.c: opening and closing the inspector ---- */
/* Connect to s->proc's inspector, opening it when it has none. */
int cap_reach(struct cap_session *s, struct mt_error *err);
/* Disconnect, and close the inspector if mortem opened it; -1 (err set)
 * when its port stays open. */
int cap_release(struct cap_session *s, struct mt_error *err);

#endif
