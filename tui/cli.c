/* tui/cli.c: parsing mortem's command line. */
#include "tui/cli.h"

#include <getopt.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: mortem [options] FILE [FILE2]\n"
	"       mortem --print PANE [--format text|json] FILE [FILE2]\n"
	"       mortem --headless COLSxROWS --keys KEYS FILE [FILE2]\n"
	"\n"
	"FILE is a Node.js diagnostic report, a V8 heap snapshot or an ELF core\n"
	"(plain or gzipped, or a core-dump-handler zip); '-' reads stdin.\n"
	"\n"
	"  -p, --print PANE       print one pane and exit (overview, triage, jsstack,\n"
	"                         nativestack, heapspaces, handles, env, resources,\n"
	"                         limits, workers, libs, diff, classes, compare, ...)\n"
	"  -f, --format FMT       text (default) or json\n"
	"      --fail-on SEV      exit 1 when a finding is at least SEV\n"
	"                         (info, warning, critical)\n"
	"      --no-redact        show secrets in environment values\n"
	"      --redact-key RE    reports: also mask variables whose name matches RE\n"
	"      --redact-value RE  reports: also mask what RE matches in values\n"
	"      --thresholds SPEC  reports: triage thresholds, e.g. leak_warn=100,fd_warn=0.7\n"
	"      --id N             snapshot object id for object, retainers, dominators\n"
	"                         (in a core's heap, the object's address: 0x...)\n"
	"      --raw              snapshots: no shallow-size re-attribution\n"
	"      --limit N          bound on printed paths or rows\n"
	"      --thread N         cores: the thread for backtrace\n"
	"      --all-threads      cores: backtraces of every thread\n"
	"      --exe PATH         cores: the executable that crashed\n"
	"      --sysroot DIR      cores: where the libraries are\n"
	"      --pane PANE        the UI opens on PANE\n"
	"      --keymap NAME      default or emacs\n"
	"      --headless CxR     run the UI without a terminal, print the last screen\n"
	"      --keys KEYS        keys for --headless, e.g. 'jj<Tab><Enter>/sock<Enter>'\n"
	"  -h, --help             this text\n"
	"  -V, --version          the version\n"
	"\n"
	"Exit status: 0 fine, 1 a finding at or above --fail-on, 2 bad input or usage.\n";

enum {
	OPT_FAIL_ON = 256, OPT_NO_REDACT, OPT_ID, OPT_RAW, OPT_LIMIT, OPT_THREAD,
	OPT_ALL_THREADS, OPT_EXE, OPT_SYSROOT, OPT_PANE, OPT_KEYMAP, OPT_HEADLESS,
	OPT_KEYS, OPT_SHOW_INTERNAL, OPT_REDACT_KEY, OPT_REDACT_VALUE, OPT_THRESHOLDS,
};

static const struct option long_opts[] = {
	{ "print", required_argument, NULL, 'p' },
	{ "format", required_argument, NULL, 'f' },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "no-redact", no_argument, NULL, OPT_NO_REDACT },
	{ "id", required_argument, NULL, OPT_ID },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "thread", required_argument, NULL, OPT_THREAD },
	{ "all-threads", no_argument, NULL, OPT_ALL_THREADS },
	{ "exe", required_argument, NULL, OPT_EXE },
	{ "sysroot", required_argument, NULL, OPT_SYSROOT },
	{ "pane", required_argument, NULL, OPT_PANE },
	{ "keymap", required_argument, NULL, OPT_KEYMAP },
	{ "headless", required_argument, NULL, OPT_HEADLESS },
	{ "keys", required_argument, NULL, OPT_KEYS },
	{ "show-internal", no_argument, NULL, OPT_SHOW_INTERNAL },
	{ "redact-key", required_argument, NULL, OPT_REDACT_KEY },
	{ "redact-value", required_argument, NULL, OPT_REDACT_VALUE },
	{ "thresholds", required_argument, NULL, OPT_THRESHOLDS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

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
}

static int take_option(struct cli *cli, int c, const char *arg)
{
	long long v;

	switch (c) {
	case 'p': cli->print = arg; return 0;
	case 'f':
		if (strcmp(arg, "text") == 0) cli->format = FORMAT_TEXT;
		else if (strcmp(arg, "json") == 0) cli->format = FORMAT_JSON;
		else return usage_error("--format takes text or json, not '%s'", arg);
		return 0;
	case OPT_FAIL_ON:
		cli->opts.fail_on = mt_severity_parse(arg);
		if (cli->opts.fail_on < 0)
			return usage_error("--fail-on takes info, warning or critical, not '%s'", arg);
		return 0;
	case OPT_NO_REDACT: cli->opts.redact = cli->open.redact = 0; return 0;
	case OPT_ID:
		if (parse_id(arg[0] == '@' ? arg + 1 : arg, &v) < 0)
			return usage_error("--id takes an object id (or a core's object address, "
					   "0x...), not '%s'", arg);
		cli->opts.id = v;
		return 0;
	case OPT_RAW: cli->opts.raw = cli->open.raw_heap = 1; return 0;
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
	case OPT_ALL_THREADS: cli->opts.all_threads = 1; return 0;
	case OPT_EXE: cli->open.exe = arg; return 0;
	case OPT_SYSROOT: cli->open.sysroot = arg; return 0;
	case OPT_PANE: cli->start.first_pane = arg; return 0;
	case OPT_KEYMAP: cli->start.keymap = arg; return 0;
	case OPT_HEADLESS:
		if (parse_size(cli, arg) < 0)
			return usage_error("--headless takes COLSxROWS such as 100x30, not '%s'", arg);
		return 0;
	case OPT_KEYS: cli->start.keys = arg; return 0;
	case OPT_SHOW_INTERNAL: cli->opts.show_internal = 1; return 0;
	case OPT_REDACT_KEY: cli->open.redact_key = arg; return 0;
	case OPT_REDACT_VALUE: cli->open.redact_value = arg; return 0;
	case OPT_THRESHOLDS: cli->open.thresholds = arg; return 0;
	}
	return 2;
}

int cli_parse(struct cli *cli, int argc, char **argv)
{
	int c;

	defaults(cli);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:f:hV", long_opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return 1;
		}
		if (c == 'V') {
			printf("mortem %s\n", PACKAGE_VERSION);
			return 1;
		}
		if (c == '?')
			return usage_error("unknown option '%s'", argv[optind - 1]);
		if (c == ':')
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		if (take_option(cli, c, optarg) != 0)
			return 2;
	}
	cli->nfiles = argc - optind;
	if (cli->nfiles < 1 || cli->nfiles > 2)
		return usage_error("%s", cli->nfiles < 1 ? "no file to open"
						       : "at most two files at once");
	for (int i = 0; i < cli->nfiles; i++)
		cli->files[i] = argv[optind + i];
	if (cli->start.keys && !cli->start.headless)
		return usage_error("%s", "--keys goes with --headless");
	return 0;
}
