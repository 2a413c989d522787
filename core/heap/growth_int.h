/* core/heap/growth_int.h: what the two halves of the holders' walk share,
 * private to core/heap: the walk's state (growth.c) and the paths that
 * name a group (growth_path.c). */
#ifndef MORTEM_CORE_HEAP_GROWTH_INT_H
#define MORTEM_CORE_HEAP_GROWTH_INT_H

#include "core/heap/growth.h"
#include "core/strbuf.h"

#define UP_STEPS 3        /* named steps of an old holder's path to the roots */
#define WALK_MAX 10000    /* objects one walk may pass (a cycle, a long chain) */
#define EDGE_TEXT_MAX 48  /* characters of a property name in a path */
#define ROOT_SHARE 1      /* % of a class's new objects a root group holds at least */

/* Each object's holder: the retainer with the smallest distance. */
struct holders {
	uint32_t *by;     /* owned: per node, MT_HEAP_NONE for none */
	uint32_t *edge;   /* owned: the holder's edge to it */
};

/* The state of one mt_heap_growth() (its arrays freed when it returns). */
struct walker {
	const struct mt_heap *h;
	const struct mt_heap_classes *c;
	struct holders hold;
	uint8_t *is_new;      /* owned: per node of the target */
	uint32_t *group;      /* owned: per node, its group id + 1 once known */
	uint32_t *held_by;    /* owned: per node, the holder that ends its walk */
	uint32_t *chain;      /* owned: the objects of one walk, X first */
	uint32_t *up;         /* owned: the objects of an old holder's path */
	uint32_t *row_of;     /* owned: diff row per class of the target */
	struct group *g;      /* owned: every group of every row */
	size_t ng, capg;
	struct gindex { uint64_t hash; uint32_t g; } *index; /* owned: open addressing */
	size_t capindex;
	struct prefix { uint32_t node; char *text; } *prefix; /* owned: old holders' paths */
	size_t capprefix, nprefix;
};

/* A group while it is being filled. */
struct group {
	size_t row;
	char *path;           /* owned, until moved to the result */
	uint32_t anchor;      /* the holder (MT_HEAP_NONE: none) */
	uint32_t first;       /* the object that made the group */
	uint32_t *nodes;      /* owned, until moved */
	size_t n, cap;
	uint64_t retained;
	size_t by_row;
};

/* An object's class name, and whether the class is one seen through. */
static inline const char *gw_class_of(const struct walker *w, uint32_t v)
{
	return w->c->v[w->c->of[v]].name;
}
static inline int gw_internal(const struct walker *w, uint32_t v)
{
	return mt_heap_internal_class(gw_class_of(w, v));
}

/* growth_path.c: the path that names x's group, from its holder down
 * through the n objects of w->chain (x first): a root's name, a new
 * object's class, or an old object's path toward the roots. */
void gw_path_of(struct walker *w, uint32_t holder, size_t n, struct strbuf *out);
/* The steps of g's path, the anchor first, into o (its edges owned by o). */
void gw_steps_of(struct walker *w, const struct group *g, struct mt_heap_holder *o);
/* The name of the function whose closures o holds, if they are one's. */
const char *gw_function_of(const struct walker *w, const struct mt_heap_holder *o);

#endif
