/* core/elfcore/unwind.c: native backtraces of a core's threads.
 *
 * Frame 0 comes from the thread's registers. Each caller is found by CFI
 * when the module's file has it, else through the frame-pointer chain
 * (V8's generated code has no CFI but keeps frame pointers), else by
 * scanning the stack for a return address that follows a call instruction.
 * Every frame records which, like Breakpad. The stack pointer must grow
 * at each step, and frames are capped, so a hostile core cannot loop. */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

#define NAME_MAX_LEN 1024
#define SCAN_WORDS 2048

struct arch_regs {
	int nregs, sp, fp;
};

static const struct arch_regs x64 = { 17, 7, 6 }, a64 = { 32, 31, 29 };

/* x86-64 pr_reg order -> DWARF numbers. */
static const int x64_dwarf[17] = {
	MT_X64_RAX, MT_X64_RDX, MT_X64_RCX, MT_X64_RBX, MT_X64_RSI, MT_X64_RDI,
	MT_X64_RBP, MT_X64_RSP, MT_X64_R8, MT_X64_R9, MT_X64_R10, MT_X64_R11,
	MT_X64_R12, MT_X64_R13, MT_X64_R14, MT_X64_R15, MT_X64_RIP,
};

static void initial_regs(const struct mt_coredump *c, const struct mt_coredump_thread *t,
			 struct mt_regs *r)
{
	memset(r, 0, sizeof *r);
	if (c->arch == MT_ARCH_X86_64)
		for (int i = 0; i < 17; i++)
			r->r[i] = t->regs[x64_dwarf[i]];
	else
		for (int i = 0; i < 32; i++)
			r->r[i] = t->regs[i];
	r->valid = c->arch == MT_ARCH_X86_64 ? (1ull << 17) - 1 : (1ull << 32) - 1;
	r->pc = t->pc;
}

static void add_frame(const struct mt_coredump *c, struct mt_coredump_thread *t,
		      const struct mt_regs *r, const struct arch_regs *a,
		      enum mt_frame_how how, int exact)
{
	char name[NAME_MAX_LEN];
	struct mt_coredump_frame *f;
	uint64_t off, look = exact || !r->pc ? r->pc : r->pc - 1;

	t->frames = xreallocarray(t->frames, t->nframes + 1, sizeof *t->frames);
	f = &t->frames[t->nframes++];
	memset(f, 0, sizeof *f);
	f->pc = r->pc;
	f->sp = r->valid & (1ull << a->sp) ? r->r[a->sp] : 0;
	f->fp = r->valid & (1ull << a->fp) ? r->r[a->fp] : 0;
	f->how = how;
	/* A return address points after the call: name the call itself. */
	f->module = mt_coredump_symbolize(c, look, name, sizeof name, &off);
	f->offset = off + (r->pc - look);
	f->function = name[0] ? xstrdup(name) : NULL;
}

static int step_cfi(const struct mt_coredump *c, const struct arch_regs *a, struct mt_regs *r,
		    int *exact)
{
	uint64_t look = *exact ? r->pc : r->pc - 1, link;
	struct mt_coredump_module *m = mt_coredump_module_at(c, look);
	struct mt_elf *e = m ? mt_coredump_module_elf(c, m) : NULL;
	struct mt_regs out = { 0 };
	int sig = 0, rc = -1;

	if (!e || mt_coredump_link_addr(c, m, look, &link) < 0)
		return -1;
	for (int which = 0; which < 2 && rc < 0; which++)
		rc = mt_cfi_step(c, mt_elf_cfi(e, which), link, r, &out, a->nregs, a->sp, &sig);
	if (rc == 0) {
		*r = out;
		*exact = sig;
	}
	return rc;
}

/* The caller through the frame pointer: [fp] = caller's fp, [fp+8] = return. */
static int step_fp(const struct mt_coredump *c, const struct arch_regs *a, struct mt_regs *r)
{
	uint64_t fp = r->r[a->fp], next_fp, ret;

	if (!(r->valid & (1ull << a->fp)) || fp == 0 || (fp & 7) ||
	    (r->valid & (1ull << a->sp) && fp < r->r[a->sp]) ||
	    mt_coredump_read_u64(c, fp, &next_fp) < 0 || mt_coredump_read_u64(c, fp + 8, &ret) < 0)
		return -1;
	r->valid = 1ull << a->sp | 1ull << a->fp;
	r->r[a->sp] = fp + 16;
	r->r[a->fp] = next_fp;
	r->pc = ret;
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
static int step_scan(const struct mt_coredump *c, const struct arch_regs *a, struct mt_regs *r)
{
	uint64_t sp = r->r[a->sp], v;

	if (!(r->valid & (1ull << a->sp)))
		return -1;
	for (int i = 0; i < SCAN_WORDS; i++) {
		uint64_t at = sp + 8 * (uint64_t)i;
		if (at < sp || mt_coredump_read_u64(c, at, &v) < 0)
			return -1;
		if (v > 4096 && executable(c, v) && after_call(c, v)) {
			r->valid &= 1ull << a->fp;
			r->valid |= 1ull << a->sp;
			r->r[a->sp] = at + 8;
			r->pc = v;
			return 0;
		}
	}
	return -1;
}

/* Find the caller of the frame in r; how it was found, or -1 at the end. */
static int step(const struct mt_coredump *c, const struct arch_regs *a, struct mt_regs *r,
		int *exact, const char **why)
{
	struct mt_regs old = *r;
	int rc = step_cfi(c, a, r, exact);

	if (rc == 1)
		return -1;                  /* the outermost frame, by CFI */
	if (rc == 0 && r->pc && r->r[a->sp] > old.r[a->sp])
		return MT_HOW_CFI;
	*r = old;
	*exact = 0;
	if (step_fp(c, a, r) == 0 && r->pc && executable(c, r->pc))
		return MT_HOW_FP;
	*r = old;
	if (step_scan(c, a, r) == 0)
		return MT_HOW_SCAN;
	uint64_t word;
	*why = r->valid & (1ull << a->sp) && mt_coredump_read_u64(c, r->r[a->sp], &word) < 0
		? "the stack memory is not in the core"
		: "no CFI, frame pointer or return address leads further";
	return -1;
}

void mt_coredump_unwind(struct mt_coredump *c, struct mt_coredump_thread *t)
{
	const struct arch_regs *a = c->arch == MT_ARCH_X86_64 ? &x64 : &a64;
	const char *why = NULL;
	struct mt_regs r;
	int exact = 1, how = MT_HOW_CONTEXT;

	if (t->nregs == 0) {
		t->unwind_note = xstrdup(c->arch == MT_ARCH_OTHER
			? "registers and backtraces of this architecture are not supported"
			: "no registers for this thread");
		return;
	}
	if (c->total_frames >= MT_COREDUMP_MAX_TOTAL_FRAMES) {
		t->unwind_note = xstrdup("not unwound: the frames of all threads reached their cap");
		return;
	}
	initial_regs(c, t, &r);
	for (;;) {
		add_frame(c, t, &r, a, how, exact);
		c->total_frames++;
		if (t->nframes >= MT_COREDUMP_MAX_FRAMES ||
		    c->total_frames >= MT_COREDUMP_MAX_TOTAL_FRAMES) {
			why = "the frame limit was reached";
			break;
		}
		if ((how = step(c, a, &r, &exact, &why)) < 0)
			break;
		/* CFI marked the frame just left as a signal trampoline. */
		if (exact && how == MT_HOW_CFI && !t->frames[t->nframes - 1].function)
			t->frames[t->nframes - 1].function = xstrdup("<signal handler called>");
	}
	if (why) {
		char note[160];
		snprintf(note, sizeof note, "stopped after frame %zu: %s", t->nframes - 1, why);
		t->unwind_note = xstrdup(note);
	}
}
