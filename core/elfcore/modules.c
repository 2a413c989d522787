/* core/elfcore/modules.c: the core's module map (modmap.h): NT_FILE's
 * mappings with the vDSO added, what the core holds of each, the
 * executable found by the auxiliary vector; and the core's calls into it. */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define AT_PHDR 3
#define AT_ENTRY 9
#define AT_SYSINFO_EHDR 33

/* Flags of the covering segment and bytes held, per mapping. */
static void map_coverage(struct mt_coredump *c, struct mt_coredump_mapping *m)
{
	for (uint64_t a = m->start; a < m->end; ) {
		const struct mt_coredump_segment *s = mt_coredump_segment_at(c, a);
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

static uint64_t auxv_get(const struct mt_coredump *c, uint64_t type)
{
	for (size_t i = 0; i < c->nauxv; i++)
		if (c->auxv[i].type == type)
			return c->auxv[i].val;
	return 0;
}

static void mark_exe(struct mt_coredump *c)
{
	struct mt_coredump_module *m = mt_coredump_module_at(c, auxv_get(c, AT_ENTRY));

	if (!m)
		m = mt_coredump_module_at(c, auxv_get(c, AT_PHDR));
	if (!m && c->nmaps)
		m = c->maps[0].module;
	if (m)
		m->is_exe = 1;
}

/* The vDSO is no file, so NT_FILE leaves it out; its ELF image is in the
 * core (the kernel always dumps it). A mapping named MT_VDSO_PATH makes it
 * a module like the others, opened from memory. */
static void add_vdso(struct mt_coredump *c)
{
	uint64_t at = auxv_get(c, AT_SYSINFO_EHDR);
	const struct mt_coredump_segment *s = mt_coredump_segment_at(c, at);
	unsigned char magic[4];

	if (!s || mt_coredump_read(c, at, magic, 4) != 4 || memcmp(magic, "\177ELF", 4) != 0 ||
	    mt_coredump_mapping_at(c, at) || c->nmaps >= MT_COREDUMP_MAX_MAPPINGS)
		return;
	c->maps = xreallocarray(c->maps, c->nmaps + 1, sizeof *c->maps);
	c->maps[c->nmaps++] = (struct mt_coredump_mapping){
		.start = at, .end = s->vaddr + s->memsz, .path = MT_VDSO_PATH };
}

static size_t core_mem(const void *c, uint64_t addr, void *buf, size_t n)
{
	return mt_coredump_read(c, addr, buf, n);
}

struct mt_modmap mt_coredump_modmap(const struct mt_coredump *c)
{
	return (struct mt_modmap){
		.maps = c->maps, .nmaps = c->nmaps, .mods = c->mods, .nmods = c->nmods,
		.read = core_mem, .mem = c, .exe = c->exe, .sysroot = c->sysroot,
		.no_files = c->no_files,
	};
}

void mt_coredump_build_modules(struct mt_coredump *c)
{
	struct mt_modmap mm = mt_coredump_modmap(c);

	mt_modmap_sort(&mm);
	add_vdso(c);
	mm = mt_coredump_modmap(c);
	mt_modmap_sort(&mm);
	for (size_t i = 0; i < c->nmaps; i++)
		map_coverage(c, &c->maps[i]);
	mt_modmap_group(&mm);
	c->mods = mm.mods;
	c->nmods = mm.nmods;
	mark_exe(c);
	mt_modmap_read_headers(&mm);
}

static void clear_modules(struct mt_coredump *c)
{
	for (size_t i = 0; i < c->nmods; i++)
		mt_module_clear(&c->mods[i]);
	free(c->mods);
	c->mods = NULL;
	c->nmods = 0;
}

/* Each module's mapping, one per PT_LOAD of its header in memory (the
 * file offset of each known, as NT_FILE would have given it); a module
 * whose header is not in the core keeps its one mapping. */
static void split_by_loads(struct mt_coredump *c)
{
	struct mt_coredump_mapping *maps = NULL;
	size_t n = 0;

	for (size_t i = 0; i < c->nmaps; i++) {
		const struct mt_coredump_module *m = c->maps[i].module;
		size_t k = m && m->has_bias ? m->nloads : 0;
		maps = xreallocarray(maps, n + (k ? k : 1), sizeof *maps);
		if (!k || m->base != c->maps[i].start) {
			maps[n] = c->maps[i];
			maps[n++].module = NULL;
			continue;
		}
		for (size_t j = 0; j < k; j++) {
			const struct mt_coredump_load *l = &m->loads[j];
			uint64_t at = l->vaddr + (uint64_t)m->bias, skew = at % 4096;
			if (l->memsz == 0 || l->offset < skew || at + l->memsz < at)
				continue;
			maps[n++] = (struct mt_coredump_mapping){ .start = at - skew,
				.end = at + l->memsz, .file_ofs = l->offset - skew,
				.path = c->maps[i].path };
		}
	}
	free(c->maps);
	c->maps = maps;
	c->nmaps = n;
}

static void rebuild_modules(struct mt_coredump *c)
{
	clear_modules(c);
	for (size_t i = 0; i < c->nmaps; i++) {
		c->maps[i].present = c->maps[i].flags = 0;
		c->maps[i].module = NULL;
	}
	mt_coredump_build_modules(c);
}

void mt_coredump_modules_from_dwfl(struct mt_coredump *c)
{
	if (mt_coredump_dwfl_modules(c) < 0)
		return;
	c->modules_from_dwfl = 1;
	clear_modules(c);
	mt_coredump_build_modules(c);
	split_by_loads(c);
	clear_modules(c);
	for (size_t i = 0; i < c->nmaps; i++)
		c->maps[i].present = c->maps[i].flags = 0;
	mt_coredump_build_modules(c);
}

char *mt_coredump_exe_file(const struct mt_coredump *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->exe)
		return xstrdup(c->exe);
	if (!c->execfn || c->execfn[0] != '/' || c->no_files)
		return NULL;
	if (c->sysroot)
		strbuf_puts(&sb, c->sysroot);
	strbuf_puts(&sb, c->execfn);
	if (access(strbuf_str(&sb), R_OK) == 0)
		return strbuf_detach(&sb);
	strbuf_free(&sb);
	return NULL;
}

/* Where the process loaded the executable's file: AT_ENTRY - e_entry, else
 * AT_PHDR - the link address of its program headers (PT_PHDR); -1 if
 * neither is known. */
static int exe_bias(const struct mt_coredump *c, struct mt_elf *e, uint64_t *bias)
{
	uint64_t at_entry = auxv_get(c, AT_ENTRY), at_phdr = auxv_get(c, AT_PHDR);
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t n = 0;

	if (!gelf_getehdr(mt_elf_handle(e), &eh))
		return -1;
	if (at_entry && eh.e_entry) {
		*bias = at_entry - eh.e_entry;
		return 0;
	}
	if (!at_phdr || elf_getphdrnum(mt_elf_handle(e), &n) != 0)
		return -1;
	for (size_t i = 0; i < n && i < 256; i++)
		if (gelf_getphdr(mt_elf_handle(e), (int)i, &ph) && ph.p_type == PT_PHDR) {
			*bias = at_phdr - ph.p_vaddr;
			return 0;
		}
	return -1;
}

void mt_coredump_exe_from_auxv(struct mt_coredump *c, const char *exe)
{
	uint64_t at = auxv_get(c, AT_ENTRY) ? auxv_get(c, AT_ENTRY) : auxv_get(c, AT_PHDR), bias;
	struct mt_error err = { 0 };
	const struct mt_coredump_load *l;
	struct mt_elf *e;
	size_t n, added = 0;

	if (!at || mt_coredump_module_at(c, at) || c->no_files || !(e = mt_elf_open(exe, &err)))
		return;
	if (exe_bias(c, e, &bias) < 0) {
		mt_elf_close(&e);
		return;
	}
	l = mt_elf_loads(e, &n);
	free(c->exe_found);
	c->exe_found = xstrdup(exe);
	c->maps = xreallocarray(c->maps, c->nmaps + n + 1, sizeof *c->maps);
	for (size_t i = 0; i < n; i++) {
		uint64_t start = l[i].vaddr + bias, skew = start % 4096;
		if (l[i].memsz == 0 || l[i].offset < skew || start + l[i].memsz < start)
			continue;
		c->maps[c->nmaps++] = (struct mt_coredump_mapping){ .start = start - skew,
			.end = start + l[i].memsz, .file_ofs = l[i].offset - skew,
			.path = c->exe_found };
		added++;
	}
	mt_elf_close(&e);
	if (!added)
		return;
	rebuild_modules(c);
	mt_coredump_dwfl_report(c, exe, bias);
}

void mt_coredump_modules_without_nt_file(struct mt_coredump *c)
{
	char *exe = mt_coredump_exe_file(c);

	if (mt_coredump_dwfl_open(c, exe) == 0)
		mt_coredump_modules_from_dwfl(c);
	if (exe)
		mt_coredump_exe_from_auxv(c, exe);
	if (mt_coredump_libraries_from_link_map(c) == 0)
		rebuild_modules(c);
	free(exe);
}

int mt_coredump_link_addr(const struct mt_coredump *c, const struct mt_coredump_module *mod,
		      uint64_t addr, uint64_t *link)
{
	struct mt_modmap mm = mt_coredump_modmap(c);

	return mt_modmap_link_addr(&mm, mod, addr, link);
}
