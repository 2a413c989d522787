/* core/heap/header.c: the `snapshot` header: meta read by field name, the
 * node and edge type tables, declared counts. cJSON sees only this small
 * object, never the arrays. */
#include "core/heap/load.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <cjson/cJSON.h>
#include <string.h>

#define HEADER_MAX (1u << 20)

/* Position of name in a JSON array of strings, -1 if absent. */
static int index_of(const cJSON *arr, const char *name)
{
	int i = 0;
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) {
		if (cJSON_IsString(it) && strcmp(it->valuestring, name) == 0)
			return i;
		i++;
	}
	return -1;
}

static int strings_of(const cJSON *arr, char ***out)
{
	int n = cJSON_GetArraySize(arr), i = 0;
	const cJSON *it;

	*out = xcalloc((size_t)n + 1, sizeof **out);
	cJSON_ArrayForEach(it, arr)
		(*out)[i++] = xstrdup(cJSON_IsString(it) ? it->valuestring : "");
	return n;
}

static int type_code(char **names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

void hl_type_roles(struct mt_heap *h)
{
	struct mt_heap_types *t = &h->t;
	char **n = h->node_type_names;
	int k = h->n_node_types;

	t->hidden = type_code(n, k, "hidden");
	t->array = type_code(n, k, "array");
	t->string = type_code(n, k, "string");
	t->object = type_code(n, k, "object");
	t->code = type_code(n, k, "code");
	t->closure = type_code(n, k, "closure");
	t->regexp = type_code(n, k, "regexp");
	t->number = type_code(n, k, "number");
	t->native = type_code(n, k, "native");
	t->synthetic = type_code(n, k, "synthetic");
	t->cons_string = type_code(n, k, "concatenated string");
	t->sliced_string = type_code(n, k, "sliced string");
	n = h->edge_type_names;
	k = h->n_edge_types;
	t->e_context = type_code(n, k, "context");
	t->e_element = type_code(n, k, "element");
	t->e_property = type_code(n, k, "property");
	t->e_internal = type_code(n, k, "internal");
	t->e_hidden = type_code(n, k, "hidden");
	t->e_shortcut = type_code(n, k, "shortcut");
	t->e_weak = type_code(n, k, "weak");
}

static const char *need_fields(const struct hlayout *y)
{
	if (y->f_type < 0) return "snapshot.meta.node_fields lacks \"type\"";
	if (y->f_name < 0) return "snapshot.meta.node_fields lacks \"name\"";
	if (y->f_id < 0) return "snapshot.meta.node_fields lacks \"id\"";
	if (y->f_self < 0) return "snapshot.meta.node_fields lacks \"self_size\"";
	if (y->f_edges < 0) return "snapshot.meta.node_fields lacks \"edge_count\"";
	if (y->e_type < 0) return "snapshot.meta.edge_fields lacks \"type\"";
	if (y->e_name < 0) return "snapshot.meta.edge_fields lacks \"name_or_index\"";
	if (y->e_to < 0) return "snapshot.meta.edge_fields lacks \"to_node\"";
	if (y->node_fields > 64 || y->edge_fields > 64 || y->loc_fields > 64)
		return "snapshot.meta has more than 64 fields per record";
	return NULL;
}

static const char *read_layout(const cJSON *meta, struct hlayout *y, struct mt_heap *h)
{
	const cJSON *nf = cJSON_GetObjectItemCaseSensitive(meta, "node_fields");
	const cJSON *ef = cJSON_GetObjectItemCaseSensitive(meta, "edge_fields");
	const cJSON *nt = cJSON_GetObjectItemCaseSensitive(meta, "node_types");
	const cJSON *et = cJSON_GetObjectItemCaseSensitive(meta, "edge_types");
	const cJSON *lf = cJSON_GetObjectItemCaseSensitive(meta, "location_fields");

	if (!cJSON_IsArray(nf) || !cJSON_IsArray(ef))
		return "snapshot.meta lacks node_fields or edge_fields";
	y->node_fields = cJSON_GetArraySize(nf);
	y->f_type = index_of(nf, "type");
	y->f_name = index_of(nf, "name");
	y->f_id = index_of(nf, "id");
	y->f_self = index_of(nf, "self_size");
	y->f_edges = index_of(nf, "edge_count");
	y->f_detached = index_of(nf, "detachedness");
	y->f_trace = index_of(nf, "trace_node_id");
	y->edge_fields = cJSON_GetArraySize(ef);
	y->e_type = index_of(ef, "type");
	y->e_name = index_of(ef, "name_or_index");
	y->e_to = index_of(ef, "to_node");
	y->loc_fields = cJSON_IsArray(lf) ? cJSON_GetArraySize(lf) : 0;
	y->l_node = index_of(lf, "object_index");
	y->l_script = index_of(lf, "script_id");
	y->l_line = index_of(lf, "line");
	y->l_column = index_of(lf, "column");
	const char *why = need_fields(y);
	if (why)
		return why;
	const cJSON *ntypes = cJSON_GetArrayItem(nt, y->f_type);
	const cJSON *etypes = cJSON_GetArrayItem(et, y->e_type);
	if (!cJSON_IsArray(ntypes) || !cJSON_IsArray(etypes))
		return "snapshot.meta lacks the node_types or edge_types of \"type\"";
	h->n_node_types = strings_of(ntypes, &h->node_type_names);
	h->n_edge_types = strings_of(etypes, &h->edge_type_names);
	if (h->n_node_types > 250 || h->n_edge_types > 16)
		return "snapshot.meta has more than 250 node types or 16 edge types";
	h->has_trace_node_id = y->f_trace >= 0;
	h->has_detachedness = y->f_detached >= 0;
	hl_type_roles(h);
	return NULL;
}

/* A count read as an exact non-negative integer, or -1. */
static double count_of(const cJSON *snap, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(snap, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9007199254740991.0 ||
	    v->valuedouble != (double)(uint64_t)v->valuedouble)
		return -1;
	return v->valuedouble;
}

int hl_header(struct hload *l)
{
	struct strbuf text = STRBUF_INIT;
	uint64_t at = hr_offset(l->r);
	const char *why = NULL;

	if (l->have_header)
		return hr_fail(l->r, at, "a second \"snapshot\" header");
	if (hr_object_text(l->r, &text, HEADER_MAX) < 0) {
		strbuf_free(&text);
		return -1;
	}
	const char *end = NULL;
	cJSON *snap = cJSON_ParseWithLengthOpts(text.buf, text.len, &end, 0);
	if (!snap) {
		uint64_t where = at + (end ? (uint64_t)(end - text.buf) : 0);
		strbuf_free(&text);
		return hr_fail(l->r, where, "the \"snapshot\" header is not valid JSON");
	}
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(snap, "meta");
	double nc = count_of(snap, "node_count"), ec = count_of(snap, "edge_count");
	if (!cJSON_IsObject(meta))
		why = "snapshot.meta is missing";
	else if (nc < 0 || ec < 0)
		why = "snapshot.node_count or edge_count is missing or not a count";
	else if (nc > MT_HEAP_MAX_NODES || ec >= 0xfffffff0)
		why = "more than 2^28 nodes (V8's own limit) or 2^32 edges";
	else
		why = read_layout(meta, &l->lay, l->h);
	if (!why) {
		double extra = count_of(snap, "extra_native_bytes");
		l->lay.node_count = (uint64_t)nc;
		l->lay.edge_count = (uint64_t)ec;
		l->h->extra_native_bytes = extra > 0 ? (uint64_t)extra : 0;
		l->have_header = 1;
	}
	cJSON_Delete(snap);
	strbuf_free(&text);
	return why ? hr_fail(l->r, at, "%s", why) : 0;
}
