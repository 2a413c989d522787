/* tui/keydoc.c: the man page's generated sections, from the tables that
 * --help and the help pane read.
 *
 *   keydoc PANES <doc/mortem.1.in >doc/mortem.1
 *
 * copies the page, and in place of a line @OPTIONS@ writes the option
 * table (tui/options.def), of @KEYS@ the action table with the keys of the
 * built-in default keymap (tui/actions.def, keymaps/default.keys), and of
 * @PANES@ the panes listed in the file PANES (what mortem --list-panes
 * prints, from the view registry).
 */
#include "tui/action.h"
#include "tui/keymap.h"
#include "tui/option.h"

#include <stdio.h>
#include <string.h>

static void roff_char(char c)
{
	if (c == '\\')
		fputs("\\e", stdout);
	else if (c == '-')
		fputs("\\-", stdout);
	else
		putchar(c);
}

/* Roff needs a backslash doubled and a leading dot or quote escaped. */
static void roff(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++)
		roff_char(*s);
}

/* A man text of tui/options.def: `bold`, *italic*, the rest as roff(). */
static void roff_marked(const char *s)
{
	int bold = 0, italic = 0;

	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '`')
			fputs((bold = !bold) ? "\\fB" : "\\fR", stdout);
		else if (*s == '*')
			fputs((italic = !italic) ? "\\fI" : "\\fR", stdout);
		else
			roff_char(*s);
	}
}

static int keys_section(void)
{
	struct keymap km = { 0 };
	struct mt_error err = { 0 };
	const char *group = NULL;

	if (keymap_load_builtin(&km, NULL, &err) < 0) {
		fprintf(stderr, "keydoc: %s\n", err.msg);
		return -1;
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

static void options_section(void)
{
	for (int i = 0; i < OPT_COUNT; i++) {
		const struct option_info *o = &option_table[i];
		printf(".TP\n");
		if (o->letter)
			printf("\\fB\\-%c\\fR, ", o->letter);
		printf("\\fB\\-\\-");
		roff(o->name);
		printf("\\fR");
		if (o->arg) {
			printf(" \\fI");
			roff(o->arg);
			printf("\\fR");
		}
		printf("\n");
		roff_marked(o->man);
		printf("\n");
	}
}

/* The subsection of a kind of --list-panes. */
static const char *kind_title(const char *kind)
{
	if (strcmp(kind, "report") == 0)
		return "Diagnostic reports";
	if (strcmp(kind, "snapshot") == 0)
		return "Heap snapshots";
	if (strcmp(kind, "core") == 0)
		return "Core dumps";
	return kind;
}

/* Cut line at its tabs and its newline into at most n fields; returns how many. */
static int split(char *line, char **field, int n)
{
	int k = 0;

	line[strcspn(line, "\n")] = '\0';
	while (k < n) {
		field[k++] = line;
		line = strchr(line, '\t');
		if (!line)
			break;
		*line++ = '\0';
	}
	return k;
}

/* One line of --list-panes: kind, name, title, note. */
static int pane_entry(char *line, char *kind, size_t size)
{
	char *f[4];

	if (split(line, f, 4) != 4)
		return -1;
	if (strcmp(kind, f[0]) != 0) {
		snprintf(kind, size, "%s", f[0]);
		printf(".PD\n.SS %s\n.PD 0\n", kind_title(kind));
	}
	printf(".TP 16\n.B ");
	roff(f[1]);
	printf("\n");
	roff(f[2]);
	if (*f[3]) {
		printf(" (");
		roff(f[3]);
		printf(")");
	}
	printf("\n");
	return 0;
}

static int panes_section(const char *path)
{
	FILE *in = fopen(path, "r");
	char line[512], kind[32] = "";
	int n = 0, bad = 0;

	if (!in) {
		perror(path);
		return -1;
	}
	while (!bad && fgets(line, sizeof line, in)) {
		bad = pane_entry(line, kind, sizeof kind) < 0;
		n++;
	}
	fclose(in);
	printf(".PD\n");
	if (bad || n == 0)
		fprintf(stderr, "keydoc: %s: %s\n", path, bad ? "a line is not kind, name, "
			"title and note" : "no panes");
	return bad || n == 0 ? -1 : 0;
}

/* Copy the page from stdin, each @SECTION@ line written out. */
int main(int argc, char **argv)
{
	char line[4096];
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: keydoc PANES <mortem.1.in >mortem.1\n");
		return 2;
	}
	while (rc == 0 && fgets(line, sizeof line, stdin)) {
		if (strcmp(line, "@KEYS@\n") == 0)
			rc = keys_section();
		else if (strcmp(line, "@OPTIONS@\n") == 0)
			options_section();
		else if (strcmp(line, "@PANES@\n") == 0)
			rc = panes_section(argv[1]);
		else
			fputs(line, stdout);
	}
	return rc == 0 ? 0 : 1;
}
