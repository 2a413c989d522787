/* core/heap/access.c: reading the packed model: self sizes, retained sizes
 * and ids that do not fit their columns, type names, finding a node by id
 * (or a core object's address), display names. */
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The first of the n entries at base (each `size` bytes, led by a uint32_t
 * node, sorted by it) whose node is at or after node: h->big_id. */
static size_t node_at(const void *base, size_t n, size_t size, uint32_t node)
{
	const unsigned char *p = base;
	size_t lo = 0, hi = n;
	uint32_t k;

	if (n) {  /* the common case: sizes set in node order */
		memcpy(&k, p + (n - 1) * size, sizeof k);
		if (k < node)
			return n;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		memcpy(&k, p + mid * size, sizeof k);
		if (k < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

_Static_assert(offsetof(struct mt_heap_bigid, node) == 0, "node_at reads the node first");

/* Sizes that do not fit their column (self sizes of 64 KiB and more,
 * retained sizes of 4 GiB and more), by node in a hash table: set in any
 * order (the shallow sizes' re-attribution, the retained sums). */
struct bigsizes {
	struct mt_heap_bigsize **t;
	size_t *n, *cap;
};

static size_t bigsize_slot(const struct mt_heap_bigsize *t, size_t cap, uint32_t node)
{
	size_t i = (node * 2654435761u) & (cap - 1);

	while (t[i].node_plus1 && t[i].node_plus1 != node + 1)
		i = (i + 1) & (cap - 1);
	return i;
}

static uint64_t bigsize_get(const struct mt_heap_bigsize *t, size_t cap, uint32_t node,
			    uint64_t none)
{
	if (!cap)
		return none;
	size_t i = bigsize_slot(t, cap, node);
	return t[i].node_plus1 ? t[i].size : none;
}

static void bigsize_put(struct bigsizes b, uint32_t node, uint64_t size)
{
	if (2 * (*b.n + 1) > *b.cap) {
		size_t cap = *b.cap ? 2 * *b.cap : 64;
		struct mt_heap_bigsize *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < *b.cap; i++)
			if ((*b.t)[i].node_plus1)
				t[bigsize_slot(t, cap, (*b.t)[i].node_plus1 - 1)] = (*b.t)[i];
		free(*b.t);
		*b.t = t;
		*b.cap = cap;
	}
	size_t i = bigsize_slot(*b.t, *b.cap, node);
	if (!(*b.t)[i].node_plus1) {
		(*b.t)[i].node_plus1 = node + 1;
		(*b.n)++;
	}
	(*b.t)[i].size = size;
}

uint64_t mt_heap_big_self(const struct mt_heap *h, uint32_t node)
{
	return bigsize_get(h->big_self, h->big_self_cap, node, UINT16_MAX);
}

uint64_t mt_heap_big_id(const struct mt_heap *h, uint32_t node)
{
	size_t i = node_at(h->big_id, h->nbig_id, sizeof *h->big_id, node);

	return i < h->nbig_id && h->big_id[i].node == node ? h->big_id[i].id : UINT32_MAX;
}

void mt_heap_set_self(struct mt_heap *h, uint32_t node, uint64_t size)
{
	if (size < UINT16_MAX) {
		h->node_self[node] = (uint16_t)size;
		return;
	}
	h->node_self[node] = UINT16_MAX;
	bigsize_put((struct bigsizes){ &h->big_self, &h->nbig_self, &h->big_self_cap }, node, size);
}

uint64_t mt_heap_big_retained(const struct mt_heap *h, uint32_t node)
{
	return bigsize_get(h->big_retained, h->big_retained_cap, node, UINT32_MAX);
}

void mt_heap_set_retained(struct mt_heap *h, uint32_t node, uint64_t size)
{
	if (size < UINT32_MAX) {
		h->retained[node] = (uint32_t)size;
		return;
	}
	h->retained[node] = UINT32_MAX;
	bigsize_put((struct bigsizes){ &h->big_retained, &h->nbig_retained, &h->big_retained_cap },
		    node, size);
}

const char *mt_heap_node_type_name(const struct mt_heap *h, uint32_t node)
{
	return h->node_type_names[h->node_type[node]];
}

const char *mt_heap_edge_type_name(const struct mt_heap *h, uint32_t edge)
{
	return h->edge_type_names[mt_heap_etype(h, edge)];
}


/* A core's object by its address (tagged or not): the nodes are in
 * address order between synthetic ones (no address): the root and its sets
 * before, node's C++ objects after. */
static uint32_t find_addr(const struct mt_heap *h, uint64_t addr)
{
	uint32_t lo = 0, hi = h->node_count;

	addr &= ~(uint64_t)3;
	while (lo < hi && mt_heap_addr(h, lo) == 0)
		lo++;
	while (hi > lo && mt_heap_addr(h, hi - 1) == 0)
		hi--;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (mt_heap_addr(h, mid) < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->node_count && mt_heap_addr(h, lo) == addr ? lo : MT_HEAP_NONE;
}

uint32_t mt_heap_find_id(const struct mt_heap *h, uint64_t id)
{
	/* A core's heap names objects by address (its ids are made up); only
	 * its synthetic nodes (no address) go by id. */
	if (mt_heap_has_addrs(h)) {
		uint32_t n = id >= 4096 ? find_addr(h, id) : MT_HEAP_NONE;
		for (uint32_t i = 0; n == MT_HEAP_NONE && id < UINT32_MAX && i < h->node_count; i++)
			if (mt_heap_addr(h, i) == 0 && mt_heap_id(h, i) == id)
				n = i;
		return n;
	}
	if (id < UINT32_MAX)
		for (uint32_t i = 0; i < h->node_count; i++)
			if (h->node_id[i] == id)
				return i;
	for (size_t i = 0; i < h->nbig_id; i++)  /* 32 bits or more: kept aside */
		if (h->big_id[i].id == id)
			return h->big_id[i].node;
	return MT_HEAP_NONE;
}

const char *mt_heap_node_name(const struct mt_heap *h, uint32_t node, char *buf, size_t size)
{
	const char *name = mt_heap_str(h, h->node_name[node]);

	if (!mt_heap_renamed(h, node))
		return name;
	snprintf(buf, size, "Detached %s", name);
	return buf;
}
