/* views/core_common.c: what the core panes share: the thread a pane shows,
 * frames as JSON, and the redaction of environment entries. */
#include "views/core_view.h"
#include "core/termsafe.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

long core_view_thread(const struct view *v, struct mt_error *err)
{
	long sel = v->arg >= 0 ? (long)v->arg : v->opts ? v->opts->thread : -1;

	return mt_core_pick_thread(core_of(v), sel, err);
}

cJSON *core_json_string(const char *s)
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

void core_json_str(cJSON *obj, const char *key, const char *s)
{
	cJSON_AddItemToObject(obj, key, core_json_string(s));
}

const char *core_cut_warning(const struct mt_core *c)
{
	for (size_t i = 0; i < c->nwarnings; i++)
		if (strncmp(c->warnings[i], "the core is cut short", 21) == 0)
			return c->warnings[i];
	return NULL;
}

const char *core_hex(uint64_t v, char *buf, size_t size)
{
	snprintf(buf, size, "0x%016llx", (unsigned long long)v);
	return buf;
}

cJSON *core_frame_json(const struct mt_core_frame *f, size_t index)
{
	cJSON *o = cJSON_CreateObject();
	char hex[32];

	cJSON_AddNumberToObject(o, "index", (double)index);
	cJSON_AddStringToObject(o, "pc", core_hex(f->pc, hex, sizeof hex));
	cJSON_AddStringToObject(o, "kind", "native");
	if (f->function)
		core_json_str(o, "function", f->function);
	else
		cJSON_AddNullToObject(o, "function");
	if (f->module)
		core_json_str(o, "module", f->module->path);
	else
		cJSON_AddNullToObject(o, "module");
	cJSON_AddNumberToObject(o, "offset", (double)f->offset);
	cJSON_AddStringToObject(o, "how", mt_frame_how_name(f->how));
	return o;
}

cJSON *core_thread_json(const struct mt_core *c, size_t index)
{
	const struct mt_core_thread *t = &c->threads[index];
	cJSON *o = cJSON_CreateObject(), *frames = cJSON_CreateArray();

	cJSON_AddNumberToObject(o, "index", (double)index);
	cJSON_AddNumberToObject(o, "tid", t->tid);
	cJSON_AddNumberToObject(o, "signal", t->signal);
	cJSON_AddBoolToObject(o, "crashed", index == 0);
	for (size_t i = 0; i < t->nframes; i++)
		cJSON_AddItemToArray(frames, core_frame_json(&t->frames[i], i));
	cJSON_AddItemToObject(o, "frames", frames);
	if (t->unwind_note)
		cJSON_AddStringToObject(o, "note", t->unwind_note);
	return o;
}

/* Until the report redaction (core/report/redact.h) is on main: mask the
 * whole value of names that look secret. Switch to mt_redact_pair(). */
static int secret_name(const char *name, size_t n)
{
	static const char *const words[] = { "KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD",
		"PASS", "PWD", "AUTH", "CREDENTIAL", "PRIVATE", "SESSION", "COOKIE", "DSN" };
	char up[256];

	if (n >= sizeof up)
		n = sizeof up - 1;
	for (size_t i = 0; i < n; i++)
		up[i] = (char)toupper((unsigned char)name[i]);
	up[n] = '\0';
	if (strcmp(up, "PWD") == 0 || strcmp(up, "OLDPWD") == 0)
		return 0;   /* the working directory */
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strstr(up, words[i]))
			return 1;
	return 0;
}

char *core_redact_env(const struct view *v, const char *entry)
{
	const char *eq = strchr(entry, '=');
	struct strbuf sb = STRBUF_INIT;

	if (!eq || (v->opts && !v->opts->redact) || !secret_name(entry, (size_t)(eq - entry)))
		return xstrdup(entry);
	strbuf_add(&sb, entry, (size_t)(eq - entry) + 1);
	strbuf_puts(&sb, "[REDACTED]");
	return strbuf_detach(&sb);
}

/* "--api-key=x" -> "--api-key=[REDACTED]". */
static void redact_arg(const char *arg, int redact, struct strbuf *out)
{
	const char *eq = strchr(arg, '=');

	if (redact && arg[0] == '-' && eq && secret_name(arg, (size_t)(eq - arg))) {
		strbuf_add(out, arg, (size_t)(eq - arg) + 1);
		strbuf_puts(out, "[REDACTED]");
	} else {
		strbuf_puts(out, arg);
	}
}

char *core_redact_cmdline(const struct view *v, const struct mt_core *c)
{
	struct strbuf out = STRBUF_INIT, raw = STRBUF_INIT;
	int redact = !v->opts || v->opts->redact;
	char *copy, *save = NULL;

	if (c->args_found && c->argc) {
		for (size_t i = 0; i < c->argc; i++) {
			if (i)
				strbuf_putc(&out, ' ');
			redact_arg(c->argv[i], redact, &out);
		}
		return strbuf_detach(&out);
	}
	mt_core_cmdline(c, &raw);   /* NT_PRPSINFO's bytes, already joined */
	copy = strbuf_detach(&raw);
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (out.len)
			strbuf_putc(&out, ' ');
		redact_arg(tok, redact, &out);
	}
	free(copy);
	return strbuf_detach(&out);
}
