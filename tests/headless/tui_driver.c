/* tests/headless/tui_driver.c: the UI framework on its own panes.
 *
 *   tui_driver [--pane NAME] [--keymap NAME] COLSxROWS KEYS FILE [FILE2]
 *   tui_driver [--pane NAME] [--keymap NAME] tty - FILE [FILE2]
 *
 * (the second form runs on the terminal, for tests/tmux/framework.sh).
 * FILE is a diagnostic report read as plain JSON. This program brings its
 * own registry (view_tab, view_find, view_names) with panes that exercise
 * the framework: a JSON tree that folds (Enter -> VA_REDRAW), the libuv
 * handles with sorting, a detail sub-pane and drill-down (VA_NAVIGATE), a
 * two-file pane, and a million-row pane that counts the rows it was asked
 * for. It prints the last screen as --headless does.
 */
#include "tui/tui.h"
#include "core/xalloc.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tree: the report as a folding JSON tree ---- */

struct tree {
	const cJSON **node;   /* borrowed from the model: visible nodes */
	int *depth;
	size_t n, cap;
	const cJSON **open;   /* borrowed: containers shown open */
	size_t nopen;
};

static int is_open(struct tree *t, const cJSON *c)
{
	for (size_t i = 0; i < t->nopen; i++)
		if (t->open[i] == c)
			return 1;
	return 0;
}

static void tree_add(struct tree *t, const cJSON *c, int depth)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->node = xreallocarray(t->node, t->cap, sizeof *t->node);
		t->depth = xreallocarray(t->depth, t->cap, sizeof *t->depth);
	}
	t->node[t->n] = c;
	t->depth[t->n++] = depth;
	if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && is_open(t, c))
		for (const cJSON *k = c->child; k; k = k->next)
			tree_add(t, k, depth + 1);
}

static void tree_rebuild(struct view *v)
{
	struct tree *t = v->priv;
	const cJSON *root = v->doc->model;

	t->n = 0;
	for (const cJSON *k = root->child; k; k = k->next)
		tree_add(t, k, 0);
}

static int tree_open(struct view *v, struct mt_error *err)
{
	v->priv = xcalloc(1, sizeof(struct tree));
	tree_rebuild(v);
	return 0;
}

static void tree_close(struct view *v)
{
	struct tree *t = v->priv;
	free(t->node);
	free(t->depth);
	free(t->open);
	free(t);
}

static size_t tree_count(struct view *v) { return ((struct tree *)v->priv)->n; }

static void value_cell(struct view *v, struct view_row *row, int col, const cJSON *c)
{
	if (cJSON_IsString(c))
		view_cell(v, row, col, "%s", c->valuestring);
	else if (cJSON_IsNumber(c))
		view_cell(v, row, col, "%.17g", c->valuedouble);
	else if (cJSON_IsBool(c))
		row->cell[col] = cJSON_IsTrue(c) ? "true" : "false";
	else if (cJSON_IsArray(c) || cJSON_IsObject(c))
		view_cell(v, row, col, "%c%d%c", cJSON_IsArray(c) ? '[' : '{',
			  cJSON_GetArraySize(c), cJSON_IsArray(c) ? ']' : '}');
	else
		row->cell[col] = "null";
}

static void tree_row(struct view *v, size_t i, struct view_row *row)
{
	struct tree *t = v->priv;
	const cJSON *c = t->node[i];

	row->depth = t->depth[i];
	if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && c->child)
		row->fold = is_open(t, c) ? VF_OPEN : VF_CLOSED;
	row->style = t->depth[i] == 0 ? VS_HEADER : VS_NORMAL;
	row->cell[0] = c->string ? c->string : "-";
	value_cell(v, row, 1, c);
}

static int tree_enter(struct view *v, size_t i, struct view_nav *nav)
{
	struct tree *t = v->priv;
	const cJSON *c = t->node[i];

	if (!(cJSON_IsObject(c) || cJSON_IsArray(c)) || !c->child)
		return VA_NONE;
	if (is_open(t, c)) {
		for (size_t k = 0; k < t->nopen; k++)
			if (t->open[k] == c)
				t->open[k] = t->open[--t->nopen];
	} else {
		t->open = xreallocarray(t->open, t->nopen + 1, sizeof *t->open);
		t->open[t->nopen++] = c;
	}
	tree_rebuild(v);
	return VA_REDRAW;
}

static const struct view_col tree_cols[] = {
	{ .title = "Key", .width = 28 }, { .title = "Value", .width = 0 },
};

static const struct view_ops tree_ops = {
	.name = "tree", .title = "Tree", .kind = MT_KIND_REPORT,
	.cols = tree_cols, .ncols = 2, .open = tree_open, .close = tree_close,
	.count = tree_count, .row = tree_row, .enter = tree_enter,
};

/* ---- handles: libuv, sortable, with a detail and drill-down ---- */

extern const struct view_ops fields_ops;

struct handles {
	const cJSON **h;      /* borrowed */
	size_t n;
	int col, desc;
};

static const char *handle_cell(const cJSON *h, int col, char *buf, size_t size)
{
	static const char *const key[] = { "type", "is_active", "remoteEndpoint" };
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(h, key[col]);

	if (col == 2 && cJSON_IsObject(c)) {
		const cJSON *host = cJSON_GetObjectItem(c, "host"), *port = cJSON_GetObjectItem(c, "port");
		snprintf(buf, size, "%s:%d", cJSON_IsString(host) ? host->valuestring : "?",
			 cJSON_IsNumber(port) ? port->valueint : 0);
	} else if (cJSON_IsString(c))
		snprintf(buf, size, "%s", c->valuestring);
	else if (cJSON_IsBool(c))
		snprintf(buf, size, "%s", cJSON_IsTrue(c) ? "yes" : "no");
	else
		snprintf(buf, size, "%s", "");
	return buf;
}

static int handles_open(struct view *v, struct mt_error *err)
{
	const cJSON *uv = cJSON_GetObjectItem(v->doc->model, "libuv"), *h;
	struct handles *hs = xcalloc(1, sizeof *hs);

	cJSON_ArrayForEach(h, uv) {
		hs->h = xreallocarray(hs->h, hs->n + 1, sizeof *hs->h);
		hs->h[hs->n++] = h;
	}
	v->priv = hs;
	return 0;
}

static void handles_close(struct view *v)
{
	struct handles *hs = v->priv;
	free(hs->h);
	free(hs);
}

static size_t handles_count(struct view *v) { return ((struct handles *)v->priv)->n; }

static void handles_row(struct view *v, size_t i, struct view_row *row)
{
	const cJSON *h = ((struct handles *)v->priv)->h[i];
	char buf[128];

	for (int c = 0; c < 3; c++)
		view_cell(v, row, c, "%s", handle_cell(h, c, buf, sizeof buf));
	row->style = cJSON_IsTrue(cJSON_GetObjectItem(h, "is_active")) ? VS_NORMAL : VS_DIM;
}

static struct handles *sorting;

static int by_col(const void *a, const void *b)
{
	char x[128], y[128];
	int r = strcmp(handle_cell(*(const cJSON *const *)a, sorting->col, x, sizeof x),
		       handle_cell(*(const cJSON *const *)b, sorting->col, y, sizeof y));
	return sorting->desc ? -r : r;
}

static int handles_sort(struct view *v, int col, int desc)
{
	struct handles *hs = v->priv;

	hs->col = col;
	hs->desc = desc;
	sorting = hs;
	qsort(hs->h, hs->n, sizeof *hs->h, by_col);
	return 0;
}

static int handles_detail(struct view *v, size_t i, struct view_nav *nav)
{
	const cJSON *uv = cJSON_GetObjectItem(v->doc->model, "libuv"), *h;
	int64_t k = 0;

	cJSON_ArrayForEach(h, uv) {
		if (h == ((struct handles *)v->priv)->h[i])
			break;
		k++;
	}
	nav->ops = &fields_ops;
	nav->arg = k;
	nav->title = "Fields";
	return VA_NAVIGATE;
}

static const struct view_col handles_cols[] = {
	{ .title = "Type", .width = 10 }, { .title = "Active", .width = 6 },
	{ .title = "Remote", .width = 0 },
};

static const struct view_ops handles_ops = {
	.name = "handles", .title = "Handles", .kind = MT_KIND_REPORT,
	.cols = handles_cols, .ncols = 3, .open = handles_open, .close = handles_close,
	.count = handles_count, .row = handles_row, .enter = handles_detail,
	.sort = handles_sort, .detail = handles_detail,
};

/* ---- fields: one libuv handle's members (hidden, reached by Enter) ---- */

static const cJSON *the_handle(struct view *v)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItem(v->doc->model, "libuv"), (int)v->arg);
}

static size_t fields_count(struct view *v) { return (size_t)cJSON_GetArraySize(the_handle(v)); }

static void fields_row(struct view *v, size_t i, struct view_row *row)
{
	const cJSON *c = cJSON_GetArrayItem(the_handle(v), (int)i);

	row->cell[0] = c->string;
	value_cell(v, row, 1, c);
}

static const struct view_col fields_cols[] = {
	{ .title = "Field", .width = 16 }, { .title = "Value", .width = 0 },
};

const struct view_ops fields_ops = {
	.name = "fields", .title = "Fields", .kind = MT_KIND_REPORT, .hidden = 1,
	.cols = fields_cols, .ncols = 2, .count = fields_count, .row = fields_row,
};

/* ---- big: a million rows; the banner counts the rows drawn ---- */

static size_t big_rows_asked;

static size_t big_count(struct view *v) { return 1000000; }

static void big_row(struct view *v, size_t i, struct view_row *row)
{
	big_rows_asked++;
	view_cell(v, row, 0, "%zu", i);
	view_cell(v, row, 1, "row %zu of a million", i + 1);
	row->bar_col = 0;
	row->bar = (double)(i % 10) / 10.0;
}

static const char *big_banner(struct view *v)
{
	static char buf[64];
	snprintf(buf, sizeof buf, "rows asked so far: %zu", big_rows_asked);
	return buf;
}

static const struct view_col big_cols[] = {
	{ .title = "N", .width = 10, .right = 1 }, { .title = "Text", .width = 0 },
};

static const struct view_ops big_ops = {
	.name = "big", .title = "Big", .kind = MT_KIND_REPORT,
	.cols = big_cols, .ncols = 2, .count = big_count, .row = big_row,
	.banner = big_banner,
};

/* ---- compare: two reports' header fields side by side ---- */

static const cJSON *header(struct mt_artifact *a) { return cJSON_GetObjectItem(a->model, "header"); }
static size_t compare_count(struct view *v) { return (size_t)cJSON_GetArraySize(header(v->doc)); }

static void compare_row(struct view *v, size_t i, struct view_row *row)
{
	const cJSON *a = cJSON_GetArrayItem(header(v->doc), (int)i);
	const cJSON *b = cJSON_GetObjectItem(header(v->other), a->string);

	row->cell[0] = a->string;
	value_cell(v, row, 1, a);
	if (b)
		value_cell(v, row, 2, b);
	row->style = b && cJSON_Compare(a, b, 1) ? VS_NORMAL : VS_ADDED;
}

static const struct view_col compare_cols[] = {
	{ .title = "Field", .width = 20 }, { .title = "First", .width = 24 },
	{ .title = "Second", .width = 0 },
};

static const struct view_ops compare_ops = {
	.name = "compare", .title = "Compare", .kind = MT_KIND_REPORT, .two = 1,
	.cols = compare_cols, .ncols = 3, .count = compare_count, .row = compare_row,
};

/* ---- this program's registry ---- */

static const struct view_ops *const registry[] = {
	&tree_ops, &handles_ops, &big_ops, &compare_ops, &fields_ops, NULL,
};

const struct view_ops *view_find(enum mt_kind kind, const char *name, int two)
{
	for (size_t i = 0; registry[i]; i++)
		if (registry[i]->kind == kind && (!registry[i]->two || two) &&
		    strcmp(registry[i]->name, name) == 0)
			return registry[i];
	return NULL;
}

const struct view_ops *view_tab(enum mt_kind kind, int two, size_t n)
{
	for (size_t i = 0; registry[i]; i++)
		if (registry[i]->kind == kind && (!registry[i]->two || two) &&
		    !registry[i]->hidden && n-- == 0)
			return registry[i];
	return NULL;
}

void view_names(enum mt_kind kind, struct strbuf *out) { }

static void load(struct mt_artifact *a, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf text = STRBUF_INIT;
	char buf[8192];
	size_t n;

	memset(a, 0, sizeof *a);
	a->path = xstrdup(path);
	a->kind = MT_KIND_REPORT;
	if (!f) {
		mt_error_set(&a->err, "%s: cannot open", path);
		return;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&text, buf, n);
	fclose(f);
	a->model = cJSON_ParseWithLength(strbuf_str(&text), text.len);
	if (!a->model)
		mt_error_set(&a->err, "%s: not JSON", path);
	strbuf_free(&text);
}

int main(int argc, char **argv)
{
	struct tui_start start = { .headless = 1 };
	struct mt_opts opts = { .redact = 1, .id = -1, .thread = -1 };
	struct mt_artifact docs[2];
	int i = 1, ndocs, status;

	setlocale(LC_ALL, "");   /* as app/main.c: widths need a UTF-8 locale */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");

	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--pane") == 0)
			start.first_pane = argv[i + 1];
		else if (strcmp(argv[i], "--keymap") == 0)
			start.keymap = argv[i + 1];
	}
	if (argc - i >= 3 && argc - i <= 4 && strcmp(argv[i], "tty") == 0)
		start.headless = 0;
	else if (argc - i < 3 || argc - i > 4 ||
		 sscanf(argv[i], "%dx%d", &start.cols, &start.rows) != 2) {
		fprintf(stderr, "usage: tui_driver [--pane P] [--keymap K] COLSxROWS KEYS FILE [FILE2]\n");
		return 2;
	}
	start.keys = start.headless ? argv[i + 1] : NULL;
	ndocs = argc - i - 2;
	for (int d = 0; d < ndocs; d++)
		load(&docs[d], argv[i + 2 + d]);
	status = tui_run(docs, ndocs, &opts, &start);
	for (int d = 0; d < ndocs; d++) {
		cJSON_Delete(docs[d].model);
		free(docs[d].path);
	}
	return status;
}
