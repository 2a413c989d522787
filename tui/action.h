/* tui/action.h: the action table (tui/actions.def) as an enum and lookups. */
#ifndef MORTEM_TUI_ACTION_H
#define MORTEM_TUI_ACTION_H

enum action {
#define ACTION(id, name, group, help) ACT_##id,
#include "tui/actions.def"
#undef ACTION
	ACT_COUNT
};

struct action_info {
	const char *name;   /* "move-down" */
	const char *group;  /* "Moving" */
	const char *help;   /* one line */
};

extern const struct action_info action_table[ACT_COUNT];

/* The action named name, or -1. */
int action_find(const char *name);

#endif
