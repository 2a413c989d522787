/* core/jsframes/jswalk.c: walking a thread by its frame-pointer chain
 * ([fp] = caller's fp, [fp+8] = return address: x86-64's rbp and arm64's
 * x29 frame records alike), with a stack scan when frame 0 is code without
 * a frame pointer (glibc's epoll_pwait), or arm64's link register for a
 * leaf's caller. */
#include "core/jsframes/jsint.h"
#include "core/xalloc.h"

#include <string.h>

#define SCAN_BYTES 16384    /* how far up the stack a return address is sought */
#define SCAN_FP_BYTES 4096

/* A return address read from the stack; on arm64 without its
 * pointer-authentication bits. 0, or -1 when not held. */
static int js_ret(struct mt_js *js, uint64_t addr, uint64_t *ra)
{
	if (js_word(js, addr, ra) != 0)
		return -1;
	if (js->arm64)
		*ra &= JS_A64_VA_MASK;
	return 0;
}

/* Code a return address may point into: a mapped file or JIT memory. */
static int is_code(struct mt_js *js, uint64_t a)
{
	const char *mod;
	uint64_t off, lo, hi;
	int exec = 0;

	if (a < 0x1000)
		return 0;
	js_symbol(js, a - 1, &mod, &off);
	return mod || (js->t.segment(js->t.ctx, a, &lo, &hi, &exec) == 0 && exec);
}

/* Does a chain starting at fp look sane for links frames? */
static int chain_ok(struct mt_js *js, uint64_t fp, uint64_t lo, uint64_t hi, int links)
{
	uint64_t nfp, ra;

	for (int i = 0; i < links; i++) {
		if (fp < lo || fp >= hi || (fp & 7) || js_word(js, fp, &nfp) != 0 ||
		    js_ret(js, fp + 8, &ra) != 0 || !is_code(js, ra))
			return 0;
		if (nfp == 0)
			return 1;
		if (nfp <= fp)
			return 0;
		fp = nfp;
	}
	return 1;
}

/* Breakpad's "stack scanning": the first return address into another
 * module with a symbol, and a saved frame pointer that starts a sane chain. */
static int recover(struct mt_js *js, uint64_t sp, uint64_t lo, uint64_t hi, const char *mod0,
		   uint64_t *pc, uint64_t *fp)
{
	uint64_t ra, w, off;
	const char *mod;

	for (uint64_t a = sp; a < hi && a - sp < SCAN_BYTES; a += 8) {
		if (js_ret(js, a, &ra) != 0 || ra < 0x1000 ||
		    !js_symbol(js, ra - 1, &mod, &off) || !mod ||
		    (mod0 && strcmp(mod, mod0) == 0))
			continue;
		for (uint64_t b = sp; b < hi && b < a + SCAN_FP_BYTES; b += 8) {
			if (js_word(js, b, &w) == 0 && w > a && w < hi && chain_ok(js, w, lo, hi, 3)) {
				*pc = ra;
				*fp = w;
				return 0;
			}
		}
	}
	return -1;
}

static void mark_how(struct mt_js_stack *out, size_t from, const char *how);

/* Do the bytes before ra hold a call (rel32, or through a register or
 * memory operand)? They come from the module's file: .text is not dumped. */
static int after_call(struct mt_js *js, uint64_t ra)
{
	unsigned char b[7];

	if (ra < 8 || js_read(js, ra - 7, b, sizeof b) != 0)
		return 0;
	return b[2] == 0xe8 || (b[5] == 0xff && (b[6] & 0x38) == 0x10) ||
	       (b[4] == 0xff && (b[5] & 0x38) == 0x10) || (b[1] == 0xff && (b[2] & 0x38) == 0x10);
}

/* Frame 0 in a leaf without a frame of its own (a libc syscall wrapper)
 * hides its caller: [fp+8] is the caller's caller. Its return address is
 * the first word above sp that follows a call into another module. */
static void leaf_caller(struct mt_js *js, const struct mt_js_regs *regs, size_t top,
			struct mt_js_stack *out)
{
	uint64_t sp = mt_js_sp(regs), fp = mt_js_fp(regs), ra, caller = 0, off;
	const struct mt_js_frame *f0 = &out->f[top];
	const char *mod;

	if (f0->kind != MT_JSF_NATIVE || !f0->module || js_in_node(js, f0->module) || regs->ppc64)
		return;
	if (regs->arm64) {
		/* A leaf's caller is in the link register. */
		ra = regs->gpr[MT_JS_A64_LR] & JS_A64_VA_MASK;
		if (ra != 0 && js_symbol(js, ra - 1, &mod, &off) && mod &&
		    strcmp(mod, f0->module) != 0) {
			size_t at = out->n;
			mt_js_describe(js, ra, fp, NULL, out);
			mark_how(out, at, "lr");
		}
		return;
	}
	js_word(js, fp + 8, &caller);
	for (uint64_t a = sp; a < fp && a - sp < 256; a += 8) {
		if (js_word(js, a, &ra) != 0 || ra == caller || ra < 0x1000 ||
		    !js_symbol(js, ra - 1, &mod, &off) || !mod ||
		    strcmp(mod, f0->module) == 0 || !after_call(js, ra))
			continue;
		size_t at = out->n;
		mt_js_describe(js, ra, fp, NULL, out);
		mark_how(out, at, "scan");
		return;
	}
}

static void mark_how(struct mt_js_stack *out, size_t from, const char *how)
{
	for (size_t i = from; i < out->n; i++)
		if (!out->f[i].how)
			out->f[i].how = xstrdup(how);
}

static int any_named(const struct mt_js_stack *s, size_t from, const char *const *names)
{
	for (size_t i = from; i < s->n; i++)
		for (int k = 0; names[k]; k++)
			if (s->f[i].symbol && strcmp(s->f[i].symbol, names[k]) == 0)
				return 1;
	return 0;
}

static void summarize(struct mt_js *js, struct mt_js_stack *out, size_t from)
{
	static const char *const idle[] = { "uv__io_poll", "epoll_wait", "epoll_pwait",
					    "epoll_pwait2", NULL };
	size_t njs = 0;

	for (size_t i = from; i < out->n; i++)
		njs += mt_js_kind_is_js(out->f[i].kind);
	free(out->note);
	out->note = NULL;
	if (js->status)
		out->note = xstrdup(js->status);
	else if (!njs && any_named(out, from, idle))
		out->note = xstrdup("event loop idle: no JavaScript running on this thread");
	else if (!njs)
		out->note = xstrdup("no JavaScript frames on this thread");
}

void mt_js_backtrace(struct mt_js *js, const struct mt_js_regs *regs, struct mt_js_stack *out)
{
	uint64_t pc = regs->rip, fp = mt_js_fp(regs), sp = mt_js_sp(regs);
	uint64_t lo = sp, hi = sp + (8u << 20), prev = 0, nfp, ra;
	size_t from = out->n;
	int exec;

	js->arm64 = regs->arm64;
	if (js->t.segment(js->t.ctx, sp, &lo, &hi, &exec) != 0)
		hi = sp + (8u << 20);
	mt_js_describe(js, pc, fp, regs, out);
	if (!chain_ok(js, fp, lo, hi, 2)) {
		mark_how(out, from, "context");
		if (out->n > from && !out->f[from].note)
			out->f[from].note = xstrdup("no frame pointer here; its caller found by stack scan");
		const char *mod0 = out->n > from ? out->f[from].module : NULL;
		if (recover(js, sp, lo, hi, mod0, &pc, &fp) != 0) {
			summarize(js, out, from);
			return;
		}
		size_t at = out->n;
		mt_js_describe(js, pc, fp, NULL, out);
		mark_how(out, at, "scan");
	} else {
		mark_how(out, from, "context");
		leaf_caller(js, regs, from, out);
	}
	for (int n = 0; out->n - from < JS_MAX_FRAMES; n++) {
		if (fp < lo || fp >= hi || fp <= prev || (fp & 7) || js_word(js, fp, &nfp) != 0 ||
		    js_ret(js, fp + 8, &ra) != 0 || ra == 0)
			break;
		prev = fp;
		pc = ra;
		fp = nfp;
		size_t at = out->n;
		mt_js_describe(js, pc, fp, NULL, out);
		mark_how(out, at, "fp");
		if (fp == 0)
			break;
	}
	js_mark_constructors(js, out, from);
	summarize(js, out, from);
}
