/* core/report/jget.h: typed getters over a cJSON tree.
 *
 * Reports come from many writers: numbers may be JSON numbers or numeric
 * strings, booleans may be true/false or 0/1, and any section may be
 * missing. Every getter tells "missing" (0) from "wrong type" (-1) from
 * "found" (1). Integers never go through cJSON's valueint: they are read from
 * valuedouble (saturated to the type's range) or parsed from the string,
 * which keeps 64-bit values exact when they come as strings.
 */
#ifndef MORTEM_CORE_REPORT_JGET_H
#define MORTEM_CORE_REPORT_JGET_H

#include <stdint.h>
#include <cjson/cJSON.h>

/* Member key of obj, or NULL when obj is not an object or has no such key. */
const cJSON *jget(const cJSON *obj, const char *key);

/* A string value; *out is borrowed from the tree. */
int jget_str(const cJSON *obj, const char *key, const char **out);

/* Numbers from a value (not a member): number or numeric string. */
int jval_i64(const cJSON *v, int64_t *out);
int jval_u64(const cJSON *v, uint64_t *out);
int jval_double(const cJSON *v, double *out);
/* true/false, 0/1, or "true"/"false". */
int jval_bool(const cJSON *v, int *out);

/* The same, for the member key of obj. */
int jget_i64(const cJSON *obj, const char *key, int64_t *out);
int jget_u64(const cJSON *obj, const char *key, uint64_t *out);
int jget_double(const cJSON *obj, const char *key, double *out);
int jget_bool(const cJSON *obj, const char *key, int *out);

/* Scalar value as text into buf: strings as they are, numbers without
 * needless decimals, booleans, null. Returns buf, or NULL for arrays and
 * objects. */
const char *jval_text(const cJSON *v, char *buf, size_t size);

#endif
