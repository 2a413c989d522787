/* core/error.c: recording one-line errors. */
#include "core/error.h"

#include <stdio.h>
#include <string.h>

void mt_error_vset(struct mt_error *err, const char *fmt, va_list ap)
{
	if (!err || err->set)
		return;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	for (char *p = err->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	err->set = 1;
}

void mt_error_set(struct mt_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mt_error_vset(err, fmt, ap);
	va_end(ap);
}

void mt_error_prefix(struct mt_error *err, const char *fmt, ...)
{
	char prefix[MT_ERROR_MAX], old[MT_ERROR_MAX];
	va_list ap;

	if (!err || !err->set)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	size_t n = strlen(prefix);
	if (n > sizeof err->msg - 3)
		n = sizeof err->msg - 3;
	memcpy(err->msg, prefix, n);
	memcpy(err->msg + n, ": ", 2);
	size_t rest = sizeof err->msg - n - 3, olen = strlen(old);
	if (olen > rest)
		olen = rest;
	memcpy(err->msg + n + 2, old, olen);
	err->msg[n + 2 + olen] = '\0';
}

void mt_error_clear(struct mt_error *err)
{
	if (err) {
		err->set = 0;
		err->msg[0] = '\0';
	}
}
