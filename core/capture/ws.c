/* core/capture/ws.c: a WebSocket client: the opening handshake (RFC 6455
 * section 4, its accept key by core/capture/sha1.c) here, the framing (masking, fragments, control frames, sizes)
 * by libwslay's event API over a non-blocking socket. */
#include "core/capture/internal.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wslay/wslay.h>

#define CONNECT_MS 3000
#define HANDSHAKE_MS 5000
#define MESSAGE_MAX (1024u << 20)  /* a report or a chunk; far above either */

struct cap_ws {
	int fd;
	wslay_event_context_ptr ctx;    /* owned */
	struct strbuf early;            /* owned: frame bytes that came with the handshake */
	size_t early_off;
	cap_ws_msg_fn on_msg;
	void *on_msg_ctx;               /* borrowed */
	int closed;
	int got;                        /* a message came in this pump */
};

static ssize_t on_recv(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, int flags,
		       void *user)
{
	struct cap_ws *ws = user;
	ssize_t k;

	if (ws->early_off < ws->early.len) {
		size_t n = ws->early.len - ws->early_off;
		n = n < len ? n : len;
		memcpy(buf, ws->early.buf + ws->early_off, n);
		ws->early_off += n;
		return (ssize_t)n;
	}
	while ((k = recv(ws->fd, buf, len, 0)) < 0 && errno == EINTR)
		;
	if (k > 0)
		return k;
	if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
	else {
		ws->closed = 1;
		wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
	}
	return -1;
}

static ssize_t on_send(wslay_event_context_ptr ctx, const uint8_t *data, size_t len, int flags,
		       void *user)
{
	struct cap_ws *ws = user;
	ssize_t k;

	while ((k = send(ws->fd, data, len, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (k >= 0)
		return k;
	wslay_event_set_error(ctx, errno == EAGAIN || errno == EWOULDBLOCK
				   ? WSLAY_ERR_WOULDBLOCK : WSLAY_ERR_CALLBACK_FAILURE);
	return -1;
}

static int on_genmask(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, void *user)
{
	return getrandom(buf, len, 0) == (ssize_t)len ? 0 : -1;
}

static void on_message(wslay_event_context_ptr ctx, const struct wslay_event_on_msg_recv_arg *a,
		       void *user)
{
	struct cap_ws *ws = user;

	ws->got = 1;
	if (a->opcode == WSLAY_CONNECTION_CLOSE)
		ws->closed = 1;
	else if (a->opcode == WSLAY_TEXT_FRAME)
		ws->on_msg(ws->on_msg_ctx, (const char *)a->msg, a->msg_length);
}

static int send_request(struct cap_ws *ws, const struct cap_target *t, char key[32],
			struct mt_error *err)
{
	unsigned char nonce[16];
	struct strbuf req = STRBUF_INIT;
	int rc = 0;

	if (getrandom(nonce, sizeof nonce, 0) != (ssize_t)sizeof nonce) {
		mt_error_set(err, "getrandom: %s", strerror(errno));
		return -1;
	}
	cap_base64(nonce, sizeof nonce, key);
	strbuf_printf(&req, "GET %s HTTP/1.1\r\nHost: %s%s%s:%d\r\nUpgrade: websocket\r\n"
		      "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
		      "Sec-WebSocket-Version: 13\r\n\r\n", t->path, strchr(t->host, ':') ? "[" : "",
		      t->host, strchr(t->host, ':') ? "]" : "", t->port, key);
	for (size_t off = 0; off < req.len && rc == 0; ) {
		struct pollfd p = { ws->fd, POLLOUT, 0 };
		ssize_t k = poll(&p, 1, HANDSHAKE_MS) > 0
			    ? send(ws->fd, req.buf + off, req.len - off, MSG_NOSIGNAL) : -1;
		if (k > 0)
			off += (size_t)k;
		else if (!(k < 0 && (errno == EAGAIN || errno == EINTR)))
			rc = -1;
	}
	if (rc < 0)
		mt_error_set(err, "%s:%d: the WebSocket handshake could not be sent", t->host, t->port);
	strbuf_free(&req);
	return rc;
}

/* Read the 101 reply and check its Sec-WebSocket-Accept against key;
 * bytes past its head are the first frames. */
static int read_upgrade(struct cap_ws *ws, const struct cap_target *t, const char *key,
			struct mt_error *err)
{
	char want[29];
	struct strbuf in = STRBUF_INIT;
	struct cap_http_reply r;
	char buf[4096];
	int head = 0;

	while (!head) {
		struct pollfd p = { ws->fd, POLLIN, 0 };
		ssize_t k = poll(&p, 1, HANDSHAKE_MS) > 0 ? recv(ws->fd, buf, sizeof buf, 0) : 0;
		if (k < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (k <= 0) {
			mt_error_set(err, "%s:%d: no WebSocket handshake reply", t->host, t->port);
			break;
		}
		strbuf_add(&in, buf, (size_t)k);
		head = cap_http_parse(in.buf, in.len, &r, err);
	}
	if (head == 1 && (r.status != 101 || !r.upgrade_websocket)) {
		mt_error_set(err, "%s:%d: the WebSocket upgrade was answered %d", t->host, t->port,
			     r.status);
		head = -1;
	}
	cap_ws_accept(key, want);
	if (head == 1 && strcmp(r.accept, want) != 0) {
		mt_error_set(err, "%s:%d: the WebSocket upgrade has a wrong Sec-WebSocket-Accept",
			     t->host, t->port);
		head = -1;
	}
	if (head == 1)
		strbuf_add(&ws->early, in.buf + r.head_len, in.len - r.head_len);
	strbuf_free(&in);
	return head == 1 ? 0 : -1;
}

struct cap_ws *cap_ws_open(const struct cap_target *t, cap_ws_msg_fn on_msg, void *ctx,
			   struct mt_error *err)
{
	static const struct wslay_event_callbacks callbacks = {
		.recv_callback = on_recv, .send_callback = on_send,
		.genmask_callback = on_genmask, .on_msg_recv_callback = on_message,
	};
	struct cap_ws *ws = xcalloc(1, sizeof *ws);
	char key[32];

	ws->on_msg = on_msg;
	ws->on_msg_ctx = ctx;
	ws->fd = cap_tcp_connect(t->host, t->port, CONNECT_MS, err);
	if (ws->fd < 0 || send_request(ws, t, key, err) < 0 || read_upgrade(ws, t, key, err) < 0 ||
	    wslay_event_context_client_init(&ws->ctx, &callbacks, ws) != 0) {
		mt_error_set(err, "%s:%d: no WebSocket", t->host, t->port);
		cap_ws_close(&ws);
		return NULL;
	}
	wslay_event_config_set_max_recv_msg_length(ws->ctx, MESSAGE_MAX);
	return ws;
}

int cap_ws_send(struct cap_ws *ws, const char *text, size_t len, struct mt_error *err)
{
	struct wslay_event_msg m = { WSLAY_TEXT_FRAME, (const uint8_t *)text, len };

	if (wslay_event_queue_msg(ws->ctx, &m) != 0 || wslay_event_send(ws->ctx) != 0) {
		mt_error_set(err, "the WebSocket could not send");
		return -1;
	}
	return 0;
}

int cap_ws_pump(struct cap_ws *ws, int timeout_ms, struct mt_error *err)
{
	struct pollfd p = { ws->fd, POLLIN, 0 };

	ws->got = 0;
	if (wslay_event_want_write(ws->ctx))
		p.events |= POLLOUT;
	/* Frames that came with the handshake are read before waiting. */
	int ready = ws->early_off < ws->early.len ? 1 : poll(&p, 1, timeout_ms);
	if (ready < 0 && errno != EINTR) {
		mt_error_set(err, "poll: %s", strerror(errno));
		return -1;
	}
	if (ready > 0 && ((p.revents & (POLLIN | POLLHUP | POLLERR)) || ws->early.len > ws->early_off) &&
	    wslay_event_recv(ws->ctx) != 0)
		ws->closed = 1;
	if (ready > 0 && wslay_event_want_write(ws->ctx) && wslay_event_send(ws->ctx) != 0)
		ws->closed = 1;
	if (ws->closed && !ws->got) {
		mt_error_set(err, "the inspector closed the connection");
		return -1;
	}
	return ws->got;
}

void cap_ws_close(struct cap_ws **wsp)
{
	struct cap_ws *ws = *wsp;

	if (!ws)
		return;
	if (ws->ctx) {
		if (!ws->closed) {
			wslay_event_queue_close(ws->ctx, 1000, NULL, 0);
			wslay_event_send(ws->ctx);
		}
		wslay_event_context_free(ws->ctx);
	}
	if (ws->fd >= 0)
		close(ws->fd);
	strbuf_free(&ws->early);
	free(ws);
	*wsp = NULL;
}
