/* tui/option.c: the option table built from tui/options.def, and the
 * option list of --help. */
#include "tui/option.h"

#include <string.h>

#define HELP_COL 26     /* where --help starts the text of an option */
#define HELP_WIDTH 79   /* and where it wraps it */

const struct option_info option_table[OPT_COUNT] = {
#define OPTION(id, name_, letter_, arg_, help_, man_) \
	[OPT_##id] = { .name = name_, .letter = letter_, .arg = arg_, \
		       .help = help_, .man = man_ },
#include "tui/options.def"
#undef OPTION
};

int option_by_letter(int c)
{
	for (int i = 0; i < OPT_COUNT; i++)
		if (c && option_table[i].letter == c)
			return i;
	return -1;
}

/* "  -p, --print PANE" or "      --raw"; returns the columns printed. */
static int print_synopsis(FILE *out, const struct option_info *o)
{
	int n;

	if (o->letter)
		n = fprintf(out, "  -%c, --%s", o->letter, o->name);
	else
		n = fprintf(out, "      --%s", o->name);
	if (o->arg)
		n += fprintf(out, " %s", o->arg);
	return n;
}

/* How much of s goes on a line of room columns: up to its newline, or its
 * last space that fits, or a whole word longer than the line. */
static size_t fit(const char *s, size_t room)
{
	size_t n = strcspn(s, "\n"), cut = 0;

	if (n <= room)
		return n;
	for (size_t i = 0; i <= room; i++)
		if (s[i] == ' ')
			cut = i;
	return cut ? cut : strcspn(s, " ");
}

/* text from column HELP_COL, where the cursor is, on as many lines as it needs. */
static void print_wrapped(FILE *out, const char *text)
{
	for (;;) {
		size_t n = fit(text, HELP_WIDTH - HELP_COL);
		fprintf(out, "%.*s\n", (int)n, text);
		text += n;
		text += strspn(text, " \n");
		if (!*text)
			return;
		fprintf(out, "%*s", HELP_COL, "");
	}
}

void option_print_help(FILE *out)
{
	for (int i = 0; i < OPT_COUNT; i++) {
		int col = print_synopsis(out, &option_table[i]);
		if (col + 2 > HELP_COL) {
			fputc('\n', out);
			col = 0;
		}
		fprintf(out, "%*s", HELP_COL - col, "");
		print_wrapped(out, option_table[i].help);
	}
}
