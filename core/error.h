/* core/error.h: the one error model of core/.
 *
 * Core code never prints and never exits. A function that can fail takes a
 * `struct mt_error *` (may be NULL), returns -1 (or NULL) and fills the error
 * with one line: what was read (file), where (byte offset or field), what
 * was wrong. The UI shows that line in the status bar or in the pane; batch
 * mode prints it on stderr and exits 2.
 */
#ifndef MORTEM_CORE_ERROR_H
#define MORTEM_CORE_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#define MT_ERROR_MAX 512

struct mt_error {
	int set;                 /* 0 until an error was recorded */
	char msg[MT_ERROR_MAX];  /* one line, NUL-terminated, no newline */
};

/* Record an error; the first error recorded wins (causes beat symptoms). */
void mt_error_set(struct mt_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mt_error_vset(struct mt_error *err, const char *fmt, va_list ap);

/* Prefix an already-set error, e.g. with the file name: "FILE: detail". */
void mt_error_prefix(struct mt_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void mt_error_clear(struct mt_error *err);

#endif
