/* core/jsframes/jscore.c: the jsframes target over an mt_coredump, and merged
 * backtraces named by the core's symbolizer. */
#include "core/jsframes/jscore.h"
#include "core/jsframes/jsint.h"
#include "core/xalloc.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

/* mt_coredump registers (user_regs_struct order) in V8's register-code order. */
static const int v8_order[16] = {
	MT_X64_RAX, MT_X64_RCX, MT_X64_RDX, MT_X64_RBX, MT_X64_RSP, MT_X64_RBP, MT_X64_RSI,
	MT_X64_RDI, MT_X64_R8, MT_X64_R9, MT_X64_R10, MT_X64_R11, MT_X64_R12, MT_X64_R13,
	MT_X64_R14, MT_X64_R15,
};

static int core_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
	return mt_coredump_read(ctx, addr, buf, n) == n ? 0 : -1;
}

static int core_segment(void *ctx, uint64_t addr, uint64_t *start, uint64_t *end, int *exec)
{
	const struct mt_coredump_segment *s = mt_coredump_segment_at(ctx, addr);

	if (!s)
		return -1;
	*start = s->vaddr;
	*end = s->vaddr + s->memsz;
	*exec = !!(s->flags & PF_X);
	return 0;
}

struct mt_js *mt_js_open_core(const struct mt_coredump *c, struct mt_error *err)
{
	struct mt_modmap mm = mt_coredump_modmap(c);
	struct mt_js_target t = { .ctx = (void *)c, .read = core_read, .segment = core_segment,
				  .modmap = &mm };

	if (c->arch != MT_ARCH_X86_64 && c->arch != MT_ARCH_AARCH64 &&
	    !(c->arch == MT_ARCH_PPC64 && !c->big_endian)) {
		mt_error_set(err, "JS frames: x86-64, arm64 and ppc64le cores only (this one is %s%s)",
			     mt_coredump_arch_name(c->arch), c->big_endian ? ", big-endian" : "");
		return NULL;
	}
	return mt_js_open(&t, NULL, err);
}

static void regs_of(const struct mt_coredump *c, const struct mt_coredump_thread *t,
		    struct mt_js_regs *r)
{
	memset(r, 0, sizeof *r);
	if (c->arch == MT_ARCH_AARCH64 || c->arch == MT_ARCH_PPC64) {
		/* x0..x30 and sp, r0..r31: V8's codes already */
		for (int i = 0; i < 32; i++)
			r->gpr[i] = t->regs[i];
		r->rip = t->pc;
		r->arm64 = c->arch == MT_ARCH_AARCH64;
		r->ppc64 = c->arch == MT_ARCH_PPC64;
		return;
	}
	for (int i = 0; i < 16; i++)
		r->gpr[i] = t->regs[v8_order[i]];
	r->rip = t->regs[MT_X64_RIP];
}

/* Native frames get the core's demangled names (and debug-file symbols). */
static void rename_native(const struct mt_coredump *c, struct mt_js_frame *f, int top)
{
	char name[512];
	uint64_t off = 0;
	struct mt_coredump_module *m = mt_coredump_symbolize(c, top ? f->pc : f->pc - 1, name, sizeof name,
						     &off);

	if (!m || !name[0])
		return;
	free(f->symbol);
	f->symbol = xstrdup(name);
	f->sym_off = top ? off : off + 1;
	free(f->module);
	f->module = xstrdup(m->path);
}

/* The core's native frames [from, n) appended to out. */
static void native_frames(const struct mt_coredump_thread *t, size_t from, size_t n,
			  struct mt_js_stack *out)
{
	for (size_t i = from; i < n && i < t->nframes; i++) {
		const struct mt_coredump_frame *cf = &t->frames[i];
		struct mt_js_frame *f = js_push(out, MT_JSF_NATIVE, cf->pc, cf->fp);
		f->symbol = cf->function ? xstrdup(cf->function) : NULL;
		f->module = cf->module ? xstrdup(cf->module->path) : NULL;
		f->sym_off = cf->offset;
		f->how = xstrdup(mt_frame_how_name(cf->how));
	}
}

/* Frame 0 without a frame pointer (libc's raise, epoll_pwait) was skipped
 * to its first caller in another module by a stack scan; the core's CFI
 * unwinder knows the frames in between: take them from it. */
static void splice_cfi_top(const struct mt_coredump_thread *t, size_t from, struct mt_js_stack *out)
{
	struct mt_js_stack top = { 0 }, rest = { 0 };
	size_t k;

	if (out->n < from + 2 || !out->f[from + 1].how || strcmp(out->f[from + 1].how, "scan") != 0)
		return;
	for (k = 1; k < t->nframes && t->frames[k].pc != out->f[from + 1].pc; k++)
		;
	if (k >= t->nframes || t->frames[k].how == MT_HOW_SCAN)
		return;
	native_frames(t, 0, k, &top);
	/* out = out[0, from) + top + out[from + 1, n) */
	rest.f = out->f + from + 1;
	rest.n = out->n - from - 1;
	mt_js_frame_clear(&out->f[from]);
	struct mt_js_frame *merged = xcalloc(from + top.n + rest.n, sizeof *merged);
	memcpy(merged, out->f, from * sizeof *merged);
	memcpy(merged + from, top.f, top.n * sizeof *merged);
	memcpy(merged + from + top.n, rest.f, rest.n * sizeof *merged);
	free(out->f);
	free(top.f);
	free(top.note);
	out->f = merged;
	out->n = out->cap = from + top.n + rest.n;
	free(out->f[from + top.n].how);
	out->f[from + top.n].how = xstrdup(mt_frame_how_name(t->frames[k].how));
}

static size_t count_js(const struct mt_js_stack *s, size_t from)
{
	size_t n = 0;

	for (size_t i = from; i < s->n; i++)
		n += mt_js_kind_is_js(s->f[i].kind);
	return n;
}

/* The core's own frames (CFI, frame pointers, scan), each V8 frame among
 * them described: JS frames, expanded when inlined, or V8's markers. */
static void describe_core_frames(struct mt_js *js, const struct mt_coredump_thread *t,
				 const struct mt_js_regs *r, struct mt_js_stack *out)
{
	for (size_t i = 0; i < t->nframes; i++) {
		const struct mt_coredump_frame *cf = &t->frames[i];
		size_t at = out->n;
		uint64_t fp = i == 0 ? mt_js_fp(r) : cf->fp;
		size_t k = fp ? mt_js_describe(js, cf->pc, fp, i == 0 ? r : NULL, out) : 0;

		if (k == 1 && out->f[at].kind == MT_JSF_NATIVE) {
			mt_js_frame_clear(&out->f[at]);
			out->n = at;
			k = 0;
		}
		if (k == 0) {
			native_frames(t, i, i + 1, out);
			continue;
		}
		for (size_t j = at; j < out->n; j++)
			out->f[j].how = xstrdup(mt_frame_how_name(cf->how));
	}
	js_mark_constructors(js, out, 0);
}

void mt_js_core_thread(struct mt_js *js, const struct mt_coredump *c, size_t ti,
		       struct mt_js_stack *out)
{
	const struct mt_coredump_thread *t = &c->threads[ti];
	struct mt_js_regs r;
	size_t from = out->n;

	if (!js || !js->usable || t->nregs == 0) {
		native_frames(t, 0, t->nframes, out);
		free(out->note);
		out->note = js && js->status ? xstrdup(js->status) :
			    t->unwind_note ? xstrdup(t->unwind_note) : NULL;
		return;
	}
	regs_of(c, t, &r);
	describe_core_frames(js, t, &r, out);
	/* Where the core's unwinder lost V8's frames, the frame-pointer walk
	 * that knows them does better. */
	struct mt_js_stack walk = { 0 };
	mt_js_backtrace(js, &r, &walk);
	if (count_js(&walk, 0) > count_js(out, from)) {
		for (size_t i = 0; i < walk.n; i++)
			if (walk.f[i].kind == MT_JSF_NATIVE)
				rename_native(c, &walk.f[i], i == 0);
		splice_cfi_top(t, 0, &walk);
		while (out->n > from)
			mt_js_frame_clear(&out->f[--out->n]);
		for (size_t i = 0; i < walk.n; i++)
			*js_push(out, walk.f[i].kind, 0, 0) = walk.f[i];
		walk.n = 0;
	}
	free(out->note);
	out->note = walk.note;
	walk.note = NULL;
	mt_js_stack_free(&walk);
}

const struct js_v8 *mt_js_metadata(const struct mt_js *js)
{
	return &js->v8;
}
