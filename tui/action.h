/* tui/action.h: the action table (tui/actions.def) as an enum and lookups. */
#ifndef MORTEM_TUI_ACTION_H
#define MORTEM_TUI_ACTION_H

enum action {
#define ACTION(id, name, group, input, help) ACT_##id,
#include "tui/actions.def"
#undef ACTION
	ACT_COUNT
};

/* What an action reads before it runs (the input column of actions.def). */
enum action_input {
	ACTION_INPUT_NONE = 0,
	ACTION_INPUT_TEXT,  /* a line of text in the status line */
};

struct action_info {
	const char *name;   /* "move-down" */
	const char *group;  /* "Moving" */
	const char *help;   /* one line */
	enum action_input input;
};

extern const struct action_info action_table[ACT_COUNT];

/* The action named name, or -1. */
int action_find(const char *name);

/* What the help pane and the man page show after an action's help: "..."
 * when it reads text first, else "". */
const char *action_ellipsis(int action);

#endif
