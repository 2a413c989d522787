/* core/switches.c: the one place core/ reads its test and benchmark
 * switches from the environment. */
#include "core/switches.h"

#include <stdlib.h>

static const struct {
	const char *name;
	const char *what;            /* what it does, and who sets it */
} switches[MT_SW_COUNT] = {
	[MT_SW_TEST_BUFFER] = { "MORTEM_TEST_BUFFER",
		"bytes of the snapshot reader's buffer, so small files cross buffer ends "
		"everywhere (tests/heap.sh, the snapshot fuzzer)" },
	[MT_SW_TEST_WIDE] = { "MORTEM_TEST_WIDE",
		"the layouts of huge snapshots (4-byte slots, 64-bit string offsets) for "
		"small ones (tests/heap.sh)" },
	[MT_SW_SMALL_PAGES] = { "MORTEM_SMALL_PAGES",
		"big blocks on the kernel's small pages: no transparent huge pages asked "
		"for, to measure what they give (bench/LIMITS.md)" },
	[MT_SW_JS_HIDE] = { "MORTEM_JS_HIDE",
		"V8 metadata names to pretend missing, for the failure tiers (tests/jsframes.sh)" },
	[MT_SW_JS_FORCE] = { "MORTEM_JS_FORCE",
		"V8 metadata values to force, name=value,... (tests/jsframes.sh)" },
	[MT_SW_TEST_PANE_DELAY] = { "MORTEM_TEST_PANE_DELAY",
		"milliseconds a slow pane (a core's JS heap) waits before it loads, so that "
		"a terminal sees its loading line (tests/coreheap.sh, under tmux)" },
};

const char *mt_switch(enum mt_switch s)
{
	return s < MT_SW_COUNT ? getenv(switches[s].name) : NULL;
}
