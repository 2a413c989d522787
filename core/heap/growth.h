/* core/heap/growth.h: why a heap grew between two snapshots of one
 * process: who holds the new objects of each class ("Held by"), and the
 * roots of the growth (the classes whose new objects no other growing
 * class holds).
 *
 * Each object has one holder: its retainer nearest the roots (smallest
 * DevTools distance, weak edges never). From a new object X the holders are
 * followed up, through internal objects ("(array)", "(string)",
 * "system / Context"...) and new objects of X's own class, to the first
 * that is neither: an object that existed in the base snapshot, or a new
 * object of another class. That object and the steps from it down to X make
 * X's group: "global.__visits[]" (an old array), "Visit.meta" (a new Visit).
 */
#ifndef MORTEM_CORE_HEAP_GROWTH_H
#define MORTEM_CORE_HEAP_GROWTH_H

#include "core/heap/classes.h"

/* One step of a path, from the anchor down: the edge as written in the
 * path (".name", "[]", or "" when the step is seen through) and the class of
 * the object it leads to. */
struct mt_heap_step {
	char *edge;              /* owned */
	const char *cls;         /* borrowed from the target's class table */
};

/* The new objects of one class held the same way. */
struct mt_heap_holder {
	char *path;              /* owned: "global.__visits[]" */
	struct mt_heap_step *steps; /* owned: the anchor first, then each step */
	size_t nsteps;
	uint32_t *nodes;         /* owned: the objects (ordinals in the target) */
	size_t n;
	uint64_t retained;       /* their retained sizes, summed */
	const char *function;    /* borrowed: the functions' name when the objects
				    are closures of one function, else NULL */
	size_t by_row;           /* held by a new object of this diff row's class,
				    or SIZE_MAX when held by an old one */
};

/* The groups of one comparison row, most objects first. */
struct mt_heap_held {
	struct mt_heap_holder *v;  /* owned */
	size_t n;
	uint64_t total;            /* new objects of the row */
};

/* A root of the growth: a group of a growing class that an old object (not
 * a new one of another class) holds. */
struct mt_heap_growth_root {
	size_t row;              /* diff row */
	size_t group;            /* its group in held[row] */
	uint64_t held_objects;   /* new objects it holds, its own included */
	uint64_t held_size;      /* their self sizes */
};

struct mt_heap_growth {
	struct mt_heap_held *held; /* owned: one per diff row */
	size_t nrows;
	struct mt_heap_growth_root *roots; /* owned: most bytes held first */
	size_t nroots;
};

/* The groups of every row of d (a comparison with b as its target) and the
 * growth's roots. b needs its distances and retained sizes. A comparison by
 * class (a core's heap: no ids, so no object is old) has no groups. */
struct mt_heap_growth *mt_heap_growth(struct mt_heap *b, const struct mt_heap_diff *d);
void mt_heap_growth_free(struct mt_heap_growth **g);

/* Whether a class name is one of V8's internal ones, seen through: "(...)"
 * and "system / ...". */
int mt_heap_internal_class(const char *name);

#endif
