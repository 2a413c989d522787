/* core/v8heap/mark.c: the roots, and every object they reach.
 *
 * As a heap snapshot does (it runs a full GC, then keeps what the marker
 * reached), an object is live when a root reaches it through references,
 * weak ones included. A reference is any word of a reached object whose
 * tag is 01 (strong) or 11 (weak) and that is exactly the address of a
 * walked object; raw parts (string characters, byte arrays, numbers, code
 * bodies) are skipped.
 *
 * The roots, as four sets:
 *   table    the isolate's roots table;
 *   isolate  every word of the isolate's malloc chunk (ThreadLocalTop's
 *            context, the builtins table, the Heap), and of the buffers
 *            of its vectors (the startup object cache);
 *   stacks   each thread's stack from its stack pointer up, and its registers;
 *   handles  every other writable memory of the process: global and
 *            eternal handles, handle scope blocks, node's own references;
 *            less the heap pages, freed malloc chunks (stale pointers:
 *            a freed snapshot's entries, old worklists) and the unused
 *            tail of the current handle block. Marked from last: what
 *            the other sets reach is kept (vh->before_handles), and
 *            build.c takes this set's words that name such an object as
 *            weak edges (stale ones are common: node's buffers).
 * The last three are conservative: a word that looks like a reference is
 * taken as one. doc/core-heap.md says what that costs.
 *
 * Only what a full GC keeps is marked: strong references. A weak one (tag
 * 11: a map's transitions, feedback, weak arrays), a JSWeakRef's target
 * and a WeakCell's target and unregister token (held strongly, but weak to
 * V8's marker) do not keep their object; a WeakMap's value is kept while
 * its key is (an ephemeron: once the threads are done, the tables' entries
 * whose value is unmarked are kept by key, and marking a key marks its
 * values: ephemerons()). What only they reach is
 * unreachable: V8 frees it at its next GC, as it did before writing a
 * snapshot, so a snapshot does not have it.
 */
#include "core/v8heap/internal.h"
#include "core/bsearch.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <elf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define HANDLE_BLOCK 1022        /* kHandleBlockSize slots */

static void add_root(struct vh_roots *r, int set, uint32_t obj, uint64_t at)
{
	if (r->n[set] == r->cap[set]) {
		r->cap[set] = r->cap[set] ? r->cap[set] * 2 : 256;
		r->obj[set] = xreallocarray(r->obj[set], r->cap[set], sizeof *r->obj[set]);
		r->at[set] = xreallocarray(r->at[set], r->cap[set], sizeof *r->at[set]);
	}
	r->at[set][r->n[set]] = at;
	r->obj[set][r->n[set]++] = obj;
}

/* V8's global handles (global-handles.cc) are nodes of 32 bytes in blocks
 * of 256: the object, a class id (uint16), the node's index in its block
 * (a byte) and its flags (byte 11, v8-internal.h's kNodeFlagsOffset),
 * whose two low bits are its state: 0 free, 1 strong (NORMAL), 2 weak,
 * 3 pending. A weak handle keeps nothing: V8's GC frees what only weak
 * handles hold (node makes a wrapper's handle weak once its C++ object may
 * go). A block is told by its 256 index bytes, 0 to 255. */
#define GH_NODE 32
#define GH_BLOCK 256
#define GH_STATE_NORMAL 1

/* Blocks seen, by where they start: direct-mapped, start | 1 when one. */
struct gh_cache {
	uint64_t start[256];
};

enum gh_kind { GH_NONE, GH_STRONG, GH_WEAK };

/* Whether the word at addr is the object of a global handle: a strong one,
 * one that is not (free, weak or pending), or none. */
static enum gh_kind global_handle(const struct vh *vh, struct gh_cache *gc, uint64_t addr)
{
	const unsigned char *p = vh_mem(vh, addr + 10, 2);

	if (!p || addr < (uint64_t)GH_NODE * p[0])
		return GH_NONE;
	uint64_t block = addr - (uint64_t)GH_NODE * p[0];
	uint64_t *slot = &gc->start[(block >> 13) % 256];
	if ((*slot & ~(uint64_t)1) != block) {
		const unsigned char *b = vh_mem(vh, block, GH_NODE * GH_BLOCK);
		int k = 0;
		while (b && k < GH_BLOCK && b[GH_NODE * k + 10] == k)
			k++;
		*slot = block | (k == GH_BLOCK);
	}
	if (!(*slot & 1))
		return GH_NONE;
	return (p[1] & 3) == GH_STATE_NORMAL ? GH_STRONG : GH_WEAK;
}

/* Whether object o lies in from-space (walked for a scavenge under way): a
 * word that may be stale (a stack's, node's memory) keeps no such object;
 * the scavenge moved what those roots name first. */
static int young_leftover(const struct vh *vh, uint32_t o)
{
	return vh->follow_from && o != VH_NONE && vh->pages[vh->obj[o].page].from;
}

/* Every word of [a, end) that is an object's address. Most words of
 * node's memory are not: a word outside the span of the heap's pages
 * (vh->span_lo) is dropped before vh_find looks for its page (a quarter
 * of the odd words of the bench's core are inside it). In the handles
 * set, not the objects of weak global handles; those of strong ones say
 * so (VH_ROOT_GLOBAL). */
static void scan_words(struct vh *vh, struct vh_roots *r, int set, uint64_t a, uint64_t end)
{
	struct gh_cache gc;
	uint64_t strong = 0, weak = 0;  /* global handles: only the handles set has them */

	memset(&gc, 0, sizeof gc);
	a = (a + 7) & ~(uint64_t)7;
	while (a < end) {
		uint64_t n = end - a > (1u << 20) ? (1u << 20) : end - a;
		const unsigned char *b = vh_mem(vh, a, n);
		if (b)
			for (uint64_t i = 0; i + 8 <= n; i += 8) {
				uint64_t w;
				memcpy(&w, b + i, 8);
				if (!(w & 1) || w - vh->span_lo >= vh->span_len)
					continue;
				uint32_t o = vh_find(vh, w);
				if (set != MT_V8HEAP_ROOTS_TABLE && young_leftover(vh, o))
					o = VH_NONE;
				enum gh_kind g = o != VH_NONE && set == MT_V8HEAP_ROOTS_HANDLES ?
						 global_handle(vh, &gc, a + i) : GH_NONE;
				strong += g == GH_STRONG;
				weak += g == GH_WEAK;
				if (o != VH_NONE && g != GH_WEAK)
					add_root(r, set, o,
						 (a + i) | (g == GH_STRONG ? VH_ROOT_GLOBAL : 0));
			}
		if (b && set == MT_V8HEAP_ROOTS_HANDLES)  /* read once: hundreds of MB */
			mt_coredump_release(vh->core, b, n);
		a += n;
	}
	if (strong || weak) {  /* not written by a thread that scans the other sets */
		r->global_handles += strong;
		r->weak_handles += weak;
	}
}

struct range {
	uint64_t lo, hi;
};
struct ranges {
	struct range *r;
	size_t n, cap;
};

static void add_range(struct ranges *rs, uint64_t lo, uint64_t hi)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 256;
		rs->r = xreallocarray(rs->r, rs->cap, sizeof *rs->r);
	}
	rs->r[rs->n++] = (struct range){ lo, hi };
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

int vh_is_stack(const struct vh *vh, const struct mt_coredump_segment *s)
{
	for (size_t t = 0; t < vh->core->nthreads; t++) {
		uint64_t sp = vh->core->threads[t].sp;
		if (sp >= s->vaddr && sp - s->vaddr < s->memsz)
			return 1;
	}
	return 0;
}

/* The malloc chunks of one segment, kept for the next question about it. */
struct seg_chunks {
	const struct mt_coredump_segment *s;  /* borrowed, or NULL */
	struct vh_chunk *c;          /* owned: in address order, end to end */
	size_t n;
};

/* The chunk holding addr, as vh_malloc_chunk_at finds it: 0 with *out
 * filled, or -1. */
static int chunk_at(const struct vh *vh, struct seg_chunks *k, uint64_t addr, struct vh_chunk *out)
{
	const struct mt_coredump_segment *s = mt_coredump_segment_at(vh->core, addr);

	if (!s)
		return -1;
	if (s != k->s) {
		free(k->c);
		k->s = s;
		k->n = vh_malloc_chunks(vh, s->vaddr, s->vaddr + s->present, &k->c);
	}
	size_t lo = 0, hi = k->n;  /* the last chunk starting at or before addr */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->c[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr - k->c[lo - 1].addr >= k->c[lo - 1].size)
		return -1;
	*out = k->c[lo - 1];
	return 0;
}

/* The current handle block's unused tail: a (next, limit) pair inside the
 * isolate that spans at most one block, in one malloc chunk of a block's size. */
static void handle_tails(struct vh *vh, struct ranges *holes)
{
	const unsigned char *b = vh_mem(vh, vh->iso_chunk, vh->iso_size);
	struct seg_chunks k = { 0 };
	struct vh_chunk ch;

	for (uint64_t i = 0; b && i + 16 <= vh->iso_size; i += 8) {
		uint64_t next, limit;
		memcpy(&next, b + i, 8);
		memcpy(&limit, b + i + 8, 8);
		if (next & 7 || limit <= next || limit - next > HANDLE_BLOCK * 8)
			continue;
		const struct mt_coredump_segment *s = mt_coredump_segment_at(vh->core, next);
		if (!s || s->flags & PF_X || chunk_at(vh, &k, next, &ch) < 0 || !ch.used)
			continue;
		if (ch.addr + 16 <= next && limit <= ch.addr + ch.size && ch.size >= HANDLE_BLOCK * 8)
			add_range(holes, next, limit);
	}
	free(k.c);
}

/* The buffers of the isolate's vectors (a begin, end, capacity triple in
 * the isolate pointing into one malloc chunk in use, not the isolate's
 * own): its own lists of objects, such as the startup object cache, which
 * V8's snapshot has as roots. Their used parts [begin, end) into vecs when
 * `whole` is 0 (marked with the isolate set); with their unused capacity
 * [begin, cap) when 1 (holes of the handles set, which must not read
 * them: its words may be stale, build.c). A triple taken, the scan goes
 * on past it. */
static void isolate_vectors(struct vh *vh, struct ranges *vecs, int whole)
{
	const unsigned char *b = vh_mem(vh, vh->iso_chunk, vh->iso_size);
	struct seg_chunks k = { 0 };
	struct vh_chunk ch;

	for (uint64_t i = 16; b && i + 24 <= vh->iso_size; i += 8) {
		uint64_t begin, end, cap;
		memcpy(&begin, b + i, 8);
		memcpy(&end, b + i + 8, 8);
		memcpy(&cap, b + i + 16, 8);
		if (begin & 7 || end & 7 || end <= begin || cap < end || cap - begin > (64u << 20))
			continue;
		const struct mt_coredump_segment *s = mt_coredump_segment_at(vh->core, begin);
		if (!s || s->flags & PF_X || chunk_at(vh, &k, begin, &ch) < 0 || !ch.used ||
		    ch.addr == vh->iso_chunk)
			continue;
		if (ch.addr + 16 <= begin && cap <= ch.addr + ch.size) {
			add_range(vecs, begin, whole ? cap : end);
			i += 16;
		}
	}
	free(k.c);
}

/* Whether segment s may be a malloc heap (writable data, not a stack nor
 * a heap page). */
static int malloc_segment(const struct vh *vh, const struct mt_coredump_segment *s)
{
	return s->present && s->flags & PF_W && !(s->flags & PF_X) && !vh_is_stack(vh, s) &&
	       !vh_page_of(vh, s->vaddr + 0x2000);
}

/* The malloc heaps' free chunks into holes, those a thread's tcache keeps
 * and those in an arena's fastbins among them: the tcache keys are read
 * from every heap first, then each heap's chunks are found again (one
 * heap's list at a time, not all: a core's malloc heaps may hold millions
 * of chunks). How many a tcache keeps and how many the fastbins hold into
 * r. */
static void freed_chunks(struct vh *vh, struct ranges *holes, struct vh_roots *r)
{
	uint64_t keys[64], arenas[256], *fast;
	size_t nkeys = 0, nfast = vh_fastbins(vh, arenas, vh_arenas(vh, arenas, 256), &fast);

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < vh->core->nsegs; i++) {
			const struct mt_coredump_segment *s = &vh->core->segs[i];
			struct vh_chunk *c;
			if (!malloc_segment(vh, s))
				continue;
			size_t n = vh_malloc_chunks(vh, s->vaddr, s->vaddr + s->present, &c);
			if (pass == 0) {
				nkeys = vh_tcache_keys(vh, c, n, keys, nkeys, 64);
			} else {
				r->tcache_chunks += vh_tcache_frees(vh, c, n, keys, nkeys);
				r->fastbin_chunks += vh_fastbin_frees(c, n, fast, nfast);
			}
			for (size_t k = 0; pass == 1 && k < n; k++)
				if (!c[k].used) {
					uint64_t lo, hi;
					vh_chunk_free_span(&c[k], &lo, &hi);
					add_range(holes, lo, hi);
				}
			free(c);
		}
	free(fast);
}

/* What the handles set leaves out: heap pages (other isolates' and
 * from-space pages too: their words are no roots of this heap, though
 * they point at the read-only space all isolates share), the isolate,
 * freed chunks (how many a tcache keeps and the fastbins hold into r). */
static void holes_of(struct vh *vh, struct ranges *holes, struct vh_roots *r)
{
	for (size_t i = 0; i < vh->npages; i++)
		add_range(holes, vh->pages[i].base, vh->pages[i].base + vh->pages[i].size);
	for (size_t i = 0; i < vh->nothers; i++)
		add_range(holes, vh->others[i].base, vh->others[i].base + vh->others[i].size);
	if (vh->iso_size) {
		add_range(holes, vh->iso_chunk, vh->iso_chunk + vh->iso_size);
		handle_tails(vh, holes);
		isolate_vectors(vh, holes, 1);
	}
	freed_chunks(vh, holes, r);
	qsort(holes->r, holes->n, sizeof *holes->r, cmp_range);
	size_t k = 0;  /* merged: disjoint and in order */
	for (size_t i = 0; i < holes->n; i++) {
		if (k && holes->r[i].lo <= holes->r[k - 1].hi) {
			if (holes->r[i].hi > holes->r[k - 1].hi)
				holes->r[k - 1].hi = holes->r[i].hi;
			continue;
		}
		holes->r[k++] = holes->r[i];
	}
	holes->n = k;
}

/* The first hole that ends after a (the holes are disjoint and in order). */
static size_t first_hole(const struct ranges *holes, uint64_t a)
{
	return MT_UPPER_BOUND(holes->r, holes->n, hi, a);
}

/* The handles set: every object address in the process's writable memory
 * outside the holes (holes_of). */
static void handles(struct vh *vh, struct vh_roots *r, const struct ranges *holes)
{
	for (size_t i = 0; i < vh->core->nsegs; i++) {
		const struct mt_coredump_segment *s = &vh->core->segs[i];
		if (!s->present || !(s->flags & PF_W) || s->flags & PF_X || vh_is_stack(vh, s))
			continue;
		uint64_t a = s->vaddr, end = s->vaddr + s->present;
		for (size_t h = first_hole(holes, a); h < holes->n && holes->r[h].lo < end && a < end;
		     h++) {
			if (holes->r[h].lo > a)
				scan_words(vh, r, MT_V8HEAP_ROOTS_HANDLES, a, holes->r[h].lo);
			a = holes->r[h].hi;
		}
		if (a < end)
			scan_words(vh, r, MT_V8HEAP_ROOTS_HANDLES, a, end);
	}
}

static void stacks(struct vh *vh, struct vh_roots *r)
{
	for (size_t t = 0; t < vh->core->nthreads; t++) {
		const struct mt_coredump_thread *th = &vh->core->threads[t];
		const struct mt_coredump_segment *s = mt_coredump_segment_at(vh->core, th->sp);
		if (s && th->sp)
			scan_words(vh, r, MT_V8HEAP_ROOTS_STACKS, th->sp, s->vaddr + s->present);
		for (int i = 0; i < th->nregs && i < MT_X64_NREGS; i++) {
			uint32_t o = (th->regs[i] & 1) ? vh_find(vh, th->regs[i]) : VH_NONE;
			if (o != VH_NONE && !young_leftover(vh, o) && i != MT_X64_FS_BASE &&
			    i != MT_X64_GS_BASE)
				add_root(r, MT_V8HEAP_ROOTS_STACKS, o,
					 VH_ROOT_REG | (uint64_t)t << 8 | (uint64_t)i);
		}
	}
}


void vh_roots_free(struct vh_roots *r)
{
	for (int i = 0; i < MT_V8HEAP_ROOT_SETS; i++) {
		free(r->obj[i]);
		free(r->at[i]);
	}
	memset(r, 0, sizeof *r);
}

void vh_scan_range(const struct vh *vh, uint32_t i, uint32_t *from, uint32_t *to)
{
	const struct vh_obj *o = &vh->obj[i];
	uint32_t n = o->size / 8;

	*from = 1;
	*to = n;
	switch (vh->m.scan[o->itype]) {
	case SCAN_MAP_ONLY:
		*to = 1;
		break;
	case SCAN_PREFIX5:
		*to = n < 5 ? n : 5;
		break;
	case SCAN_ISTREAM: {  /* the words before the instructions, at most 2 */
		uint32_t head = (uint32_t)vh->m.o_istream_start / 8;
		*to = head < 3 ? head : 3;
		if (*to > n)
			*to = n;
		break;
	}
	case SCAN_PREPARSE: {
		const unsigned char *p = vh_mem(vh, vh_addr_of(vh, o), 16);
		uint32_t dl = 0;
		if (p)
			memcpy(&dl, p + 8, 4);
		*from = (uint32_t)(((16 + (uint64_t)dl + 7) & ~(uint64_t)7) / 8);
		if (*from > n)
			*from = n;
		break;
	}
	default:
		break;
	}
}

/* A marking thread's stack of objects whose words are still to be read. */
struct stack {
	uint32_t *v;                 /* owned */
	size_t n, cap;
};

#define VH_BATCH 1024            /* objects a thread gives another at once */

static void push(struct stack *s, uint32_t o)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4096;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = o;
}

/* Two threads mark at once (vh_mark): a bit is set atomically, and the
 * object is pushed by the one thread that set it. */
static void visit(struct vh *vh, uint64_t w, struct stack *s)
{
	uint32_t o = vh_find(vh, w);
	uint64_t bit = 1ull << (o % 64);

	if (o == VH_NONE ? (w & 3) == 1 && vh->nfrom && vh_in_from_space(vh, w) :
	    (vh->follow_from || vh->info->moved_copies) &&  /* vh_find may give a new copy */
	    vh_obj_addr(vh, o) != (w & ~(uint64_t)3))  /* rare: a core taken during a GC */
		__atomic_fetch_add(o == VH_NONE ? &vh->info->young_refs : &vh->info->followed,
				   1, __ATOMIC_RELAXED);
	if (o == VH_NONE || __atomic_load_n(&vh->live[o / 64], __ATOMIC_RELAXED) & bit ||
	    __atomic_fetch_or(&vh->live[o / 64], bit, __ATOMIC_RELAXED) & bit)
		return;
	push(s, o);
}

/* The top VH_BATCH objects of s, for a thread that has none (j->hungry). */
static void give(struct vh_handles *j, struct stack *s)
{
	uint32_t *b = xmalloc(VH_BATCH * sizeof *b);

	pthread_mutex_lock(&j->mu);
	if (j->nbatch < sizeof j->batch / sizeof *j->batch) {
		s->n -= VH_BATCH;
		memcpy(b, s->v + s->n, VH_BATCH * sizeof *b);
		j->batch[j->nbatch++] = b;
		b = NULL;
		__atomic_store_n(&j->hungry, 0, __ATOMIC_RELAXED);
		pthread_cond_signal(&j->cv);
	}
	pthread_mutex_unlock(&j->mu);
	free(b);
}

/* A batch into the empty s: 1, or 0 when every thread is out of work
 * (then marking is done). */
static int take(struct vh_handles *j, struct stack *s)
{
	int got = 0;

	pthread_mutex_lock(&j->mu);
	j->idle++;
	while (!got && !j->done) {
		if (j->nbatch) {
			uint32_t *b = j->batch[--j->nbatch];
			for (size_t k = 0; k < VH_BATCH; k++)
				push(s, b[k]);
			free(b);
			got = 1;
		} else if (j->idle == j->threads) {
			j->done = 1;
			pthread_cond_broadcast(&j->cv);
		} else {
			__atomic_store_n(&j->hungry, 1, __ATOMIC_RELAXED);
			pthread_cond_wait(&j->cv, &j->mu);
		}
	}
	j->idle--;
	pthread_mutex_unlock(&j->mu);
	return got;
}

/* A function's code through V8 13's dispatch table (dispatch.c), which
 * V8's marker reads as the function's own field. */
static void function_code(struct vh *vh, const struct vh_obj *o, const unsigned char *p,
			  struct stack *s)
{
	uint64_t code = vh_dispatch_code(vh, vh_obj_word(vh, vh_addr_of(vh, o) + 1, p, o->size,
							  vh->m.o_jsf_code));

	if (code)
		visit(vh, code, s);
}

/* Whether objects of instance type it hold some of their strongly tagged
 * words weakly (weak_holder_words). */
static int weak_holder(const struct vh *vh, int it)
{
	const struct vh_meta *m = &vh->m;

	return it == m->t.js_weak_ref || it == m->t.weak_cell || it == m->t.ephemeron_table;
}

/* The words of object i (a weak_holder type, its words at p) in [from,
 * to) that keep what they name: all but those V8's marker holds weakly
 * (js-weak-refs.tq, edges.c weak_refs: a JSWeakRef's target after the
 * JSObject header, a WeakCell's target and unregister token after its map
 * and registry). An EphemeronHashTable's words after its map are numbers,
 * then its entries: none is read now; the table is kept for ephemerons(). */
static void weak_holder_words(struct vh *vh, struct vh_handles *j, uint32_t i,
			      const unsigned char *p, uint32_t from, uint32_t to, struct stack *s)
{
	int it = vh->obj[i].itype;
	uint32_t skip_lo = 3, skip_hi = 4;  /* a JSWeakRef's target */

	if (it == vh->m.t.ephemeron_table) {
		pthread_mutex_lock(&j->mu);
		if (j->ntables == j->tables_cap) {
			j->tables_cap = j->tables_cap ? 2 * j->tables_cap : 64;
			j->tables = xreallocarray(j->tables, j->tables_cap, sizeof *j->tables);
		}
		j->tables[j->ntables++] = i;
		pthread_mutex_unlock(&j->mu);
		return;
	}
	if (it == vh->m.t.weak_cell)
		skip_lo = 2;
	for (uint32_t k = from; k < to; k++) {
		uint64_t w;
		memcpy(&w, p + 8 * k, 8);
		if ((w & 3) == 1 && (k < skip_lo || k >= skip_hi))
			visit(vh, w, s);
	}
}

static void untie(struct vh *vh, struct vh_handles *j, uint32_t o, struct stack *s);

/* Every object's words, from the stack until the threads have no more. */
static void mark_stack(struct vh *vh, struct vh_handles *j, struct stack *s)
{
	do {
		while (s->n) {
			uint32_t i = s->v[--s->n], from, to;
			const struct vh_obj *o = &vh->obj[i];
			const unsigned char *p = vh_mem(vh, vh_addr_of(vh, o), o->size);
			if (j->tie_keys && (j->tie_keys[i / 64] >> (i % 64) & 1))
				untie(vh, j, i, s);
			vh_facts_note(vh, i, p);
			if (!p)
				continue;
			vh_scan_range(vh, i, &from, &to);
			uint64_t w;
			memcpy(&w, p, 8);
			visit(vh, w, s);
			if (weak_holder(vh, o->itype))
				weak_holder_words(vh, j, i, p, from, to, s);
			else
				for (uint32_t k = from; k < to; k++) {
					memcpy(&w, p + 8 * k, 8);
					if ((w & 3) == 1)
						visit(vh, w, s);
				}
			if (vh->dispatch_base && vh_is_function_type(vh, o->itype))
				function_code(vh, o, p, s);
			if (vh_code_embeds(vh, i, &from, &to))
				for (uint32_t k = from; k + 8 <= to; k++) {
					memcpy(&w, p + k, 8);
					if ((w & 3) == 1)
						visit(vh, w, s);
				}
			if (s->n >= 2 * VH_BATCH && __atomic_load_n(&j->hungry, __ATOMIC_RELAXED))
				give(j, s);
		}
	} while (take(j, s));
}

/* What the roots of the sets [first, last] reach, with the other thread. */
static void mark_from(struct vh *vh, struct vh_handles *j, const struct vh_roots *r, int first,
		      int last)
{
	struct stack s = { 0 };

	for (int set = first; set <= last; set++)
		for (size_t k = 0; k < r->n[set]; k++)
			visit(vh, vh_obj_addr(vh, r->obj[set][k]) | 1, &s);
	mark_stack(vh, j, &s);
	free(s.v);
}

/* The same for the handles set's roots that are strong global handles
 * (globals 1), or the others (0). */
static void mark_handles(struct vh *vh, struct vh_handles *j, const struct vh_roots *r,
			 int globals)
{
	struct stack s = { 0 };
	int set = MT_V8HEAP_ROOTS_HANDLES;

	for (size_t k = 0; k < r->n[set]; k++)
		if (!(r->at[set][k] & VH_ROOT_GLOBAL) == !globals)
			visit(vh, vh_obj_addr(vh, r->obj[set][k]) | 1, &s);
	mark_stack(vh, j, &s);
	free(s.v);
}

/* The handles set is found by a second thread, through a copy of the
 * walk's state (caches of its own): the holes while the objects are
 * walked (they need only the pages and malloc's chunks), then, once the
 * walk is done, the scan, while the other sets are marked; then it marks
 * beside the first thread what the first gives it. The handles set itself
 * is marked from last (vh_mark). */
static void *handles_run(void *arg)
{
	struct vh_handles *j = arg;
	struct ranges holes = { 0 };
	struct stack none = { 0 };

	holes_of(&j->vh, &holes, j->r);
	pthread_mutex_lock(&j->mu);
	while (!j->walked)
		pthread_cond_wait(&j->cv, &j->mu);
	pthread_mutex_unlock(&j->mu);
	handles(&j->vh, j->r, &holes);
	free(holes.r);
	mark_stack(&j->vh, j, &none);
	free(none.v);
	return NULL;
}

/* The marking's shared state made ready for this thread alone (the other
 * thread is done): mark_stack then runs until its own stack is empty. */
static void marking_alone(struct vh_handles *j)
{
	j->threads = 1;
	j->idle = 0;
	j->done = 0;
	j->hungry = 0;
}

static int by_tie_key(const void *a, const void *b)
{
	const struct vh_tie *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

/* Every marked table's entries whose value is not marked: the value onto s
 * when the key is marked, else the entry into j->ties (by key) and its key
 * into j->tie_keys, for mark_stack to mark the value once the key is. */
static void tie_entries(struct vh *vh, struct vh_handles *j, struct stack *s)
{
	size_t cap = 0;

	j->nties = 0;
	memset(j->tie_keys, 0, (vh->nobj / 64 + 1) * sizeof *j->tie_keys);
	for (size_t t = 0; t < j->ntables; t++) {
		uint32_t n = vh_ephemeron_count(vh, j->tables[t]);
		for (uint32_t k = 0; k < n; k++) {
			struct vh_ephemeron e;
			uint64_t key, value;
			vh_ephemeron_entry(vh, j->tables[t], k, &e, &key, &value);
			uint32_t o = (key & 3) == 1 ? vh_find(vh, key) : VH_NONE;
			uint32_t v = (value & 3) == 1 ? vh_find(vh, value) : VH_NONE;
			if (o == VH_NONE || v == VH_NONE || vh_is_live(vh, v))
				continue;
			if (vh_is_live(vh, o)) {
				visit(vh, value, s);
				continue;
			}
			if (j->nties == cap) {
				cap = cap ? 2 * cap : 256;
				j->ties = xreallocarray(j->ties, cap, sizeof *j->ties);
			}
			j->ties[j->nties++] = (struct vh_tie){ o, value };
			j->tie_keys[o / 64] |= 1ull << (o % 64);
		}
	}
	if (j->nties)
		qsort(j->ties, j->nties, sizeof *j->ties, by_tie_key);
}

/* Key o has just been marked: the values it ties, onto s. */
static void untie(struct vh *vh, struct vh_handles *j, uint32_t o, struct stack *s)
{
	j->tie_keys[o / 64] &= ~(1ull << (o % 64));
	for (size_t k = MT_UPPER_BOUND(j->ties, j->nties, key, o); k && j->ties[k - 1].key == o; k--)
		visit(vh, j->ties[k - 1].value, s);
}

/* The WeakMaps' values whose keys are marked, marked with what they reach;
 * by this thread alone, once the marking threads are done. A value whose
 * key is marked later, by this marking, is marked then (mark_stack calls
 * untie), so a chain of entries (a value holding the next key) takes one
 * pass, not one a link. Tables marked meanwhile are read in another. */
static void ephemerons(struct vh *vh, struct vh_handles *j)
{
	struct stack s = { 0 };
	size_t read;

	j->tie_keys = xcalloc(vh->nobj / 64 + 1, sizeof *j->tie_keys);
	do {
		read = j->ntables;
		tie_entries(vh, j, &s);
		marking_alone(j);
		if (s.n)
			mark_stack(vh, j, &s);
	} while (j->ntables != read);
	free(j->tie_keys);
	j->tie_keys = NULL;
	free(j->ties);
	j->ties = NULL;
	j->nties = 0;
	free(s.v);
}

/* What the other sets reach kept (vh->before_handles), then the handles
 * set marked from, by this thread alone (most of what it names is marked
 * by then): its strong global handles first, then its other words, what
 * only those reach counted (info->memory_only). */
static void mark_handles_last(struct vh *vh, struct vh_handles *j, const struct vh_roots *r)
{
	size_t words = vh->nobj / 64 + 1;
	uint64_t *by_handles = xmalloc(words * sizeof *by_handles);

	vh->before_handles = xmalloc(words * sizeof *vh->before_handles);
	memcpy(vh->before_handles, vh->live, words * sizeof *vh->live);
	marking_alone(j);
	mark_handles(vh, j, r, 1);
	memcpy(by_handles, vh->live, words * sizeof *vh->live);
	mark_handles(vh, j, r, 0);
	for (uint32_t i = 0; i < vh->nobj; i++)  /* what only the other words keep */
		if (vh_is_live(vh, i) && !(by_handles[i / 64] >> (i % 64) & 1)) {
			vh->info->memory_only++;
			vh->info->memory_only_bytes += vh->obj[i].size;
		}
	free(by_handles);
}

void vh_roots_start(struct vh *vh, struct vh_roots *r, struct vh_handles *j)
{
	memset(r, 0, sizeof *r);
	memset(j, 0, sizeof *j);
	j->r = r;
	if (!vh->roots)
		return;
	j->vh = *vh;
	memset(j->vh.last_page, 0, sizeof j->vh.last_page);
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	j->threads = 2;
	j->threaded = pthread_create(&j->tid, NULL, handles_run, j) == 0;
	if (!j->threaded)
		j->threads = 1;
}

void vh_marks_free(struct vh *vh)
{
	free(vh->live);
	free(vh->before_handles);
	vh_facts_free(&vh->facts);
	vh->live = vh->before_handles = NULL;
}

void vh_unmark(struct vh *vh)
{
	struct mt_v8heap_info *in = vh->info;

	vh_marks_free(vh);
	in->live = in->live_bytes = in->unreachable = in->unreachable_bytes = 0;
	in->young_refs = in->followed = in->memory_only = in->memory_only_bytes = 0;
	in->young_live = 0;
}

void vh_mark(struct vh *vh, struct vh_roots *r, struct vh_handles *j)
{
	size_t words = vh->nobj / 64 + 1;

	/* Faulted in before the threads write them (mt_heap_array): a first
	 * write to a page both threads read costs each a TLB flush. */
	vh->live = mt_heap_array(words, sizeof *vh->live);
	vh->facts.store = mt_heap_array(vh->nobj, sizeof *vh->facts.store);
	vh->facts.code = mt_heap_array(words, sizeof *vh->facts.code);
	vh->facts.tag = mt_heap_array(vh->nobj, sizeof *vh->facts.tag);
	vh->facts.inessential = mt_heap_array(words, sizeof *vh->facts.inessential);
	if (!vh->roots) {  /* no roots: every object walked counts (said in a warning) */
		for (uint32_t i = 0; i < vh->nobj; i++) {
			vh->live[i / 64] |= 1ull << (i % 64);
			vh_facts_note(vh, i, NULL);
		}
	} else {
		if (j->threaded) {
			pthread_mutex_lock(&j->mu);
			j->vh.obj = vh->obj;  /* what the walk made: the thread marks too */
			j->vh.nobj = vh->nobj;
			j->vh.live = vh->live;
			j->vh.facts = vh->facts;
			j->vh.dispatch_base = vh->dispatch_base;
			j->vh.dispatch_shift = vh->dispatch_shift;
			/* the copy's map facts and allocation areas are the walk's
			 * before it grew them: the thread has none (it needs none) */
			memset(&j->vh.maps, 0, sizeof j->vh.maps);
			j->vh.labs = NULL;
			j->vh.nlabs = 0;
			j->walked = 1;
			pthread_cond_signal(&j->cv);
			pthread_mutex_unlock(&j->mu);
		}
		scan_words(vh, r, MT_V8HEAP_ROOTS_TABLE, vh->roots, vh->roots + 8 * vh->nroots);
		scan_words(vh, r, MT_V8HEAP_ROOTS_ISOLATE, vh->iso_chunk + 16,
			   vh->iso_chunk + vh->iso_size);
		struct ranges vecs = { 0 };
		isolate_vectors(vh, &vecs, 0);
		for (size_t i = 0; i < vecs.n; i++)
			scan_words(vh, r, MT_V8HEAP_ROOTS_ISOLATE, vecs.r[i].lo, vecs.r[i].hi);
		free(vecs.r);
		stacks(vh, r);
		if (j->threaded) {
			mark_from(vh, j, r, 0, MT_V8HEAP_ROOTS_HANDLES - 1);
			pthread_join(j->tid, NULL);
			vh_u64map_free(&j->vh.maps);
		} else {
			struct ranges holes = { 0 };
			holes_of(vh, &holes, r);
			handles(vh, r, &holes);
			free(holes.r);
			mark_from(vh, j, r, 0, MT_V8HEAP_ROOTS_HANDLES - 1);
		}
		ephemerons(vh, j);
		mark_handles_last(vh, j, r);
		ephemerons(vh, j);
		free(j->tables);
		pthread_mutex_destroy(&j->mu);
		pthread_cond_destroy(&j->cv);
	}
	for (int i = 0; i < MT_V8HEAP_ROOT_SETS; i++)
		vh->info->roots[i] = r->n[i];
	vh->info->global_handles = r->global_handles;
	vh->info->weak_handles = r->weak_handles;
	vh->info->tcache_chunks = r->tcache_chunks;
	vh->info->fastbin_chunks = r->fastbin_chunks;
	for (uint32_t i = 0; i < vh->nobj; i++)
		if (vh_is_live(vh, i)) {
			vh->info->live++;
			vh->info->live_bytes += vh->obj[i].size;
			if (vh->follow_from)  /* from-space is walked only then */
				vh->info->young_live += vh->pages[vh->obj[i].page].from;
		} else {
			vh->info->unreachable++;
			vh->info->unreachable_bytes += vh->obj[i].size;
		}
}
