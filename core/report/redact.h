/* core/report/redact.h: masking secrets in environment values and the
 * command line.
 *
 * Two kinds of PCRE2 patterns, both configurable: key patterns are matched
 * (caselessly) against a bare variable or option name ("DATABASE_PASSWORD",
 * never a keypath), and a match masks the whole value; value patterns are
 * searched in any value (credentials in URLs, JWTs, cloud access keys) and
 * mask what they match, or only their first capture group when they have
 * one (so "postgres://app:[REDACTED]@db/x" keeps the user and host).
 * JavaScript and native stack frames are never passed through here.
 */
#ifndef MORTEM_CORE_REPORT_REDACT_H
#define MORTEM_CORE_REPORT_REDACT_H

#include <stddef.h>

#include "core/error.h"

struct mt_redact_config {
	const char *const *keys;     /* borrowed; NULL: the defaults */
	size_t nkeys;
	const char *const *values;   /* borrowed; NULL: the defaults */
	size_t nvalues;
};

extern const char *const mt_redact_default_keys[];
extern const size_t mt_redact_default_nkeys;
extern const char *const mt_redact_default_values[];
extern const size_t mt_redact_default_nvalues;

struct mt_redactor;

/* Compile the patterns (config NULL: the defaults). A bad pattern gives an
 * error naming it and the offset in it. */
struct mt_redactor *mt_redactor_new(const struct mt_redact_config *config,
				    struct mt_error *err);
void mt_redactor_free(struct mt_redactor **rd);
/* The default patterns plus one extra key and one extra value pattern
 * (either may be NULL): what --redact-key and --redact-value give. */
struct mt_redactor *mt_redactor_for(const char *extra_key, const char *extra_value,
				    struct mt_error *err);

/* 1 when the name (an env key, an option name) names a secret. */
int mt_redact_is_secret_key(const struct mt_redactor *rd, const char *key);
/* The value with secrets masked (owned by the caller), or NULL when nothing
 * in it matched. */
char *mt_redact_value(const struct mt_redactor *rd, const char *value);
/* A name=value pair (env entry): masked whole when the key is secret, else
 * as mt_redact_value. */
char *mt_redact_pair(const struct mt_redactor *rd, const char *key, const char *value);
/* One command-line argument: "--db-password=x" masks after '=', other
 * arguments as mt_redact_value. */
char *mt_redact_arg(const struct mt_redactor *rd, const char *arg);

#endif
