/* core/report/handles.c: libuv handles, and their groups by type and
 * endpoint (a leaking pool shows as one big group, whatever the order). */
#include "core/report/internal.h"
#include "core/report/jget.h"
#include "core/report/legacy.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

static void read_endpoint(const cJSON *e, struct mt_endpoint *out)
{
	memset(out, 0, sizeof *out);
	out->port = -1;
	if (!cJSON_IsObject(e))
		return;
	out->present = 1;
	jget_str(e, "host", &out->host);
	if (jget_str(e, "ip4", &out->ip) != 1)
		jget_str(e, "ip6", &out->ip);
	jget_i64(e, "port", &out->port);
}

const char *mt_endpoint_text(const struct mt_endpoint *e, char *buf, size_t size)
{
	const char *h = e->ip ? e->ip : e->host ? e->host : "";
	int v6 = strchr(h, ':') != NULL;

	if (!e->present)
		snprintf(buf, size, "-");
	else if (e->port >= 0)
		snprintf(buf, size, v6 ? "[%s]:%lld" : "%s:%lld", h, (long long)e->port);
	else
		snprintf(buf, size, "%s", h);
	return buf;
}

/* A short text for handles that are not sockets. */
static char *handle_detail(const cJSON *h)
{
	const char *s;
	const cJSON *v;
	char buf[64];

	if (jget_str(h, "filename", &s) == 1 || jget_str(h, "signal", &s) == 1)
		return xstrdup(s);
	if ((jget_str(h, "remoteEndpoint", &s) == 1 || jget_str(h, "localEndpoint", &s) == 1))
		return xstrdup(s);              /* pipes: paths */
	if ((v = jget(h, "pid")) && jval_text(v, buf, sizeof buf)) {
		char out[80];
		snprintf(out, sizeof out, "pid %s", buf);
		return xstrdup(out);
	}
	if ((v = jget(h, "width")) && jval_text(v, buf, sizeof buf)) {
		int64_t w = 0, ht = 0;
		jget_i64(h, "width", &w);
		jget_i64(h, "height", &ht);
		snprintf(buf, sizeof buf, "%lldx%lld", (long long)w, (long long)ht);
		return xstrdup(buf);
	}
	return NULL;
}

static void read_handle(const cJSON *j, struct mt_handle *h)
{
	const char *type = "?";

	memset(h, 0, sizeof *h);
	h->json = j;
	jget_str(j, "type", &type);
	h->type = type;
	jget_str(j, "address", &h->address);
	h->active = h->referenced = -1;
	jget_bool(j, "is_active", &h->active);
	jget_bool(j, "is_referenced", &h->referenced);
	h->fd = -1;
	jget_i64(j, "fd", &h->fd);
	read_endpoint(jget(j, "localEndpoint"), &h->local);
	read_endpoint(jget(j, "remoteEndpoint"), &h->remote);
	if (jget_i64(j, "firesInMsFromNow", &h->fires_in_ms) == 1) {
		h->has_timer = 1;
		jget_bool(j, "expired", &h->expired);
		jget_i64(j, "repeat", &h->repeat);
	}
	h->detail = handle_detail(j);
	const char *details;
	if (jget_str(j, "details", &details) == 1)    /* node 11: all in one text */
		mt_legacy_handle(details, h);
}

static int is_socket(const struct mt_handle *h)
{
	return strcmp(h->type, "tcp") == 0 || strcmp(h->type, "udp") == 0;
}

struct keyed {
	char *key;             /* owned until moved into a group */
	char *endpoint;
	enum mt_group_dir dir;
	size_t index;
};

static void classify(const struct mt_report *r, size_t i, const int64_t *listen_ports,
		     size_t nlisten, struct keyed *k)
{
	const struct mt_handle *h = &r->handles[i];
	char ep[300];
	struct strbuf key = STRBUF_INIT;

	k->index = i;
	k->dir = MT_DIR_OTHER;
	ep[0] = '\0';
	if (is_socket(h) && h->remote.present) {
		int inbound = 0;
		for (size_t p = 0; p < nlisten && !inbound; p++)
			inbound = listen_ports[p] == h->local.port;
		k->dir = inbound ? MT_DIR_INBOUND : MT_DIR_OUTBOUND;
		mt_endpoint_text(inbound ? &h->local : &h->remote, ep, sizeof ep);
	} else if (is_socket(h) && h->local.present) {
		k->dir = MT_DIR_LISTEN;
		mt_endpoint_text(&h->local, ep, sizeof ep);
	}
	static const char *const dir_word[] = { "", "listen", "in", "out" };
	strbuf_puts(&key, h->type);
	if (k->dir != MT_DIR_OTHER)
		strbuf_printf(&key, " %s %s", dir_word[k->dir], ep);
	k->key = strbuf_detach(&key);
	k->endpoint = xstrdup(ep);
}

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_size(const void *a, const void *b)
{
	const struct mt_handle_group *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->key, y->key);
}

static void add_member(struct mt_report *r, struct mt_handle_group *g, size_t index)
{
	const struct mt_handle *h = &r->handles[index];

	g->members[g->count++] = index;
	g->active += h->active == 1;
	g->referenced += h->referenced == 1;
}

static void build_groups(struct mt_report *r)
{
	struct keyed *k = xcalloc(r->nhandles + 1, sizeof *k);
	int64_t *ports = xcalloc(r->nhandles + 1, sizeof *ports);
	size_t nports = 0;

	for (size_t i = 0; i < r->nhandles; i++)
		if (strcmp(r->handles[i].type, "tcp") == 0 && r->handles[i].local.present &&
		    !r->handles[i].remote.present && r->handles[i].local.port >= 0)
			ports[nports++] = r->handles[i].local.port;
	for (size_t i = 0; i < r->nhandles; i++)
		classify(r, i, ports, nports, &k[i]);
	qsort(k, r->nhandles, sizeof *k, by_key);
	r->groups = xcalloc(r->nhandles + 1, sizeof *r->groups);
	for (size_t i = 0, run; i < r->nhandles; i += run) {
		for (run = 1; i + run < r->nhandles && strcmp(k[i].key, k[i + run].key) == 0; run++)
			;
		struct mt_handle_group *g = &r->groups[r->ngroups++];
		g->key = k[i].key;
		g->endpoint = k[i].endpoint;
		g->dir = k[i].dir;
		g->type = r->handles[k[i].index].type;
		g->members = xcalloc(run, sizeof *g->members);
		for (size_t m = 0; m < run; m++) {
			add_member(r, g, k[i + m].index);
			if (m) {
				free(k[i + m].key);
				free(k[i + m].endpoint);
			}
		}
	}
	qsort(r->groups, r->ngroups, sizeof *r->groups, by_size);
	free(k);
	free(ports);
}

void mt_report_build_handles(struct mt_report *r)
{
	const cJSON *uv = jget(r->json, "libuv"), *j;

	if (!cJSON_IsArray(uv))
		return;
	r->handles = xcalloc((size_t)cJSON_GetArraySize(uv) + 1, sizeof *r->handles);
	cJSON_ArrayForEach(j, uv) {
		const char *type = NULL;
		if (!cJSON_IsObject(j))
			continue;
		if (jget_str(j, "type", &type) == 1 && strcmp(type, "loop") == 0) {
			r->loop = j;
			continue;
		}
		read_handle(j, &r->handles[r->nhandles++]);
	}
	build_groups(r);
}

void mt_report_free_handles(struct mt_report *r)
{
	for (size_t i = 0; i < r->nhandles; i++) {
		free(r->handles[i].detail);
		free(r->handles[i].legacy);
	}
	for (size_t i = 0; i < r->ngroups; i++) {
		free(r->groups[i].key);
		free(r->groups[i].endpoint);
		free(r->groups[i].members);
	}
	free(r->handles);
	free(r->groups);
}
