/* tui/option.h: the option table (tui/options.def) as an enum and a table:
 * the command line parses it, --help and the man page print it. */
#ifndef MORTEM_TUI_OPTION_H
#define MORTEM_TUI_OPTION_H

#include <stdio.h>

enum option_id {
#define OPTION(id, name, letter, arg, help, man) OPT_##id,
#include "tui/options.def"
#undef OPTION
	OPT_COUNT
};

struct option_info {
	const char *name;   /* "print": --print */
	int letter;         /* 'p': -p, or 0 */
	const char *arg;    /* "PANE", or NULL when it takes no value */
	const char *help;   /* one sentence for --help */
	const char *man;    /* a paragraph for the man page: `bold`, *italic* */
};

extern const struct option_info option_table[OPT_COUNT];

/* The option whose short form is -c, or -1. */
int option_by_letter(int c);

/* The options as --help lists them, one an entry, the help wrapped. */
void option_print_help(FILE *out);

#endif
