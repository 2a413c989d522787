/* core/xalloc.h: allocation that never returns NULL.
 * Out of memory prints one line and aborts; every other failure in core/ is
 * an mt_error. Sizes are overflow-checked (xcalloc, xreallocarray). */
#ifndef MORTEM_CORE_XALLOC_H
#define MORTEM_CORE_XALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* The programs' allocation policy, set once before any thread starts
 * (app/main.c, bench/heapload.c): blocks of 256 KiB and more from mmap,
 * and xalloc_huge_pages(1) unless MORTEM_SMALL_PAGES is set. */
void xalloc_init(void);
/* From now on, blocks of 2 MiB and more ask for transparent huge pages
 * (on: 1); before any thread starts. */
void xalloc_huge_pages(int on);

#endif
