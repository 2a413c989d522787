/* views/heap/common.c: names of nodes and edges for the heap panes. */
#include "views/heap/common.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_cut(struct strbuf *out, const char *s)
{
	size_t n = 0, i = 0;

	while (s[i] && n < HEAP_LABEL_MAX) {
		unsigned char c = (unsigned char)s[i++];
		if ((c & 0xc0) != 0x80)
			n++;
	}
	while (s[i] && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	strbuf_add(out, s, i);
	if (s[i])
		strbuf_puts(out, "…");
}

static const char *edge_name_of(const struct mt_heap *h, uint32_t e)
{
	return mt_heap_edge_has_string_name(h, e) ? mt_heap_str(h, mt_heap_ename(h, e)) : NULL;
}

/* A concatenated string: its parts in order, up to 1024 bytes. */
static void cons_name(const struct mt_heap *h, uint32_t node, struct strbuf *out)
{
	uint32_t stack[64];
	size_t sp = 0, start = out->len;

	stack[sp++] = node;
	while (sp && out->len - start < 1024) {
		uint32_t v = stack[--sp], first = MT_HEAP_NONE, second = MT_HEAP_NONE;
		if (h->node_type[v] != h->t.cons_string) {
			strbuf_puts(out, mt_heap_str(h, h->node_name[v]));
			continue;
		}
		for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++) {
			const char *n = mt_heap_etype(h, e) == h->t.e_internal ? edge_name_of(h, e) : NULL;
			if (n && strcmp(n, "first") == 0)
				first = mt_heap_eto(h, e);
			else if (n && strcmp(n, "second") == 0)
				second = mt_heap_eto(h, e);
		}
		if (sp + 2 > 64)
			break;
		if (second != MT_HEAP_NONE)
			stack[sp++] = second;
		if (first != MT_HEAP_NONE)
			stack[sp++] = first;
	}
}

void heap_node_name(const struct mt_heap *h, uint32_t node, struct strbuf *out)
{
	struct strbuf full = STRBUF_INIT;
	char buf[1024];

	if (h->node_type[node] == h->t.cons_string)
		cons_name(h, node, &full);
	else if (h->node_type[node] == h->t.object && h->classes &&
		 strcmp(mt_heap_str(h, h->node_name[node]), "Object") == 0)
		strbuf_puts(&full, h->classes->v[h->classes->of[node]].name);
	else
		strbuf_puts(&full, mt_heap_node_name(h, node, buf, sizeof buf));
	put_cut(out, strbuf_str(&full));
	strbuf_free(&full);
}

void heap_edge_label(const struct mt_heap *h, uint32_t e, struct strbuf *out)
{
	const struct mt_heap_types *t = &h->t;
	int type = mt_heap_etype(h, e);
	struct strbuf name = STRBUF_INIT;

	if (mt_heap_edge_has_string_name(h, e))
		put_cut(&name, mt_heap_str(h, mt_heap_ename(h, e)));
	else
		strbuf_printf(&name, "%u", mt_heap_ename(h, e));
	const char *n = strbuf_str(&name);
	if (type == t->e_context)
		strbuf_printf(out, "->%s", n);
	else if (type == t->e_element)
		strbuf_printf(out, "[%s]", n);
	else if (type == t->e_weak)
		strbuf_printf(out, "[[%s]]", n);
	else if (type == t->e_property || type == t->e_shortcut)
		strbuf_printf(out, strchr(n, ' ') ? "[\"%s\"]" : ".%s", n);
	else
		strbuf_printf(out, "{%s}", n);
	strbuf_free(&name);
}

int heap_arg_node(struct view *v, uint32_t *node, struct mt_error *err)
{
	const struct mt_heap *h = heap_of(v->doc);

	if (v->arg < 0) {
		mt_error_set(err, "%s: the %s pane needs --id N (a snapshot object id)",
			     v->doc->path, v->ops->name);
		return -1;
	}
	*node = mt_heap_find_id(h, (uint64_t)v->arg);
	if (*node == MT_HEAP_NONE) {
		mt_error_set(err, "%s: no object with id %lld", v->doc->path, (long long)v->arg);
		return -1;
	}
	return 0;
}

int heap_class_source(struct mt_heap *h, const char *key, int short_name, struct strbuf *out)
{
	unsigned long script;
	long line, column;
	int used = 0;
	const char *where, *slash;
	char at[24] = "";

	if (!key || sscanf(key, "%lu,%ld,%ld,%n", &script, &line, &column, &used) < 3 || !used)
		return 0;
	if (line >= 0)  /* -1: V8 found no position in the script */
		snprintf(at, sizeof at, ":%ld", line + 1);
	where = mt_heap_script_name(h, (uint32_t)script);
	if (!where) {
		strbuf_printf(out, "script %lu%s", script, at);
		return 1;
	}
	slash = strrchr(where, '/');
	if (short_name && slash && strncmp(where, "node:", 5) != 0)
		where = slash + 1;
	strbuf_printf(out, "%s%s", where, at);
	return 1;
}

void heap_class_label(struct mt_heap *h, const char *name, const char *key, int twin,
		      struct strbuf *out)
{
	struct strbuf where = STRBUF_INIT;

	strbuf_puts(out, name);
	if (twin && heap_class_source(h, key, 1, &where))
		strbuf_printf(out, " (%s)", strbuf_str(&where));
	strbuf_free(&where);
}

static int by_text(const void *a, const void *b, void *arg)
{
	const char *const *names = arg;
	const char *x = names[*(const size_t *)a], *y = names[*(const size_t *)b];

	return strcmp(x ? x : "", y ? y : "");
}

void heap_twins(const char *const *names, size_t n, unsigned char *twin)
{
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);

	memset(twin, 0, n);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, by_text, (void *)names);
	for (size_t i = 1; i < n; i++) {
		const char *x = names[order[i - 1]], *y = names[order[i]];
		if (x && y && strcmp(x, y) == 0)
			twin[order[i - 1]] = twin[order[i]] = 1;
	}
	free(order);
}

const char *heap_distance_text(int32_t d, char *buf, size_t size)
{
	if (d < 0 || d >= MT_HEAP_SYSTEM_DISTANCE)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%d", d);
	return buf;
}

const char *heap_ref(const struct mt_heap *h, uint32_t node, char *buf, size_t size)
{
	uint64_t addr = mt_heap_addr(h, node);

	if (addr)
		snprintf(buf, size, "@0x%llx", (unsigned long long)(addr | 1));
	else
		snprintf(buf, size, "@%llu", (unsigned long long)mt_heap_id(h, node));
	return buf;
}

int64_t heap_node_arg(const struct mt_heap *h, uint32_t node)
{
	uint64_t addr = mt_heap_addr(h, node);

	if (addr)
		return (int64_t)addr;
	return (int64_t)mt_heap_id(h, node);
}

void heap_id_json(cJSON *o, const char *key, uint64_t id)
{
	char num[24];

	if (id <= 1ull << 53) {
		cJSON_AddNumberToObject(o, key, (double)id);
		return;
	}
	snprintf(num, sizeof num, "%llu", (unsigned long long)id);
	cJSON_AddRawToObject(o, key, num);
}

cJSON *heap_node_json(const struct mt_heap *h, uint32_t node)
{
	cJSON *o = cJSON_CreateObject();
	struct strbuf name = STRBUF_INIT;

	heap_node_name(h, node, &name);
	heap_id_json(o, "id", mt_heap_id(h, node));
	uint64_t at = mt_heap_addr(h, node);
	if (at) {
		char addr[24];
		snprintf(addr, sizeof addr, "0x%llx", (unsigned long long)(at | 1));
		cJSON_AddStringToObject(o, "address", addr);
	}
	cJSON_AddStringToObject(o, "name", strbuf_str(&name));
	cJSON_AddStringToObject(o, "type", mt_heap_node_type_name(h, node));
	cJSON_AddNumberToObject(o, "self_size", (double)mt_heap_self(h, node));
	cJSON_AddNumberToObject(o, "retained_size", (double)mt_heap_retained(h, node));
	cJSON_AddNumberToObject(o, "distance", h->distance[node]);
	strbuf_free(&name);
	return o;
}

static const char *const stat_names[HEAP_STAT_ROWS] = {
	"Total", "V8 heap", "Code", "Strings", "JS arrays", "Typed arrays",
	"System objects", "Native",
};

const char *heap_stat_name(size_t i)
{
	return i < HEAP_STAT_ROWS ? stat_names[i] : "";
}

uint64_t heap_stat_value(const struct mt_heap_stats *s, size_t i)
{
	const uint64_t v[HEAP_STAT_ROWS] = { s->total, s->v8heap, s->code, s->strings,
		s->js_arrays, s->typed_arrays, s->system, s->native };
	return i < HEAP_STAT_ROWS ? v[i] : 0;
}

int heap_stats_open(struct view *v, struct mt_error *err)
{
	struct mt_heap_stats *s = xcalloc(1, sizeof *s);

	(void)err;
	mt_heap_statistics(heap_of(v->doc), s);
	v->priv = s;
	return 0;
}

void heap_stats_close(struct view *v)
{
	free(v->priv);
	v->priv = NULL;
}

cJSON *heap_diff_row_json(const struct mt_heap_diff_row *r, const char *name,
			  const char *key)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "name", name);
	if (key)
		cJSON_AddStringToObject(o, "key", key);
	cJSON_AddNumberToObject(o, "new", (double)r->added);
	cJSON_AddNumberToObject(o, "deleted", (double)r->removed);
	cJSON_AddNumberToObject(o, "delta", (double)r->added - (double)r->removed);
	cJSON_AddNumberToObject(o, "alloc_size", (double)r->added_size);
	cJSON_AddNumberToObject(o, "freed_size", (double)r->removed_size);
	cJSON_AddNumberToObject(o, "size_delta", (double)r->added_size - (double)r->removed_size);
	return o;
}

int heap_nodes_by_retained(const void *a, const void *b, void *heap)
{
	const struct mt_heap *h = heap;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t rx = mt_heap_retained(h, x), ry = mt_heap_retained(h, y);

	if (rx != ry)
		return rx > ry ? -1 : 1;
	return mt_heap_id(h, x) < mt_heap_id(h, y) ? -1 : mt_heap_id(h, x) > mt_heap_id(h, y);
}

static void signed_cell(struct view *v, struct view_row *row, int col, uint64_t plus,
			uint64_t minus)
{
	char buf[32];

	if (plus >= minus)
		view_cell(v, row, col, "+%s", fmt_count(plus - minus, buf, sizeof buf));
	else
		view_cell(v, row, col, "-%s", fmt_count(minus - plus, buf, sizeof buf));
}

void heap_diff_row_cells(struct view *v, const struct mt_heap_diff_row *r,
			 struct view_row *row)
{
	char buf[32];

	row->style = r->added > r->removed ? VS_ADDED
		   : r->added < r->removed ? VS_REMOVED : VS_NORMAL;
	view_cell(v, row, 1, "%s", fmt_count(r->added, buf, sizeof buf));
	view_cell(v, row, 2, "%s", fmt_count(r->removed, buf, sizeof buf));
	signed_cell(v, row, 3, r->added, r->removed);
	view_cell(v, row, 4, "%s", fmt_count(r->added_size, buf, sizeof buf));
	view_cell(v, row, 5, "%s", fmt_count(r->removed_size, buf, sizeof buf));
	signed_cell(v, row, 6, r->added_size, r->removed_size);
}
