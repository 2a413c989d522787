/* core/elfcore/demangle.c: C++ names through the C++ runtime's
 * __cxa_demangle (libstdc++), bounded: names longer than a cap are shown
 * mangled, so a hostile symbol table cannot drive the demangler deep. */
#include "core/elfcore/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMANGLE_MAX_IN 2048

char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

void mt_demangle(const char *name, char *buf, size_t size)
{
	char *out = NULL;
	int status = -1;

	if (size == 0)
		return;
	if (strncmp(name, "_Z", 2) == 0 && strlen(name) < DEMANGLE_MAX_IN)
		out = __cxa_demangle(name, NULL, NULL, &status);
	if (status == 0 && out) {
		snprintf(buf, size, "%s", out);
	} else {
		/* "memcpy@@GLIBC_2.14": the version is not part of the name. */
		size_t n = strcspn(name, "@");
		snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), name);
	}
	free(out);
}
