/* core/heap/names.h: class names as DevTools gives them (private to
 * core/heap): the name per node type (calculateObjectNames) and plain
 * objects named by their property set, `{a, b, c}` (inferInterfaceDefinitions
 * and applyInterfaceDefinitions). */
#ifndef MORTEM_CORE_HEAP_NAMES_H
#define MORTEM_CORE_HEAP_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "core/heap/heap.h"
#include "core/strbuf.h"

/* Names DevTools adds to a snapshot's strings; id = string_count + index. */
struct hnames {
	char **v;            /* owned strings */
	size_t n, cap;
	uint32_t *slot;      /* owned hash of ids + 1, cap_slot a power of two */
	size_t cap_slot;
	uint32_t base;       /* the snapshot's string_count */
};

/* An interface: a name and its property names in definition order. */
struct hiface {
	char *name;          /* owned */
	char **props;        /* owned strings */
	size_t nprops;
	uint64_t count;
};

struct hifaces {
	struct hiface *v;    /* owned */
	size_t n;
};

uint32_t hnames_intern(struct hnames *t, const char *s);
const char *hnames_get(const struct mt_heap *h, const struct hnames *t, uint32_t id);
void hnames_free(struct hnames *t);

/* Name id per node, before interfaces: owned array of node_count. */
uint32_t *hnames_base(const struct mt_heap *h, struct hnames *t);
/* The interfaces this snapshot defines. */
void hifaces_infer(const struct mt_heap *h, struct hifaces *out);
/* Rename plain objects of h by the interfaces defs (which may come from
 * another snapshot). */
void hifaces_apply(const struct mt_heap *h, const struct hifaces *defs, struct hnames *t,
		   uint32_t *name_of);
void hifaces_free(struct hifaces *d);

/* DevTools' formatPropertyName: names with , ' " { } are JSON-quoted. */
void hname_format_property(const char *name, struct strbuf *out);
/* Length in UTF-16 code units, as JavaScript counts. */
size_t hname_js_length(const char *s, size_t len);

#endif
