/* core/elfcore/load.c: opening a core: the ELF header, the program headers
 * (PN_XNUM too), the PT_LOAD index, the notes, then mappings and modules. */
#include "core/elfcore/internal.h"
#include "core/report/redact.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define SHDR_SIZE 64
#define PT_LOAD 1
#define PT_NOTE 4
#define PN_XNUM 0xffff
#define EM_X86_64 62
#define EM_AARCH64 183
#define WARNINGS_MAX 64

void mt_coredump_warn(struct mt_coredump *c, const char *fmt, ...)
{
	struct mt_error e = { 0 };
	va_list ap;

	if (c->nwarnings >= WARNINGS_MAX)
		return;
	va_start(ap, fmt);
	mt_error_vset(&e, fmt, ap);
	va_end(ap);
	c->warnings = xreallocarray(c->warnings, c->nwarnings + 1, sizeof *c->warnings);
	c->warnings[c->nwarnings++] = xstrdup(e.msg);
}

static int check_ident(const struct mt_coredump *c, struct mt_error *err)
{
	const unsigned char *p = c->data;

	if (c->size < EHDR_SIZE || memcmp(p, "\177ELF", 4) != 0) {
		mt_error_set(err, "byte 0: not an ELF file (%s)",
			     c->size < EHDR_SIZE ? "shorter than an ELF header" : "no ELF magic");
		return -1;
	}
	if (p[4] != 2 || p[5] != 1) {
		mt_error_set(err, "byte 4: only 64-bit little-endian cores are supported "
			     "(class %u, data %u)", p[4], p[5]);
		return -1;
	}
	if (get_u16(p + 16) != 4) {
		mt_error_set(err, "byte 16: ELF type %u is not a core (ET_CORE)", get_u16(p + 16));
		return -1;
	}
	return 0;
}

/* The real count when e_phnum is PN_XNUM: section header 0's sh_info. */
static int phnum_of(const struct mt_coredump *c, uint64_t *phnum, struct mt_error *err)
{
	const unsigned char *p = c->data;
	uint64_t shoff = get_u64(p + 40);

	*phnum = get_u16(p + 56);
	if (*phnum != PN_XNUM)
		return 0;
	if (shoff > c->size || c->size - shoff < SHDR_SIZE) {
		mt_error_set(err, "byte 40: e_phnum is PN_XNUM but section header 0 at %llu "
			     "is not in the file", (unsigned long long)shoff);
		return -1;
	}
	*phnum = get_u32(p + shoff + 44);
	return 0;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct mt_coredump_segment *x = a, *y = b;
	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static void note_segment(struct mt_coredump *c, uint64_t ofs, uint64_t filesz, uint64_t end)
{
	struct mt_error err = { 0 };
	uint64_t have = ofs >= c->size ? 0 : c->size - ofs;

	if (end > c->expected_size)
		c->expected_size = end;
	if (have < filesz)
		mt_coredump_warn(c, "the notes at byte %llu are cut short: %llu of %llu bytes",
			     (unsigned long long)ofs, (unsigned long long)have,
			     (unsigned long long)filesz);
	if (have > filesz)
		have = filesz;
	mt_coredump_parse_notes(c, c->data + ofs, (size_t)have, ofs, &err);
}

static void add_load(struct mt_coredump *c, const unsigned char *ph, uint64_t end)
{
	struct mt_coredump_segment *s = &c->segs[c->nsegs++];

	s->flags = get_u32(ph + 4);
	s->offset = get_u64(ph + 8);
	s->vaddr = get_u64(ph + 16);
	s->filesz = get_u64(ph + 32);
	s->memsz = get_u64(ph + 40);
	if (s->filesz > s->memsz)
		s->filesz = s->memsz;
	if (s->vaddr + s->memsz < s->vaddr)
		s->memsz = UINT64_MAX - s->vaddr;
	s->present = s->offset >= c->size ? 0 : c->size - s->offset;
	if (s->present > s->filesz)
		s->present = s->filesz;
	if (end > c->expected_size)
		c->expected_size = end;
}

static int read_phdrs(struct mt_coredump *c, struct mt_error *err)
{
	uint64_t phoff = get_u64(c->data + 32), phnum, bytes;

	if (phnum_of(c, &phnum, err) < 0)
		return -1;
	if (get_u16(c->data + 54) != PHDR_SIZE && phnum) {
		mt_error_set(err, "byte 54: program header size %u, want %d",
			     get_u16(c->data + 54), PHDR_SIZE);
		return -1;
	}
	if (phnum > MT_COREDUMP_MAX_SEGMENTS || phoff > c->size ||
	    (c->size - phoff) / PHDR_SIZE < phnum) {
		bytes = phoff > c->size ? 0 : (c->size - phoff) / PHDR_SIZE;
		mt_error_set(err, "byte 32: %llu program headers at %llu, the file holds %llu",
			     (unsigned long long)phnum, (unsigned long long)phoff,
			     (unsigned long long)(phnum > bytes ? bytes : phnum));
		return -1;
	}
	c->segs = xcalloc(phnum ? phnum : 1, sizeof *c->segs);
	for (uint64_t i = 0; i < phnum; i++) {
		const unsigned char *ph = c->data + phoff + i * PHDR_SIZE;
		uint64_t ofs = get_u64(ph + 8), filesz = get_u64(ph + 32), end;
		if (add_u64(ofs, filesz, &end) < 0) {
			mt_coredump_warn(c, "program header %llu: offset + size overflows",
				     (unsigned long long)i);
			continue;
		}
		if (get_u32(ph) == PT_LOAD)
			add_load(c, ph, end);
		else if (get_u32(ph) == PT_NOTE)
			note_segment(c, ofs, filesz, end);
	}
	qsort(c->segs, c->nsegs, sizeof *c->segs, cmp_seg);
	return 0;
}

static void check_cut(struct mt_coredump *c)
{
	size_t short_segs = 0;

	for (size_t i = 0; i < c->nsegs; i++)
		short_segs += c->segs[i].present < c->segs[i].filesz;
	if (c->expected_size > c->size)
		mt_coredump_warn(c, "the core is cut short: %llu of %llu bytes present; %zu of %zu "
			     "memory segments incomplete", (unsigned long long)c->size,
			     (unsigned long long)c->expected_size, short_segs, c->nsegs);
}

static enum mt_coredump_arch arch_of(int machine)
{
	return machine == EM_X86_64 ? MT_ARCH_X86_64 :
	       machine == EM_AARCH64 ? MT_ARCH_AARCH64 : MT_ARCH_OTHER;
}

int mt_coredump_parse(struct mt_coredump *c, struct mt_error *err)
{
	if (check_ident(c, err) < 0)
		return -1;
	c->machine = get_u16(c->data + 18);
	c->arch = arch_of(c->machine);
	if (read_phdrs(c, err) < 0)
		return -1;
	check_cut(c);
	if (c->nthreads == 0)
		mt_coredump_warn(c, "no NT_PRSTATUS note: the core holds no threads");
	mt_coredump_build_modules(c);
	mt_coredump_read_args(c);
	return 0;
}

struct mt_coredump *mt_coredump_open(const char *path, const struct mt_open_opts *o,
			     struct mt_error *err)
{
	struct mt_coredump *c = xcalloc(1, sizeof *c);

	c->path = xstrdup(path);
	if (o && o->exe)
		c->exe = xstrdup(o->exe);
	if (o && o->sysroot)
		c->sysroot = xstrdup(o->sysroot);
	c->redactor = mt_redactor_for(o ? o->redact_key : NULL, o ? o->redact_value : NULL, err);
	if (!c->redactor || mt_coredump_map_file(c, path, o, err) < 0 || mt_coredump_parse(c, err) < 0) {
		mt_error_prefix(err, "%s%s%s", path, c->entry ? ": " : "",
				c->entry ? c->entry : "");
		mt_coredump_close(&c);
		return NULL;
	}
	for (size_t i = 0; i < c->nthreads; i++) {
		if (o && o->progress)
			o->progress(o->progress_ctx, "unwind", i, c->nthreads);
		mt_coredump_unwind(c, &c->threads[i]);
	}
	return c;
}

void mt_coredump_close(struct mt_coredump **cp)
{
	struct mt_coredump *c = *cp;

	if (!c)
		return;
	for (size_t i = 0; i < c->nthreads; i++) {
		for (size_t f = 0; f < c->threads[i].nframes; f++)
			free(c->threads[i].frames[f].function);
		free(c->threads[i].frames);
		free(c->threads[i].unwind_note);
	}
	for (size_t i = 0; i < c->nmods; i++)
		mt_module_clear(&c->mods[i]);
	for (size_t i = 0; i < c->nsidecars; i++) {
		free(c->sidecars[i].name);
		free(c->sidecars[i].data);
	}
	for (size_t i = 0; i < c->nwarnings; i++)
		free(c->warnings[i]);
	if (c->map)
		munmap(c->map, c->map_len);
	free(c->threads); free(c->auxv); free(c->segs); free(c->maps); free(c->mods);
	free(c->strings); free(c->sidecars); free(c->warnings);
	for (size_t i = 0; i < c->argc; i++)
		free(c->argv[i]);
	for (size_t i = 0; i < c->envc; i++)
		free(c->envp[i]);
	free(c->argv); free(c->envp); free(c->execfn);
	mt_redactor_free(&c->redactor);
	free(c->path); free(c->container); free(c->entry); free(c->exe); free(c->sysroot);
	free(c);
	*cp = NULL;
}
