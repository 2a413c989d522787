/* tui/keydoc.c: the man page's table of keys, from the action table and
 * the built-in default keymap (the same sources as the help pane).
 *
 *   keydoc [KEYMAP]    prints roff for doc/mortem.1's KEYS section
 */
#include "tui/action.h"
#include "tui/keymap.h"

#include <stdio.h>
#include <string.h>

/* Roff needs a backslash doubled and a leading dot or quote escaped. */
static void roff(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

int main(int argc, char **argv)
{
	struct keymap km = { 0 };
	struct mt_error err = { 0 };
	const char *group = NULL;

	if (keymap_load_builtin(&km, argc > 1 ? argv[1] : NULL, &err) < 0) {
		fprintf(stderr, "keydoc: %s\n", err.msg);
		return 1;
	}
	for (int a = 0; a < ACT_COUNT; a++) {
		struct strbuf keys = STRBUF_INIT;
		if (!group || strcmp(group, action_table[a].group) != 0) {
			group = action_table[a].group;
			printf(".SS %s\n", group);
		}
		keymap_keys_of(&km, a, &keys);
		printf(".TP\n.B ");
		roff(keys.len ? strbuf_str(&keys) : "(unbound)");
		printf("\n");
		roff(action_table[a].help);
		fputs(action_ellipsis(a), stdout);
		printf(" (\\fI");
		roff(action_table[a].name);
		printf("\\fR)\n");
		strbuf_free(&keys);
	}
	keymap_free(&km);
	return 0;
}
