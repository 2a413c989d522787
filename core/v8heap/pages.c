/* core/v8heap/pages.c: V8's heap pages in the core, and reads of the
 * process's memory through them.
 *
 * Every page (MemoryChunk) is 256 KiB-aligned and starts with a header
 * that gives its size, its area and the Heap and space that own it, so a
 * test at every 256 KiB boundary of every dumped segment finds them all.
 * Three header layouts (doc/core-heap.md): V8 10-11 keep the fields at the
 * page start (A); V8 12 puts the flags first (B); V8 13 keeps only the
 * flags and a pointer to malloc'd metadata there (C); another version's
 * layout is tried when the expected one finds nothing. A page is taken
 * when its size and area make sense and it names the chosen Heap (or no
 * Heap and the read-only flag): that of the isolate the dumping thread (or
 * else the first thread) runs, since workers have heaps of their own.
 * From-space pages (evacuated objects) are left out.
 */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define FROM_PAGE (1u << 3)      /* basic-memory-chunk.h Flag bits */
#define READ_ONLY_HEAP (1u << 6)
#define MAX_PAGES 65535u         /* 16 GiB of heap: vh_obj.page is 16 bits */
#define ISOLATE_SPAN 0x40000     /* the Heap lies this close after the isolate (isolate.c) */

/* Bytes held at addr in one segment: a pointer into the mapped core, or
 * NULL when fewer than n are there. */
static const unsigned char *core_bytes(const struct mt_coredump *c, uint64_t addr, size_t n)
{
	const struct mt_coredump_segment *s = mt_coredump_segment_at(c, addr);
	uint64_t rel;

	if (!s)
		return NULL;
	rel = addr - s->vaddr;
	if (rel > s->present || s->present - rel < n)
		return NULL;
	return c->data + s->offset + rel;
}

const struct vh_page *vh_page_lookup(const struct vh *vh, uint64_t addr)
{
	size_t mask = vh->chunk_cap - 1;
	uint32_t key = (uint32_t)(addr >> 18), hash = key * 2654435761u;

	/* Most words the roots are scanned for are no heap addresses: a bit
	 * per 16-bit hash says no at once. */
	if (!vh->chunk_cap || !(vh->chunk_filter[hash >> 22] >> (hash >> 16 & 63) & 1))
		return NULL;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		if (vh->chunk_page[i] == VH_NONE)
			return NULL;
		if (vh->chunk_keys[i] == key) {
			const struct vh_page *p = &vh->pages[vh->chunk_page[i]];
			return addr >= p->base && addr - p->base < p->size ? p : NULL;
		}
	}
}

const unsigned char *vh_mem(const struct vh *vh, uint64_t addr, size_t n)
{
	const struct vh_page *p = vh_page_of(vh, addr);

	if (p && addr - p->base <= p->size && p->size - (addr - p->base) >= n)
		return p->bytes + (addr - p->base);
	return core_bytes(vh->core, addr, n);
}

int vh_u64(const struct vh *vh, uint64_t addr, uint64_t *out)
{
	const unsigned char *b = vh_mem(vh, addr, 8);

	if (!b)
		return -1;
	memcpy(out, b, 8);
	return 0;
}

/* Whether the process had [a, a + n) mapped: contiguous segments cover it
 * (whether or not the core holds their bytes). A page header claiming more
 * is no page. */
static int mapped(const struct mt_coredump *c, uint64_t a, uint64_t n)
{
	const struct mt_coredump_segment *s = mt_coredump_segment_at(c, a);
	uint64_t end = a + n;

	while (s && s < c->segs + c->nsegs) {
		uint64_t seg_end = s->vaddr + s->memsz;
		if (seg_end >= end)
			return 1;
		if (s + 1 >= c->segs + c->nsegs || s[1].vaddr != seg_end)
			return 0;
		s++;
	}
	return 0;
}

/* The header at a, read in this version's layout; 0 when it is no page. */
static int read_header(struct vh *vh, uint64_t a, struct vh_page *pg)
{
	static const int lay[3][6] = {
		/* size, flags, heap, area start, area end, owner */
		{ 0, 8, 16, 24, 32, 64 },
		{ 16, 0, 24, 32, 40, 72 },
		{ 48, -1, 64, 72, 56, 80 },
	};
	const int *o = lay[vh->m.chunk_layout];
	unsigned char page[96], meta[96];
	const unsigned char *h = page;

	/* read, not mapped: most of the places tried are no pages */
	if (mt_coredump_read_cold(vh->core, a, page, sizeof page) != sizeof page)
		return 0;
	if (vh->m.chunk_layout == 2) {
		uint64_t md = vh_word(page, 8);
		h = meta;
		if (!md || md & 7 || mt_coredump_read_cold(vh->core, md, meta, sizeof meta) !=
		    sizeof meta)
			return 0;
		uint64_t own = vh_word(h, 8);
		if (own != a && !(own == 0 && vh_word(h, o[3]) == a + 16))
			return 0;
	}
	memset(pg, 0, sizeof *pg);
	pg->base = a;
	pg->size = vh_word(h, o[0]);
	pg->flags = vh_word(page, o[1] < 0 ? 0 : o[1]);
	pg->heap = vh_word(h, o[2]);
	pg->area_start = vh_word(h, o[3]);
	pg->area_end = vh_word(h, o[4]);
	pg->owner = vh_word(h, o[5]);
	return pg->size >= 0x1000 && pg->size < (1ull << 40) && pg->size % 0x1000 == 0 &&
	       pg->area_start > a && pg->area_start < pg->area_end &&
	       pg->area_end - a <= pg->size && pg->area_start - a < 0x10000 &&
	       pg->area_start % 8 == 0 && pg->area_end % 8 == 0 &&
	       mapped(vh->core, a, pg->size);
}

/* The isolate thread th runs: its thread-local v8::internal::
 * g_current_isolate_ (x86-64 puts the executable's TLS block at fs_base -
 * its rounded size; off and block from the ELF), or 0. */
static uint64_t thread_isolate(const struct vh *vh, const struct mt_coredump_thread *th,
			       uint64_t off, uint64_t block)
{
	uint64_t iso = 0;

	if (th->nregs <= MT_X64_FS_BASE ||
	    vh_u64(vh, th->regs[MT_X64_FS_BASE] - block + off, &iso) < 0)
		return 0;
	return iso;
}

/* The first candidate's Heap that lies in the isolate at iso (Heap is a
 * member of Isolate), or 0. */
static uint64_t heap_in(const struct vh_page *c, size_t n, uint64_t iso)
{
	for (size_t i = 0; i < n; i++)
		if (iso && c[i].heap > iso && c[i].heap - iso < ISOLATE_SPAN)
			return c[i].heap;
	return 0;
}

/* The Heap whose isolate the stack of thread t points into most (node 18
 * has no TLS variable), or 0. */
static uint64_t stack_heap(const struct vh *vh, size_t t, const struct vh_page *c, size_t n)
{
	const struct mt_coredump_thread *th = &vh->core->threads[t];
	const struct mt_coredump_segment *s = mt_coredump_segment_at(vh->core, th->sp);
	uint64_t heaps[16], score[16] = { 0 }, best = 0, w;
	size_t nh = 0, best_k = 0;
	const unsigned char *b;

	if (!th->sp || !s || th->sp - s->vaddr >= s->present ||
	    !(b = vh_mem(vh, th->sp, s->vaddr + s->present - th->sp)))
		return 0;
	for (size_t i = 0; i < n && nh < 16; i++) {  /* the distinct Heaps */
		size_t k = 0;
		while (k < nh && heaps[k] != c[i].heap)
			k++;
		if (k == nh && c[i].heap)
			heaps[nh++] = c[i].heap;
	}
	for (uint64_t a = 0; a + 8 <= s->vaddr + s->present - th->sp; a += 8) {
		memcpy(&w, b + a, 8);
		for (size_t k = 0; k < nh; k++)
			score[k] += w + ISOLATE_SPAN >= heaps[k] && w < heaps[k] + ISOLATE_SPAN;
	}
	for (size_t k = 0; k < nh; k++)
		if (score[k] > best_k) {
			best_k = score[k];
			best = heaps[k];
		}
	return best;
}

/* The lowest Heap: the main thread's isolate is malloc'd from the brk
 * heap, below the mmap'd arenas of worker threads. */
static uint64_t lowest_heap(const struct vh_page *c, size_t n)
{
	uint64_t best = 0;

	for (size_t i = 0; i < n; i++)
		if (c[i].heap && (!best || c[i].heap < best))
			best = c[i].heap;
	return best;
}

/* The Heap whose pages are walked, as workers have heaps of their own:
 * that of the isolate the first thread that runs one runs (the dumping
 * thread first, so a worker that crashed is the one shown), with
 * vh->isolate set; else the one the dumping thread's stack points to
 * most; else the main thread's. */
static int tls_isolate_symbol(const struct vh *vh, uint64_t *off, uint64_t *block)
{
	struct mt_coredump_module *exe = mt_coredump_exe(vh->core);
	struct mt_elf *e = exe ? mt_coredump_module_elf(vh->core, exe) : NULL;

	return e ? mt_elf_tls_symbol(e, "_ZN2v88internal18g_current_isolate_E", off, block) : -1;
}

static size_t candidates_any(struct vh *vh, struct vh_page **out);

static uint64_t pick_heap(struct vh *vh, const struct vh_page *c, size_t n)
{
	const struct mt_coredump *core = vh->core;
	uint64_t off, block, h;

	if (tls_isolate_symbol(vh, &off, &block) == 0)
		for (size_t t = 0; t < core->nthreads; t++) {
			if (vh->want_thread >= 0 && t != (size_t)vh->want_thread)
				continue;
			uint64_t iso = thread_isolate(vh, &core->threads[t], off, block);
			if ((h = heap_in(c, n, iso)) != 0) {
				vh->isolate = iso;
				return h;
			}
		}
	if (vh->want_thread >= 0 && (size_t)vh->want_thread < core->nthreads &&
	    tls_isolate_symbol(vh, &off, &block) < 0)
		return stack_heap(vh, (size_t)vh->want_thread, c, n);
	if (vh->want_thread >= 0)
		return 0;
	if (core->nthreads && (h = stack_heap(vh, 0, c, n)) != 0)
		return h;
	return lowest_heap(c, n);
}

/* The Heap thread t runs, and its isolate when the TLS variable says (0
 * when only its stack tells: node 18). */
static uint64_t thread_heap(const struct vh *vh, size_t t, const struct vh_page *c, size_t n,
			    int tls, uint64_t off, uint64_t block, uint64_t *iso)
{
	*iso = tls ? thread_isolate(vh, &vh->core->threads[t], off, block) : 0;
	return tls ? heap_in(c, n, *iso) : stack_heap(vh, t, c, n);
}

static int listed(const struct mt_v8heap_isolate *x, size_t k, uint64_t heap)
{
	for (size_t i = 0; i < k; i++)
		if (x[i].heap == heap)
			return 1;
	return 0;
}

static size_t isolates_of(struct vh *vh, const struct vh_page *c, size_t n,
			  struct mt_v8heap_isolate **out)
{
	const struct mt_coredump *core = vh->core;
	size_t k = 0;
	uint64_t off, block, iso;
	int tls = tls_isolate_symbol(vh, &off, &block) == 0;

	*out = NULL;
	for (size_t t = 0; n && t < core->nthreads; t++) {
		uint64_t h = thread_heap(vh, t, c, n, tls, off, block, &iso);
		if (!h || listed(*out, k, h))
			continue;
		struct mt_v8heap_isolate x = { t, core->threads[t].tid, iso, h, 0,
					       core->psinfo.present &&
					       core->threads[t].tid == core->psinfo.pid };
		for (size_t i = 0; i < n; i++)
			x.pages += c[i].heap == h;
		*out = xreallocarray(*out, k + 1, sizeof **out);
		(*out)[k++] = x;
	}
	return k;
}

size_t vh_isolates(struct vh *vh, struct mt_v8heap_isolate **out)
{
	struct vh_page *c;
	size_t n = candidates_any(vh, &c), k = isolates_of(vh, c, n, out);

	free(c);
	return k;
}

/* Pages in what a cut core lacks are not found at all: say so. */
static void say_cut(struct vh *vh)
{
	size_t cut = 0;

	for (size_t i = 0; i < vh->core->nsegs; i++)
		cut += vh->core->segs[i].present < vh->core->segs[i].filesz;
	if (cut)
		vh_warn(vh, "the core is cut short (%zu of %zu memory segments incomplete): "
			"heap pages there are missing", cut, vh->core->nsegs);
}

/* The space a page belongs to, from its owner's vtable symbol. */
static enum vh_space space_of(struct vh *vh, const struct vh_page *pg)
{
	static const struct { const char *name; enum vh_space space; } names[] = {
		{ "8OldSpaceE", SP_OLD }, { "9SemiSpaceE", SP_NEW }, { "8NewSpaceE", SP_NEW },
		{ "13PagedNewSpaceE", SP_NEW }, { "17SemiSpaceNewSpaceE", SP_NEW },
		{ "9CodeSpaceE", SP_CODE }, { "19OldLargeObjectSpaceE", SP_LARGE },
		{ "16LargeObjectSpaceE", SP_LARGE }, { "20CodeLargeObjectSpaceE", SP_CODE_LARGE },
		{ "19NewLargeObjectSpaceE", SP_NEW_LARGE }, { "13ReadOnlySpaceE", SP_RO },
		{ "8MapSpaceE", SP_MAP }, { "12TrustedSpaceE", SP_TRUSTED },
		{ "23TrustedLargeObjectSpaceE", SP_LARGE }, { "11SharedSpaceE", SP_SHARED },
		{ "22SharedLargeObjectSpaceE", SP_LARGE },
	};
	const char *vtable;
	uint64_t vptr;

	if (!pg->heap && (pg->flags & READ_ONLY_HEAP || !pg->owner))
		return SP_RO;
	if (!pg->owner || vh_u64(vh, pg->owner, &vptr) < 0)
		return SP_OTHER;
	vtable = vh_exe_symbol(vh, vptr - 16);
	if (!vtable || strncmp(vtable, "_ZTVN2v88internal", 17) != 0)
		return SP_OTHER;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(vtable + 17, names[i].name) == 0)
			return names[i].space;
	return SP_OTHER;
}

/* The page's bytes: in place when one segment holds it whole, else a copy
 * with what is missing left zero (and counted). */
static void page_bytes(struct vh *vh, struct vh_page *pg)
{
	pg->bytes = core_bytes(vh->core, pg->base, pg->size);
	if (pg->bytes)
		return;
	pg->own = xcalloc(1, pg->size);
	for (uint64_t off = 0; off < pg->size; off += 4096) {
		size_t got = mt_coredump_read(vh->core, pg->base + off, pg->own + off, 4096);
		uint64_t lo = pg->base + off + got, hi = pg->base + off + 4096;
		if (lo < pg->area_start)
			lo = pg->area_start;
		if (hi > pg->area_end)
			hi = pg->area_end;
		if (hi > lo)
			pg->missing += hi - lo;
	}
	pg->bytes = pg->own;
}

static void index_pages(struct vh *vh)
{
	size_t keys = 0;
	uint64_t lo = UINT64_MAX, hi = 0;

	for (size_t i = 0; i < vh->npages; i++) {
		keys += (vh->pages[i].size + VH_PAGE - 1) / VH_PAGE;
		if (vh->pages[i].base < lo)  /* pages may overlap in a crafted core */
			lo = vh->pages[i].base;
		if (vh->pages[i].base + vh->pages[i].size > hi)
			hi = vh->pages[i].base + vh->pages[i].size;
	}
	vh->span_lo = lo;
	vh->span_len = hi > lo ? hi - lo : 0;
	vh->chunk_cap = 16;
	while (vh->chunk_cap < 2 * keys)
		vh->chunk_cap *= 2;
	vh->chunk_keys = xcalloc(vh->chunk_cap, sizeof *vh->chunk_keys);
	vh->chunk_filter = xcalloc(1024, sizeof *vh->chunk_filter);
	vh->chunk_page = xmalloc(vh->chunk_cap * sizeof *vh->chunk_page);
	memset(vh->chunk_page, 0xff, vh->chunk_cap * sizeof *vh->chunk_page);
	for (size_t i = 0; i < vh->npages; i++)
		for (uint64_t a = vh->pages[i].base; a < vh->pages[i].base + vh->pages[i].size;
		     a += VH_PAGE) {
			uint32_t key = (uint32_t)(a >> 18);
			size_t s = (key * 2654435761u) & (vh->chunk_cap - 1);
			while (vh->chunk_page[s] != VH_NONE && vh->chunk_keys[s] != key)
				s = (s + 1) & (vh->chunk_cap - 1);
			vh->chunk_keys[s] = key;
			vh->chunk_page[s] = (uint32_t)i;
			uint32_t f = (key * 2654435761u) >> 16;
			vh->chunk_filter[f / 64] |= 1ull << (f % 64);
		}
}

/* Every page header at a 256 KiB boundary of the dumped memory. */
static size_t candidates(struct vh *vh, struct vh_page **out)
{
	const struct mt_coredump *c = vh->core;
	size_t n = 0, cap = 64;
	struct vh_page *pg = xmalloc(cap * sizeof *pg);

	for (size_t s = 0; s < c->nsegs; s++) {
		const struct mt_coredump_segment *seg = &c->segs[s];
		uint64_t a = (seg->vaddr + VH_PAGE - 1) & ~(uint64_t)(VH_PAGE - 1);
		for (; a + 96 <= seg->vaddr + seg->present && a >= seg->vaddr; a += VH_PAGE) {
			if (n == cap) {
				cap *= 2;
				pg = xreallocarray(pg, cap, sizeof *pg);
			}
			if (n < MAX_PAGES && read_header(vh, a, &pg[n]))
				n++;
		}
	}
	*out = pg;
	return n;
}

/* The candidates in this version's header layout, else in the first other
 * layout that finds any: a V8 between those measured (12.5 to 12.9) may
 * already have the next one. */
static size_t candidates_any(struct vh *vh, struct vh_page **out)
{
	int first = vh->m.chunk_layout;
	size_t n = candidates(vh, out);

	for (int k = 0; !n && k < 3; k++) {
		if (k == first)
			continue;
		free(*out);
		vh->m.chunk_layout = k;
		if ((n = candidates(vh, out)) > 0)
			vh_warn(vh, "V8 %s: page headers in layout %c, not %c as expected",
				vh->info->version, 'A' + k, 'A' + first);
	}
	if (!n)
		vh->m.chunk_layout = first;
	return n;
}

int vh_pages_find(struct vh *vh, struct mt_error *err)
{
	struct vh_page *cand;
	size_t n = candidates_any(vh, &cand);

	vh->heap_ptr = pick_heap(vh, cand, n);
	vh->info->heap = vh->heap_ptr;
	vh->info->nisolates = isolates_of(vh, cand, n, &vh->info->isolates);
	if (!vh->heap_ptr && vh->want_thread >= 0) {
		free(cand);
		mt_error_set(err, "%s: thread %ld runs no JavaScript isolate", vh->core->path,
			     vh->want_thread);
		return -1;
	}
	say_cut(vh);
	vh->pages = xcalloc(n ? n : 1, sizeof *vh->pages);
	for (size_t i = 0; i < n; i++) {
		struct vh_page pg = cand[i];
		if ((pg.heap != vh->heap_ptr &&
		     !(pg.heap == 0 && (pg.flags & READ_ONLY_HEAP || !pg.owner))) ||
		    pg.flags & FROM_PAGE) {
			vh->others = xreallocarray(vh->others, vh->nothers + 1, sizeof *vh->others);
			vh->others[vh->nothers++] = (struct vh_span){ pg.base, pg.size };
			if (pg.heap == vh->heap_ptr && pg.flags & FROM_PAGE) {
				vh->from = xreallocarray(vh->from, vh->nfrom + 1, sizeof *vh->from);
				vh->from[vh->nfrom++] = (struct vh_span){ pg.base, pg.size };
			}
			continue;
		}
		pg.space = space_of(vh, &pg);
		page_bytes(vh, &pg);
		vh->info->heap_bytes += pg.area_end - pg.area_start;
		vh->info->pages_missing += pg.missing > 0;
		vh->pages[vh->npages++] = pg;
	}
	free(cand);
	vh->info->pages = vh->npages;
	if (!vh->npages) {
		mt_error_set(err, "%s: no V8 heap page in the core (a coredump_filter without "
			     "anonymous memory, or no node heap)", vh->core->path);
		return -1;
	}
	index_pages(vh);
	return 0;
}

/* What the walk made of page pg (walk.c), freed. */
static void walk_products_free(struct vh_page *pg)
{
	free(pg->starts);
	free(pg->rank);
	free(pg->problem);
	pg->starts = NULL;
	pg->rank = NULL;
	pg->problem = NULL;
}

static int by_base(const void *a, const void *b)
{
	const struct vh_page *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

size_t vh_pages_add_from(struct vh *vh)
{
	size_t added = 0;

	for (size_t k = 0; k < vh->nfrom && vh->npages < UINT16_MAX; k++) {
		struct vh_page pg;
		if (!read_header(vh, vh->from[k].base, &pg))
			continue;
		pg.space = SP_NEW;
		pg.from = 1;
		page_bytes(vh, &pg);
		vh->pages = xreallocarray(vh->pages, vh->npages + 1, sizeof *vh->pages);
		vh->pages[vh->npages++] = pg;
		added++;
	}
	if (!added)
		return 0;
	for (size_t i = 0; i < vh->npages; i++)  /* the walk runs again */
		walk_products_free(&vh->pages[i]);
	qsort(vh->pages, vh->npages, sizeof *vh->pages, by_base);
	free(vh->chunk_keys);
	free(vh->chunk_page);
	free(vh->chunk_filter);
	index_pages(vh);
	memset(vh->last_page, 0, sizeof vh->last_page);
	return added;
}

void vh_release_all_but_pages(const struct vh *vh)
{
	uintptr_t at = (uintptr_t)vh->core->map, end = at + vh->core->map_len;

	if (!at)  /* bytes held otherwise (the fuzzer's): nothing to give back */
		return;
	for (size_t i = 0; i < vh->npages; i++) {  /* by address: by file offset too */
		const struct vh_page *p = &vh->pages[i];
		uintptr_t b = (uintptr_t)p->bytes;
		if (p->own || !b || b < at || b > end)
			continue;
		mt_coredump_release(vh->core, (const void *)at, b - at);
		at = b + p->size < end ? b + p->size : end;
	}
	mt_coredump_release(vh->core, (const void *)at, end - at);
}

void vh_pages_free(struct vh *vh)
{
	for (size_t i = 0; i < vh->npages; i++) {
		free(vh->pages[i].own);
		walk_products_free(&vh->pages[i]);
	}
	free(vh->pages);
	free(vh->others);
	vh->others = NULL;
	vh->nothers = 0;
	free(vh->from);
	vh->from = NULL;
	vh->nfrom = 0;
	free(vh->chunk_keys);
	free(vh->chunk_page);
	free(vh->chunk_filter);
	vh->chunk_filter = NULL;
	vh->pages = NULL;
	vh->npages = 0;
	memset(vh->last_page, 0, sizeof vh->last_page);
}
