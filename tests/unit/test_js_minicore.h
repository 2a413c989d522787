/* tests/unit/test_js_minicore.h: a tiny ELF core reader for the jsframes
 * drivers (threads, PT_LOAD reads, NT_FILE), so core/jsframes/ can be
 * tested on its own. mortem itself reads cores with core/elfcore/. */
#ifndef MORTEM_TESTS_JS_MINICORE_H
#define MORTEM_TESTS_JS_MINICORE_H

#include "core/jsframes/jsframes.h"

struct mini_seg {
	uint64_t vaddr, memsz, offset, filesz;
	int exec;
};

struct mini_thread {
	int tid, signal;
	struct mt_js_regs regs;
};

struct minicore {
	const unsigned char *data;     /* owned mapping */
	size_t size;
	struct mini_seg *segs;         /* owned */
	size_t nsegs;
	struct mini_thread *threads;   /* owned */
	size_t nthreads;
	struct mt_js_map *maps;        /* owned; paths point into data */
	size_t nmaps;
	struct mt_js_target target;
};

struct minicore *minicore_open(const char *path, struct mt_error *err);
void minicore_close(struct minicore **mc);

#endif
