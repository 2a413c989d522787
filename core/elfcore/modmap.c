/* core/elfcore/modmap.c: mappings grouped into modules, each with its
 * program headers, load bias and build-id read from the ELF header page in
 * the process's memory; addresses placed in them. Files: modfile.c. */
#include "core/bsearch.h"
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <string.h>

#define PT_LOAD 1
#define PT_NOTE 4
#define PHDRS_MAX 256
#define NT_GNU_BUILD_ID 3

static int cmp_index_by_path(const void *a, const void *b, void *ctx)
{
	const struct mt_coredump_mapping *maps = ctx;
	const struct mt_coredump_mapping *x = &maps[*(const size_t *)a];
	const struct mt_coredump_mapping *y = &maps[*(const size_t *)b];
	int d = strcmp(x->path, y->path);
	return d ? d : x->start < y->start ? -1 : x->start > y->start;
}

/* Does idx[i] start another path than idx[i - 1]? */
static int new_path(const struct mt_coredump_mapping *maps, const size_t *idx, size_t i)
{
	return i == 0 || strcmp(maps[idx[i]].path, maps[idx[i - 1]].path) != 0;
}

/* Mappings in path order make modules: base is where file offset 0 is
 * mapped (the lowest such), else the lowest start; end the highest end. */
void mt_modmap_group(struct mt_modmap *mm)
{
	size_t *idx = xcalloc(mm->nmaps ? mm->nmaps : 1, sizeof *idx), n = 0;
	struct mt_coredump_module *mod = NULL;
	int at_zero = 0;

	for (size_t i = 0; i < mm->nmaps; i++)
		idx[i] = i;
	qsort_r(idx, mm->nmaps, sizeof *idx, cmp_index_by_path, mm->maps);
	for (size_t i = 0; i < mm->nmaps; i++)
		n += new_path(mm->maps, idx, i);
	mm->mods = xcalloc(n ? n : 1, sizeof *mm->mods);
	mm->nmods = 0;
	for (size_t i = 0; i < mm->nmaps; i++) {
		struct mt_coredump_mapping *m = &mm->maps[idx[i]];
		if (new_path(mm->maps, idx, i)) {
			mod = &mm->mods[mm->nmods++];
			*mod = (struct mt_coredump_module){ .path = m->path, .base = m->start };
			at_zero = 0;
		}
		m->module = mod;
		if (m->file_ofs == 0 && !at_zero) {
			mod->base = m->start;
			at_zero = 1;
		}
		if (m->end > mod->end)
			mod->end = m->end;
	}
	free(idx);
}

static void read_build_id(const struct mt_modmap *mm, struct mt_coredump_module *m, int be,
			  uint64_t addr, uint64_t size)
{
	unsigned char buf[4096];
	size_t n = mm->read(mm->mem, addr, buf, size < sizeof buf ? (size_t)size : sizeof buf);

	for (size_t pos = 0; pos + 12 <= n; ) {
		size_t nsz = bo_u32(be, buf + pos), dsz = bo_u32(be, buf + pos + 4);
		uint32_t type = bo_u32(be, buf + pos + 8);
		size_t name_end = pos + 12 + ((nsz + 3) & ~(size_t)3);
		if (nsz > n || dsz > n || name_end > n || dsz > n - name_end)
			return;
		if (type == NT_GNU_BUILD_ID && nsz == 4 && memcmp(buf + pos + 12, "GNU", 4) == 0 &&
		    dsz <= sizeof m->build_id) {
			memcpy(m->build_id, buf + name_end, dsz);
			m->build_id_len = dsz;
			return;
		}
		pos = name_end + ((dsz + 3) & ~(size_t)3);
	}
}

/* The link address of file offset ofs through the module's PT_LOADs. */
static int loads_link(const struct mt_coredump_module *m, uint64_t ofs, uint64_t *link)
{
	for (size_t i = 0; i < m->nloads; i++) {
		const struct mt_coredump_load *l = &m->loads[i];
		if (ofs >= l->offset && ofs - l->offset < (l->filesz ? l->filesz : l->memsz)) {
			*link = l->vaddr + (ofs - l->offset);
			return 0;
		}
	}
	return -1;
}

/* An ELF header's class and byte order, and where its fields are. */
struct ehdr_form {
	int be, w;               /* big-endian; bytes of a word (4 or 8) */
	int phsize;              /* bytes of a program header */
};

/* Program header i at the module's base into ph; 0, or -1 if not held. */
static int read_phdr(const struct mt_modmap *mm, const struct mt_coredump_module *m,
		     const struct ehdr_form *f, uint64_t phoff, uint64_t i, unsigned char ph[56])
{
	uint64_t at;

	if (phoff > UINT32_MAX || add_u64(m->base, phoff + i * (uint64_t)f->phsize, &at) < 0)
		return -1;
	return mm->read(mm->mem, at, ph, (size_t)f->phsize) == (size_t)f->phsize ? 0 : -1;
}

/* A program header's type and its offset, vaddr, filesz and memsz. */
static uint32_t phdr_fields(const struct ehdr_form *f, const unsigned char *ph,
			    struct mt_coredump_load *l)
{
	int w = f->w, o = w == 8 ? 8 : 4;   /* p_offset follows p_flags in ELF64 */

	l->offset = bo_word(f->be, w, ph + o);
	l->vaddr = bo_word(f->be, w, ph + o + w);
	l->filesz = bo_word(f->be, w, ph + o + 3 * w);
	l->memsz = bo_word(f->be, w, ph + o + 4 * w);
	return bo_u32(f->be, ph);
}

/* The ELF header and program headers at the module's base, if dumped. */
static void read_header(const struct mt_modmap *mm, struct mt_coredump_module *m)
{
	unsigned char eh[64], ph[56];
	struct mt_coredump_load l;
	struct ehdr_form f;
	uint64_t phoff, phnum, base_link;

	if (mm->read(mm->mem, m->base, eh, 52) != 52 || memcmp(eh, "\177ELF", 4) != 0 ||
	    (eh[4] != 1 && eh[4] != 2) || (eh[5] != 1 && eh[5] != 2))
		return;
	f = (struct ehdr_form){ .be = eh[5] == 2, .w = eh[4] == 2 ? 8 : 4,
				.phsize = eh[4] == 2 ? 56 : 32 };
	if (f.w == 8 && mm->read(mm->mem, m->base, eh, 64) != 64)
		return;
	if (bo_u16(f.be, eh + (f.w == 8 ? 54 : 42)) != f.phsize)
		return;
	phoff = bo_word(f.be, f.w, eh + (f.w == 8 ? 32 : 28));
	phnum = bo_u16(f.be, eh + (f.w == 8 ? 56 : 44));
	if (phnum > PHDRS_MAX)
		return;
	m->loads = xcalloc(phnum ? phnum : 1, sizeof *m->loads);
	for (uint64_t i = 0; i < phnum && read_phdr(mm, m, &f, phoff, i, ph) == 0; i++)
		if (phdr_fields(&f, ph, &l) == PT_LOAD)
			m->loads[m->nloads++] = l;
	if (loads_link(m, 0, &base_link) == 0)
		mt_module_set_bias(m, base_link);
	for (uint64_t i = 0; i < phnum && m->has_bias && !m->build_id_len &&
			     read_phdr(mm, m, &f, phoff, i, ph) == 0; i++)
		if (phdr_fields(&f, ph, &l) == PT_NOTE)
			read_build_id(mm, m, f.be, l.vaddr + (uint64_t)m->bias, l.filesz);
}

void mt_modmap_read_headers(struct mt_modmap *mm)
{
	for (size_t i = 0; i < mm->nmods; i++)
		read_header(mm, &mm->mods[i]);
}

void mt_module_set_bias(struct mt_coredump_module *m, uint64_t base_link)
{
	m->bias = (int64_t)(m->base - base_link);
	m->has_bias = 1;
}

static int cmp_map(const void *a, const void *b)
{
	const struct mt_coredump_mapping *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

void mt_modmap_sort(struct mt_modmap *mm)
{
	if (mm->nmaps)
		qsort(mm->maps, mm->nmaps, sizeof *mm->maps, cmp_map);
}

void mt_modmap_build(struct mt_modmap *mm, struct mt_coredump_mapping *maps, size_t n,
		     const char *exe_path)
{
	struct mt_coredump_module *exe = NULL;

	mm->maps = maps;
	mm->nmaps = n;
	mt_modmap_sort(mm);
	mt_modmap_group(mm);
	for (size_t i = 0; exe_path && i < mm->nmods && !exe; i++)
		if (strcmp(mm->mods[i].path, exe_path) == 0)
			exe = &mm->mods[i];
	if (!exe && mm->nmaps)
		exe = mm->maps[0].module;
	if (exe)
		exe->is_exe = 1;
	mt_modmap_read_headers(mm);
}

void mt_module_clear(struct mt_coredump_module *m)
{
	free(m->file);
	free(m->loads);
	free(m->elf_error);
	mt_elf_close(&m->elf);
	mt_elf_close(&m->debug);
	memset(m, 0, sizeof *m);
}

void mt_modmap_free(struct mt_modmap *mm)
{
	for (size_t i = 0; i < mm->nmods; i++)
		mt_module_clear(&mm->mods[i]);
	free(mm->mods);
	free(mm->maps);
	memset(mm, 0, sizeof *mm);
}

const struct mt_coredump_mapping *mt_modmap_mapping_at(const struct mt_modmap *mm, uint64_t addr)
{
	size_t i = MT_UPPER_BOUND(mm->maps, mm->nmaps, start, addr);

	return i && addr < mm->maps[i - 1].end ? &mm->maps[i - 1] : NULL;
}

struct mt_coredump_module *mt_modmap_module_at(const struct mt_modmap *mm, uint64_t addr)
{
	const struct mt_coredump_mapping *m = mt_modmap_mapping_at(mm, addr);

	return m ? m->module : NULL;
}

struct mt_coredump_module *mt_modmap_exe(const struct mt_modmap *mm)
{
	for (size_t i = 0; i < mm->nmods; i++)
		if (mm->mods[i].is_exe)
			return &mm->mods[i];
	return NULL;
}

const char *mt_coredump_module_name(const struct mt_coredump_module *m)
{
	const char *slash;

	if (!m)
		return "";
	slash = strrchr(m->path, '/');
	return slash ? slash + 1 : m->path;
}

int mt_modmap_link_addr(const struct mt_modmap *mm, const struct mt_coredump_module *mod,
			uint64_t addr, uint64_t *link)
{
	const struct mt_coredump_mapping *m = mt_modmap_mapping_at(mm, addr);

	if (!m || m->module != mod)
		return -1;
	if (loads_link(mod, addr - m->start + m->file_ofs, link) == 0)
		return 0;
	if (mod->elf && mt_elf_offset_to_link(mod->elf, addr - m->start + m->file_ofs, link) == 0)
		return 0;
	if (!mod->has_bias)
		return -1;
	*link = addr - (uint64_t)mod->bias;
	return 0;
}

uint64_t mt_module_runtime_addr(const struct mt_coredump_module *m, uint64_t link)
{
	return m->has_bias ? link + (uint64_t)m->bias : link;
}
