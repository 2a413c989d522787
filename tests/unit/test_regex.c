/* tests/unit/test_regex.c: the PCRE2 wrapper (core/regex.c). */
#include "core/regex.h"
#include "tests/unit/check.h"

static void test_find(void)
{
	struct mt_error err = { 0 };
	struct mt_regex *re = mt_regex_new("sock(et)?", 0, &err);
	size_t s = 0, e = 0;
	const char *text = "TCPWRAP socket 10.0.0.1:5432";

	CHECK(re != NULL);
	CHECK_INT(mt_regex_find(re, text, strlen(text), 0, &s, &e, &err), 1);
	CHECK_INT(s, 8);
	CHECK_INT(e, 14);
	CHECK_INT(mt_regex_find(re, text, strlen(text), 9, &s, &e, &err), 0);
	CHECK(mt_regex_test(re, "a unix socket"));
	CHECK(!mt_regex_test(re, "SOCKET"));
	CHECK_STR(mt_regex_pattern(re), "sock(et)?");
	mt_regex_free(&re);
	CHECK(re == NULL);
	mt_regex_free(&re);
}

static void test_case(void)
{
	struct mt_error err = { 0 };
	struct mt_regex *smart = mt_regex_new("tcp", MT_RE_SMARTCASE, &err);
	struct mt_regex *exact = mt_regex_new("TCP\\w", MT_RE_SMARTCASE, &err);
	struct mt_regex *lit = mt_regex_new("a.b(", MT_RE_LITERAL | MT_RE_CASELESS, &err);
	struct mt_regex *anch = mt_regex_new("[0-9]+", MT_RE_ANCHORED, &err);

	CHECK(mt_regex_test(smart, "TCPWRAP"));
	CHECK(mt_regex_test(exact, "TCPWRAP"));
	CHECK(!mt_regex_test(exact, "tcpwrap"));
	CHECK(mt_regex_test(lit, "x A.B( y"));
	CHECK(!mt_regex_test(lit, "axb("));
	CHECK(mt_regex_test(anch, "1234"));
	CHECK(!mt_regex_test(anch, "1234x"));
	mt_regex_free(&smart);
	mt_regex_free(&exact);
	mt_regex_free(&lit);
	mt_regex_free(&anch);
}

static void test_errors(void)
{
	struct mt_error err = { 0 };
	struct mt_regex *re = mt_regex_new("ab(c", 0, &err);

	CHECK(re == NULL);
	CHECK(err.set);
	CHECK(strstr(err.msg, "regex: missing closing parenthesis at offset 4") != NULL);
	mt_error_clear(&err);
	CHECK(mt_regex_new("x{2,1}", 0, &err) == NULL);
	CHECK(strstr(err.msg, "at offset") != NULL);
}

/* Invalid UTF-8 in a subject never stops a match elsewhere in it. */
static void test_invalid_utf8(void)
{
	struct mt_error err = { 0 };
	struct mt_regex *re = mt_regex_new("é+", 0, &err);
	const char text[] = "bad \xff\xfe byte then \xc3\xa9\xc3\xa9!";
	size_t s = 0, e = 0;

	CHECK_INT(mt_regex_find(re, text, sizeof text - 1, 0, &s, &e, &err), 1);
	CHECK_INT(e - s, 4);
	mt_regex_free(&re);
}

static void test_replace(void)
{
	struct mt_error err = { 0 };
	struct mt_regex *re = mt_regex_new("(\\w+)://[^:@/]+:[^@/]+@", 0, &err);
	struct strbuf out = STRBUF_INIT;
	const char *url = "postgres://admin:hunter2@db:5432/x and http://u:p@h/";

	CHECK_INT(mt_regex_replace(re, url, strlen(url), "$1://[redacted]@", &out, &err), 2);
	CHECK_STR(strbuf_str(&out), "postgres://[redacted]@db:5432/x and http://[redacted]@h/");
	strbuf_reset(&out);
	CHECK_INT(mt_regex_replace(re, "nothing", 7, "x", &out, &err), 0);
	CHECK_STR(strbuf_str(&out), "nothing");
	strbuf_reset(&out);
	CHECK_INT(mt_regex_replace(re, "a://b:c@", 8, "$9", &out, &err), -1);
	CHECK(strstr(err.msg, "replacement '$9'") != NULL);
	CHECK_STR(strbuf_str(&out), "a://b:c@");
	/* Output longer than twice the input grows the buffer. */
	mt_regex_free(&re);
	mt_error_clear(&err);
	re = mt_regex_new("a", 0, &err);
	strbuf_reset(&out);
	CHECK_INT(mt_regex_replace(re, "aaaa", 4, "0123456789012345678901234567890123456789", &out, &err), 4);
	CHECK_INT(out.len, 160);
	strbuf_free(&out);
	mt_regex_free(&re);
}

int main(void)
{
	test_find();
	test_case();
	test_errors();
	test_invalid_utf8();
	test_replace();
	CHECK_DONE();
}
