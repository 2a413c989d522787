/* app/main.c: mortem's entry point: options, loading, then UI or batch. */
#include "app/cli.h"
#include "core/xalloc.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>


/* Widths and UTF-8 decisions need a UTF-8 character type, whatever LANG says. */
static void set_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

/* Before the terminal is asked for, the files: one that cannot be opened,
 * or holds nothing mortem opens, is named at once when no file is good or
 * there is no terminal to show its error in (`mortem nope.json | less`
 * says the file does not exist, not that the UI needs a terminal).
 * Returns 0 to go on, 2 to stop. */
static int check_files(const struct cli *cli)
{
	struct mt_error err[MT_MAX_FILES] = { { 0 } };
	int bad = 0, tty = isatty(STDOUT_FILENO);

	for (int i = 0; i < cli->nfiles; i++) {
		if (strcmp(cli->files[i], "-") == 0)
			continue;
		bad += mt_artifact_probe(cli->files[i], &err[i]) != 0;
	}
	if (bad == 0 || (tty && bad < cli->nfiles))
		return 0;
	for (int i = 0; i < cli->nfiles; i++)
		if (err[i].set)
			fprintf(stderr, "mortem: %s\n", err[i].msg);
	return 2;
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct mt_artifact docs[MT_MAX_FILES];
	int status;

	set_locale();
	xalloc_init();
	status = cli_parse(&cli, argc, argv);
	if (status == 1)
		return 0;
	if (status != 0)
		return 2;
	if (cli.capture.pid)
		return cli_capture(&cli);
	if (cli.print) {
		cli_open_all(&cli, docs);
		status = cli_batch(&cli, docs, cli.nfiles);
	} else {
		if (!cli.start.headless && check_files(&cli) != 0)
			return 2;
		/* The UI opens the files itself, showing how far loading got. */
		cli.start.files = cli.files;
		cli.start.open = &cli.open;
		status = tui_run(docs, cli.nfiles, &cli.opts, &cli.start);
	}
	for (int i = 0; i < cli.nfiles; i++)
		mt_artifact_close(&docs[i]);
	return status;
}
