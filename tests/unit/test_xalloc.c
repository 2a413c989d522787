/* tests/unit/test_xalloc.c: big blocks ask the kernel for transparent huge
 * pages once xalloc_huge_pages(1) allows it, and only then: the mapping
 * that holds the block carries the flag madvise(MADV_HUGEPAGE) sets ("hg"
 * in /proc/self/smaps), whether it came from malloc, calloc or realloc.
 * Skipped (77) on a kernel without transparent huge pages. */
#include "core/xalloc.h"
#include "tests/unit/check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK ((size_t)8 << 20)

/* Whether the mapping that holds p says "hg" in its VmFlags (1), does not
 * (0), or could not be read (-1). */
static int advised(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int inside = 0, found = -1;
	uintptr_t a = (uintptr_t)p;

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			inside = a >= lo && a < hi;
		else if (inside && strncmp(line, "VmFlags:", 8) == 0)
			found = strstr(line, " hg") != NULL;
	}
	fclose(f);
	return found;
}

int main(void)
{
	if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) != 0) {
		printf("no transparent huge pages in this kernel: skipped\n");
		return 77;
	}
	char *before = xmalloc(BLOCK);
	xalloc_huge_pages(1);
	char *m = xmalloc(BLOCK), *c = xcalloc(BLOCK / 8, 8);
	char *r = xrealloc(xmalloc(1u << 20), BLOCK), *small = xmalloc(1u << 20);
	xalloc_huge_pages(0);
	char *after = xmalloc(BLOCK);

	CHECK_INT(advised(before + BLOCK / 2), 0);
	CHECK_INT(advised(m + BLOCK / 2), 1);
	CHECK_INT(advised(c + BLOCK / 2), 1);
	CHECK_INT(advised(r + BLOCK / 2), 1);
	CHECK_INT(advised(small + (1u << 19)), 0);  /* smaller than a huge page */
	CHECK_INT(advised(after + BLOCK / 2), 0);
	free(before);
	free(m);
	free(c);
	free(r);
	free(small);
	free(after);
	CHECK_DONE();
}
