/* views/coredump/common.c: what the core panes share: the thread a pane shows,
 * frames as JSON, and the redaction of environment entries. */
#include "views/coredump/common.h"
#include "core/report/redact.h"
#include "core/termsafe.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

long coredump_view_thread(const struct view *v, struct mt_error *err)
{
	long sel = v->arg >= 0 ? (long)v->arg : v->opts ? v->opts->thread : -1;

	return mt_coredump_pick_thread(coredump_of(v), sel, err);
}

cJSON *coredump_json_string(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);
	cJSON *item;

	for (size_t i = 0; i < n; ) {
		int32_t cp;
		size_t k = mt_utf8_next(s + i, n - i, &cp);
		if (cp < 0)
			strbuf_puts(&sb, "\xef\xbf\xbd");
		else
			strbuf_add(&sb, s + i, k);
		i += k;
	}
	item = cJSON_CreateString(strbuf_str(&sb));
	strbuf_free(&sb);
	return item;
}

void coredump_json_str(cJSON *obj, const char *key, const char *s)
{
	cJSON_AddItemToObject(obj, key, coredump_json_string(s));
}

const char *coredump_cut_warning(const struct mt_coredump *c)
{
	for (size_t i = 0; i < c->nwarnings; i++)
		if (strncmp(c->warnings[i], "the core is cut short", 21) == 0)
			return c->warnings[i];
	return NULL;
}

const char *coredump_hex(uint64_t v, char *buf, size_t size)
{
	snprintf(buf, size, "0x%016llx", (unsigned long long)v);
	return buf;
}

cJSON *coredump_frame_json(const struct mt_coredump_frame *f, size_t index)
{
	cJSON *o = cJSON_CreateObject();
	char hex[32];

	cJSON_AddNumberToObject(o, "index", (double)index);
	cJSON_AddStringToObject(o, "pc", coredump_hex(f->pc, hex, sizeof hex));
	cJSON_AddStringToObject(o, "kind", "native");
	if (f->function)
		coredump_json_str(o, "function", f->function);
	else
		cJSON_AddNullToObject(o, "function");
	if (f->module)
		coredump_json_str(o, "module", f->module->path);
	else
		cJSON_AddNullToObject(o, "module");
	cJSON_AddNumberToObject(o, "offset", (double)f->offset);
	cJSON_AddStringToObject(o, "how", mt_frame_how_name(f->how));
	return o;
}

cJSON *coredump_thread_json(const struct mt_coredump *c, size_t index)
{
	const struct mt_coredump_thread *t = &c->threads[index];
	cJSON *o = cJSON_CreateObject(), *frames = cJSON_CreateArray();

	cJSON_AddNumberToObject(o, "index", (double)index);
	cJSON_AddNumberToObject(o, "tid", t->tid);
	cJSON_AddNumberToObject(o, "signal", t->signal);
	cJSON_AddBoolToObject(o, "crashed", index == 0);
	for (size_t i = 0; i < t->nframes; i++)
		cJSON_AddItemToArray(frames, coredump_frame_json(&t->frames[i], i));
	cJSON_AddItemToObject(o, "frames", frames);
	if (t->unwind_note)
		cJSON_AddStringToObject(o, "note", t->unwind_note);
	return o;
}

/* Environment entries and arguments go through the report redaction
 * (core/report/redact.h): secret names mask the value, secret-looking
 * values (URL credentials, JWTs, cloud keys) are masked wherever they are. */
static const struct mt_redactor *redactor(const struct view *v)
{
	const struct mt_coredump *c = v->doc->model;

	return (!v->opts || v->opts->redact) ? c->redactor : NULL;
}

char *coredump_redact_env(const struct view *v, const char *entry)
{
	const struct mt_redactor *rd = redactor(v);
	const char *eq = strchr(entry, '=');
	struct strbuf sb = STRBUF_INIT;
	char *key, *masked;

	if (!rd)
		return xstrdup(entry);
	if (!eq) {
		masked = mt_redact_value(rd, entry);
		return masked ? masked : xstrdup(entry);
	}
	key = xstrndup(entry, (size_t)(eq - entry));
	masked = mt_redact_pair(rd, key, eq + 1);
	free(key);
	if (!masked)
		return xstrdup(entry);
	strbuf_add(&sb, entry, (size_t)(eq - entry) + 1);
	strbuf_puts(&sb, masked);
	free(masked);
	return strbuf_detach(&sb);
}

static void redact_arg(const struct mt_redactor *rd, const char *arg, struct strbuf *out)
{
	char *masked = rd ? mt_redact_arg(rd, arg) : NULL;

	strbuf_puts(out, masked ? masked : arg);
	free(masked);
}

char *coredump_redact_cmdline(const struct view *v, const struct mt_coredump *c)
{
	struct strbuf out = STRBUF_INIT, raw = STRBUF_INIT;
	const struct mt_redactor *rd = redactor(v);
	char *copy, *save = NULL;

	if (c->args_found && c->argc) {
		for (size_t i = 0; i < c->argc; i++) {
			if (i)
				strbuf_putc(&out, ' ');
			redact_arg(rd, c->argv[i], &out);
		}
		return strbuf_detach(&out);
	}
	mt_coredump_cmdline(c, &raw);   /* NT_PRPSINFO's bytes, already joined */
	copy = strbuf_detach(&raw);
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (out.len)
			strbuf_putc(&out, ' ');
		redact_arg(rd, tok, &out);
	}
	free(copy);
	return strbuf_detach(&out);
}
