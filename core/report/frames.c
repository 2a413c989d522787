/* core/report/frames.c: splitting a JavaScript stack line into function,
 * file, line and column ("at fn (file:12:5)", "at file:12:5",
 * "at async fn (file:///x.mjs:3:9)", "at new Foo (<anonymous>)"). */
#include "core/report/report.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Cut a trailing ":digits" off [s, *end); returns the number or -1. */
static int64_t cut_number(const char *s, const char **end)
{
	const char *p = *end;

	while (p > s && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == *end || p == s || p[-1] != ':' || *end - p > 12)
		return -1;
	int64_t n = strtoll(p, NULL, 10);
	*end = p - 1;
	return n;
}

/* The '(' that opens the ')' at close, or NULL. */
static const char *open_paren(const char *s, const char *close)
{
	int depth = 0;

	for (const char *p = close; p >= s; p--) {
		if (*p == ')')
			depth++;
		else if (*p == '(' && --depth == 0)
			return p;
	}
	return NULL;
}

static char *trimmed(const char *from, const char *to)
{
	while (from < to && *from == ' ')
		from++;
	while (to > from && to[-1] == ' ')
		to--;
	return xstrndup(from, (size_t)(to - from));
}

void mt_js_frame_parse(const char *raw, struct mt_js_frame *f)
{
	const char *s = raw, *end = raw + strlen(raw);
	const char *loc = s, *loc_end = end;

	memset(f, 0, sizeof *f);
	f->raw = raw;
	while (*s == ' ')
		s++;
	if (strncmp(s, "at ", 3) == 0)
		s += 3;
	while (end > s && end[-1] == ' ')
		end--;
	const char *open = end > s && end[-1] == ')' ? open_paren(s, end - 1) : NULL;
	if (open) {
		f->function = trimmed(s, open);
		loc = open + 1;
		loc_end = end - 1;
	} else {
		f->function = xstrdup("");
		loc = s;
		loc_end = end;
	}
	if (!f->function[0]) {
		free(f->function);
		f->function = xstrdup("<anonymous>");
	}
	f->column = cut_number(loc, &loc_end);
	f->line = f->column >= 0 ? cut_number(loc, &loc_end) : -1;
	if (f->line < 0 && f->column >= 0) {   /* only one number: it is the line */
		f->line = f->column;
		f->column = -1;
	}
	f->file = trimmed(loc, loc_end);
}
