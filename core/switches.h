/* core/switches.h: the environment variables that change how core/ works,
 * for the tests and the benchmarks. Each is read here and only here; the
 * table in core/switches.c says what it does and who sets it. */
#ifndef MORTEM_CORE_SWITCHES_H
#define MORTEM_CORE_SWITCHES_H

enum mt_switch {
	MT_SW_TEST_BUFFER,   /* MORTEM_TEST_BUFFER: the snapshot reader's buffer size */
	MT_SW_TEST_WIDE,     /* MORTEM_TEST_WIDE: huge snapshots' layouts for small ones */
	MT_SW_SMALL_PAGES,   /* MORTEM_SMALL_PAGES: no huge pages for big blocks */
	MT_SW_JS_HIDE,       /* MORTEM_JS_HIDE: V8 metadata to pretend missing */
	MT_SW_JS_FORCE,      /* MORTEM_JS_FORCE: V8 metadata values to force */
	MT_SW_TEST_PANE_DELAY, /* MORTEM_TEST_PANE_DELAY: ms before a slow pane loads */
	MT_SW_COUNT
};

/* The switch's value, or NULL when it is not set. */
const char *mt_switch(enum mt_switch s);

#endif
