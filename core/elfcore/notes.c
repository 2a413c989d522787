/* core/elfcore/notes.c: walking the PT_NOTE segment of a core and decoding
 * the notes mortem shows (prstatus, prpsinfo, siginfo, auxv, NT_FILE).
 * Every size comes from the file, so every size is checked against the
 * bytes present before a byte is read. Layouts are those of 64-bit Linux
 * (fs/binfmt_elf.c, include/uapi/linux/elfcore.h). */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <string.h>

#define NT_PRSTATUS 1
#define NT_PRPSINFO 3
#define NT_AUXV 6
#define NT_SIGINFO 0x53494749
#define NT_FILE 0x46494c45

#define PRSTATUS_REG_OFS 112
#define PRPSINFO_SIZE 136
#define NT_FILE_MAX (64u << 20)   /* the kernel caps it at 4 MiB; be generous */

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int mt_notes_walk(const unsigned char *p, size_t len, uint64_t ofs,
		  mt_note_fn fn, void *ctx, struct mt_error *err)
{
	size_t pos = 0, count = 0;

	while (len - pos >= 12) {
		struct mt_note n = { .offset = ofs + pos };
		size_t namesz = get_u32(p + pos), descsz = get_u32(p + pos + 4);
		size_t room = len - pos - 12;

		n.type = get_u32(p + pos + 8);
		if (namesz > room || pad4(namesz) > room || descsz > room - pad4(namesz)) {
			mt_error_set(err, "note at byte %llu: sizes %zu+%zu run past the "
				     "note segment", (unsigned long long)n.offset, namesz, descsz);
			return -1;
		}
		n.name = (const char *)p + pos + 12;
		n.namesz = namesz;
		n.desc = p + pos + 12 + pad4(namesz);
		n.descsz = descsz;
		if (++count > MT_NOTES_MAX) {
			mt_error_set(err, "note at byte %llu: more than %d notes",
				     (unsigned long long)n.offset, MT_NOTES_MAX);
			return -1;
		}
		if (fn(ctx, &n))
			return 0;
		pos += 12 + pad4(namesz);
		size_t step = pad4(descsz);   /* the last note may lack its padding */
		pos += step > len - pos ? len - pos : step;
	}
	return 0;
}

static int owner_is(const struct mt_note *n, const char *who)
{
	size_t k = strlen(who);

	return n->namesz >= k && memcmp(n->name, who, k) == 0 &&
	       (n->namesz == k || n->name[k] == '\0');
}

struct note_ctx {
	struct mt_coredump *c;
	struct mt_error *err;
};

static size_t nregs_for(enum mt_coredump_arch arch)
{
	return arch == MT_ARCH_X86_64 ? MT_X64_NREGS : arch == MT_ARCH_AARCH64 ? MT_A64_NREGS : 0;
}

static void set_roles(struct mt_coredump_thread *t, enum mt_coredump_arch arch)
{
	if (arch == MT_ARCH_X86_64) {
		t->pc = t->regs[MT_X64_RIP];
		t->sp = t->regs[MT_X64_RSP];
		t->fp = t->regs[MT_X64_RBP];
	} else if (arch == MT_ARCH_AARCH64) {
		t->pc = t->regs[MT_A64_PC];
		t->sp = t->regs[MT_A64_SP];
		t->fp = t->regs[MT_A64_FP];
	}
}

static void note_prstatus(struct mt_coredump *c, const struct mt_note *n)
{
	size_t nregs = nregs_for(c->arch);
	struct mt_coredump_thread *t;

	if (n->descsz < PRSTATUS_REG_OFS) {
		mt_coredump_warn(c, "NT_PRSTATUS at byte %llu: %zu bytes, too short",
			     (unsigned long long)n->offset, n->descsz);
		return;
	}
	if (c->nthreads >= MT_COREDUMP_MAX_THREADS) {
		if (c->threads_dropped++ == 0)
			mt_coredump_warn(c, "more than %d threads: the rest are not shown",
				     MT_COREDUMP_MAX_THREADS);
		return;
	}
	c->threads = xreallocarray(c->threads, c->nthreads + 1, sizeof *c->threads);
	t = &c->threads[c->nthreads++];
	memset(t, 0, sizeof *t);
	t->signal = get_u16(n->desc + 12);
	t->tid = (int32_t)get_u32(n->desc + 32);
	if (nregs && n->descsz >= PRSTATUS_REG_OFS + nregs * 8) {
		t->nregs = (int)nregs;
		for (size_t i = 0; i < nregs; i++)
			t->regs[i] = get_u64(n->desc + PRSTATUS_REG_OFS + i * 8);
		set_roles(t, c->arch);
	} else if (nregs) {
		mt_coredump_warn(c, "NT_PRSTATUS of thread %d: %zu bytes, too short for the "
			     "registers", t->tid, n->descsz);
	}
}

static void copy_str(char *dst, const unsigned char *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
	dst[strnlen(dst, n)] = '\0';
}

static void note_psinfo(struct mt_coredump *c, const struct mt_note *n)
{
	struct mt_coredump_psinfo *ps = &c->psinfo;
	const unsigned char *d = n->desc;

	if (n->descsz < PRPSINFO_SIZE) {
		mt_coredump_warn(c, "NT_PRPSINFO at byte %llu: %zu bytes, want %d",
			     (unsigned long long)n->offset, n->descsz, PRPSINFO_SIZE);
		return;
	}
	ps->present = 1;
	ps->state = (char)d[1];
	ps->uid = get_u32(d + 16);
	ps->gid = get_u32(d + 20);
	ps->pid = (int32_t)get_u32(d + 24);
	ps->ppid = (int32_t)get_u32(d + 28);
	ps->pgrp = (int32_t)get_u32(d + 32);
	ps->sid = (int32_t)get_u32(d + 36);
	copy_str(ps->fname, d + 40, 16);
	copy_str(ps->psargs, d + 56, 80);
	for (char *s = ps->psargs + strlen(ps->psargs); s > ps->psargs && s[-1] == ' '; )
		*--s = '\0';
}

/* Signals whose si_addr is the faulting address (asm-generic/siginfo.h). */
static int has_fault_addr(int sig)
{
	return sig == 4 || sig == 5 || sig == 7 || sig == 8 || sig == 11;
}

static void note_siginfo(struct mt_coredump *c, const struct mt_note *n)
{
	struct mt_coredump_siginfo *si = &c->siginfo;

	if (n->descsz < 24) {
		mt_coredump_warn(c, "NT_SIGINFO at byte %llu: %zu bytes, too short",
			     (unsigned long long)n->offset, n->descsz);
		return;
	}
	si->present = 1;
	si->signo = (int32_t)get_u32(n->desc);
	si->errno_ = (int32_t)get_u32(n->desc + 4);
	si->code = (int32_t)get_u32(n->desc + 8);
	if (has_fault_addr(si->signo) && si->code > 0 && si->code < 0x80) {
		si->addr = get_u64(n->desc + 16);
		si->has_addr = 1;
	} else {
		si->pid = (int32_t)get_u32(n->desc + 16);
		si->uid = get_u32(n->desc + 20);
	}
}

static void note_auxv(struct mt_coredump *c, const struct mt_note *n)
{
	size_t count = n->descsz / 16;

	free(c->auxv);
	c->auxv = xcalloc(count ? count : 1, sizeof *c->auxv);
	c->nauxv = 0;
	for (size_t i = 0; i < count; i++) {
		c->auxv[i].type = get_u64(n->desc + i * 16);
		c->auxv[i].val = get_u64(n->desc + i * 16 + 8);
		c->nauxv++;
		if (c->auxv[i].type == 0)
			break;
	}
}

/* NT_FILE: count, page size, count x {start, end, page offset}, count paths. */
static int note_file(struct mt_coredump *c, const struct mt_note *n)
{
	const unsigned char *d = n->desc;
	uint64_t count, table;

	if (n->descsz < 16 || n->descsz > NT_FILE_MAX) {
		mt_coredump_warn(c, "NT_FILE at byte %llu: size %zu not believable",
			     (unsigned long long)n->offset, n->descsz);
		return 0;
	}
	count = get_u64(d);
	c->page_size = get_u64(d + 8);
	if (count > MT_COREDUMP_MAX_MAPPINGS || count > (n->descsz - 16) / 24) {
		mt_coredump_warn(c, "NT_FILE at byte %llu: %llu mappings claimed, %zu bytes "
			     "hold at most %zu", (unsigned long long)n->offset,
			     (unsigned long long)count, n->descsz, (n->descsz - 16) / 24);
		return 0;
	}
	table = 16 + count * 24;
	free(c->strings);
	free(c->maps);
	c->strings = xmalloc(n->descsz - table + 1);
	memcpy(c->strings, d + table, n->descsz - table);
	c->strings[n->descsz - table] = '\0';
	c->maps = xcalloc(count ? count : 1, sizeof *c->maps);
	c->nmaps = 0;
	const char *s = c->strings, *end = c->strings + (n->descsz - table);
	for (uint64_t i = 0; i < count; i++) {
		struct mt_coredump_mapping *m = &c->maps[c->nmaps];
		const unsigned char *e = d + 16 + i * 24;
		m->start = get_u64(e);
		m->end = get_u64(e + 8);
		if (__builtin_mul_overflow(get_u64(e + 16), c->page_size, &m->file_ofs))
			m->file_ofs = 0;
		m->path = s < end ? s : "";
		s += s < end ? strlen(s) + 1 : 0;
		if (m->end < m->start) {
			mt_coredump_warn(c, "NT_FILE entry %llu: end before start",
				     (unsigned long long)i);
			continue;
		}
		c->nmaps++;
	}
	if (s > end || (count && s == end && end[-1] != '\0'))
		mt_coredump_warn(c, "NT_FILE at byte %llu: fewer paths than mappings",
			     (unsigned long long)n->offset);
	return 0;
}

static int on_note(void *ctx, const struct mt_note *n)
{
	struct note_ctx *nc = ctx;

	if (!owner_is(n, "CORE"))
		return 0;
	switch (n->type) {
	case NT_PRSTATUS: note_prstatus(nc->c, n); break;
	case NT_PRPSINFO: if (!nc->c->psinfo.present) note_psinfo(nc->c, n); break;
	case NT_SIGINFO: if (!nc->c->siginfo.present) note_siginfo(nc->c, n); break;
	case NT_AUXV: if (!nc->c->nauxv) note_auxv(nc->c, n); break;
	case NT_FILE: if (!nc->c->nmaps) return note_file(nc->c, n); break;
	}
	return 0;
}

int mt_coredump_parse_notes(struct mt_coredump *c, const unsigned char *p, size_t len,
			uint64_t ofs, struct mt_error *err)
{
	struct note_ctx nc = { c, err };
	struct mt_error walk = { 0 };

	if (mt_notes_walk(p, len, ofs, on_note, &nc, &walk) < 0)
		mt_coredump_warn(c, "%s", walk.msg);
	return 0;
}
