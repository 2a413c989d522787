/* tui/action.c: the action table built from tui/actions.def. */
#include "tui/action.h"

#include <string.h>

const struct action_info action_table[ACT_COUNT] = {
#define ACTION(id, name_, group_, input_, help_) \
	[ACT_##id] = { .name = name_, .group = group_, .help = help_, \
		       .input = ACTION_INPUT_##input_ },
#include "tui/actions.def"
#undef ACTION
};

int action_find(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return i;
	return -1;
}

const char *action_ellipsis(int action)
{
	return action_table[action].input == ACTION_INPUT_TEXT ? "..." : "";
}
