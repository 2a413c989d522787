/* app/cli.h: command-line options of mortem. */
#ifndef MORTEM_APP_CLI_H
#define MORTEM_APP_CLI_H

#include "core/artifact.h"
#include "tui/tui.h"
#include "views/view.h"

enum cli_format { FORMAT_TEXT = 0, FORMAT_JSON };

struct cli {
	struct mt_opts opts;
	struct mt_open_opts open;
	struct tui_start start;
	const char *print;       /* --print PANE, or NULL for the UI */
	enum cli_format format;
	const char *files[2];    /* borrowed from argv */
	int nfiles;
};

/* Parse argv; returns 0, 1 when --help, --version or --list-panes was
 * answered, or 2 on a usage error (already printed). */
int cli_parse(struct cli *cli, int argc, char **argv);

/* Print the artifacts' pane named cli->print; returns the exit status. */
int cli_batch(struct cli *cli, struct mt_artifact *docs, int ndocs);

/* Open 1 or 2 artifacts, two at once on two threads. */
void cli_open_all(struct cli *cli, struct mt_artifact *docs);

#endif
