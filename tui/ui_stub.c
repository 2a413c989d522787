/* tui/ui_stub.c: placeholder until the terminal layer lands. */
#include "tui/tui.h"

#include <stdio.h>

int tui_run(struct mt_artifact *docs, int ndocs, const struct mt_opts *opts,
	    const struct tui_start *start)
{
	fprintf(stderr, "mortem: the interactive UI is not built yet; use --print\n");
	return 2;
}
