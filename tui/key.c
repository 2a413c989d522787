/* tui/key.c: reading and writing key names (<Enter>, <C-x>, j). */
#include "tui/key.h"
#include "core/termsafe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	int key;
} names[] = {
	/* The first name of a key is the one tk_name writes. */
	{ "Enter", TK_ENTER }, { "CR", TK_ENTER }, { "Return", TK_ENTER },
	{ "Tab", TK_TAB }, { "S-Tab", TK_BTAB }, { "BS", TK_BS },
	{ "Backspace", TK_BS }, { "Esc", TK_ESC }, { "Space", ' ' },
	{ "Del", TK_DEL }, { "Ins", TK_INS }, { "Up", TK_UP }, { "Down", TK_DOWN },
	{ "Left", TK_LEFT }, { "Right", TK_RIGHT }, { "PgUp", TK_PGUP },
	{ "PageUp", TK_PGUP }, { "PgDn", TK_PGDN }, { "PageDown", TK_PGDN },
	{ "Home", TK_HOME }, { "End", TK_END }, { "lt", '<' }, { "gt", '>' },
};

static int char_key(const char *s, size_t n, size_t *used)
{
	int32_t cp;
	size_t len = mt_utf8_next(s, n, &cp);

	if (cp <= 0x20 && cp != ' ')
		return -1;
	*used = len;
	return cp < 0 ? -1 : cp;
}

/* The inside of <...>: a name, F1..F12, C-x or M-x. */
static int named_key(const char *s, size_t n)
{
	size_t used = 0;
	int k;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == n && strncasecmp(s, names[i].name, n) == 0)
			return names[i].key;
	if (n >= 2 && (s[0] == 'F' || s[0] == 'f')) {
		char *end;
		long f = strtol(s + 1, &end, 10);
		if (end == s + n && f >= 1 && f <= 12)
			return TK_F1 + (int)f - 1;
	}
	if (n == 3 && (s[0] == 'C' || s[0] == 'c') && s[1] == '-' &&
	    ((s[2] >= 'a' && s[2] <= 'z') || (s[2] >= 'A' && s[2] <= 'Z')))
		return TK_CTRL(s[2]);
	if (n >= 3 && (s[0] == 'M' || s[0] == 'm') && s[1] == '-') {
		k = named_key(s + 2, n - 2);
		if (k < 0 && (k = char_key(s + 2, n - 2, &used)) >= 0 && used != n - 2)
			k = -1;
		return k < 0 ? -1 : k | TK_META;
	}
	return -1;
}

int tk_parse(const char *s, size_t *used)
{
	const char *close;

	if (s[0] == '<' && (close = strchr(s + 1, '>')) && close > s + 1) {
		int k = named_key(s + 1, (size_t)(close - s - 1));
		if (k >= 0) {
			*used = (size_t)(close - s) + 1;
			return k;
		}
	}
	if (s[0] == '\0')
		return -1;
	return char_key(s, strlen(s), used);
}

void tk_utf8(int cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp; out[1] = 0;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3f)); out[2] = 0;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f)); out[3] = 0;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); out[3] = (char)(0x80 | (cp & 0x3f));
		out[4] = 0;
	}
}

static const char *plain_name(int key, char *buf, size_t size)
{
	char ch[8];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key) {
			snprintf(buf, size, "<%s>", names[i].name);
			return buf;
		}
	if (key >= TK_F1 && key <= TK_F12)
		snprintf(buf, size, "<F%d>", key - TK_F1 + 1);
	else if (key > 0 && key < 0x20)
		snprintf(buf, size, "<C-%c>", key | 0x60);
	else if (key > 0x20 && key < TK_BASE) {
		tk_utf8(key, ch);
		snprintf(buf, size, "%s", ch);
	} else
		snprintf(buf, size, "<?%d>", key);
	return buf;
}

const char *tk_name(int key, char *buf, size_t size)
{
	char inner[32];

	if (!(key & TK_META))
		return plain_name(key, buf, size);
	plain_name(key & ~TK_META, inner, sizeof inner);
	if (inner[0] == '<' && inner[1] != '\0' && inner[2] != '\0')
		snprintf(buf, size, "<M-%.*s>", (int)strlen(inner) - 2, inner + 1);
	else
		snprintf(buf, size, "<M-%s>", inner);
	return buf;
}
