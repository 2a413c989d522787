/* core/elfcore/unwind.c: native backtraces of a core's threads.
 *
 * libdwfl unwinds (core/elfcore/dwfl.c): CFI from .eh_frame and
 * .debug_frame, each architecture's ABI and its frame-pointer fallback, as
 * eu-stack. Where it stops short on x86 and aarch64 (code without CFI
 * whose frame pointer it cannot follow, memory it cannot place), mortem's
 * own walk goes on from its last frame (x86-64, x32 and i386 too): the
 * frame-pointer chain (V8's
 * generated code keeps one), else a return address found by scanning the
 * stack. Every frame records how it was found, like Breakpad. The stack
 * pointer must grow at each own step, and frames are capped, so a hostile
 * core cannot loop. Other architectures without libdwfl's help get frame 0,
 * the thread's pc, and a note saying so. */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 1024
/* arm64 user addresses have 48 bits; above them a return address may carry
 * its pointer-authentication code. */
#define A64_VA_MASK 0x0000ffffffffffffull
#define SCAN_WORDS 2048

struct walk {
	struct mt_coredump *c;
	struct mt_coredump_thread *t;
	int capped;
	int astray;              /* libdwfl's next frame was outside code */
	int handoff;             /* aarch64 without CFI: mortem's walk goes on */
};

static void add_frame(struct walk *w, const struct mt_dwfl_frame *d, enum mt_frame_how how)
{
	const struct mt_coredump *c = w->c;
	struct mt_coredump_thread *t = w->t;
	char name[NAME_MAX_LEN];
	struct mt_coredump_frame *f;
	uint64_t off, look = d->exact || !d->pc ? d->pc : d->pc - 1;

	t->frames = xreallocarray(t->frames, t->nframes + 1, sizeof *t->frames);
	f = &t->frames[t->nframes++];
	memset(f, 0, sizeof *f);
	f->pc = d->pc;
	f->sp = d->has_sp ? d->sp : 0;
	f->fp = d->has_fp ? d->fp : 0;
	f->how = how;
	/* A return address points after the call: name the call itself. */
	f->module = mt_coredump_symbolize(c, look, name, sizeof name, &off);
	if (!name[0] && mt_coredump_dwfl_symbol(c, look, name, sizeof name, &off) < 0)
		name[0] = '\0';
	f->offset = off + (d->pc - look);
	f->function = name[0] ? xstrdup(name) : NULL;
	w->c->total_frames++;
	if (t->nframes >= MT_COREDUMP_MAX_FRAMES || c->total_frames >= MT_COREDUMP_MAX_TOTAL_FRAMES)
		w->capped = 1;
}

static int executable(const struct mt_coredump *c, uint64_t pc);

/* elfutils' aarch64 fallback for a frame without CFI (backends/
 * aarch64_unwind.c) returns the link register as the caller and takes the
 * frame record at x29 as the caller's: right for a leaf at frame 0 (its
 * caller is in x30, its x29 still the caller's), one frame off for code
 * that pushed a record of its own (V8's frames, after a CFI step that set
 * x30 to their own pc: the same pc twice, then each pc with the next
 * frame's x29). So: a leaf's caller is kept with frame 0's x29 and sp, and
 * mortem's own frame-record walk goes on from there or from the last frame
 * found by CFI. */
static int a64_fallback(struct walk *w, const struct mt_dwfl_frame *f)
{
	const struct mt_coredump_thread *t = w->t;

	w->handoff = 1;
	if (t->nframes == 1 && f->pc != t->frames[0].pc) {
		struct mt_dwfl_frame leaf = *f;
		leaf.fp = t->frames[0].fp;
		leaf.sp = t->frames[0].sp;
		leaf.has_fp = leaf.has_sp = 1;
		add_frame(w, &leaf, MT_HOW_FP);
	}
	return 1;
}

/* The caller of a frame without CFI was found by the frame pointer. A
 * caller outside code is libdwfl gone astray (its frame-pointer fallback
 * gives a C++ caller of V8's JSEntry a wrong stack pointer, and that
 * caller's CFI then reads garbage): the walk stops there and mortem's own
 * goes on from the last good frame. */
static int on_dwfl_frame(struct walk *w, const struct mt_dwfl_frame *f, int prev_exact)
{
	const struct mt_coredump_thread *t = w->t;
	enum mt_frame_how how = MT_HOW_CONTEXT;

	if (w->c->arch == MT_ARCH_AARCH64 && (f->pc & ~A64_VA_MASK)) {
		/* A signed return address (pointer authentication: paciasp)
		 * that libdwfl did not strip: mortem takes it from here. */
		struct mt_dwfl_frame stripped = *f;
		stripped.pc &= A64_VA_MASK;
		w->handoff = 1;
		if (t->nframes && (executable(w->c, stripped.pc) ||
				   mt_coredump_module_at(w->c, stripped.pc)))
			add_frame(w, &stripped, MT_HOW_CFI);
		return 1;
	}
	if (t->nframes && !executable(w->c, f->pc) && !mt_coredump_module_at(w->c, f->pc)) {
		w->astray = 1;
		return 1;
	}
	if (t->nframes) {
		uint64_t prev = t->frames[t->nframes - 1].pc;
		how = mt_coredump_dwfl_has_cfi(w->c, prev_exact ? prev : prev - 1) ? MT_HOW_CFI
										  : MT_HOW_FP;
	}
	if (how == MT_HOW_FP && w->c->arch == MT_ARCH_AARCH64)
		return a64_fallback(w, f);
	add_frame(w, f, how);
	return w->capped;
}

/* --- mortem's own steps, for x86-64, x32, i386 and aarch64 ----------------- */

/* Bytes of a stack slot: 4 on i386, else 8 (x32 calls push 8 too; on
 * ppc64 these are V8's frame records on r31: [r31] = caller's r31,
 * [r31+8] = return address). */
static uint64_t slot_of(const struct mt_coredump *c)
{
	return c->arch == MT_ARCH_I386 ? 4 : 8;
}

static int read_slot(const struct mt_coredump *c, uint64_t addr, uint64_t *v)
{
	return c->arch == MT_ARCH_X32 ? mt_coredump_read_u64(c, addr, v)
				      : mt_coredump_read_word(c, addr, v);
}

/* The caller through the frame pointer: [fp] = caller's fp, [fp+slot] =
 * the return address. */
static int step_fp(const struct mt_coredump *c, struct mt_dwfl_frame *r)
{
	uint64_t fp = r->fp, next_fp, ret, w = slot_of(c);

	if (!r->has_fp || fp == 0 || (fp & (w - 1)) || (r->has_sp && fp < r->sp) ||
	    read_slot(c, fp, &next_fp) < 0 || read_slot(c, fp + w, &ret) < 0)
		return -1;
	if (c->arch == MT_ARCH_AARCH64)
		ret &= A64_VA_MASK;
	*r = (struct mt_dwfl_frame){ .pc = ret, .sp = fp + 2 * w, .fp = next_fp, .has_sp = 1,
				     .has_fp = 1 };
	return 0;
}

/* Bytes of code just before pc, from the module file or from the core. */
static size_t code_before(const struct mt_coredump *c, uint64_t pc, unsigned char *buf, size_t n)
{
	struct mt_coredump_module *m = mt_coredump_module_at(c, pc);
	struct mt_elf *e = m ? mt_coredump_module_elf(c, m) : NULL;
	uint64_t link;

	if (pc < n)
		return 0;
	if (e && mt_coredump_link_addr(c, m, pc - n, &link) == 0)
		return mt_elf_read(e, link, buf, n);
	return mt_coredump_read(c, pc - n, buf, n);
}

static int after_call(const struct mt_coredump *c, uint64_t pc)
{
	unsigned char b[8];

	if (code_before(c, pc, b, 8) != 8)
		return 0;
	if (c->arch == MT_ARCH_AARCH64) {
		uint32_t insn = get_u32(b + 4);
		return (insn & 0xfc000000u) == 0x94000000u || (insn & 0xfffffc1fu) == 0xd63f0000u;
	}
	return b[3] == 0xe8 ||                                         /* call rel32 */
	       (b[6] == 0xff && (b[7] & 0xf8) == 0xd0) ||              /* call reg */
	       (b[5] == 0xff && (b[6] & 0x38) == 0x10) ||              /* call [reg+d8] */
	       (b[2] == 0xff && (b[3] & 0x38) == 0x10) ||              /* call [rip+d32] */
	       (b[1] == 0xff && (b[2] & 0x38) == 0x10);                /* call [sib+d32] */
}

static int executable(const struct mt_coredump *c, uint64_t pc)
{
	const struct mt_coredump_mapping *m = mt_coredump_mapping_at(c, pc);
	const struct mt_coredump_segment *s = mt_coredump_segment_at(c, pc);

	return (m && (m->flags & 1)) || (s && (s->flags & 1));
}

/* The first word above sp that looks like a return address. */
static int step_scan(const struct mt_coredump *c, struct mt_dwfl_frame *r)
{
	uint64_t sp = r->sp, v, w = slot_of(c);

	if (!r->has_sp)
		return -1;
	for (int i = 0; i < SCAN_WORDS; i++) {
		uint64_t at = sp + w * (uint64_t)i;
		if (at < sp || read_slot(c, at, &v) < 0)
			return -1;
		if (v > 4096 && executable(c, v) && after_call(c, v)) {
			*r = (struct mt_dwfl_frame){ .pc = v, .sp = at + w, .has_sp = 1,
						     .fp = r->fp, .has_fp = r->has_fp };
			return 0;
		}
	}
	return -1;
}

/* The caller of the frame in r by the frame pointer, or a scan from frame
 * 0 (a leaf without a frame); how, or -1. */
static int own_step(const struct mt_coredump *c, struct mt_dwfl_frame *r, int top,
		    const char **why)
{
	struct mt_dwfl_frame old = *r;
	uint64_t word;

	if (step_fp(c, r) == 0 && r->pc && executable(c, r->pc) && r->sp > old.sp)
		return MT_HOW_FP;
	*r = old;
	if (top && c->arch != MT_ARCH_PPC64 && step_scan(c, r) == 0)
		return MT_HOW_SCAN;
	*why = old.has_sp && read_slot(c, old.sp, &word) < 0
		? "the stack memory is not in the core"
		: "no CFI, frame pointer or return address leads further";
	return -1;
}

/* Where a thread starts: nothing calls these. */
static int outermost(const struct mt_coredump_frame *f)
{
	static const char *const names[] = { "_start", "__clone", "__clone3", "clone",
		"thread_start", "__thread_start", "__clone_internal", NULL };

	for (int i = 0; f->function && names[i]; i++)
		if (strcmp(f->function, names[i]) == 0)
			return 1;
	return 0;
}

/* Go on from the last frame with mortem's own steps. */
static void own_walk(struct walk *w, const char **why)
{
	struct mt_coredump_thread *t = w->t;
	const struct mt_coredump_frame *last = &t->frames[t->nframes - 1];
	struct mt_dwfl_frame r = { .pc = last->pc, .sp = last->sp, .fp = last->fp,
				   .has_sp = last->sp != 0, .has_fp = last->fp != 0 };
	int how;

	while (!w->capped && !outermost(&t->frames[t->nframes - 1]) &&
	       (how = own_step(w->c, &r, t->nframes == 1, why)) >= 0)
		add_frame(w, &r, (enum mt_frame_how)how);
}

/* libdwfl marks exact pcs (not return addresses): frame 0, the kernel's
 * signal trampoline (libc's __restore_rt, which the handler returns to)
 * and the frame the signal interrupted, which follows it. The trampoline
 * is named as gdb names it. */
static void name_signal_frames(struct mt_coredump_thread *t, const unsigned char *exact)
{
	for (size_t i = 1; i + 1 < t->nframes && i < MT_COREDUMP_MAX_FRAMES; i++)
		if (exact[i] && exact[i + 1]) {
			free(t->frames[i].function);
			t->frames[i].function = xstrdup("<signal handler called>");
		}
}

struct exact_walk {
	struct walk *w;
	unsigned char exact[MT_COREDUMP_MAX_FRAMES + 1];
};

static int on_frame_exact(void *arg, const struct mt_dwfl_frame *f)
{
	struct exact_walk *e = arg;
	size_t i = e->w->t->nframes;

	if (i <= MT_COREDUMP_MAX_FRAMES)
		e->exact[i] = (unsigned char)f->exact;
	return on_dwfl_frame(e->w, f, i > 0 && i - 1 <= MT_COREDUMP_MAX_FRAMES && e->exact[i - 1]);
}

static int own_walk_knows(enum mt_coredump_arch arch)
{
	return arch == MT_ARCH_X86_64 || arch == MT_ARCH_AARCH64 || arch == MT_ARCH_I386 ||
	       arch == MT_ARCH_X32 || arch == MT_ARCH_PPC64;
}

void mt_coredump_unwind(struct mt_coredump *c, struct mt_coredump_thread *t)
{
	struct walk w = { c, t, 0, 0, 0 };
	struct exact_walk e = { &w, { 0 } };
	const char *why = NULL, *own_why = NULL;
	int rc = -1;
	char note[256];

	if (t->nregs == 0 && !c->dwfl) {
		t->unwind_note = xstrdup(c->arch == MT_ARCH_OTHER
			? "registers and backtraces of this architecture are not supported"
			: "no registers for this thread");
		return;
	}
	if (c->total_frames >= MT_COREDUMP_MAX_TOTAL_FRAMES) {
		t->unwind_note = xstrdup("not unwound: the frames of all threads reached their cap");
		return;
	}
	if (c->dwfl) {
		rc = mt_coredump_dwfl_frames(c, t->tid, on_frame_exact, &e, &why);
		if (w.astray) {
			rc = -1;
			why = "libdwfl's next caller is outside code";
		} else if (w.handoff) {
			rc = -1;
			why = "no CFI";
		}
	} else
		why = "libdwfl cannot read this core";
	/* A machine whose registers mortem does not decode may still be
	 * libdwfl's (its backends read them): its frames, else nothing. */
	if (t->nregs == 0 && t->nframes == 0) {
		t->unwind_note = xstrdup(c->arch == MT_ARCH_OTHER
			? "registers and backtraces of this architecture are not supported"
			: "no registers for this thread");
		return;
	}
	if (t->nframes == 0) {
		struct mt_dwfl_frame f0 = { .pc = t->pc, .exact = 1, .sp = t->sp, .fp = t->fp,
					    .has_sp = 1, .has_fp = c->regs_layout->fp >= 0 };
		add_frame(&w, &f0, MT_HOW_CONTEXT);
	}
	name_signal_frames(t, e.exact);
	if (w.capped) {
		why = "the frame limit was reached";
	} else if (rc < 0 && own_walk_knows(c->arch)) {
		size_t before = t->nframes;
		own_walk(&w, &own_why);
		if (t->nframes > before || !why)
			why = w.capped ? "the frame limit was reached" : own_why;
		if (!w.capped && outermost(&t->frames[t->nframes - 1]))
			why = NULL;
	} else if (rc < 0 && t->nframes == 1) {
		snprintf(note, sizeof note, "%s: not unwound past frame 0, the thread's pc "
			 "(libdwfl: %s)", mt_coredump_arch_name(c->arch), why ? why : "no CFI");
		t->unwind_note = xstrdup(note);
		return;
	} else if (rc == 0) {
		why = NULL;
	}
	if (why) {
		snprintf(note, sizeof note, "stopped after frame %zu: %s", t->nframes - 1, why);
		t->unwind_note = xstrdup(note);
	}
}
