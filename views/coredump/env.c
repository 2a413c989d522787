/* views/coredump/env.c: the environment of the process as its initial stack
 * holds it, secrets redacted unless --no-redact. */
#include "views/coredump/common.h"
#include "core/xalloc.h"

#include <string.h>

struct env {
	char **entry;            /* owned, redacted "NAME=value" strings */
	size_t n;
};

static int env_open(struct view *v, struct mt_error *err)
{
	const struct mt_coredump *c = coredump_of(v);
	struct env *e = xcalloc(1, sizeof *e);

	e->entry = xcalloc(c->envc ? c->envc : 1, sizeof *e->entry);
	for (size_t i = 0; i < c->envc; i++)
		e->entry[i] = coredump_redact_env(v, c->envp[i]);
	e->n = c->envc;
	v->priv = e;
	return 0;
}

static void env_close(struct view *v)
{
	struct env *e = v->priv;

	for (size_t i = 0; e && i < e->n; i++)
		free(e->entry[i]);
	if (e)
		free(e->entry);
	free(e);
	v->priv = NULL;
}

static size_t env_count(struct view *v)
{
	return ((struct env *)v->priv)->n;
}

static void split(const char *entry, const char **value, size_t *namelen)
{
	const char *eq = strchr(entry, '=');

	*namelen = eq ? (size_t)(eq - entry) : strlen(entry);
	*value = eq ? eq + 1 : "";
}

static void env_row(struct view *v, size_t i, struct view_row *row)
{
	const char *entry = ((struct env *)v->priv)->entry[i], *value;
	size_t n;

	split(entry, &value, &n);
	view_cell(v, row, 0, "%.*s", (int)n, entry);
	view_cell(v, row, 1, "%s", value);
	if (strcmp(value, "[REDACTED]") == 0)
		row->style = VS_DIM;
}

static cJSON *env_json(struct view *v)
{
	const struct env *e = v->priv;
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < e->n; i++) {
		const char *value;
		size_t n;
		char *name;
		cJSON *o = cJSON_CreateObject();
		split(e->entry[i], &value, &n);
		name = xstrndup(e->entry[i], n);
		coredump_json_str(o, "name", name);
		coredump_json_str(o, "value", value);
		cJSON_AddItemToArray(arr, o);
		free(name);
	}
	return arr;
}

static const char *env_banner(struct view *v)
{
	const struct mt_coredump *c = coredump_of(v);

	if (!c->args_found)
		return "the environment was not found on the initial stack (not dumped, or "
		       "no NT_AUXV note)";
	return c->envc == 0 ? "the process had an empty environment" : NULL;
}

static const struct view_col env_cols[] = {
	{ "name", 24, 0 },
	{ "value", 0, 0 },
};

const struct view_ops view_coredump_env_ops = {
	.name = "env",
	.title = "Environment",
	.kind = MT_KIND_COREDUMP,
	VIEW_COLS(env_cols),
	.open = env_open,
	.close = env_close,
	.count = env_count,
	.row = env_row,
	.json = env_json,
	.banner = env_banner,
};
