/* tests/unit/test_core_mem.c: the memory reader, the note walker and the
 * hostile-input guards, on small ELF cores built byte by byte here: bytes
 * past p_filesz and past a cut are never invented, bad counts and sizes
 * become warnings or one-line errors. */
#include "core/elfcore/coredump.h"
#include "core/elfcore/internal.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/mortem-core-mem-XXXXXX";

static void put16(struct strbuf *b, uint16_t v) { strbuf_add(b, (char *)&v, 2); }
static void put32(struct strbuf *b, uint32_t v) { strbuf_add(b, (char *)&v, 4); }
static void put64(struct strbuf *b, uint64_t v) { strbuf_add(b, (char *)&v, 8); }
static void pad_to(struct strbuf *b, size_t n) { while (b->len < n) strbuf_putc(b, 0); }

static void ehdr_for(struct strbuf *b, uint16_t phnum, uint16_t machine);

static void ehdr(struct strbuf *b, uint16_t phnum)
{
	ehdr_for(b, phnum, 62);   /* EM_X86_64 */
}

static void ehdr_for(struct strbuf *b, uint16_t phnum, uint16_t machine)
{
	strbuf_add(b, "\177ELF\002\001\001", 7);
	pad_to(b, 16);
	put16(b, 4);            /* ET_CORE */
	put16(b, machine);
	put32(b, 1);
	put64(b, 0);            /* entry */
	put64(b, 64);           /* phoff */
	put64(b, 0);            /* shoff */
	put32(b, 0);
	put16(b, 64);
	put16(b, 56);
	put16(b, phnum);
	put16(b, 0); put16(b, 0); put16(b, 0);
}

static void phdr(struct strbuf *b, uint32_t type, uint32_t flags, uint64_t ofs,
		 uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	put32(b, type); put32(b, flags); put64(b, ofs); put64(b, vaddr); put64(b, 0);
	put64(b, filesz); put64(b, memsz); put64(b, 4096);
}

static void note(struct strbuf *b, uint32_t type, const void *desc, uint32_t size)
{
	put32(b, 5); put32(b, size); put32(b, type);
	strbuf_add(b, "CORE\0\0\0", 8);
	strbuf_add(b, desc, size);
	while (b->len % 4)
		strbuf_putc(b, 0);
}

/* notes: prstatus (tid 77, signal 11, rip 0x1010), an NT_FILE with
 * nfile_claim entries; memory: A at 0x1000 (0x2000 bytes, 0x1000 in the
 * file), B at 0x3000 (0x1000 in the file, cut at `cut` bytes). */
static char *build(uint64_t nfile_claim, size_t cut)
{
	struct strbuf b = STRBUF_INIT, notes = STRBUF_INIT;
	unsigned char prs[336] = { 0 }, file[16 + 24 + 8];
	uint64_t v;
	char *path = xmalloc(strlen(tmpdir) + 16);
	FILE *f;

	prs[12] = 11;
	prs[32] = 77;
	v = 0x1010;
	memcpy(prs + 112 + 16 * 8, &v, 8);
	note(&notes, 1, prs, sizeof prs);
	memset(file, 0, sizeof file);
	memcpy(file, &nfile_claim, 8);
	v = 4096;
	memcpy(file + 8, &v, 8);
	v = 0x1000; memcpy(file + 16, &v, 8);
	v = 0x3000; memcpy(file + 24, &v, 8);
	memcpy(file + 40, "/a/lib\0", 8);
	note(&notes, 0x46494c45, file, sizeof file);

	ehdr(&b, 3);
	phdr(&b, 4, 0, 4096, 0, notes.len, 0);
	phdr(&b, 1, 5, 8192, 0x1000, 0x1000, 0x2000);
	phdr(&b, 1, 6, 12288, 0x3000, 0x1000, 0x1000);
	pad_to(&b, 4096);
	strbuf_add(&b, notes.buf, notes.len);
	pad_to(&b, 8192);
	for (int i = 0; i < 0x2000; i++)
		strbuf_putc(&b, (char)((i & 0x7f) | 1));
	sprintf(path, "%s/core", tmpdir);
	f = fopen(path, "wb");
	fwrite(b.buf, 1, cut && cut < b.len ? cut : b.len, f);
	fclose(f);
	strbuf_free(&b);
	strbuf_free(&notes);
	return path;
}

/* With MORTEM_SEED_DIR set, keep a copy of a built core there: that is
 * how tests/fuzz/corpus/notes/synthetic-* were made. */
static void save_seed(const char *path, const char *name)
{
	const char *dir = getenv("MORTEM_SEED_DIR");
	char out[512], buf[4096];
	FILE *in, *o;
	size_t n;

	if (!dir)
		return;
	snprintf(out, sizeof out, "%s/%s", dir, name);
	in = fopen(path, "rb");
	o = fopen(out, "wb");
	while (in && o && (n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, o);
	if (in)
		fclose(in);
	if (o)
		fclose(o);
}

static int has_warning(const struct mt_coredump *c, const char *text)
{
	for (size_t i = 0; i < c->nwarnings; i++)
		if (strstr(c->warnings[i], text))
			return 1;
	return 0;
}

static void test_reader(void)
{
	struct mt_error err = { 0 };
	char *path = build(1, 0);
	struct mt_coredump *c = mt_coredump_open(path, NULL, &err);
	unsigned char buf[0x4000];

	save_seed(path, "synthetic-x86-64");
	char s[16];

	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_INT(c->nthreads, 1);
	CHECK_INT(c->threads[0].tid, 77);
	CHECK_INT(c->threads[0].pc, 0x1010);
	CHECK_INT(c->nsegs, 2);
	CHECK_INT(c->nmaps, 1);
	CHECK_STR(c->maps[0].path, "/a/lib");
	/* A's file part is held, its zero-fill tail is not. */
	CHECK_INT(mt_coredump_read(c, 0x1000, buf, 0x3000), 0x1000);
	CHECK_INT(buf[0], 1);
	CHECK_INT(mt_coredump_read(c, 0x1ff8, buf, 16), 8);
	CHECK_INT(mt_coredump_read(c, 0x2000, buf, 16), 0);
	CHECK_INT(mt_coredump_read(c, 0x3000, buf, 0x1000), 0x1000);
	CHECK_INT(mt_coredump_read(c, UINT64_MAX - 4, buf, 16), 0);
	CHECK_INT(mt_coredump_read(c, 0, buf, 16), 0);
	CHECK(mt_coredump_read_str(c, 0x2000, s, sizeof s) == -1);
	CHECK_INT(mt_coredump_read_str(c, 0x1000, s, sizeof s), 15);
	CHECK(mt_coredump_segment_at(c, 0x2fff) != NULL);
	CHECK(mt_coredump_segment_at(c, 0x4000) == NULL);
	/* libdwfl wants NT_PRPSINFO, which this core lacks: its one warning. */
	CHECK_INT(c->nwarnings, 1);
	CHECK(c->nwarnings && strstr(c->warnings[0], "libdwfl cannot read the core"));
	mt_coredump_close(&c);
	free(path);
}

/* Kilobytes of the mapping that starts at p resident in this process
 * (/proc/self/smaps), or -1. */
static long mapping_rss_kb(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	long kb = -1;
	int in = 0;

	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)  /* a mapping's first line */
			in = lo == (unsigned long)(uintptr_t)p;
		else if (in && sscanf(line, "Rss: %ld kB", &kb) == 1)
			break;
	}
	if (f)
		fclose(f);
	return kb;
}

/* Pages given back (mt_coredump_release) leave the process and read the
 * same again; a range outside the mapping is left alone. */
static void test_release(void)
{
	struct mt_error err = { 0 };
	char *path = build(1, 0);
	struct mt_coredump *c = mt_coredump_open(path, NULL, &err);
	unsigned char before[0x2000], after[0x2000], other[64] = { 7 };

	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_INT(mt_coredump_read(c, 0x1000, before, 0x1000), 0x1000);
	CHECK_INT(mt_coredump_read(c, 0x3000, before + 0x1000, 0x1000), 0x1000);
	CHECK(mapping_rss_kb(c->map) > 0);
	mt_coredump_release(c, c->map, c->map_len);
	CHECK_INT(mapping_rss_kb(c->map), 0);
	CHECK_INT(mt_coredump_read(c, 0x1000, after, 0x1000), 0x1000);
	CHECK_INT(mt_coredump_read(c, 0x3000, after + 0x1000, 0x1000), 0x1000);
	CHECK(memcmp(before, after, sizeof before) == 0);
	CHECK_INT(after[0], 1);
	mt_coredump_release(c, other, sizeof other);  /* not the core's: untouched */
	mt_coredump_release(c, (const unsigned char *)c->map + 100, 4000);  /* no whole page */
	CHECK_INT(other[0], 7);
	CHECK_INT(mt_coredump_read(c, 0x1000, after, 16), 16);
	CHECK_INT(after[0], 1);
	mt_coredump_close(&c);
	free(path);
}

static void test_cut(void)
{
	struct mt_error err = { 0 };
	char *path = build(1, 12288 + 0x800);
	struct mt_coredump *c = mt_coredump_open(path, NULL, &err);
	unsigned char buf[0x1000];

	CHECK(c != NULL);
	if (!c)
		return;
	CHECK_INT(mt_coredump_read(c, 0x3000, buf, 0x1000), 0x800);
	CHECK(has_warning(c, "cut short"));
	mt_coredump_close(&c);
	free(path);
	/* Cut inside the notes: a partial view, still no crash. */
	path = build(1, 4096 + 100);
	c = mt_coredump_open(path, NULL, &err);
	CHECK(c != NULL);
	if (c) {
		CHECK(has_warning(c, "notes at byte 4096 are cut short"));
		mt_coredump_close(&c);
	}
	free(path);
	/* Cut inside the program headers: one line naming the field. */
	path = build(1, 100);
	c = mt_coredump_open(path, NULL, &err);
	CHECK(c == NULL);
	CHECK(strstr(err.msg, "program headers") != NULL);
	free(path);
}

static void test_hostile_counts(void)
{
	struct mt_error err = { 0 };
	char *path = build(UINT64_MAX / 2, 0);
	struct mt_coredump *c = mt_coredump_open(path, NULL, &err);

	CHECK(c != NULL);
	if (c) {
		CHECK_INT(c->nmaps, 0);
		CHECK(has_warning(c, "NT_FILE"));
		mt_coredump_close(&c);
	}
	free(path);
}

static int count_notes(void *ctx, const struct mt_note *n)
{
	(*(int *)ctx)++;
	return 0;
}

/* More than 0xfffe segments: e_phnum is PN_XNUM and section header 0's
 * sh_info holds the count (here 3, the same core as test_reader's). */
static void test_pn_xnum(void)
{
	struct mt_error err = { 0 };
	char *path = build(1, 0);
	FILE *f = fopen(path, "r+b");
	uint16_t xnum = 0xffff;
	uint64_t shoff = 16384;
	uint32_t count = 3;
	unsigned char shdr[64] = { 0 };

	fseek(f, 40, SEEK_SET);
	fwrite(&shoff, 8, 1, f);
	fseek(f, 56, SEEK_SET);
	fwrite(&xnum, 2, 1, f);
	memcpy(shdr + 44, &count, 4);
	fseek(f, (long)shoff, SEEK_SET);
	fwrite(shdr, 1, sizeof shdr, f);
	fclose(f);
	struct mt_coredump *c = mt_coredump_open(path, NULL, &err);
	CHECK(c != NULL);
	if (c) {
		CHECK_INT(c->nsegs, 2);
		CHECK_INT(c->nthreads, 1);
		mt_coredump_close(&c);
	}
	/* Without the section header: one line naming the field. */
	CHECK_INT(truncate(path, 16384), 0);
	c = mt_coredump_open(path, NULL, &err);
	CHECK(c == NULL);
	CHECK(strstr(err.msg, "PN_XNUM") != NULL);
	free(path);
}

/* A machine mortem does not know (IA-64): notes and mappings still read,
 * registers are not decoded and the backtrace says so. */
static void test_other_arch(void)
{
	struct mt_error err = { 0 };
	char *path = build(1, 0);
	FILE *f = fopen(path, "r+b");
	uint16_t riscv = 50;   /* EM_IA_64 */

	fseek(f, 18, SEEK_SET);
	fwrite(&riscv, 2, 1, f);
	fclose(f);
	struct mt_coredump *c = mt_coredump_open(path, NULL, &err);
	CHECK(c != NULL);
	if (c) {
		CHECK_INT(c->arch, MT_ARCH_OTHER);
		CHECK_INT(c->nthreads, 1);
		CHECK_INT(c->threads[0].tid, 77);
		CHECK_INT(c->threads[0].nregs, 0);
		CHECK_INT(c->threads[0].nframes, 0);
		CHECK(c->threads[0].unwind_note &&
		      strstr(c->threads[0].unwind_note, "of this architecture are not supported"));
		CHECK_INT(c->nmaps, 1);
		CHECK_INT(mt_coredump_read(c, 0x1000, &riscv, 2), 2);
		mt_coredump_close(&c);
	}
	free(path);
}

static void test_walker(void)
{
	struct strbuf b = STRBUF_INIT;
	struct mt_error err = { 0 };
	int n = 0;

	note(&b, 1, "abcd", 4);
	put32(&b, 5); put32(&b, 0xfffffff0u); put32(&b, 1);   /* a lying descsz */
	strbuf_add(&b, "CORE\0\0\0", 8);
	CHECK_INT(mt_notes_walk(0, (unsigned char *)b.buf, b.len, 0, count_notes, &n, &err), -1);
	CHECK_INT(n, 1);
	CHECK(strstr(err.msg, "note at byte 24") != NULL);   /* 12 + 8 + 4 */
	strbuf_free(&b);
}

static void put_at(struct strbuf *b, size_t at, uint64_t v)
{
	memcpy(b->buf + at, &v, 8);
}

/* aarch64: x29 (fp), x30, sp, pc at pr_reg 29..32; a frame-pointer chain
 * of two callers in a stack segment; code that is all BL instructions. */
static void test_aarch64(void)
{
	struct strbuf b = STRBUF_INIT, notes = STRBUF_INIT;
	unsigned char prs[392] = { 0 };
	uint64_t regs[34] = { 0 };
	struct mt_error err = { 0 };
	char path[64];
	FILE *f;

	regs[29] = 0x7100; regs[30] = 0x1020; regs[31] = 0x70f0; regs[32] = 0x1010;
	prs[12] = 6;
	prs[32] = 99;
	memcpy(prs + 112, regs, sizeof regs);
	note(&notes, 1, prs, sizeof prs);
	ehdr_for(&b, 3, 183);
	phdr(&b, 4, 0, 4096, 0, notes.len, 0);
	phdr(&b, 1, 5, 8192, 0x1000, 0x1000, 0x1000);
	phdr(&b, 1, 6, 12288, 0x7000, 0x1000, 0x1000);
	pad_to(&b, 4096);
	strbuf_add(&b, notes.buf, notes.len);
	pad_to(&b, 8192);
	for (int i = 0; i < 0x400; i++)
		put32(&b, 0x94000000u);
	pad_to(&b, 16384);
	put_at(&b, 12288 + 0x100, 0x7200);
	put_at(&b, 12288 + 0x108, 0x1040);
	put_at(&b, 12288 + 0x200, 0);
	put_at(&b, 12288 + 0x208, 0x1080);
	snprintf(path, sizeof path, "%s/core", tmpdir);
	f = fopen(path, "wb");
	fwrite(b.buf, 1, b.len, f);
	fclose(f);
	save_seed(path, "synthetic-aarch64");
	struct mt_coredump *c = mt_coredump_open(path, NULL, &err);
	CHECK(c != NULL);
	if (c) {
		CHECK_INT(c->arch, MT_ARCH_AARCH64);
		CHECK_INT(c->threads[0].nregs, 34);
		CHECK_INT(c->threads[0].pc, 0x1010);
		CHECK_INT(c->threads[0].sp, 0x70f0);
		CHECK_INT(c->threads[0].fp, 0x7100);
		CHECK_STR(mt_coredump_reg_name(c->arch, MT_A64_PC), "pc");
		CHECK_INT(c->threads[0].nframes, 3);
		if (c->threads[0].nframes == 3) {
			CHECK_INT(c->threads[0].frames[1].pc, 0x1040);
			CHECK_INT(c->threads[0].frames[1].how, MT_HOW_FP);
			CHECK_INT(c->threads[0].frames[2].pc, 0x1080);
		}
		mt_coredump_close(&c);
	}
	strbuf_free(&b);
	strbuf_free(&notes);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 99;
	test_reader();
	test_release();
	test_cut();
	test_hostile_counts();
	test_walker();
	test_pn_xnum();
	test_other_arch();
	test_aarch64();
	char core[64];
	snprintf(core, sizeof core, "%s/core", tmpdir);
	unlink(core);
	rmdir(tmpdir);
	CHECK_DONE();
}
