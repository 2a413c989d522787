/* core/elfcore/unwind.c: native backtraces of a core's threads.
 * Frame 0 comes from the registers; each caller is found by CFI when the
 * module's file has it, else through the frame-pointer chain, else by
 * scanning the stack for a return address. Every frame says which. */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

#define NAME_MAX_LEN 1024

struct walk {
	uint64_t pc, sp, fp;
};

static void add_frame(struct mt_core *c, struct mt_core_thread *t, const struct walk *w,
		      enum mt_frame_how how)
{
	char name[NAME_MAX_LEN];
	struct mt_core_frame *f;
	uint64_t off;
	/* A return address points after the call: name the call itself. */
	uint64_t look = t->nframes && w->pc ? w->pc - 1 : w->pc;

	t->frames = xreallocarray(t->frames, t->nframes + 1, sizeof *t->frames);
	f = &t->frames[t->nframes++];
	memset(f, 0, sizeof *f);
	f->pc = w->pc;
	f->sp = w->sp;
	f->fp = w->fp;
	f->how = how;
	f->module = mt_core_symbolize(c, look, name, sizeof name, &off);
	f->offset = off + (look != w->pc);
	f->function = name[0] ? xstrdup(name) : NULL;
}

static int executable(const struct mt_core *c, uint64_t pc)
{
	const struct mt_core_segment *s = mt_core_segment_at(c, pc);
	const struct mt_core_mapping *m = mt_core_mapping_at(c, pc);

	return (s && (s->flags & 1)) || (m && (m->flags & 1));
}

/* The caller through the frame pointer: [fp] = caller's fp, [fp+8] = return. */
static int step_fp(const struct mt_core *c, struct walk *w)
{
	uint64_t next_fp, ret;

	if (w->fp == 0 || w->fp < w->sp || w->fp & 7 ||
	    mt_core_read_u64(c, w->fp, &next_fp) < 0 ||
	    mt_core_read_u64(c, w->fp + 8, &ret) < 0 || !executable(c, ret))
		return -1;
	if (next_fp != 0 && next_fp <= w->fp)
		return -1;
	w->sp = w->fp + 16;
	w->fp = next_fp;
	w->pc = ret;
	return 0;
}

void mt_core_unwind(struct mt_core *c, struct mt_core_thread *t)
{
	struct walk w = { t->pc, t->sp, t->fp };

	if (t->nregs == 0) {
		t->unwind_note = xstrdup(c->arch == MT_ARCH_OTHER
			? "backtraces of this architecture are not supported"
			: "no registers for this thread");
		return;
	}
	add_frame(c, t, &w, MT_HOW_CONTEXT);
	while (t->nframes < MT_CORE_MAX_FRAMES) {
		if (step_fp(c, &w) < 0)
			break;
		add_frame(c, t, &w, MT_HOW_FP);
	}
}
