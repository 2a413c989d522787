/* views/heap/ui.h: what the interactive heap panes share (Summary,
 * Comparison, object lists, edges, retainers, dominators): state kept for
 * the life of the process per snapshot (the comparison of a pair, ignored
 * retainers) and the way an object is written in a cell. */
#ifndef MORTEM_VIEWS_HEAPUI_H
#define MORTEM_VIEWS_HEAPUI_H

#include "views/heap/common.h"
#include "core/heap/growth.h"
#include "core/heap/ignore.h"

/* Object lists opened from Summary or Comparison: view arg bits. */
#define HU_INDEX_MASK 0xffffffLL    /* class index, or Comparison row */
#define HU_PAIR (1LL << 37)         /* base and target are series[] indexes: */
#define HU_PAIR_BASE_SHIFT 24       /* the base's, 4 bits */
#define HU_PAIR_TARGET_SHIFT 28     /* the target's, 4 bits */
#define HU_BETWEEN (1LL << 32)      /* only objects allocated between snapshots */
#define HU_DELETED (1LL << 33)      /* the deleted objects (from the base) */
#define HU_SWAPPED (1LL << 34)      /* base and target swapped */
#define HU_DIFF (1LL << 35)         /* a Comparison row, not a Summary class */
#define HU_GROUP (1LL << 36)        /* with HU_DIFF: one group of the row's holders */
#define HU_GROUP_SHIFT 40           /* the group's index, in the bits from here */
#define HU_GROUP_MASK 0x7fffffLL

/* State kept in each open snapshot's artifact (views/heap/state.c),
 * freed with it. */
/* The comparison of base with target, computed on first use and kept in
 * target (the Comparison pane and the lists it opens share it). */
struct mt_heap_diff *heapui_diff(struct mt_artifact *base, struct mt_artifact *target);
/* The holders of that comparison's new objects (core/heap/growth.h),
 * made on first use and kept with it. */
const struct mt_heap_growth *heapui_growth(struct mt_artifact *base, struct mt_artifact *target);
/* The base and target a Comparison row's arg names (HU_SWAPPED, HU_PAIR),
 * from v's two files or its series. */
void heapui_pair_of(const struct view *v, struct mt_artifact **base,
		    struct mt_artifact **target);
/* The arg bits that name base and target of doc's series (HU_PAIR). */
int64_t heapui_pair_arg(int base, int target);
/* The pair the Comparison pane shows, for the Summary's "between" filter. */
void heapui_pair_set(struct mt_artifact *base, struct mt_artifact *target);
/* The base paired with target, or NULL. */
struct mt_artifact *heapui_base_of(struct mt_artifact *target);
/* DevTools' maxJSObjectId: the largest id of a JavaScript object. Objects
 * allocated between base and target have ids in (max(base), max(target)]. */
uint64_t heapui_max_id(struct mt_artifact *doc);

/* Ignored retainers (DevTools' "Ignore this retainer"), per snapshot. */
const int32_t *heapui_distances(struct mt_artifact *doc); /* with them ignored */
int heapui_ignored(struct mt_artifact *doc, uint32_t node);
size_t heapui_ignored_count(struct mt_artifact *doc);
void heapui_ignore(struct mt_artifact *doc, uint32_t node);
void heapui_unignore_all(struct mt_artifact *doc);

/* "Name @id", a string's text quoted and cut, a number's value. */
void heapui_label(const struct mt_heap *h, uint32_t node, struct strbuf *out);
/* Count, distance, shallow and retained cells from col on. */
void heapui_size_cells(struct view *v, struct view_row *row, int col, const struct mt_heap *h,
		       uint32_t node, const int32_t *dist);
/* jump-id: the object pane of "@N" or "N" in doc. */
int heapui_jump(struct mt_artifact *doc, const char *text, struct view_nav *nav);
/* 100 * part / whole as "12.3%" ("" when whole is 0). */
const char *heapui_percent(uint64_t part, uint64_t whole, char *buf, size_t size);

extern const struct view_ops view_holders_ops, view_instances_ops, view_edges_ops, view_rettree_ops,
	view_dominators_ops;

#endif
