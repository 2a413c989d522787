/* tests/unit/test_capture.c: the parsers of core/capture on text as
 * /proc and node's inspector write it (the seeds in
 * tests/fuzz/corpus/capture were copied from node 20 on Linux). */
#include "core/capture/internal.h"
#include "tests/unit/check.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char tcp4[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	"   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1247 1 00000000e0d016b9 100 0 0 10 0\n"
	"   1: 0100007F:809D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 766508 1 000000002be1eff4 100 0 0 10 0\n"
	"   2: 0100007F:809D 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 766510 1 000000002be1eff4 20 4 30 10 -1\n"
	"   3: 0F00020A:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 999 1 0 100 0 0 10 0";

static const char tcp6[] =
	"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	"   0: 00000000000000000000000001000000:2405 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 88123 1 0 100 0 0 10 0\n"
	"   1: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 88124 1 0 100 0 0 10 0\n"
	"   2: 0000000000000000FFFF00000100007F:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 88125 1 0 100 0 0 10 0\n";

static void test_nettcp(void)
{
	struct cap_listen l[8];
	unsigned long mine[] = { 766508, 766510, 999 };
	int n = 0;

	cap_nettcp_parse(tcp4, sizeof tcp4 - 1, 0, NULL, 0, l, &n, 8);
	CHECK_INT(n, 3);                      /* the established one is no listener */
	CHECK_INT(l[0].port, 2024);
	CHECK_STR(l[0].host, "127.0.0.1");    /* 0.0.0.0 is reached on loopback */
	CHECK_INT(l[1].port, 32925);
	CHECK_INT(l[1].inode, 766508);
	CHECK_STR(l[2].host, "10.2.0.15");
	CHECK_INT(l[2].port, 80);
	n = 0;
	cap_nettcp_parse(tcp4, sizeof tcp4 - 1, 0, mine, 3, l, &n, 8);
	CHECK_INT(n, 2);
	CHECK_INT(l[0].port, 32925);
	n = 0;
	cap_nettcp_parse(tcp4, sizeof tcp4 - 1, 0, NULL, 0, l, &n, 1);
	CHECK_INT(n, 1);                      /* no more than asked */
	n = 0;
	cap_nettcp_parse(tcp6, sizeof tcp6 - 1, 1, NULL, 0, l, &n, 8);
	CHECK_INT(n, 3);
	CHECK_STR(l[0].host, "::1");
	CHECK_INT(l[0].port, 9221);
	CHECK_STR(l[1].host, "::1");          /* :: */
	CHECK_STR(l[2].host, "::ffff:127.0.0.1");
	CHECK_INT(l[2].port, 8081);
	n = 0;                                /* a v6 table read as v4: nothing */
	cap_nettcp_parse(tcp6, sizeof tcp6 - 1, 0, NULL, 0, l, &n, 8);
	CHECK_INT(n, 0);
}

static void test_http(void)
{
	static const char ok[] = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n"
				 "content-length: 645\r\n\r\n[";
	static const char up[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\n"
				 "Connection: Upgrade\r\n\r\n\x81\x05hello";
	static const char up2[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
				  "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
	struct cap_http_reply r;
	struct mt_error err = { 0 };

	CHECK_INT(cap_http_parse(ok, sizeof ok - 1, &r, NULL), 1);
	CHECK_INT(r.status, 200);
	CHECK_INT(r.content_length, 645);
	CHECK_INT(r.head_len, sizeof ok - 2);
	CHECK_INT(r.upgrade_websocket, 0);
	for (size_t cut = 0; cut < sizeof ok - 2; cut++)
		CHECK_INT(cap_http_parse(ok, cut, &r, NULL), 0);
	CHECK_INT(cap_http_parse(up, sizeof up - 1, &r, NULL), 1);
	CHECK_INT(r.status, 101);
	CHECK_INT(r.upgrade_websocket, 1);
	CHECK_INT(r.content_length, -1);
	CHECK_STR(r.accept, "");
	CHECK_INT(cap_http_parse(up2, sizeof up2 - 1, &r, NULL), 1);
	CHECK_STR(r.accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
	CHECK_INT(cap_http_parse("SSH-2.0-OpenSSH\r\n", 17, &r, &err), -1);
	CHECK_STR(err.msg, "byte 0: not an HTTP response");
	mt_error_clear(&err);
	CHECK_INT(cap_http_parse("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", 40, &r, &err), -1);
	CHECK_STR(err.msg, "byte 17: bad Content-Length");
}

static void test_json_list(void)
{
	static const char list[] =
		"[ { \"type\": \"node\", \"webSocketDebuggerUrl\": "
		"\"ws://127.0.0.1:32925/42eca244-90e1-4a27-b0de-3c62699197de\" } ]";
	struct cap_target t = { 0 };
	struct mt_error err = { 0 };

	CHECK_INT(cap_json_list_parse(list, sizeof list - 1, &t, NULL), 0);
	CHECK_STR(t.path, "/42eca244-90e1-4a27-b0de-3c62699197de");
	CHECK_INT(cap_json_list_parse("[]", 2, &t, &err), -1);
	CHECK_STR(err.msg, "/json/list: no target with a webSocketDebuggerUrl");
	mt_error_clear(&err);
	CHECK_INT(cap_json_list_parse("<html>", 6, &t, &err), -1);
	CHECK_STR(err.msg, "/json/list: byte 0: not JSON");
	mt_error_clear(&err);
	CHECK_INT(cap_json_list_parse("[{\"webSocketDebuggerUrl\":\"ws://h:1/a b\"}]", 41, &t, &err), -1);
}

static void test_limits(void)
{
	CHECK(cap_sigmask_has("0000000100004602", SIGUSR1));   /* node 20's SigCgt */
	CHECK(!cap_sigmask_has("0000000000000000", SIGUSR1));  /* sleep's */
	CHECK(cap_sigmask_has("0000000000000200", 10));
	CHECK(!cap_sigmask_has("", 10));
	CHECK_INT(cap_parse_limit("max\n"), -1);
	CHECK_INT(cap_parse_limit("104857600\n"), 104857600);
	CHECK_INT(cap_meminfo_available("MemTotal: 100 kB\nMemFree: 5 kB\nMemAvailable:   2048 kB\n"),
		  2048 * 1024);
	CHECK_INT(cap_meminfo_available("MemTotal: 100 kB\n"), -1);
}

/* FIPS 180-2's examples and RFC 6455's handshake (section 1.3). */
static void test_sha1(void)
{
	unsigned char d[20];
	char hex[41], accept[29];
	static const char *const in[] = {
		"", "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" };
	static const char *const want[] = {
		"da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"a9993e364706816aba3e25717850c26c9cd0d89d",
		"84983e441c3bd26ebaae4aa1f95129e5e54670f1" };

	for (int k = 0; k < 3; k++) {
		cap_sha1(in[k], strlen(in[k]), d);
		for (int i = 0; i < 20; i++)
			snprintf(hex + 2 * i, 3, "%02x", d[i]);
		CHECK_STR(hex, want[k]);
	}
	static char million[1000000];
	memset(million, 'a', sizeof million);
	cap_sha1(million, sizeof million, d);
	for (int i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	CHECK_STR(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	cap_ws_accept("dGhlIHNhbXBsZSBub25jZQ==", accept);
	CHECK_STR(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

static void put(const char *dir, const char *file, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A cgroup v2 tree as the kernel lays it out: the least room of its
 * levels wins, "max" is no limit, a level without the files is passed. */
static void test_cgroup_tree(void)
{
	char root[] = "/tmp/mortem-cgroup.XXXXXX", dir[512];
	struct cap_room room = { -1, "" };

	if (!mkdtemp(root)) {
		CHECK(0);
		return;
	}
	snprintf(dir, sizeof dir, "%s/app.slice", root);
	mkdir(dir, 0755);
	put(dir, "memory.max", "max\n");
	put(dir, "memory.current", "900000000\n");
	snprintf(dir, sizeof dir, "%s/app.slice/web", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof dir, "%s/app.slice/web/node", root);
	mkdir(dir, 0755);
	put(dir, "memory.max", "536870912\n");
	put(dir, "memory.current", "436207616\n");
	cap_cgroup_room(root, "/app.slice/web/node", "memory.max", "memory.current", &room);
	CHECK_INT(room.bytes, 100663296);
	CHECK_STR(room.where, "cgroup /app.slice/web/node (memory.max)");
	snprintf(dir, sizeof dir, "%s/app.slice", root);
	put(dir, "memory.max", "950000000\n");
	cap_cgroup_room(root, "/app.slice/web/node", "memory.max", "memory.current", &room);
	CHECK_INT(room.bytes, 50000000);
	CHECK_STR(room.where, "cgroup /app.slice (memory.max)");
	put(dir, "memory.current", "990000000\n");   /* over its limit: no room */
	cap_cgroup_room(root, "/app.slice/web/node", "memory.max", "memory.current", &room);
	CHECK_INT(room.bytes, 0);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK_INT(system(cmd), 0);
}

int main(void)
{
	test_cgroup_tree();
	test_sha1();
	test_nettcp();
	test_http();
	test_json_list();
	test_limits();
	CHECK_DONE();
}
