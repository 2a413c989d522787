/* core/elfcore/load.c: opening a core: the ELF header, the program headers
 * (PN_XNUM too), the PT_LOAD index, the notes, then mappings and modules. */
#include "core/elfcore/internal.h"
#include "core/report/redact.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define EHDR32_SIZE 52
#define PT_LOAD 1
#define PT_NOTE 4
#define PN_XNUM 0xffff
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

/* Offsets of the ELF header's fields and the sizes of its tables, by class. */
struct elf_layout {
	int phoff, shoff, phentsize, phnum, phdr_size, shdr_size, sh_info;
	int p_flags, p_offset, p_vaddr, p_filesz, p_memsz;
};
static const struct elf_layout elf32 = { 28, 32, 42, 44, 32, 40, 28, 24, 4, 8, 16, 20 };
static const struct elf_layout elf64 = { 32, 40, 54, 56, 56, 64, 44, 4, 8, 16, 32, 40 };

static const struct elf_layout *layout_of(const struct mt_coredump *c)
{
	return c->elf_class == 1 ? &elf32 : &elf64;
}

static int check_ident(struct mt_coredump *c, struct mt_error *err)
{
	const unsigned char *p = c->data;

	if (c->size < EHDR32_SIZE || memcmp(p, "\177ELF", 4) != 0) {
		mt_error_set(err, "byte 0: not an ELF file (%s)",
			     c->size < EHDR32_SIZE ? "shorter than an ELF header" : "no ELF magic");
		return -1;
	}
	if ((p[4] != 1 && p[4] != 2) || (p[5] != 1 && p[5] != 2)) {
		mt_error_set(err, "byte 4: ELF class %u, data encoding %u: neither 32/64-bit "
			     "nor little/big-endian", p[4], p[5]);
		return -1;
	}
	c->elf_class = p[4];
	c->big_endian = p[5] == 2;
	c->wordsize = c->elf_class == 1 ? 4 : 8;
	if (c->elf_class == 2 && c->size < 64) {
		mt_error_set(err, "byte 0: shorter than an ELF header (%llu bytes)",
			     (unsigned long long)c->size);
		return -1;
	}
	if (c_u16(c, p + 16) != 4) {
		mt_error_set(err, "byte 16: ELF type %u is not a core (ET_CORE)", c_u16(c, p + 16));
		return -1;
	}
	return 0;
}

/* The real count when e_phnum is PN_XNUM: section header 0's sh_info. */
static int phnum_of(const struct mt_coredump *c, uint64_t *phnum, struct mt_error *err)
{
	const struct elf_layout *l = layout_of(c);
	const unsigned char *p = c->data;
	uint64_t shoff = c_word(c, p + l->shoff);

	*phnum = c_u16(c, p + l->phnum);
	if (*phnum != PN_XNUM)
		return 0;
	if (shoff > c->size || c->size - shoff < (uint64_t)l->shdr_size) {
		mt_error_set(err, "byte %d: e_phnum is PN_XNUM but section header 0 at %llu "
			     "is not in the file", l->shoff, (unsigned long long)shoff);
		return -1;
	}
	*phnum = c_u32(c, p + shoff + l->sh_info);
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
	if (have == 0)
		return;   /* ofs may lie past the file: no pointer is made to it */
	mt_coredump_parse_notes(c, c->data + ofs, (size_t)have, ofs, &err);
}

static void add_load(struct mt_coredump *c, const unsigned char *ph, uint64_t end)
{
	const struct elf_layout *l = layout_of(c);
	struct mt_coredump_segment *s = &c->segs[c->nsegs++];

	s->flags = c_u32(c, ph + l->p_flags);
	s->offset = c_word(c, ph + l->p_offset);
	s->vaddr = c_word(c, ph + l->p_vaddr);
	s->filesz = c_word(c, ph + l->p_filesz);
	s->memsz = c_word(c, ph + l->p_memsz);
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
	const struct elf_layout *l = layout_of(c);
	uint64_t phoff = c_word(c, c->data + l->phoff), phnum, bytes, size = (uint64_t)l->phdr_size;

	if (phnum_of(c, &phnum, err) < 0)
		return -1;
	if (c_u16(c, c->data + l->phentsize) != size && phnum) {
		mt_error_set(err, "byte %d: program header size %u, want %llu", l->phentsize,
			     c_u16(c, c->data + l->phentsize), (unsigned long long)size);
		return -1;
	}
	if (phnum > MT_COREDUMP_MAX_SEGMENTS || phoff > c->size || (c->size - phoff) / size < phnum) {
		bytes = phoff > c->size ? 0 : (c->size - phoff) / size;
		mt_error_set(err, "byte %d: %llu program headers at %llu, the file holds %llu",
			     l->phoff, (unsigned long long)phnum, (unsigned long long)phoff,
			     (unsigned long long)(phnum > bytes ? bytes : phnum));
		return -1;
	}
	c->segs = xcalloc(phnum ? phnum : 1, sizeof *c->segs);
	for (uint64_t i = 0; i < phnum; i++) {
		const unsigned char *ph = c->data + phoff + i * size;
		uint64_t ofs = c_word(c, ph + l->p_offset), filesz = c_word(c, ph + l->p_filesz), end;
		if (add_u64(ofs, filesz, &end) < 0) {
			mt_coredump_warn(c, "program header %llu: offset + size overflows",
				     (unsigned long long)i);
			continue;
		}
		if (c_u32(c, ph) == PT_LOAD)
			add_load(c, ph, end);
		else if (c_u32(c, ph) == PT_NOTE)
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

int mt_coredump_parse(struct mt_coredump *c, struct mt_error *err)
{
	if (check_ident(c, err) < 0)
		return -1;
	c->machine = c_u16(c, c->data + 18);
	c->regs_layout = mt_arch_regs_for(c->machine, c->elf_class);
	c->arch = c->regs_layout ? c->regs_layout->arch : MT_ARCH_OTHER;
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
	if (c->strings)
		mt_coredump_dwfl_open(c, c->exe);
	else
		mt_coredump_modules_without_nt_file(c);
	for (size_t i = 0; i < c->nthreads && !(o && o->no_backtraces); i++) {
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
	mt_coredump_dwfl_close(c);
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
	if (c->file_open)
		close(c->file_fd);
	free(c->threads); free(c->auxv); free(c->segs); free(c->maps); free(c->mods);
	free(c->strings); free(c->sidecars); free(c->warnings);
	for (size_t i = 0; i < c->argc; i++)
		free(c->argv[i]);
	for (size_t i = 0; i < c->envc; i++)
		free(c->envp[i]);
	free(c->argv); free(c->envp); free(c->execfn);
	mt_redactor_free(&c->redactor);
	free(c->path); free(c->container); free(c->entry); free(c->exe); free(c->sysroot);
	free(c->exe_found);
	for (size_t i = 0; i < c->nlinkmap_names; i++)
		free(c->linkmap_names[i]);
	free(c->linkmap_names);
	free(c->interp);
	free(c);
	*cp = NULL;
}
