/* core/capture/http.c: the little HTTP the inspector speaks: a TCP
 * connection with a timeout, and the head of a response (status line,
 * Content-Length, Upgrade). The body is for the caller. */
#include "core/capture/internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEAD_MAX 16384

static const char *find_crlf(const char *s, const char *end)
{
	for (; s + 1 < end; s++)
		if (s[0] == '\r' && s[1] == '\n')
			return s;
	return NULL;
}

/* "Name: value" against a header name, case ignored; its value or NULL. */
static const char *header_value(const char *line, const char *eol, const char *name,
				size_t *vlen)
{
	size_t n = strlen(name);
	if ((size_t)(eol - line) <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	const char *v = line + n + 1;
	while (v < eol && (*v == ' ' || *v == '\t'))
		v++;
	*vlen = (size_t)(eol - v);
	return v;
}

static int status_line(const char *s, const char *eol, struct cap_http_reply *r,
		       struct mt_error *err)
{
	if (eol - s < 12 || strncmp(s, "HTTP/1.", 7) != 0 || s[8] != ' ' ||
	    s[9] < '1' || s[9] > '5' || s[10] < '0' || s[10] > '9' ||
	    s[11] < '0' || s[11] > '9') {
		mt_error_set(err, "byte 0: not an HTTP response");
		return -1;
	}
	r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	return 0;
}

static int one_header(const char *line, const char *eol, size_t off, struct cap_http_reply *r,
		      struct mt_error *err)
{
	size_t vlen;
	const char *v;

	if ((v = header_value(line, eol, "Content-Length", &vlen))) {
		long long n = 0;
		if (vlen == 0 || vlen > 15) {
			mt_error_set(err, "byte %zu: bad Content-Length", off);
			return -1;
		}
		for (size_t i = 0; i < vlen; i++) {
			if (v[i] < '0' || v[i] > '9') {
				mt_error_set(err, "byte %zu: bad Content-Length", off);
				return -1;
			}
			n = n * 10 + (v[i] - '0');
		}
		r->content_length = n;
	} else if ((v = header_value(line, eol, "Upgrade", &vlen))) {
		r->upgrade_websocket = vlen == 9 && strncasecmp(v, "websocket", 9) == 0;
	} else if ((v = header_value(line, eol, "Sec-WebSocket-Accept", &vlen))) {
		snprintf(r->accept, sizeof r->accept, "%.*s",
			 (int)(vlen < sizeof r->accept ? vlen : sizeof r->accept - 1), v);
	}
	return 0;
}

int cap_http_parse(const char *buf, size_t len, struct cap_http_reply *r, struct mt_error *err)
{
	const char *end = buf + len, *s = buf, *eol;

	memset(r, 0, sizeof *r);
	r->content_length = -1;
	if (!(eol = find_crlf(s, end)))
		goto more;
	if (status_line(s, eol, r, err) < 0)
		return -1;
	for (s = eol + 2; (eol = find_crlf(s, end)); s = eol + 2) {
		if (eol == s) {
			r->head_len = (size_t)(eol + 2 - buf);
			return 1;
		}
		if (one_header(s, eol, (size_t)(s - buf), r, err) < 0)
			return -1;
	}
more:
	if (len >= HEAD_MAX) {
		mt_error_set(err, "byte %d: no end of the HTTP head", HEAD_MAX);
		return -1;
	}
	return 0;
}

static int wait_connected(int fd, int timeout_ms, const char *host, int port,
			  struct mt_error *err)
{
	struct pollfd p = { fd, POLLOUT, 0 };
	int soerr = 0;
	socklen_t sl = sizeof soerr;

	if (poll(&p, 1, timeout_ms) <= 0) {
		mt_error_set(err, "%s:%d: no answer within %d ms", host, port, timeout_ms);
		return -1;
	}
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl);
	if (soerr) {
		mt_error_set(err, "%s:%d: %s", host, port, strerror(soerr));
		return -1;
	}
	return 0;
}

int cap_tcp_connect(const char *host, int port, int timeout_ms, struct mt_error *err)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t sl;

	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		sl = sizeof *in4;
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		sl = sizeof *in6;
	} else {
		mt_error_set(err, "%s: not an address", host);
		return -1;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		mt_error_set(err, "socket: %s", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0 &&
	    (errno != EINPROGRESS || wait_connected(fd, timeout_ms, host, port, err) < 0)) {
		if (errno != EINPROGRESS)
			mt_error_set(err, "%s:%d: %s", host, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}
