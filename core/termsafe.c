/* core/termsafe.c: escaping control characters, repairing UTF-8, widths. */
#include "core/termsafe.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

size_t mt_utf8_next(const char *str, size_t n, int32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len;
	int32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) { len = 2; c = s[0] & 0x1f; min = 0x80; }
	else if ((s[0] & 0xf0) == 0xe0) { len = 3; c = s[0] & 0x0f; min = 0x800; }
	else if ((s[0] & 0xf8) == 0xf0) { len = 4; c = s[0] & 0x07; min = 0x10000; }
	else goto bad;
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = -1;
	return 1;
}

static int cp_width(int32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

static size_t escape_control(int32_t cp, struct strbuf *out)
{
	char tmp[16];

	switch (cp) {
	case '\n': strbuf_puts(out, "\\n"); return 2;
	case '\t': strbuf_puts(out, "\\t"); return 2;
	case '\r': strbuf_puts(out, "\\r"); return 2;
	}
	if (cp < 0x100 && cp != 0x7f && cp < 0x80)
		snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)cp);
	else if (cp == 0x7f)
		snprintf(tmp, sizeof tmp, "\\x7f");
	else
		snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)cp);
	strbuf_puts(out, tmp);
	return strlen(tmp);
}

static int is_control(int32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	       cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);  /* bidi overrides reorder the screen */
}

size_t mt_termsafe(const char *in, size_t len, struct strbuf *out)
{
	size_t width = 0;

	for (size_t i = 0; i < len;) {
		int32_t cp;
		size_t n = mt_utf8_next(in + i, len - i, &cp);
		if (cp < 0) {
			strbuf_puts(out, "\xef\xbf\xbd");
			width += 1;
		} else if (is_control(cp)) {
			width += escape_control(cp, out);
		} else {
			strbuf_add(out, in + i, n);
			width += (size_t)cp_width(cp);
		}
		i += n;
	}
	return width;
}

size_t mt_text_width(const char *s)
{
	size_t width = 0, len = strlen(s);

	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += mt_utf8_next(s + i, len - i, &cp);
		width += cp < 0 ? 1 : (size_t)cp_width(cp);
	}
	return width;
}

size_t mt_text_fit(const char *s, size_t cols, struct strbuf *out)
{
	size_t len = strlen(s), used = 0, i = 0;

	if (mt_text_width(s) <= cols) {
		strbuf_add(out, s, len);
		return mt_text_width(s);
	}
	if (cols == 0)
		return 0;
	while (i < len) {
		int32_t cp;
		size_t n = mt_utf8_next(s + i, len - i, &cp);
		size_t w = cp < 0 ? 1 : (size_t)cp_width(cp);
		if (used + w > cols - 1)
			break;
		strbuf_add(out, s + i, n);
		used += w;
		i += n;
	}
	strbuf_puts(out, "\xe2\x80\xa6");
	return used + 1;
}
