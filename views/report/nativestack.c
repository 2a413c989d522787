/* views/report/nativestack.c: the native stack as node wrote it, with the
 * module split off the symbol ("node::Foo() [node]"). */
#include "views/report/common.h"
#include "core/xalloc.h"

#include <string.h>

/* The symbol without its " [module]" suffix: length, and the module. */
static size_t split_symbol(const char *sym, const char **mod, size_t *modlen)
{
	size_t n = strlen(sym);

	*mod = "";
	*modlen = 0;
	if (n >= 2 && sym[n - 1] == ']') {
		const char *open = strrchr(sym, '[');
		if (open) {
			*mod = open + 1;
			*modlen = (size_t)(sym + n - 1 - *mod);
			n = (size_t)(open - sym);
			while (n > 0 && sym[n - 1] == ' ')
				n--;
		}
	}
	return n;
}

static size_t nativestack_count(struct view *v)
{
	return rv_report(v)->nnative;
}

static void nativestack_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_native_frame *f = &rv_report(v)->native[i];
	const char *sym = f->symbol ? f->symbol : "", *mod;
	size_t modlen, n = split_symbol(sym, &mod, &modlen);

	view_cell(v, row, 0, "%zu", i);
	view_cell(v, row, 1, "%s", f->pc ? f->pc : "");
	view_cell(v, row, 2, "%.*s", (int)n, sym);
	view_cell(v, row, 3, "%.*s", (int)modlen, mod);
	if (strstr(sym, "node::report") || strstr(sym, "TriggerNodeReport") || !n)
		row->style = VS_DIM;
}

static cJSON *nativestack_json(struct view *v)
{
	const struct mt_report *r = rv_report(v);
	cJSON *o = cJSON_CreateObject(), *frames = cJSON_CreateArray();

	for (size_t i = 0; i < r->nnative; i++) {
		const char *sym = r->native[i].symbol ? r->native[i].symbol : "", *mod;
		size_t modlen, n = split_symbol(sym, &mod, &modlen);
		cJSON *f = cJSON_CreateObject();
		char *name = xstrndup(sym, n), *m = xstrndup(mod, modlen);
		rv_add_str(f, "pc", r->native[i].pc);
		cJSON_AddStringToObject(f, "symbol", name);
		cJSON_AddStringToObject(f, "module", m);
		free(name);
		free(m);
		cJSON_AddItemToArray(frames, f);
	}
	cJSON_AddItemToObject(o, "frames", frames);
	return o;
}

static const struct view_col nativestack_cols[] = {
	{ "#", 3, 1 },
	{ "pc", 18, 0 },
	{ "symbol", 0, 0 },
	{ "module", 16, 0 },
};

const struct view_ops view_report_nativestack_ops = {
	.name = "nativestack",
	.title = "Native stack",
	.kind = MT_KIND_REPORT,
	VIEW_COLS(nativestack_cols),
	.count = nativestack_count,
	.row = nativestack_row,
	.json = nativestack_json,
};
