/* views/coredump/sidecars.c: the other files of a core-dump-handler bundle
 * (dump-info, pod, runtime, image and ps info, logs). JSON files show
 * their top-level fields; text files their last lines. Environment arrays
 * ("env": ["NAME=value", ...], as in runtime-info.json) are redacted. */
#include "views/coredump/common.h"
#include "core/xalloc.h"

#include <string.h>

#define TEXT_LINES 40
#define ROWS_MAX 200

struct sc_row {
	int depth;
	char *name;              /* owned */
	char *value;             /* owned */
};

struct sidecars {
	struct sc_row *rows;     /* owned */
	size_t n;
	cJSON **parsed;          /* owned: one per sidecar, NULL when not JSON */
	size_t nparsed;
};

static void add(struct sidecars *s, int depth, const char *name, const char *value)
{
	s->rows = xreallocarray(s->rows, s->n + 1, sizeof *s->rows);
	s->rows[s->n++] = (struct sc_row){ depth, xstrdup(name), xstrdup(value) };
}

/* Redact every string of every "env" array, wherever it is. */
static void redact_tree(const struct view *v, cJSON *j)
{
	cJSON *item;

	cJSON_ArrayForEach(item, j) {
		if (item->string && strcmp(item->string, "env") == 0 && cJSON_IsArray(item)) {
			cJSON *e;
			cJSON_ArrayForEach(e, item)
				if (cJSON_IsString(e)) {
					char *r = coredump_redact_env(v, e->valuestring);
					cJSON_SetValuestring(e, r);
					free(r);
				}
		} else if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
			redact_tree(v, item);
		}
	}
}

/* Leaves of a JSON tree as "a.b[2].c" rows, at most ROWS_MAX of them. */
static void json_leaves(struct sidecars *s, const cJSON *j, struct strbuf *key, size_t *left)
{
	const cJSON *item;
	size_t i = 0;

	cJSON_ArrayForEach(item, j) {
		size_t keep = key->len;
		if (*left == 0)
			return;
		if (cJSON_IsArray(j))
			strbuf_printf(key, "[%zu]", i++);
		else
			strbuf_printf(key, "%s%s", key->len ? "." : "", item->string ? item->string : "");
		if ((cJSON_IsObject(item) || cJSON_IsArray(item)) && cJSON_GetArraySize(item) > 0) {
			json_leaves(s, item, key, left);
		} else {
			char *text = cJSON_IsString(item) ? xstrdup(item->valuestring)
							  : cJSON_PrintUnformatted(item);
			add(s, 1, strbuf_str(key), text ? text : "");
			free(text);
			(*left)--;
		}
		key->len = keep;
		if (key->buf)
			key->buf[keep] = '\0';
	}
}

static void json_fields(struct sidecars *s, const cJSON *j)
{
	struct strbuf key = STRBUF_INIT;
	size_t left = ROWS_MAX;

	json_leaves(s, j, &key, &left);
	if (left == 0)
		add(s, 1, "…", "more fields not shown");
	strbuf_free(&key);
}

static void text_lines(struct sidecars *s, const struct mt_coredump_sidecar *sc)
{
	const char *end = sc->data + sc->len, *p = end;
	size_t lines = 0;

	if (p > sc->data && p[-1] == '\n')
		p--;                                  /* the last line's newline */
	while (p > sc->data && lines < TEXT_LINES)
		if (*--p == '\n')
			lines++;
	if (*p == '\n')
		p++;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = xstrndup(p, n);
		add(s, 1, "", line);
		free(line);
		p += n + 1;
	}
}

/* A sidecar is JSON when all of it parses as one object or array. */
static cJSON *parse_json(const struct mt_coredump_sidecar *sc)
{
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(sc->data, sc->len + 1, &end, 1);

	if (j && !cJSON_IsObject(j) && !cJSON_IsArray(j)) {
		cJSON_Delete(j);
		j = NULL;
	}
	return j;
}

/* "<uuid>-dump-...-11-dump-info.json" -> "dump-info.json": the part after
 * the core entry's name, which every file of a bundle starts with. */
static const char *short_name(const struct mt_coredump *c, const char *name)
{
	size_t n;

	if (!c->entry || strlen(c->entry) < 5)
		return name;
	n = strlen(c->entry) - 5;                    /* without ".core" */
	if (strncmp(name, c->entry, n) == 0 && name[n] == '-' && name[n + 1])
		return name + n + 1;
	return name;
}

static int sc_open(struct view *v, struct mt_error *err)
{
	const struct mt_coredump *c = coredump_of(v);
	struct sidecars *s = xcalloc(1, sizeof *s);
	char size[32], head[160];

	s->parsed = xcalloc(c->nsidecars ? c->nsidecars : 1, sizeof *s->parsed);
	s->nparsed = c->nsidecars;
	for (size_t i = 0; i < c->nsidecars; i++) {
		const struct mt_coredump_sidecar *sc = &c->sidecars[i];
		snprintf(head, sizeof head, "%s%s", fmt_bytes(sc->len, size, sizeof size),
			 sc->truncated ? " (cut short)" : "");
		add(s, 0, short_name(c, sc->name), head);
		s->parsed[i] = parse_json(sc);
		if (s->parsed[i]) {
			redact_tree(v, s->parsed[i]);
			json_fields(s, s->parsed[i]);
		} else {
			text_lines(s, sc);
		}
	}
	v->priv = s;
	return 0;
}

static void sc_close(struct view *v)
{
	struct sidecars *s = v->priv;

	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->rows[i].name);
		free(s->rows[i].value);
	}
	for (size_t i = 0; i < s->nparsed; i++)
		cJSON_Delete(s->parsed[i]);
	free(s->rows);
	free(s->parsed);
	free(s);
	v->priv = NULL;
}

static size_t sc_count(struct view *v)
{
	return ((struct sidecars *)v->priv)->n;
}

static void sc_row(struct view *v, size_t i, struct view_row *row)
{
	const struct sc_row *r = &((struct sidecars *)v->priv)->rows[i];

	row->depth = r->depth;
	row->style = r->depth ? VS_NORMAL : VS_HEADER;
	row->cell[0] = r->name;
	row->cell[1] = r->value;
}

static cJSON *sc_json(struct view *v)
{
	const struct mt_coredump *c = coredump_of(v);
	const struct sidecars *s = v->priv;
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < c->nsidecars; i++) {
		const struct mt_coredump_sidecar *sc = &c->sidecars[i];
		cJSON *o = cJSON_CreateObject();
		coredump_json_str(o, "name", sc->name);
		cJSON_AddNumberToObject(o, "size", (double)sc->len);
		cJSON_AddBoolToObject(o, "truncated", sc->truncated);
		if (s->parsed[i])
			cJSON_AddItemToObject(o, "json", cJSON_Duplicate(s->parsed[i], 1));
		else
			coredump_json_str(o, "text", sc->data);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static const char *sc_banner(struct view *v)
{
	const struct mt_coredump *c = coredump_of(v);

	if (c->nsidecars)
		return NULL;
	return c->container && strcmp(c->container, "zip") == 0
		? "the zip bundle holds only the core"
		: "no sidecar files: this core did not come in a core-dump-handler zip";
}

static const struct view_col sc_cols[] = {
	{ "file", 32, 0 },
	{ "content", 0, 0 },
};

const struct view_ops view_coredump_sidecars_ops = {
	.name = "sidecars",
	.title = "Sidecars",
	.kind = MT_KIND_COREDUMP,
	VIEW_COLS(sc_cols),
	.open = sc_open,
	.close = sc_close,
	.count = sc_count,
	.row = sc_row,
	.json = sc_json,
	.banner = sc_banner,
};
