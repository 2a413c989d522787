/* core/strbuf.h: a growable NUL-terminated byte string.
 * The buffer owns `buf`; strbuf_free() releases it and leaves an empty buffer.
 * Allocation failure aborts through xalloc (see core/xalloc.h): out of memory
 * is the one condition core/ does not report as an error. */
#ifndef MORTEM_CORE_STRBUF_H
#define MORTEM_CORE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;     /* owned; NULL while empty and never grown */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_reset(struct strbuf *sb);
/* The contents, never NULL ("" when empty); borrowed until the next change. */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the buffer to the caller (who frees it) and leave sb empty. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif
