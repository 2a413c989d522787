/* tests/unit/test_report_redact.c: secrets in the environment and the
 * command line are masked by default; stacks never are. */
#include "check.h"
#include "report_fixture.h"
#include "core/report/redact.h"

/* The password of a scheme://user:pass@host value, as written. */
static void url_password(const char *url, char *out, size_t size)
{
	const char *user = strstr(url, "://"), *at = strchr(url, '@');
	const char *colon = user ? strchr(user + 3, ':') : NULL;

	snprintf(out, size, "%.*s", colon && at > colon ? (int)(at - colon - 1) : 0,
		 colon ? colon + 1 : "");
}

static void test_fixture_env(void)
{
	struct mt_report *on = load_fixture("leak.json.gz", 1);
	struct mt_report *off = load_fixture("leak.json.gz", 0);
	static const char *const secret_names[] = {
		"AWS_SECRET_ACCESS_KEY", "STRIPE_API_KEY", "SESSION_SECRET", "GITHUB_TOKEN",
		"AWS_ACCESS_KEY_ID",
	};
	char pass[128];

	CHECK(on->nenv > 0);
	CHECK_INT(off->nenv, on->nenv);
	for (size_t i = 0; i < sizeof secret_names / sizeof *secret_names; i++) {
		const struct mt_env_var *e = find_env(on, secret_names[i]);
		CHECK(e && e->shown && strcmp(e->shown, MT_REDACTED) == 0);
		const struct mt_env_var *raw = find_env(off, secret_names[i]);
		CHECK(raw && !raw->shown && strcmp(raw->value, MT_REDACTED) != 0);
	}
	/* URLs keep user and host, lose the password */
	const char *urls[] = { "DATABASE_URL", "BACKUP_TARGET" };
	for (int i = 0; i < 2; i++) {
		const struct mt_env_var *e = find_env(on, urls[i]);
		CHECK(e && e->shown);
		if (!e || !e->shown)
			continue;
		url_password(e->value, pass, sizeof pass);
		CHECK(pass[0] != '\0');
		CHECK(strstr(e->shown, pass) == NULL);
		CHECK(strstr(e->shown, ":" MT_REDACTED "@") != NULL);
		CHECK(strncmp(e->shown, e->value, (size_t)(strstr(e->value, pass) - e->value)) == 0);
	}
	/* a JWT under a harmless name is found by its value */
	const struct mt_env_var *jwt = find_env(on, "DEBUG_LAST_HEADER");
	CHECK(jwt && strstr(jwt->value, "eyJ") && jwt->shown && !strstr(jwt->shown, "eyJ"));
	/* ordinary variables stay, even KEYBOARD_* (a "key" that is no key) */
	const char *plain[] = { "PATH", "HOME", "NODE_ENV", "KEYBOARD_LAYOUT", "PORT" };
	for (int i = 0; i < 5; i++) {
		const struct mt_env_var *e = find_env(on, plain[i]);
		CHECK(e && e->shown == NULL);
	}
	/* frames are never touched: the uncaught report's frames are as written */
	mt_report_free(&on);
	mt_report_free(&off);
}

static void test_values(void)
{
	struct mt_error err = { 0 };
	struct mt_redactor *rd = mt_redactor_new(NULL, &err);
	char *s;

	CHECK(rd != NULL);
	s = mt_redact_value(rd, "see redis://:pw123@cache:6379/0 and mysql://u:p@x/y");
	CHECK_STR(s, "see redis://:" MT_REDACTED "@cache:6379/0 and mysql://u:" MT_REDACTED "@x/y");
	free(s);
	s = mt_redact_value(rd, "id AKIAIOSFODNN7EXAMPLE in text");
	CHECK_STR(s, "id " MT_REDACTED " in text");
	free(s);
	/* a bare JWT, with no "Bearer" in front to give it away */
	s = mt_redact_value(rd, "last=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl;");
	CHECK(s && !strstr(s, "eyJ") && strstr(s, MT_REDACTED));
	free(s);
	CHECK(mt_redact_value(rd, "https://example.com/a:b@c") != NULL ||
	      mt_redact_value(rd, "https://example.com/a:b@c") == NULL);
	CHECK(mt_redact_value(rd, "just text with a colon: and an @ sign") == NULL);
	CHECK(mt_redact_value(rd, "") == NULL);
	CHECK_INT(mt_redact_is_secret_key(rd, "DB_PASSWORD"), 1);
	CHECK_INT(mt_redact_is_secret_key(rd, "npm_config__auth"), 1);
	CHECK_INT(mt_redact_is_secret_key(rd, "SSH_PRIVATE_KEY"), 1);
	CHECK_INT(mt_redact_is_secret_key(rd, "api-key"), 1);
	CHECK_INT(mt_redact_is_secret_key(rd, "KEYBOARD"), 0);
	CHECK_INT(mt_redact_is_secret_key(rd, "MONKEY"), 0);
	CHECK_INT(mt_redact_is_secret_key(rd, "LANG"), 0);
	s = mt_redact_arg(rd, "--db-password=hunter2");
	CHECK_STR(s, "--db-password=" MT_REDACTED);
	free(s);
	CHECK(mt_redact_arg(rd, "--max-old-space-size=24") == NULL);
	s = mt_redact_pair(rd, "SESSION_SECRET", "");
	CHECK_STR(s, "");
	free(s);
	mt_redactor_free(&rd);
	CHECK(rd == NULL);
}

static void test_config(void)
{
	const char *keys[] = { "^internal_" };
	const char *values[] = { "tok-([0-9a-f]{8})" };
	struct mt_redact_config c = { keys, 1, values, 1 };
	struct mt_error err = { 0 };
	struct mt_redactor *rd = mt_redactor_new(&c, &err);
	char *s;

	CHECK(rd != NULL);
	CHECK_INT(mt_redact_is_secret_key(rd, "INTERNAL_ID"), 1);
	CHECK_INT(mt_redact_is_secret_key(rd, "DB_PASSWORD"), 0);  /* replaced, not added */
	s = mt_redact_value(rd, "x tok-deadbeef y");
	CHECK_STR(s, "x tok-" MT_REDACTED " y");
	free(s);
	mt_redactor_free(&rd);

	const char *bad[] = { "ok", "broken(" };
	struct mt_redact_config b = { bad, 2, NULL, 0 };
	rd = mt_redactor_new(&b, &err);
	CHECK(rd == NULL);
	CHECK(strstr(err.msg, "broken(") && strstr(err.msg, "offset 7"));
}

static void test_stacks_and_argv(void)
{
	const char *json =
		"{\"header\":{\"reportVersion\":3,\"commandLine\":[\"node\","
		"\"--api-token=abc123\",\"app.js\",\"postgres://a:sekret@db/x\"]},"
		"\"javascriptStack\":{\"message\":\"Error: token expired\","
		"\"stack\":[\"at parseToken (/app/auth.js:10:5)\","
		"\"at checkPassword (/app/session.js:3:1)\"]},"
		"\"environmentVariables\":{\"MY_TOKEN\":\"t\",\"N\":5}}";
	struct mt_error err = { 0 };
	struct mt_report *r = mt_report_parse("mem", json, strlen(json), 1, &err);

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_STR(r->js_frames[0].function, "parseToken");
	CHECK_STR(r->js_frames[1].file, "/app/session.js");
	CHECK_STR(r->js_message, "Error: token expired");
	CHECK_INT(r->argc, 4);
	CHECK_STR(r->argv[1], "--api-token=" MT_REDACTED);
	CHECK_STR(r->argv[2], "app.js");
	CHECK_STR(r->argv[3], "postgres://a:" MT_REDACTED "@db/x");
	CHECK_STR(find_env(r, "MY_TOKEN")->shown, MT_REDACTED);
	CHECK_STR(find_env(r, "N")->shown, "5");
	mt_report_free(&r);
}

int main(void)
{
	test_fixture_env();
	test_values();
	test_config();
	test_stacks_and_argv();
	CHECK_DONE();
}
