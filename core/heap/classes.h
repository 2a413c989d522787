/* core/heap/classes.h: DevTools' class aggregates (the Summary view) and the
 * comparison of two snapshots (the Comparison view). */
#ifndef MORTEM_CORE_HEAP_CLASSES_H
#define MORTEM_CORE_HEAP_CLASSES_H

#include <stddef.h>
#include <stdint.h>

#include "core/heap/heap.h"
#include "core/heap/names.h"

struct mt_heap_class {
	const char *name;       /* borrowed from the snapshot or the class table */
	char *key;              /* owned: DevTools' public class key (",Name" or
				   "script,line,column,Name" for located objects) */
	uint64_t count, self, retained;  /* over instances of nonzero self size */
	int32_t distance;       /* smallest distance of those instances */
	uint32_t first;         /* first counted instance, MT_HEAP_NONE if none */
	uint32_t name_id;       /* names.h id */
	int shadowed;           /* a later class has the same public key: DevTools
				   keeps only the later one */
};

struct mt_heap_classes {
	struct mt_heap_class *v;  /* owned */
	size_t n, cap;
	uint32_t *of;             /* owned: class index of every node */
	struct hnames names;      /* owned: names DevTools adds */
	struct hifaces ifaces;    /* owned: the interfaces this snapshot defines */
	struct { uint32_t *slot; size_t cap; } index; /* owned: internal key -> class */
};

/* Classes of h named with the interfaces defs (NULL: h's own: moved from
 * own when given, else inferred); with_retained: class retained sizes too
 * (needs h->dominator and h->retained). */
struct mt_heap_classes *mt_heap_classes_build(const struct mt_heap *h, struct hifaces *own,
					      const struct hifaces *defs, int with_retained);
/* Indexes of the visible classes (count > 0, not shadowed), in file order;
 * the caller frees the array. */
size_t mt_heap_classes_visible(const struct mt_heap_classes *c, uint32_t **out);

/* --- comparison (diff.c) --- */
struct mt_heap_diff_row {
	const char *name;        /* borrowed from one of the class tables */
	const char *key;         /* borrowed */
	int base_only;           /* name and key are the first snapshot's class's
				    (the second has none of that key) */
	uint64_t added, removed, added_size, removed_size;
	uint32_t *new_nodes;     /* owned: ordinals in the second snapshot */
	uint32_t *deleted_nodes; /* owned: ordinals in the first snapshot */
};

struct mt_heap_diff {
	struct mt_heap_diff_row *rows;  /* owned, sorted by delta then name */
	size_t n;
	uint64_t unchanged;      /* objects with the same id and class in both */
	uint64_t moved, moved_other_type; /* JavaScript objects' ids deleted from one
					     class and new in another (of another type) */
	int same_process;        /* 0: the ids cannot come from one process */
	int by_class;            /* a core's heap on a side: its ids are made up,
				    so no object is matched: every one of the
				    base is deleted and every one of the target new */
	struct mt_heap_classes *base;   /* owned: the first snapshot's classes under
					   the second's interfaces, NULL when they are
					   its own */
};

/* Compare a (earlier) with b (later), both fully loaded. */
struct mt_heap_diff *mt_heap_diff(const struct mt_heap *a, const struct mt_heap *b);
void mt_heap_diff_free(struct mt_heap_diff **d);

#endif
