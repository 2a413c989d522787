/* core/report/load.c: reading a report file into the model. */
#include "core/report/internal.h"
#include "core/report/jget.h"
#include "core/input.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <string.h>

#define REPORT_MAX_BYTES ((size_t)1 << 30)

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void mt_report_error(struct mt_error *err, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->set)
		return;
	va_start(ap, fmt);
	mt_error_vset(err, fmt, ap);
	va_end(ap);
	if (name && *name)
		mt_error_prefix(err, "%s", name);
}

/* Does the token at off run to the end of the data (a cut report)? cJSON
 * points at the start of the value it could not finish. */
static int token_reaches_end(const char *buf, size_t len, size_t off)
{
	size_t i = off + 1;

	while (i < len && is_blank(buf[i]))
		i++;
	if (i >= len)
		return 1;           /* cJSON stopped on the last byte there is */
	i = off;
	if (i > 0 && i == off && buf[i - 1] == '"')
		i--;                    /* cJSON points inside a string it could not end */
	if (buf[i] == '"') {
		for (i++; i < len; i++) {
			if (buf[i] == '\\')
				i++;
			else if (buf[i] == '"')
				return 0;
		}
		return 1;
	}
	if (buf[i] == '{' || buf[i] == '[' || buf[i] == ',' || buf[i] == ':') {
		for (i++; i < len && is_blank(buf[i]); i++)
			;                   /* a container or member cut after its opening */
		return i >= len;
	}
	if (strchr("-0123456789", buf[i])) {
		while (i < len && strchr("-+.eE0123456789", buf[i]))
			i++;
		return i >= len;
	}
	for (const char *word = "true\0false\0null\0"; *word; word += strlen(word) + 1)
		if (len - i < strlen(word) && strncmp(buf + i, word, len - i) == 0)
			return 1;
	return 0;
}

/* Is the document unfinished: an open string, object or array at its end,
 * or nothing but blanks (node starts a report file with a newline)? */
static int unclosed(const char *buf, size_t len)
{
	long depth = 0;
	int in_string = 0, seen = 0;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		seen |= !is_blank(c);
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"')
			in_string = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']')
			depth--;
	}
	return in_string || depth > 0 || !seen;
}

static void syntax_error(const char *name, const char *buf, size_t len, size_t off,
			 struct mt_error *err)
{
	char near[16];
	size_t n = 0;

	if (token_reaches_end(buf, len, off) && unclosed(buf, len)) {
		mt_report_error(err, name, "byte %zu: the JSON ends early (a truncated report)", len);
		return;
	}
	for (size_t i = off; i < len && n < 12; i++)
		near[n++] = (unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] >= 0x7f ? ' ' : buf[i];
	near[n] = '\0';
	mt_report_error(err, name, "byte %zu: invalid JSON near '%s'", off, near);
}

static cJSON *parse_json(const char *name, const char *buf, size_t len, struct mt_error *err)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);

	if (!root) {
		size_t off = end && end >= buf && end <= buf + len ? (size_t)(end - buf) : 0;
		syntax_error(name, buf, len, off, err);
		return NULL;
	}
	size_t off = (size_t)(end - buf);
	while (off < len && (is_blank(buf[off]) || buf[off] == '\0'))
		off++;
	if (off < len) {
		mt_report_error(err, name, "byte %zu: data after the end of the report", off);
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

struct mt_report *mt_report_parse_opts(const char *name, const char *buf, size_t len,
				       const struct mt_report_opts *o, struct mt_error *err)
{
	cJSON *root = parse_json(name, buf, len, err);

	if (!root)
		return NULL;
	if (!cJSON_IsObject(root)) {
		mt_report_error(err, name, "byte 0: a report is a JSON object");
		cJSON_Delete(root);
		return NULL;
	}
	struct mt_report *r = xcalloc(1, sizeof *r);
	r->root = root;
	r->json = root;
	r->redact = o->redact;
	if (mt_report_build(r, name, o, err) < 0) {
		mt_report_free(&r);
		return NULL;
	}
	return r;
}

struct mt_report *mt_report_parse(const char *name, const char *buf, size_t len,
				  int redact, struct mt_error *err)
{
	struct mt_report_opts o = { .redact = redact };

	return mt_report_parse_opts(name, buf, len, &o, err);
}

struct mt_report *mt_report_load(const char *path, int redact, struct mt_error *err)
{
	char *buf;
	size_t len;

	if (mt_read_all(path, REPORT_MAX_BYTES, &buf, &len, err) < 0)
		return NULL;
	struct mt_report *r = mt_report_parse(path, buf, len, redact, err);
	free(buf);
	return r;
}

static void free_frames(struct mt_report *r)
{
	for (size_t i = 0; i < r->njs_frames; i++) {
		free(r->js_frames[i].function);
		free(r->js_frames[i].file);
	}
	free(r->js_frames);
	for (size_t i = 0; i < r->nnative; i++) {
		free(r->native[i].pc);
		free(r->native[i].symbol);
	}
	free(r->native);
}

void mt_report_free(struct mt_report **rp)
{
	struct mt_report *r = *rp;

	if (!r)
		return;
	for (size_t i = 0; i < r->nworkers; i++)
		mt_report_free(&r->workers[i]);
	free(r->workers);
	mt_report_free_findings(r);
	mt_report_free_handles(r);
	free_frames(r);
	for (size_t i = 0; i < r->argc; i++)
		free(r->argv[i]);
	free(r->argv);
	for (size_t i = 0; i < r->nenv; i++)
		free(r->env[i].shown);
	free(r->env);
	free(r->spaces);
	free(r->limits);
	free(r->libs);
	cJSON_Delete(r->root);
	free(r);
	*rp = NULL;
}
