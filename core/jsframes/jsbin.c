/* core/jsframes/jsbin.c: an ELF file read with libelf, for symbols and the
 * bytes the core does not hold (.rodata, the file part of .data). */
#include "core/jsframes/jsbin.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define JS_BIN_MAX_SYMS (1u << 22)

static int is_meta_name(const char *n)
{
	return strncmp(n, "v8dbg_", 6) == 0 || strncmp(n, "nodedbg_", 8) == 0;
}

/* Grow at powers of two from 16: n is a power of two >= 16 exactly when full. */
static void push_sym(struct js_sym **v, size_t *n, const struct js_sym *s)
{
	if (*n == 0 || (*n >= 16 && (*n & (*n - 1)) == 0))
		*v = xreallocarray(*v, *n ? *n * 2 : 16, sizeof **v);
	(*v)[(*n)++] = *s;
}

/* Every named OBJECT/FUNC symbol with a value goes to funcs; the metadata
 * data symbols also go to meta. */
static void read_symtab(struct js_bin *b, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

	if (!d || n > JS_BIN_MAX_SYMS)
		return;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(d, (int)i, &sym) || sym.st_shndx == SHN_UNDEF || !sym.st_value)
			continue;
		int t = GELF_ST_TYPE(sym.st_info);
		if (t != STT_FUNC && t != STT_OBJECT)
			continue;
		const char *name = elf_strptr(b->elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		struct js_sym s = { sym.st_value, sym.st_size, name };
		if (t == STT_OBJECT && is_meta_name(name))
			push_sym(&b->meta, &b->nmeta, &s);
		else
			push_sym(&b->funcs, &b->nfuncs, &s);
	}
}

static void read_build_id(struct js_bin *b, Elf_Scn *scn)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Nhdr nh;
	size_t off = 0, name_off, desc_off;

	while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type != NT_GNU_BUILD_ID || nh.n_descsz > 20 || nh.n_descsz == 0)
			continue;
		const unsigned char *p = (const unsigned char *)d->d_buf + desc_off;
		for (size_t i = 0; i < nh.n_descsz; i++)
			snprintf(b->build_id + 2 * i, 3, "%02x", p[i]);
		return;
	}
}

static int cmp_sym(const void *a, const void *b)
{
	const struct js_sym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->size > y->size ? -1 : x->size < y->size;
}

/* Dedupe symbols that appear in both .dynsym and .symtab. */
static void sort_funcs(struct js_bin *b)
{
	size_t w = 0;

	qsort(b->funcs, b->nfuncs, sizeof *b->funcs, cmp_sym);
	for (size_t i = 0; i < b->nfuncs; i++)
		if (!w || b->funcs[w - 1].addr != b->funcs[i].addr)
			b->funcs[w++] = b->funcs[i];
	b->nfuncs = w;
}

static void read_loads(struct js_bin *b)
{
	size_t n = 0;

	if (elf_getphdrnum(b->elf, &n) != 0 || n > 4096)
		return;
	b->loads = xcalloc(n ? n : 1, sizeof *b->loads);
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(b->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		b->loads[b->nloads++] = (struct js_load){ ph.p_vaddr, ph.p_offset, ph.p_filesz,
							  ph.p_memsz };
	}
}

static void read_sections(struct js_bin *b)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(b->elf, scn)) != NULL) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM)
			read_symtab(b, scn, &sh);
		if (sh.sh_type == SHT_SYMTAB)
			b->has_symtab = 1;
		if (sh.sh_type == SHT_NOTE && !b->build_id[0])
			read_build_id(b, scn);
	}
}

struct js_bin *js_bin_open(const char *path, struct mt_error *err)
{
	struct js_bin *b = xcalloc(1, sizeof *b);
	GElf_Ehdr eh;

	b->path = xstrdup(path);
	b->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (b->fd < 0) {
		mt_error_set(err, "%s: cannot open: %s", path, strerror(errno));
		js_bin_free(&b);
		return NULL;
	}
	elf_version(EV_CURRENT);
	b->elf = elf_begin(b->fd, ELF_C_READ_MMAP, NULL);
	if (!b->elf || elf_kind(b->elf) != ELF_K_ELF || !gelf_getehdr(b->elf, &eh) ||
	    gelf_getclass(b->elf) != ELFCLASS64) {
		mt_error_set(err, "%s: not a 64-bit ELF file", path);
		js_bin_free(&b);
		return NULL;
	}
	b->type = eh.e_type;
	read_loads(b);
	read_sections(b);
	sort_funcs(b);
	return b;
}

void js_bin_free(struct js_bin **pb)
{
	struct js_bin *b = *pb;

	if (!b)
		return;
	if (b->elf)
		elf_end(b->elf);
	if (b->fd >= 0)
		close(b->fd);
	free(b->funcs);
	free(b->meta);
	free(b->loads);
	free(b->path);
	free(b);
	*pb = NULL;
}

/* A sized symbol that holds addr; a zero-sized one only when it is the
 * nearest below and close (no guessing across unrelated code). */
const char *js_bin_lookup(const struct js_bin *b, uint64_t addr, uint64_t *off)
{
	size_t lo = 0, hi = b ? b->nfuncs : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->funcs[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo, k = 0; i > 0 && k < 64; i--, k++) {
		const struct js_sym *s = &b->funcs[i - 1];
		if ((s->size && addr < s->addr + s->size) ||
		    (k == 0 && !s->size && addr - s->addr < 0x100)) {
			*off = addr - s->addr;
			return s->name;
		}
		if (s->addr + 0x100000 < addr)
			break;
	}
	return NULL;
}

const struct js_sym *js_bin_find(const struct js_bin *b, const char *name)
{
	for (size_t i = 0; i < b->nfuncs; i++)
		if (strcmp(b->funcs[i].name, name) == 0)
			return &b->funcs[i];
	for (size_t i = 0; i < b->nmeta; i++)
		if (strcmp(b->meta[i].name, name) == 0)
			return &b->meta[i];
	return NULL;
}

int js_bin_read(const struct js_bin *b, uint64_t addr, void *buf, size_t n)
{
	for (size_t i = 0; i < b->nloads; i++) {
		const struct js_load *l = &b->loads[i];
		if (addr < l->vaddr || addr - l->vaddr >= l->filesz || n > l->filesz - (addr - l->vaddr))
			continue;
		ssize_t got = pread(b->fd, buf, n, (off_t)(l->offset + addr - l->vaddr));
		return got == (ssize_t)n ? 0 : -1;
	}
	return -1;
}
