/* core/regex.h: the one PCRE2 wrapper of mortem.
 *
 * A compiled pattern carries its match data, a match context with limits
 * and, when the platform allows, JIT code (best effort: a failed JIT only
 * means slower matching). Subjects are UTF-8 and may be invalid UTF-8:
 * invalid bytes simply never match a character. Errors are one line with
 * the pattern offset ("regex: missing closing parenthesis at offset 4").
 *
 * One struct mt_regex is used by one thread at a time (its match data is
 * reused); compile a second one for a second thread.
 */
#ifndef MORTEM_CORE_REGEX_H
#define MORTEM_CORE_REGEX_H

#include <stddef.h>

#include "core/error.h"
#include "core/strbuf.h"

enum mt_regex_flags {
	MT_RE_CASELESS = 1 << 0,  /* ignore case */
	MT_RE_SMARTCASE = 1 << 1, /* ignore case unless the pattern has an upper-case letter */
	MT_RE_LITERAL = 1 << 2,   /* the pattern is a plain string, not a regex */
	MT_RE_ANCHORED = 1 << 3,  /* the whole subject must match */
};

struct mt_regex;

/* Compile pattern; NULL with err set ("regex: what at offset N"). */
struct mt_regex *mt_regex_new(const char *pattern, unsigned flags, struct mt_error *err);
void mt_regex_free(struct mt_regex **re);

/* The pattern as given (borrowed for the regex's life). */
const char *mt_regex_pattern(const struct mt_regex *re);

/* Search subject[from..len). Returns 1 with the match in [*start, *end),
 * 0 when nothing matches, -1 with err set when matching failed (a limit
 * was hit). start and end may be NULL. */
int mt_regex_find(struct mt_regex *re, const char *subject, size_t len, size_t from,
		  size_t *start, size_t *end, struct mt_error *err);

/* 1 when the NUL-terminated s matches anywhere, 0 when not or on error. */
int mt_regex_test(struct mt_regex *re, const char *s);

/* Append subject to out with every match replaced by `replacement`, where
 * $1..$9 and ${name} insert groups and $$ is a dollar. Returns the number
 * of replacements, or -1 with err set (out then holds the subject as is). */
int mt_regex_replace(struct mt_regex *re, const char *subject, size_t len,
		     const char *replacement, struct strbuf *out, struct mt_error *err);

#endif
