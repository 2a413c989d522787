/* core/termsafe.h: making artifact strings safe for a terminal.
 *
 * Every string that came from an artifact passes through mt_termsafe() before
 * it is drawn or printed as text: C0 and C1 control characters and DEL become
 * visible escapes (\n, \t, \x1b, \u009b), invalid UTF-8 becomes U+FFFD, and
 * the display width is counted with wcwidth() so wide characters keep columns
 * aligned. JSON output does not need it (cJSON escapes on its own).
 */
#ifndef MORTEM_CORE_TERMSAFE_H
#define MORTEM_CORE_TERMSAFE_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

/* Append the safe form of in[0..len) to out; returns its display width. */
size_t mt_termsafe(const char *in, size_t len, struct strbuf *out);

/* Decode one UTF-8 sequence at s (n bytes available). Returns its length
 * (1 to 4) and the code point in *cp, or 1 with *cp = -1 when invalid. */
size_t mt_utf8_next(const char *s, size_t n, int32_t *cp);

/* Display width of an already safe string (columns). */
size_t mt_text_width(const char *s);

/* Append to out the longest prefix of the safe string s that fits in
 * `cols` columns, ending in "…" when it was cut; returns the columns used. */
size_t mt_text_fit(const char *s, size_t cols, struct strbuf *out);

#endif
