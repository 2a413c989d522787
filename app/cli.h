/* app/cli.h: command-line options of mortem. */
#ifndef MORTEM_APP_CLI_H
#define MORTEM_APP_CLI_H

#include "core/artifact.h"
#include "tui/tui.h"
#include "views/view.h"

enum cli_format { FORMAT_TEXT = 0, FORMAT_JSON };

/* --capture PID and its options (app/capture.c). */
struct cli_capture {
	int pid;                 /* 0 when not capturing */
	int snapshots;           /* -1 until --snapshots */
	long interval_ms;        /* -1 until --interval */
	int report, core, no_open, force;
	const char *out;         /* borrowed from argv, or NULL */
};

struct cli {
	struct mt_opts opts;
	struct mt_open_opts open;
	struct tui_start start;
	const char *print;       /* --print PANE, or NULL for the UI */
	enum cli_format format;
	const char *files[MT_MAX_FILES]; /* borrowed from argv */
	int nfiles;
	struct cli_capture capture;
};

/* Parse argv; returns 0, 1 when --help, --version or --list-panes was
 * answered, or 2 on a usage error (already printed). */
int cli_parse(struct cli *cli, int argc, char **argv);

/* Print the artifacts' pane named cli->print; returns the exit status. */
int cli_batch(struct cli *cli, struct mt_artifact *docs, int ndocs);

/* --capture: take, then open, print or only write; returns the exit status. */
int cli_capture(struct cli *cli);

/* Take a --capture option (id from tui/option.h); 0, or 2 after a usage
 * error printed. -1 when id is no capture option. */
int cli_capture_option(struct cli *cli, int id, const char *arg);

/* Open the artifacts, each on its own thread. */
void cli_open_all(struct cli *cli, struct mt_artifact *docs);

#endif
