/* core/heap/memory.c: the memory of the passes: big arrays faulted in at
 * once (on two threads), the spare arrays one pass leaves for the next,
 * and the helper that runs two halves of a pass on two threads. */
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifdef MADV_POPULATE_WRITE
struct populate {
	uintptr_t start, end;
};

static void *populate_run(void *arg)
{
	struct populate *x = arg;

	madvise((void *)x->start, x->end - x->start, MADV_POPULATE_WRITE);
	return NULL;
}

/* Fault [start, end) in; a big range in two halves on two threads (the
 * kernel zeroes pages on both cores while the other would wait). */
static void populate(uintptr_t start, uintptr_t end)
{
	uintptr_t mid = start + ((end - start) / 2 & ~(uintptr_t)4095);
	struct populate half = { mid, end };
	pthread_t tid;

	if (end - start < (8u << 20) || pthread_create(&tid, NULL, populate_run, &half) != 0) {
		madvise((void *)start, end - start, MADV_POPULATE_WRITE);
		return;
	}
	madvise((void *)start, mid - start, MADV_POPULATE_WRITE);
	pthread_join(tid, NULL);
}
#endif

void *mt_heap_array(size_t n, size_t size)
{
	void *p = xcalloc(n ? n : 1, size);
	size_t bytes = (n ? n : 1) * size;

#ifdef MADV_POPULATE_WRITE
	uintptr_t pstart = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t pend = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;
	/* Every array made here is written whole: fault it in with one call
	 * rather than a trap a page (measured: a quarter less system time). */
	if (bytes >= (1u << 20) && pend > pstart)
		populate(pstart, pend);
#endif
	return p;
}

void mt_heap_fault_in(void *p, size_t bytes)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t start = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t end = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;

	if (bytes >= (1u << 20) && end > start)
		madvise((void *)start, end - start, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)bytes;
#endif
}

void mt_heap_both(void *(*fn)(void *), void *a, void *b)
{
	pthread_t tid;

	if (pthread_create(&tid, NULL, fn, b) != 0) {
		fn(a);
		fn(b);
		return;
	}
	fn(a);
	pthread_join(tid, NULL);
}

/* Passes on two threads keep and take arrays of one model. */
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;

void mt_heap_spare_keep(struct mt_heap *h, void *p, size_t bytes)
{
	if (!p)
		return;
	pthread_mutex_lock(&spare_lock);
	for (size_t i = 0; i < sizeof h->spare / sizeof h->spare[0]; i++)
		if (!h->spare[i].p) {
			h->spare[i].p = p;
			h->spare[i].bytes = bytes;
			p = NULL;
			break;
		}
	pthread_mutex_unlock(&spare_lock);
	free(p);
}

void *mt_heap_spare_array(struct mt_heap *h, size_t n, size_t size)
{
	size_t bytes = (n ? n : 1) * size, best = SIZE_MAX;
	struct mt_heap_spare *fit = NULL;
	void *p;

	pthread_mutex_lock(&spare_lock);
	for (size_t i = 0; i < sizeof h->spare / sizeof h->spare[0]; i++)
		if (h->spare[i].p && h->spare[i].bytes >= bytes && h->spare[i].bytes < best) {
			fit = &h->spare[i];
			best = fit->bytes;
		}
	p = fit ? fit->p : NULL;
	if (fit)
		fit->p = NULL;
	pthread_mutex_unlock(&spare_lock);
	if (!p)
		return mt_heap_array(n, size);
	/* A bigger block gives its tail back (glibc shrinks large blocks in
	 * place), so a long-lived array holds no more than it needs. */
	if (best - bytes >= (1u << 20))
		p = xrealloc(p, bytes);
	memset(p, 0, bytes);
	return p;
}

void mt_heap_spare_release(struct mt_heap *h)
{
	pthread_mutex_lock(&spare_lock);
	for (size_t i = 0; i < sizeof h->spare / sizeof h->spare[0]; i++) {
		free(h->spare[i].p);
		h->spare[i].p = NULL;
	}
	pthread_mutex_unlock(&spare_lock);
}
