/* core/heap/access.c: reading the packed model: self sizes that do not fit
 * 32 bits, type names, ids, locations. */
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <sys/mman.h>
#include <stdlib.h>

uint64_t mt_heap_big_self(const struct mt_heap *h, uint32_t node)
{
	for (size_t i = 0; i < h->nbig; i++)
		if (h->big[i].node == node)
			return h->big[i].size;
	return UINT32_MAX;
}

void mt_heap_set_self(struct mt_heap *h, uint32_t node, uint64_t size)
{
	size_t i;

	if (size < UINT32_MAX) {
		h->node_self[node] = (uint32_t)size;
		return;
	}
	h->node_self[node] = UINT32_MAX;
	for (i = 0; i < h->nbig; i++)
		if (h->big[i].node == node)
			break;
	if (i == h->nbig) {
		h->big = xreallocarray(h->big, ++h->nbig, sizeof *h->big);
		h->big[i].node = node;
	}
	h->big[i].size = size;
}

const char *mt_heap_node_type_name(const struct mt_heap *h, uint32_t node)
{
	return h->node_type_names[h->node_type[node]];
}

const char *mt_heap_edge_type_name(const struct mt_heap *h, uint32_t edge)
{
	return h->edge_type_names[mt_heap_etype(h, edge)];
}


uint32_t mt_heap_find_id(const struct mt_heap *h, uint64_t id)
{
	if (id > UINT32_MAX)
		return MT_HEAP_NONE;
	for (uint32_t i = 0; i < h->node_count; i++)
		if (h->node_id[i] == id)
			return i;
	return MT_HEAP_NONE;
}

const struct mt_heap_loc *mt_heap_location(const struct mt_heap *h, uint32_t node)
{
	size_t lo = 0, hi = h->nlocs;
	const struct mt_heap_loc *found = NULL;

	/* The last location recorded for a node wins, as in DevTools' map. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->locs[mid].node <= node)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && h->locs[lo - 1].node == node)
		found = &h->locs[lo - 1];
	return found;
}

const char *mt_heap_node_name(const struct mt_heap *h, uint32_t node, char *buf, size_t size)
{
	const char *name = mt_heap_str(h, h->node_name[node]);

	if (!mt_heap_renamed(h, node))
		return name;
	snprintf(buf, size, "Detached %s", name);
	return buf;
}

void *mt_heap_array(size_t n, size_t size)
{
	void *p = xcalloc(n ? n : 1, size);
	size_t bytes = (n ? n : 1) * size;
	uintptr_t start = ((uintptr_t)p + (2u << 20) - 1) & ~(uintptr_t)((2u << 20) - 1);
	uintptr_t end = ((uintptr_t)p + bytes) & ~(uintptr_t)((2u << 20) - 1);

#ifdef MADV_HUGEPAGE
	/* Measured: with the kernel's THP defrag on madvise, faulting huge
	 * pages in costs more system time than it saves; opt in only. */
	if (getenv("MORTEM_HUGEPAGES") && bytes >= (8u << 20) && end > start)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
	uintptr_t pstart = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t pend = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;
	/* Every array made here is written whole: fault it in with one call
	 * rather than a trap a page (measured: a quarter less system time). */
	if (bytes >= (1u << 20) && pend > pstart)
		madvise((void *)pstart, pend - pstart, MADV_POPULATE_WRITE);
#endif
	return p;
}
