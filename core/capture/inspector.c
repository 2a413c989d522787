/* core/capture/inspector.c: finding the inspector's WebSocket by
 * GET /json/list, as DevTools does. */
#include "core/capture/internal.h"
#include "core/strbuf.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PROBE_MS 2000
#define LIST_MAX (1 << 20)

/* "ws://HOST:PORT/PATH" into t: the path; host and port stay those asked
 * (the inspector may name 0.0.0.0 or a hostname we would not resolve). */
static int ws_url(const char *url, struct cap_target *t, struct mt_error *err)
{
	if (strncmp(url, "ws://", 5) != 0) {
		mt_error_set(err, "webSocketDebuggerUrl is not ws://");
		return -1;
	}
	const char *path = strchr(url + 5, '/');
	if (!path || strlen(path) >= sizeof t->path || strspn(path + 1,
	    "0123456789abcdefABCDEF-") != strlen(path + 1)) {
		mt_error_set(err, "webSocketDebuggerUrl has no path of an id");
		return -1;
	}
	snprintf(t->path, sizeof t->path, "%s", path);
	return 0;
}

int cap_json_list_parse(const char *body, size_t len, struct cap_target *t, struct mt_error *err)
{
	const char *end = NULL;
	cJSON *list = cJSON_ParseWithLengthOpts(body, len, &end, 0);
	const cJSON *item;
	int rc = -1;

	if (!list) {
		mt_error_set(err, "/json/list: byte %td: not JSON", end ? end - body : (ptrdiff_t)0);
		return -1;
	}
	if (!cJSON_IsArray(list)) {
		mt_error_set(err, "/json/list: not a list");
		cJSON_Delete(list);
		return -1;
	}
	cJSON_ArrayForEach(item, list) {
		const cJSON *url = cJSON_GetObjectItemCaseSensitive(item, "webSocketDebuggerUrl");
		if (cJSON_IsString(url) && ws_url(url->valuestring, t, err) == 0) {
			rc = 0;
			break;
		}
	}
	if (rc < 0)
		mt_error_set(err, "/json/list: no target with a webSocketDebuggerUrl");
	cJSON_Delete(list);
	return rc;
}

static int send_all(int fd, const char *s, size_t n)
{
	while (n) {
		struct pollfd p = { fd, POLLOUT, 0 };
		if (poll(&p, 1, PROBE_MS) <= 0)
			return -1;
		ssize_t k = send(fd, s, n, MSG_NOSIGNAL);
		if (k < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		if (k > 0) {
			s += k;
			n -= (size_t)k;
		}
	}
	return 0;
}

/* Read the whole response: until the peer closes or Content-Length is in. */
static int read_reply(int fd, struct strbuf *in, struct cap_http_reply *r, struct mt_error *err)
{
	char buf[8192];
	int head = 0;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, PROBE_MS) <= 0) {
			mt_error_set(err, "no reply within %d ms", PROBE_MS);
			return -1;
		}
		ssize_t k = recv(fd, buf, sizeof buf, 0);
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (k > 0)
			strbuf_add(in, buf, (size_t)k);
		if (!head && (head = cap_http_parse(in->buf ? in->buf : "", in->len, r, err)) < 0)
			return -1;
		if (head && r->content_length >= 0 &&
		    in->len - r->head_len >= (size_t)r->content_length)
			return 0;
		if (k <= 0 || in->len > LIST_MAX) {
			if (head && k == 0)
				return 0;
			mt_error_set(err, "the reply ended at byte %zu", in->len);
			return -1;
		}
	}
}

int cap_inspector_probe(const char *host, int port, struct cap_target *t, struct mt_error *err)
{
	struct strbuf req = STRBUF_INIT, in = STRBUF_INIT;
	struct cap_http_reply r;
	int rc = -1;
	int fd = cap_tcp_connect(host, port, PROBE_MS, err);

	if (fd < 0)
		return -1;
	strbuf_printf(&req, "GET /json/list HTTP/1.1\r\nHost: %s%s%s:%d\r\n"
		      "Connection: close\r\n\r\n", strchr(host, ':') ? "[" : "", host,
		      strchr(host, ':') ? "]" : "", port);
	if (send_all(fd, req.buf, req.len) < 0)
		mt_error_set(err, "%s:%d: the request could not be sent", host, port);
	else if (read_reply(fd, &in, &r, err) == 0) {
		if (r.status != 200)
			mt_error_set(err, "%s:%d: /json/list answered %d", host, port, r.status);
		else if (cap_json_list_parse(in.buf + r.head_len, in.len - r.head_len, t, err) == 0)
			rc = 0;
	}
	close(fd);
	strbuf_free(&req);
	strbuf_free(&in);
	if (rc == 0) {
		snprintf(t->host, sizeof t->host, "%s", host);
		t->port = port;
	}
	return rc;
}
