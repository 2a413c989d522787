/* core/report/jget.c: typed getters that tell missing from wrong type. */
#include "core/report/jget.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cJSON *jget(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

int jget_str(const cJSON *obj, const char *key, const char **out)
{
	const cJSON *v = jget(obj, key);

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v) || !v->valuestring)
		return -1;
	*out = v->valuestring;
	return 1;
}

/* A whole string that is a number, with optional surrounding blanks. */
static int parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	double d = strtod(s, &end);
	if (end == s || errno == ERANGE || !isfinite(d))
		return -1;
	while (*end == ' ')
		end++;
	if (*end)
		return -1;
	*out = d;
	return 1;
}

int jval_double(const cJSON *v, double *out)
{
	if (!v || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsNumber(v)) {
		*out = v->valuedouble;
		return 1;
	}
	if (cJSON_IsString(v) && v->valuestring)
		return parse_double(v->valuestring, out);
	return -1;
}

int jval_i64(const cJSON *v, int64_t *out)
{
	if (!v || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v) && v->valuestring) {
		char *end;
		errno = 0;
		long long n = strtoll(v->valuestring, &end, 10);
		if (end != v->valuestring && !*end && errno == 0) {
			*out = n;
			return 1;
		}
	}
	double d;
	if (jval_double(v, &d) != 1)
		return -1;
	if (d >= 9223372036854775807.0)
		*out = INT64_MAX;
	else if (d <= -9223372036854775808.0)
		*out = INT64_MIN;
	else
		*out = (int64_t)d;
	return 1;
}

int jval_u64(const cJSON *v, uint64_t *out)
{
	if (!v || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v) && v->valuestring && v->valuestring[0] != '-') {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(v->valuestring, &end, 10);
		if (end != v->valuestring && !*end && errno == 0) {
			*out = n;
			return 1;
		}
	}
	double d;
	if (jval_double(v, &d) != 1 || d < 0)
		return -1;
	*out = d >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)d;
	return 1;
}

int jval_bool(const cJSON *v, int *out)
{
	if (!v || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v);
		return 1;
	}
	if (cJSON_IsNumber(v)) {
		*out = v->valuedouble != 0;
		return 1;
	}
	if (cJSON_IsString(v) && v->valuestring) {
		if (strcmp(v->valuestring, "true") == 0 || strcmp(v->valuestring, "1") == 0)
			return *out = 1;
		if (strcmp(v->valuestring, "false") == 0 || strcmp(v->valuestring, "0") == 0) {
			*out = 0;
			return 1;
		}
	}
	return -1;
}

int jget_i64(const cJSON *obj, const char *key, int64_t *out)
{
	return jval_i64(jget(obj, key), out);
}

int jget_u64(const cJSON *obj, const char *key, uint64_t *out)
{
	return jval_u64(jget(obj, key), out);
}

int jget_double(const cJSON *obj, const char *key, double *out)
{
	return jval_double(jget(obj, key), out);
}

int jget_bool(const cJSON *obj, const char *key, int *out)
{
	return jval_bool(jget(obj, key), out);
}

const char *jval_text(const cJSON *v, char *buf, size_t size)
{
	if (!v || cJSON_IsNull(v))
		snprintf(buf, size, "null");
	else if (cJSON_IsString(v))
		snprintf(buf, size, "%s", v->valuestring ? v->valuestring : "");
	else if (cJSON_IsBool(v))
		snprintf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d >= 18446744073709551615.0)     /* UINT64_MAX lands here as 2^64 */
			snprintf(buf, size, "18446744073709551615");
		else if (d == floor(d) && fabs(d) < 1e19)
			snprintf(buf, size, "%.0f", d);
		else
			snprintf(buf, size, "%.6g", d);
	} else
		return NULL;
	return buf;
}
