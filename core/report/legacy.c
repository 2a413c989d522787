/* core/report/legacy.c: the first report layout (node 11.8 to 11.x, no
 * reportVersion): native frames are strings " [pc=0x...] symbol [module]"
 * and libuv handles describe themselves in one `details` string, e.g.
 *   "localhost:57122 connected to localhost:42883, send buffer size: 3939840,
 *    recv buffer size: 131072, file descriptor: 20, write queue size: 0"
 *   "repeat: 0, timeout expired: 1 ms ago" (or "timeout in: 250 ms")
 * Parsing is forgiving: what cannot be read stays in the detail text. */
#include "core/report/legacy.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

void mt_legacy_native_frame(const char *line, struct mt_native_frame *f)
{
	const char *p = line, *close;

	while (*p == ' ')
		p++;
	if (strncmp(p, "[pc=", 4) == 0 && (close = strchr(p, ']'))) {
		f->pc = xstrndup(p + 4, (size_t)(close - p - 4));
		p = close + 1;
		while (*p == ' ')
			p++;
	} else
		f->pc = xstrdup("");
	f->symbol = xstrdup(p);
}

/* "host:port" in place: the host ends at the last ':'. */
static void split_endpoint(char *text, struct mt_endpoint *e)
{
	char *colon = strrchr(text, ':'), *end;

	memset(e, 0, sizeof *e);
	e->present = 1;
	e->host = text;
	e->port = -1;
	if (colon) {
		long port = strtol(colon + 1, &end, 10);
		if (end != colon + 1 && *end == '\0') {
			*colon = '\0';
			e->port = port;
		}
	}
}

/* The endpoints of a socket: the text before the first ", ". */
static void socket_endpoints(char *text, struct mt_handle *h)
{
	char *comma = strstr(text, ", "), *conn, *nc;

	if (comma)
		*comma = '\0';
	if ((nc = strstr(text, " (not connected)")))
		*nc = '\0';
	else if ((conn = strstr(text, " connected to "))) {
		*conn = '\0';
		split_endpoint(conn + strlen(" connected to "), &h->remote);
	}
	if (*text)
		split_endpoint(text, &h->local);
}

static int64_t number_after(const char *text, const char *label, int64_t dflt)
{
	const char *p = strstr(text, label);
	char *end;

	if (!p)
		return dflt;
	p += strlen(label);
	long long n = strtoll(p, &end, 10);
	return end == p ? dflt : (int64_t)n;
}

static void timer_details(const char *text, struct mt_handle *h)
{
	int64_t in = number_after(text, "timeout in: ", INT64_MIN);

	if (in == INT64_MIN)
		in = number_after(text, "timeout in ", INT64_MIN);
	int64_t ago = number_after(text, "timeout expired: ", INT64_MIN);
	if (in == INT64_MIN && ago == INT64_MIN)
		return;
	h->has_timer = 1;
	h->repeat = number_after(text, "repeat: ", 0);
	h->expired = ago != INT64_MIN;
	h->fires_in_ms = h->expired ? -ago : in;
}

void mt_legacy_handle(const char *details, struct mt_handle *h)
{
	if (!details[0])
		return;
	h->legacy = xstrdup(details);
	if (h->fd < 0)
		h->fd = number_after(details, "file descriptor: ", -1);
	if (strcmp(h->type, "timer") == 0)
		timer_details(details, h);
	if ((strcmp(h->type, "tcp") == 0 || strcmp(h->type, "udp") == 0) && !h->local.present)
		socket_endpoints(h->legacy, h);
	else if (!h->detail)
		h->detail = xstrdup(details);
}
