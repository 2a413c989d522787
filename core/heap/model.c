/* core/heap/model.c: a model that another loader fills column by column
 * (core/v8heap makes one from a core): the type tables it names and the
 * parts a snapshot's loader would have made. */
#include "core/heap/load.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

static char **names_copy(const char *const *names, int n)
{
	char **out = xcalloc((size_t)n + 1, sizeof *out);

	for (int i = 0; i < n; i++)
		out[i] = xstrdup(names[i]);
	return out;
}

void mt_heap_model_init(struct mt_heap *h, const char *const *node_types, int n_node_types,
			const char *const *edge_types, int n_edge_types)
{
	h->node_type_names = names_copy(node_types, n_node_types);
	h->n_node_types = n_node_types;
	h->edge_type_names = names_copy(edge_types, n_edge_types);
	h->n_edge_types = n_edge_types;
	hl_type_roles(h);
	h->has_detachedness = 0;
	h->has_trace_node_id = 0;
}

void mt_heap_model_finish(struct mt_heap *h)
{
	hl_pack_locations(h);
}
