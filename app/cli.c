/* app/cli.c: mortem's command line, parsed by the option table
 * (tui/options.def), and the answers that need no file: --help, --version,
 * --list-panes. */
#include "app/cli.h"
#include "tui/option.h"

#include <getopt.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_head[] =
	"usage: mortem [options] FILE [FILE2] [more snapshots...]\n"
	"       mortem --print PANE [--format text|json] FILE [FILE2]\n"
	"       mortem --headless COLSxROWS --keys KEYS FILE [FILE2]\n"
	"       mortem --capture PID [--snapshots N] [--interval DURATION] [--out DIR]\n"
	"\n"
	"FILE is a Node.js diagnostic report, a V8 heap snapshot or an ELF core\n"
	"(plain or gzipped, or a core-dump-handler zip); '-' reads stdin.\n"
	"\n";

static const char usage_tail[] =
	"\n"
	"Exit status: 0 fine, 1 a finding at or above --fail-on, 2 bad input or usage.\n"
	"The manual, man mortem, says more about every option and lists the keys.\n";

/* getopt_long answers a long option with OPT_LONG + its enum option_id, a
 * short one with its letter. */
#define OPT_LONG 256

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mortem: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'mortem --help'.\n");
	return 2;
}

static int parse_int(const char *s, long long min, long long *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min)
		return -1;
	*out = v;
	return 0;
}

/* A snapshot id in decimal, or an object's address in a core (0x...). */
static int parse_id(const char *s, long long *out)
{
	char *end;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return parse_int(s, 0, out);
	unsigned long long v = strtoull(s + 2, &end, 16);
	if (!s[2] || *end || v > (unsigned long long)INT64_MAX)
		return -1;
	*out = (long long)v;
	return 0;
}

static int parse_size(struct cli *cli, const char *s)
{
	char x;
	if (sscanf(s, "%dx%d%c", &cli->start.cols, &cli->start.rows, &x) != 2 ||
	    cli->start.cols < 1 || cli->start.rows < 1 ||
	    cli->start.cols > 1000 || cli->start.rows > 1000)
		return -1;
	cli->start.headless = 1;
	return 0;
}

static void defaults(struct cli *cli)
{
	memset(cli, 0, sizeof *cli);
	cli->opts.redact = 1;
	cli->opts.id = -1;
	cli->opts.thread = -1;
	cli->open.redact = 1;
	cli->capture.snapshots = -1;
	cli->capture.interval_ms = -1;
}

/* Options that check their value. */
static int take_value(struct cli *cli, int id, const char *arg)
{
	long long v;

	switch (id) {
	case OPT_FORMAT:
		if (strcmp(arg, "text") == 0) cli->format = FORMAT_TEXT;
		else if (strcmp(arg, "json") == 0) cli->format = FORMAT_JSON;
		else return usage_error("--format takes text or json, not '%s'", arg);
		return 0;
	case OPT_FAIL_ON:
		cli->opts.fail_on = mt_severity_parse(arg);
		if (cli->opts.fail_on < 0)
			return usage_error("--fail-on takes info, warning or critical, not '%s'", arg);
		return 0;
	case OPT_ID:
		if (parse_id(arg[0] == '@' ? arg + 1 : arg, &v) < 0)
			return usage_error("--id takes an object id (or a core's object address, "
					   "0x...), not '%s'", arg);
		cli->opts.id = v;
		return 0;
	case OPT_CLASS:
		cli->opts.class_name = arg;
		return 0;
	case OPT_LIMIT:
		if (parse_int(arg, 1, &v) < 0 || v > 1000000000)
			return usage_error("--limit takes a positive number, not '%s'", arg);
		cli->opts.limit = (int)v;
		return 0;
	case OPT_THREAD:
		if (parse_int(arg, 0, &v) < 0 || v > 1000000)
			return usage_error("--thread takes a thread number, not '%s'", arg);
		cli->opts.thread = (int)v;
		return 0;
	case OPT_HEADLESS:
		if (parse_size(cli, arg) < 0)
			return usage_error("--headless takes COLSxROWS such as 100x30, not '%s'", arg);
		return 0;
	}
	return 2;
}

/* Options that take their value as it is, and flags. */
static int take_option(struct cli *cli, int id, const char *arg)
{
	switch (id) {
	case OPT_PRINT: cli->print = arg; return 0;
	case OPT_NO_REDACT: cli->opts.redact = cli->open.redact = 0; return 0;
	case OPT_REDACT_KEY: cli->open.redact_key = arg; return 0;
	case OPT_REDACT_VALUE: cli->open.redact_value = arg; return 0;
	case OPT_THRESHOLDS: cli->open.thresholds = arg; return 0;
	case OPT_RAW: cli->opts.raw = cli->open.raw_heap = 1; return 0;
	case OPT_SHOW_INTERNAL: cli->opts.show_internal = 1; return 0;
	case OPT_ALL_THREADS: cli->opts.all_threads = 1; return 0;
	case OPT_EXE: cli->open.exe = arg; return 0;
	case OPT_SYSROOT: cli->open.sysroot = arg; return 0;
	case OPT_PANE: cli->start.first_pane = arg; return 0;
	case OPT_KEYMAP: cli->start.keymap = arg; return 0;
	case OPT_KEYS: cli->start.keys = arg; return 0;
	}
	int rc = cli_capture_option(cli, id, arg);
	return rc >= 0 ? rc : take_value(cli, id, arg);
}

/* One line of --list-panes: kind, name, title and a note, between tabs. */
static void list_pane(const char *kind, const struct view_ops *ops)
{
	const char *sep = "";

	printf("%s\t%s\t%s\t", kind, ops->name, ops->title);
	if (ops->alias) {
		printf("also %s", ops->alias);
		sep = "; ";
	}
	if (ops->two) {
		printf("%swith two files", sep);
		sep = "; ";
	}
	if (ops->hidden)
		printf("%snot a tab", sep);
	putchar('\n');
}

/* The panes of one kind, in the order of view_names ("summary (or
 * classes), domtree, ..."): each name is looked up in the registry. */
static void list_kind(enum mt_kind kind, const char *kind_name)
{
	struct strbuf names = STRBUF_INIT;
	char name[64];

	view_names(kind, &names);
	for (const char *s = strbuf_str(&names); *s; ) {
		size_t n = strcspn(s, " ,");
		snprintf(name, sizeof name, "%.*s", (int)n, s);
		const struct view_ops *ops = view_find(kind, name, 1);
		if (ops)
			list_pane(kind_name, ops);
		s = strstr(s, ", ");
		s = s ? s + 2 : "";
	}
	strbuf_free(&names);
}

/* --help, --version and --list-panes: print and return 1. */
static int answer(int id)
{
	if (id == OPT_HELP) {
		fputs(usage_head, stdout);
		option_print_help(stdout);
		fputs(usage_tail, stdout);
	} else if (id == OPT_VERSION) {
		printf("mortem %s\n", PACKAGE_VERSION);
	} else {
		list_kind(MT_KIND_REPORT, mt_report_kind.name);
		list_kind(MT_KIND_SNAPSHOT, mt_snapshot_kind.name);
		list_kind(MT_KIND_COREDUMP, mt_coredump_kind.name);
	}
	return 1;
}

/* getopt_long's two tables, from option_table. */
static void getopt_tables(struct option *longs, char *shorts)
{
	*shorts++ = ':';
	for (int i = 0; i < OPT_COUNT; i++) {
		const struct option_info *o = &option_table[i];
		longs[i] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					    NULL, OPT_LONG + i };
		if (o->letter)
			*shorts++ = (char)o->letter;
		if (o->letter && o->arg)
			*shorts++ = ':';
	}
	longs[OPT_COUNT] = (struct option){ 0 };
	*shorts = '\0';
}

/* The enum option_id of what getopt_long returned, or -1. */
static int option_of(int c)
{
	return c >= OPT_LONG ? c - OPT_LONG : option_by_letter(c);
}

static int take_options(struct cli *cli, int argc, char **argv)
{
	struct option longs[OPT_COUNT + 1];
	char shorts[2 * OPT_COUNT + 2];
	int c, id;

	getopt_tables(longs, shorts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == ':')
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		if ((id = option_of(c)) < 0)
			return usage_error("unknown option '%s'", argv[optind - 1]);
		if (id == OPT_HELP || id == OPT_VERSION || id == OPT_LIST_PANES)
			return answer(id);
		if (take_option(cli, id, optarg) != 0)
			return 2;
	}
	return 0;
}

int cli_parse(struct cli *cli, int argc, char **argv)
{
	int rc;

	defaults(cli);
	if ((rc = take_options(cli, argc, argv)) != 0)
		return rc;
	cli->nfiles = argc - optind;
	if (cli->capture.pid && cli->nfiles)
		return usage_error("%s", "--capture takes no file");
	if (cli->capture.pid)
		return 0;
	if (cli->nfiles < 1 || cli->nfiles > MT_MAX_FILES)
		return usage_error(cli->nfiles < 1 ? "no file to open"
						   : "at most %d files at once", MT_MAX_FILES);
	for (int i = 0; i < cli->nfiles; i++)
		cli->files[i] = argv[optind + i];
	if (cli->start.keys && !cli->start.headless)
		return usage_error("%s", "--keys goes with --headless");
	return 0;
}
