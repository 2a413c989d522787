/* tests/unit/test_base.c: the shared core: input (plain, gzip, cut gzip),
 * sniffing, terminal-safe strings, errors. */
#include "core/artifact.h"
#include "core/input.h"
#include "core/termsafe.h"
#include "core/xalloc.h"
#include "tests/unit/check.h"

#include <locale.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static char tmpdir[] = "/tmp/mortem-unit-XXXXXX";

static char *tmp_path(const char *name)
{
	char *p = xmalloc(strlen(tmpdir) + strlen(name) + 2);
	sprintf(p, "%s/%s", tmpdir, name);
	return p;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

static void write_gzip(const char *path, const char *data, size_t len)
{
	gzFile g = gzopen(path, "wb");
	gzwrite(g, data, (unsigned)len);
	gzclose(g);
}

static void test_read_all(void)
{
	struct mt_error err = { 0 };
	char *plain = tmp_path("plain"), *gz = tmp_path("data.gz"), *buf;
	const char *text = "{\"header\": {\"reportVersion\": 5}}";
	size_t len;

	write_file(plain, text, strlen(text));
	CHECK_INT(mt_read_all(plain, 1 << 20, &buf, &len, &err), 0);
	CHECK_INT(len, strlen(text));
	CHECK_STR(buf, text);
	free(buf);

	write_gzip(gz, text, strlen(text));
	CHECK_INT(mt_read_all(gz, 1 << 20, &buf, &len, &err), 0);
	CHECK_STR(buf, text);
	free(buf);

	/* The limit is enforced, with a message naming the file. */
	CHECK_INT(mt_read_all(plain, 4, &buf, &len, &err), -1);
	CHECK(strstr(err.msg, "plain: larger than 4 bytes") != NULL);
	free(plain);
	free(gz);
}

static void test_cut_gzip(void)
{
	struct mt_error err = { 0 };
	char *gz = tmp_path("cut.gz"), *data = xmalloc(200000), *buf;
	size_t len;

	for (int i = 0; i < 200000; i++)
		data[i] = (char)('a' + (i * 7919 % 26));
	write_gzip(gz, data, 200000);
	FILE *f = fopen(gz, "rb");
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fclose(f);
	CHECK(truncate(gz, size / 2) == 0);
	CHECK_INT(mt_read_all(gz, 1 << 20, &buf, &len, &err), -1);
	CHECK(strstr(err.msg, "cut.gz: gzip stream cut short at byte") != NULL);
	free(data);
	free(gz);
}

static void test_sniff(void)
{
	const char *report = "{\n  \"header\": {";
	const char *snap = "{\"snapshot\":{\"meta\":";
	const unsigned char core[18] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0 };
	const unsigned char exe[18] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0 };

	CHECK_INT(mt_sniff((const unsigned char *)report, strlen(report)), MT_KIND_REPORT);
	CHECK_INT(mt_sniff((const unsigned char *)snap, strlen(snap)), MT_KIND_SNAPSHOT);
	CHECK_INT(mt_sniff(core, sizeof core), MT_KIND_COREDUMP);
	CHECK_INT(mt_sniff(exe, sizeof exe), MT_KIND_ELF_OTHER);
	CHECK_INT(mt_sniff((const unsigned char *)"PK\003\004xx", 6), MT_KIND_ZIP);
	CHECK_INT(mt_sniff((const unsigned char *)"  \n", 3), MT_KIND_EMPTY);
	CHECK_INT(mt_sniff((const unsigned char *)"[1,2]", 5), MT_KIND_UNKNOWN);
	CHECK_INT(mt_sniff((const unsigned char *)"{\"a\":1}", 7), MT_KIND_JSON_OTHER);
}

static void test_termsafe(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t w;

	w = mt_termsafe("ok\x1b[2Jx\n", 8, &sb);
	CHECK_STR(strbuf_str(&sb), "ok\\x1b[2Jx\\n");
	CHECK_INT(w, 12);
	strbuf_reset(&sb);
	w = mt_termsafe("a\xff" "b", 3, &sb);  /* invalid byte */
	CHECK_STR(strbuf_str(&sb), "a\xef\xbf\xbd" "b");
	CHECK_INT(w, 3);
	strbuf_reset(&sb);
	w = mt_termsafe("\xc2\x9b" "1m", 4, &sb);  /* C1 CSI */
	CHECK_STR(strbuf_str(&sb), "\\u009b1m");
	strbuf_reset(&sb);
	w = mt_termsafe("\xe6\x97\xa5\xe6\x9c\xac", 6, &sb);  /* two wide characters */
	CHECK_INT(w, 4);
	strbuf_reset(&sb);
	CHECK_INT(mt_text_fit("abcdef", 4, &sb), 4);
	CHECK_STR(strbuf_str(&sb), "abc\xe2\x80\xa6");
	strbuf_free(&sb);
}

static void test_error(void)
{
	struct mt_error err = { 0 };

	mt_error_set(&err, "field %s: bad\nvalue", "x");
	mt_error_set(&err, "second");  /* the first error wins */
	mt_error_prefix(&err, "%s", "file.json");
	CHECK_STR(err.msg, "file.json: field x: bad value");
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(tmpdir))
		return 99;
	test_read_all();
	test_cut_gzip();
	test_sniff();
	test_termsafe();
	test_error();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		return 99;
	CHECK_DONE();
}
