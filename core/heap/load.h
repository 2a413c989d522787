/* core/heap/load.h: what the parts of the snapshot loader share (private to
 * core/heap). */
#ifndef MORTEM_CORE_HEAP_LOAD_H
#define MORTEM_CORE_HEAP_LOAD_H

#include "core/heap/heap.h"
#include "core/heap/reader.h"

#include <pthread.h>

/* Field positions from snapshot.meta, by name; -1 when absent. */
struct hlayout {
	int node_fields, f_type, f_name, f_id, f_self, f_edges, f_detached, f_trace;
	int edge_fields, e_type, e_name, e_to;
	int loc_fields, l_node, l_script, l_line, l_column;
	uint64_t node_count, edge_count;  /* as declared */
};

struct hload {
	struct mt_heap *h;          /* borrowed: being filled */
	struct hreader *r;          /* borrowed */
	struct hlayout lay;
	int have_header, have_nodes, have_edges, have_strings;
	uint64_t edge_sum;          /* sum of node edge_count fields */
	uint32_t max_name;          /* largest node name index read */
	uint32_t max_ename;         /* largest string edge name read (when an
				      edge's type is read before its name) */
	uint32_t *ename;            /* owned until the model's: each edge's name as
				      read (mt_heap_enames_pack makes it the codes) */
	size_t locs_cap;
	pthread_t packer;           /* packs the locations while the rest is parsed */
	int packing;                /* packer runs (joined before h->loc is used) */
	pthread_t marker;           /* marks page-owned nodes once the edges are in,
				      then packs their names when pack_early */
	int marking;
	int pack_early;             /* names packed by the marker (an edge's type
				      is read before its name: max_ename known) */
};

/* Parse the `snapshot` object (cJSON over its text) into the layout and
 * the type tables of h. */
int hl_header(struct hload *l);
/* The type codes by role (h->t) from the type names. */
void hl_type_roles(struct mt_heap *h);
/* Parse the nodes, edges and locations arrays into h's columns. */
int hl_nodes(struct hload *l);
int hl_edges(struct hload *l);
int hl_locations(struct hload *l);
/* The location records as read into h->loc; frees them. */
void hl_pack_locations(struct mt_heap *h);
/* Parse the strings array. */
int hl_strings(struct hload *l);

#endif
