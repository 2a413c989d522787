/* core/elfcore/notes.c: walking the PT_NOTE segment of a core and decoding
 * the notes mortem shows (prstatus, prpsinfo, siginfo, auxv, NT_FILE).
 * Every size comes from the file, so every size is checked against the
 * bytes present before a byte is read. Layouts are those of Linux
 * (fs/binfmt_elf.c, include/uapi/linux/elfcore.h) for longs of 4 or 8 bytes
 * in either byte order; the registers' place per machine is in regs.c. */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <string.h>

#define NT_PRSTATUS 1
#define NT_PRPSINFO 3
#define NT_AUXV 6
#define NT_SIGINFO 0x53494749
#define NT_FILE 0x46494c45

#define PRPSINFO_MIN 120        /* the smallest: uid16, longs of 4 (i386) */
#define NT_FILE_MAX (64u << 20)   /* the kernel caps it at 4 MiB; be generous */

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int mt_notes_walk(int be, const unsigned char *p, size_t len, uint64_t ofs,
		  mt_note_fn fn, void *ctx, struct mt_error *err)
{
	size_t pos = 0, count = 0;

	while (len - pos >= 12) {
		struct mt_note n = { .offset = ofs + pos };
		size_t namesz = bo_u32(be, p + pos), descsz = bo_u32(be, p + pos + 4);
		size_t room = len - pos - 12;

		n.type = bo_u32(be, p + pos + 8);
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

/* The registers of pr_reg at d, each widened to 64 bits. */
static void read_regs(const struct mt_coredump *c, struct mt_coredump_thread *t,
		      const unsigned char *d)
{
	const struct mt_arch_regs *a = c->regs_layout;

	for (int i = 0, at = 0; i < a->nregs && i < MT_COREDUMP_MAX_REGS; i++) {
		int size = mt_arch_reg_size(a, i);
		t->regs[i] = size == 8 ? c_u64(c, d + at) : size == 4 ? c_u32(c, d + at)
			   : c_u16(c, d + at);
		at += size;
	}
	t->nregs = a->nregs;
	t->pc = t->regs[a->pc] & a->pc_mask;
	t->sp = t->regs[a->sp];
	t->fp = a->fp >= 0 ? t->regs[a->fp] : 0;
}

static void note_prstatus(struct mt_coredump *c, const struct mt_note *n)
{
	const struct mt_arch_regs *a = c->regs_layout;
	size_t need = a ? (size_t)a->pid_offset + 4 : 36;
	struct mt_coredump_thread *t;

	if (n->descsz < need) {
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
	t->signal = c_u16(c, n->desc + 12);
	/* An unknown machine: pr_pid where longs of the class put it. */
	t->tid = (int32_t)c_u32(c, n->desc + (a ? a->pid_offset : c->wordsize == 4 ? 24 : 32));
	if (a && n->descsz >= (size_t)a->reg_offset + (size_t)mt_arch_regs_bytes(a))
		read_regs(c, t, n->desc + a->reg_offset);
	else if (a)
		mt_coredump_warn(c, "NT_PRSTATUS of thread %d: %zu bytes, too short for the "
			     "registers", t->tid, n->descsz);
}

static void copy_str(char *dst, const unsigned char *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
	dst[strnlen(dst, n)] = '\0';
}

/* elf_prpsinfo: four chars and pr_flag (a long), uid and gid (16 or 32
 * bits), pid, ppid, pgrp, sid, fname[16], psargs[80]. Its end is fixed, so
 * the fields are placed from the end; uid and gid share what is left. */
static void note_psinfo(struct mt_coredump *c, const struct mt_note *n)
{
	struct mt_coredump_psinfo *ps = &c->psinfo;
	const unsigned char *d = n->desc;
	size_t args = n->descsz - 80, fname = args - 16, pid = fname - 16;
	size_t ids = 2 * (size_t)c->wordsize, idsz;   /* past pr_flag */

	if (n->descsz < PRPSINFO_MIN || pid < ids || (pid - ids) % 2 || (pid - ids) / 2 > 4) {
		mt_coredump_warn(c, "NT_PRPSINFO at byte %llu: %zu bytes, not a prpsinfo",
			     (unsigned long long)n->offset, n->descsz);
		return;
	}
	idsz = (pid - ids) / 2;
	ps->present = 1;
	ps->state = (char)d[1];
	ps->uid = idsz == 4 ? c_u32(c, d + ids) : c_u16(c, d + ids);
	ps->gid = idsz == 4 ? c_u32(c, d + ids + 4) : c_u16(c, d + ids + 2);
	ps->pid = (int32_t)c_u32(c, d + pid);
	ps->ppid = (int32_t)c_u32(c, d + pid + 4);
	ps->pgrp = (int32_t)c_u32(c, d + pid + 8);
	ps->sid = (int32_t)c_u32(c, d + pid + 12);
	copy_str(ps->fname, d + fname, 16);
	copy_str(ps->psargs, d + args, 80);
	for (char *s = ps->psargs + strlen(ps->psargs); s > ps->psargs && s[-1] == ' '; )
		*--s = '\0';
}

/* Signals whose si_addr is the faulting address (asm-generic/siginfo.h). */
static int has_fault_addr(int sig)
{
	return sig == 4 || sig == 5 || sig == 7 || sig == 8 || sig == 11;
}

/* siginfo: signo, errno, code (ints), then the union, aligned to a long. */
static void note_siginfo(struct mt_coredump *c, const struct mt_note *n)
{
	struct mt_coredump_siginfo *si = &c->siginfo;
	size_t u = c->wordsize == 4 ? 12 : 16;

	if (n->descsz < u + 8) {
		mt_coredump_warn(c, "NT_SIGINFO at byte %llu: %zu bytes, too short",
			     (unsigned long long)n->offset, n->descsz);
		return;
	}
	si->present = 1;
	si->signo = (int32_t)c_u32(c, n->desc);
	si->errno_ = (int32_t)c_u32(c, n->desc + 4);
	si->code = (int32_t)c_u32(c, n->desc + 8);
	if (has_fault_addr(si->signo) && si->code > 0 && si->code < 0x80) {
		si->addr = c_word(c, n->desc + u);
		si->has_addr = 1;
	} else {
		si->pid = (int32_t)c_u32(c, n->desc + u);
		si->uid = c_u32(c, n->desc + u + 4);
	}
}

/* Pairs of longs: type, value. */
static void note_auxv(struct mt_coredump *c, const struct mt_note *n)
{
	size_t w = (size_t)c->wordsize, count = n->descsz / (2 * w);

	free(c->auxv);
	c->auxv = xcalloc(count ? count : 1, sizeof *c->auxv);
	c->nauxv = 0;
	for (size_t i = 0; i < count; i++) {
		c->auxv[i].type = c_word(c, n->desc + i * 2 * w);
		c->auxv[i].val = c_word(c, n->desc + i * 2 * w + w);
		c->nauxv++;
		if (c->auxv[i].type == 0)
			break;
	}
}

/* NT_FILE: count, page size, count x {start, end, page offset}, count
 * paths; every number a long. */
static int note_file(struct mt_coredump *c, const struct mt_note *n)
{
	const unsigned char *d = n->desc;
	size_t w = (size_t)c->wordsize;
	uint64_t count, table;

	if (n->descsz < 2 * w || n->descsz > NT_FILE_MAX) {
		mt_coredump_warn(c, "NT_FILE at byte %llu: size %zu not believable",
			     (unsigned long long)n->offset, n->descsz);
		return 0;
	}
	count = c_word(c, d);
	c->page_size = c_word(c, d + w);
	if (count > MT_COREDUMP_MAX_MAPPINGS || count > (n->descsz - 2 * w) / (3 * w)) {
		mt_coredump_warn(c, "NT_FILE at byte %llu: %llu mappings claimed, %zu bytes "
			     "hold at most %zu", (unsigned long long)n->offset,
			     (unsigned long long)count, n->descsz, (n->descsz - 2 * w) / (3 * w));
		return 0;
	}
	table = 2 * w + count * 3 * w;
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
		const unsigned char *e = d + 2 * w + i * 3 * w;
		m->start = c_word(c, e);
		m->end = c_word(c, e + w);
		if (__builtin_mul_overflow(c_word(c, e + 2 * w), c->page_size, &m->file_ofs))
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

	if (mt_notes_walk(c->big_endian, p, len, ofs, on_note, &nc, &walk) < 0)
		mt_coredump_warn(c, "%s", walk.msg);
	return 0;
}
