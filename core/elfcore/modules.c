/* core/elfcore/modules.c: the files mapped into the process (NT_FILE),
 * grouped into modules, with their program headers, load bias and build-id
 * read from the ELF header page the kernel dumps for each of them. */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <string.h>

#define PT_LOAD 1
#define PT_NOTE 4
#define PHDRS_MAX 256
#define AT_PHDR 3
#define AT_ENTRY 9
#define AT_SYSINFO_EHDR 33
#define NT_GNU_BUILD_ID 3

static int cmp_map(const void *a, const void *b)
{
	const struct mt_core_mapping *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Flags of the covering segment and bytes held, per mapping. */
static void map_coverage(struct mt_core *c, struct mt_core_mapping *m)
{
	for (uint64_t a = m->start; a < m->end; ) {
		const struct mt_core_segment *s = mt_core_segment_at(c, a);
		if (!s)
			break;
		uint64_t seg_end = s->memsz > UINT64_MAX - s->vaddr ? UINT64_MAX : s->vaddr + s->memsz;
		uint64_t stop = seg_end < m->end ? seg_end : m->end;
		uint64_t held_end = s->vaddr + s->present;
		if (a == m->start)
			m->flags = s->flags;
		if (held_end > a)
			m->present += (held_end < stop ? held_end : stop) - a;
		if (stop <= a)
			break;
		a = stop;
	}
}

static int cmp_index_by_path(const void *a, const void *b, void *ctx)
{
	const struct mt_core *c = ctx;
	const struct mt_core_mapping *x = &c->maps[*(const size_t *)a];
	const struct mt_core_mapping *y = &c->maps[*(const size_t *)b];
	int d = strcmp(x->path, y->path);
	return d ? d : x->start < y->start ? -1 : x->start > y->start;
}

static void group_modules(struct mt_core *c)
{
	size_t *idx = xcalloc(c->nmaps ? c->nmaps : 1, sizeof *idx), n = 0;

	for (size_t i = 0; i < c->nmaps; i++)
		idx[i] = i;
	qsort_r(idx, c->nmaps, sizeof *idx, cmp_index_by_path, c);
	for (size_t i = 0; i < c->nmaps; i++)
		n += i == 0 || strcmp(c->maps[idx[i]].path, c->maps[idx[i - 1]].path) != 0;
	c->mods = xcalloc(n ? n : 1, sizeof *c->mods);
	for (size_t i = 0; i < c->nmaps; i++) {
		struct mt_core_mapping *m = &c->maps[idx[i]];
		if (i == 0 || strcmp(m->path, c->maps[idx[i - 1]].path) != 0) {
			struct mt_core_module *mod = &c->mods[c->nmods++];
			mod->path = m->path;
			mod->base = m->start;
		}
		struct mt_core_module *mod = &c->mods[c->nmods - 1];
		m->module = mod;
		if (m->file_ofs == 0 && (mod->base > m->start || mod->end == 0))
			mod->base = m->start;
		if (m->end > mod->end)
			mod->end = m->end;
	}
	free(idx);
}

static uint64_t auxv_get(const struct mt_core *c, uint64_t type)
{
	for (size_t i = 0; i < c->nauxv; i++)
		if (c->auxv[i].type == type)
			return c->auxv[i].val;
	return 0;
}

static void mark_exe(struct mt_core *c)
{
	struct mt_core_module *m = mt_core_module_at(c, auxv_get(c, AT_ENTRY));

	if (!m)
		m = mt_core_module_at(c, auxv_get(c, AT_PHDR));
	if (!m && c->nmaps)
		m = c->maps[0].module;
	if (m)
		m->is_exe = 1;
}

static void read_build_id(struct mt_core *c, struct mt_core_module *m, uint64_t addr,
			  uint64_t size)
{
	unsigned char buf[4096];
	size_t n = mt_core_read(c, addr, buf, size < sizeof buf ? (size_t)size : sizeof buf);

	for (size_t pos = 0; pos + 12 <= n; ) {
		size_t nsz = get_u32(buf + pos), dsz = get_u32(buf + pos + 4);
		uint32_t type = get_u32(buf + pos + 8);
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
static int loads_link(const struct mt_core_module *m, uint64_t ofs, uint64_t *link)
{
	for (size_t i = 0; i < m->nloads; i++) {
		const struct mt_core_load *l = &m->loads[i];
		if (ofs >= l->offset && ofs - l->offset < (l->filesz ? l->filesz : l->memsz)) {
			*link = l->vaddr + (ofs - l->offset);
			return 0;
		}
	}
	return -1;
}

static void set_bias(struct mt_core_module *m, uint64_t base_link)
{
	m->bias = (int64_t)(m->base - base_link);
	m->has_bias = 1;
}

/* The ELF header and program headers at the module's base, if dumped. */
static void read_header(struct mt_core *c, struct mt_core_module *m)
{
	unsigned char eh[64], ph[56];
	uint64_t phoff, phnum, base_link;

	if (mt_core_read(c, m->base, eh, sizeof eh) != sizeof eh ||
	    memcmp(eh, "\177ELF", 4) != 0 || eh[4] != 2 || get_u16(eh + 54) != 56)
		return;
	phoff = get_u64(eh + 32);
	phnum = get_u16(eh + 56);
	if (phnum > PHDRS_MAX)
		return;
	m->loads = xcalloc(phnum ? phnum : 1, sizeof *m->loads);
	for (uint64_t i = 0; i < phnum; i++) {
		uint64_t at;
		if (add_u64(m->base, phoff + i * 56, &at) < 0 || phoff > UINT32_MAX ||
		    mt_core_read(c, at, ph, sizeof ph) != sizeof ph)
			break;
		if (get_u32(ph) == PT_LOAD) {
			struct mt_core_load *l = &m->loads[m->nloads++];
			l->offset = get_u64(ph + 8);
			l->vaddr = get_u64(ph + 16);
			l->filesz = get_u64(ph + 32);
			l->memsz = get_u64(ph + 40);
		}
	}
	if (loads_link(m, 0, &base_link) == 0)
		set_bias(m, base_link);
	for (uint64_t i = 0; i < phnum && m->has_bias; i++) {
		uint64_t at;
		if (add_u64(m->base, phoff + i * 56, &at) < 0 ||
		    mt_core_read(c, at, ph, sizeof ph) != sizeof ph)
			break;
		if (get_u32(ph) == PT_NOTE && !m->build_id_len)
			read_build_id(c, m, get_u64(ph + 16) + (uint64_t)m->bias, get_u64(ph + 32));
	}
}

/* The vDSO is no file, so NT_FILE leaves it out; its ELF image is in the
 * core (the kernel always dumps it). A mapping named MT_VDSO_PATH makes it
 * a module like the others, opened from memory. */
static void add_vdso(struct mt_core *c)
{
	uint64_t at = auxv_get(c, AT_SYSINFO_EHDR);
	const struct mt_core_segment *s = mt_core_segment_at(c, at);
	unsigned char magic[4];

	if (!s || mt_core_read(c, at, magic, 4) != 4 || memcmp(magic, "\177ELF", 4) != 0 ||
	    mt_core_mapping_at(c, at) || c->nmaps >= MT_CORE_MAX_MAPPINGS)
		return;
	c->maps = xreallocarray(c->maps, c->nmaps + 1, sizeof *c->maps);
	c->maps[c->nmaps++] = (struct mt_core_mapping){
		.start = at, .end = s->vaddr + s->memsz, .path = MT_VDSO_PATH };
}

void mt_core_build_modules(struct mt_core *c)
{
	if (c->nmaps)
		qsort(c->maps, c->nmaps, sizeof *c->maps, cmp_map);
	add_vdso(c);
	if (c->nmaps)
		qsort(c->maps, c->nmaps, sizeof *c->maps, cmp_map);
	for (size_t i = 0; i < c->nmaps; i++)
		map_coverage(c, &c->maps[i]);
	group_modules(c);
	mark_exe(c);
	for (size_t i = 0; i < c->nmods; i++)
		read_header(c, &c->mods[i]);
}

int mt_core_link_addr(const struct mt_core *c, const struct mt_core_module *mod,
		      uint64_t addr, uint64_t *link)
{
	const struct mt_core_mapping *m = mt_core_mapping_at(c, addr);

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
