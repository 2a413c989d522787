/* views/heap/common.h: what the heap panes share: the model behind a view,
 * DevTools' way of writing node and edge names, and the object named by
 * --id. */
#ifndef MORTEM_VIEWS_HEAP_COMMON_H
#define MORTEM_VIEWS_HEAP_COMMON_H

#include "core/heap/classes.h"
#include "core/heap/heap.h"
#include "core/heap/stats.h"
#include "views/view.h"

#define HEAP_LABEL_MAX 200   /* characters of a name shown in a cell */

static inline struct mt_heap *heap_of(struct mt_artifact *doc)
{
	return doc ? doc->model : NULL;
}

/* A node as DevTools names it (cons strings joined, plain objects by their
 * class, "Detached " prefixes), cut to HEAP_LABEL_MAX characters. */
void heap_node_name(const struct mt_heap *h, uint32_t node, struct strbuf *out);
/* How an object is named for --id and jump-id: "@id", or "@0x..." (its
 * address) in a core's heap, where ids are made up. */
const char *heap_ref(const struct mt_heap *h, uint32_t node, char *buf, size_t size);
/* The view_nav arg that opens node again (heap_arg_node): its id, or in a
 * core's heap its address. */
int64_t heap_node_arg(const struct mt_heap *h, uint32_t node);
/* An id as a JSON number, digit for digit past 2^53 (64-bit ids). */
void heap_id_json(cJSON *o, const char *key, uint64_t id);
/* The edge as DevTools writes it: .name, [0], ->ctx, {internal}, [[weak]]. */
void heap_edge_label(const struct mt_heap *h, uint32_t edge, struct strbuf *out);
/* The node named by v->arg (--id N); -1 with err when there is none. */
int heap_arg_node(struct view *v, uint32_t *node, struct mt_error *err);
/* A class's name for its row: with its constructor's place when twin (a
 * second row has the name): "Worker (node:internal/worker:134)", the
 * script as V8 names it (a path cut to its last part) and the line from
 * 1, from a located key ("script,line,column,Name"). */
void heap_class_label(struct mt_heap *h, const char *name, const char *key, int twin,
		      struct strbuf *out);
/* Where a located class's constructor is, from its key, appended to out:
 * the script as V8 names it (its last path part when short_name) and the
 * line from 1: "node:internal/worker:134"; 0 when the key has no
 * location. */
int heap_class_source(struct mt_heap *h, const char *key, int short_name, struct strbuf *out);
/* Which of n names (names[i], NULL for none) another of them repeats:
 * twin[i] set; the caller owns twin (n bytes). */
void heap_twins(const char *const *names, size_t n, unsigned char *twin);
/* A distance as text: "-" for unreachable and system-only objects. */
const char *heap_distance_text(int32_t d, char *buf, size_t size);
/* The rows of DevTools' Statistics, shared by `--print statistics` and the
 * Statistics tab: the view's priv is the struct mt_heap_stats (owned). */
#define HEAP_STAT_ROWS 8
const char *heap_stat_name(size_t i);
uint64_t heap_stat_value(const struct mt_heap_stats *s, size_t i);
int heap_stats_open(struct view *v, struct mt_error *err);
void heap_stats_close(struct view *v);

/* qsort_r order of node ordinals (arg: the struct mt_heap): retained size
 * descending, then id ascending. */
int heap_nodes_by_retained(const void *a, const void *b, void *heap);

/* Cells 1 to 6 of a comparison row (# New, # Deleted, # Delta, Alloc. Size,
 * Freed Size, Size Delta, as DevTools writes them) and the row's style:
 * grew, shrank or even. Cell 0, the name, is the caller's. */
void heap_diff_row_cells(struct view *v, const struct mt_heap_diff_row *r,
			 struct view_row *row);

/* A comparison row as JSON: name, key (left out when NULL), new, deleted,
 * delta, alloc_size, freed_size, size_delta. */
cJSON *heap_diff_row_json(const struct mt_heap_diff_row *r, const char *name,
			  const char *key);

/* Node as a JSON object: id, name, type, self_size, retained_size, distance. */
cJSON *heap_node_json(const struct mt_heap *h, uint32_t node);

#endif
