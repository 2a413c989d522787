/* core/elfcore/linkmap.c: the libraries of a core without NT_FILE, from
 * the dynamic linker's list in the process's memory, as elfutils' libdwfl
 * reads it (libdwfl/link_map.c) but with the files found under --sysroot
 * (elfutils 0.188 opens the paths as they are, the host's files).
 *
 * The executable's PT_DYNAMIC (its file's program headers at the bias
 * AT_ENTRY gave) holds DT_DEBUG, the address of `struct r_debug` once the
 * dynamic linker has run; its r_map heads the list of `struct link_map`
 * { l_addr, l_name, l_ld, l_next, l_prev }, every field a word. Each named
 * entry's file is mapped at l_addr by its PT_LOADs. Reads are bounded: the
 * list by a count and a visited check, strings by their buffer. */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DT_NULL 0
#define DT_DEBUG 21
#define DYN_MAX 4096
#define LINKS_MAX 4096

/* The runtime address of the executable's dynamic section, 0 if none. */
static uint64_t dynamic_of(const struct mt_coredump *c, struct mt_coredump_module *exe)
{
	struct mt_elf *e = mt_coredump_module_elf(c, exe);
	GElf_Phdr ph;
	size_t n = 0;

	if (!e || !exe->has_bias || elf_getphdrnum(mt_elf_handle(e), &n) != 0)
		return 0;
	for (size_t i = 0; i < n && i < 256; i++)
		if (gelf_getphdr(mt_elf_handle(e), (int)i, &ph) && ph.p_type == PT_DYNAMIC)
			return ph.p_vaddr + (uint64_t)exe->bias;
	return 0;
}

/* DT_DEBUG's value: where struct r_debug is; 0 if not set. */
static uint64_t r_debug_of(const struct mt_coredump *c, uint64_t dyn)
{
	uint64_t w = (uint64_t)c->wordsize, tag, val;

	for (uint64_t i = 0; dyn && i < DYN_MAX; i++) {
		if (mt_coredump_read_word(c, dyn + i * 2 * w, &tag) < 0 ||
		    mt_coredump_read_word(c, dyn + i * 2 * w + w, &val) < 0 || tag == DT_NULL)
			return 0;
		if (tag == DT_DEBUG)
			return val;
	}
	return 0;
}

struct found {
	struct mt_coredump_mapping *maps;  /* grown; handed to the core */
	size_t n;
};

/* The file of one link-map entry, mapped at l_addr by its PT_LOADs. */
static void map_library(struct mt_coredump *c, const char *name, uint64_t l_addr,
			struct found *f)
{
	struct strbuf sb = STRBUF_INIT;
	struct mt_error err = { 0 };
	const struct mt_coredump_load *l;
	struct mt_elf *e;
	size_t n;

	if (c->sysroot)
		strbuf_puts(&sb, c->sysroot);
	strbuf_puts(&sb, name);
	e = mt_elf_open(strbuf_str(&sb), &err);
	if (!e) {
		strbuf_free(&sb);
		return;
	}
	l = mt_elf_loads(e, &n);
	/* libdwfl found it already (its own reading of the list, or memory). */
	for (size_t i = 0; i < n; i++)
		if (l[i].memsz && mt_coredump_mapping_at(c, l[i].vaddr + l_addr)) {
			mt_elf_close(&e);
			strbuf_free(&sb);
			return;
		}
	c->linkmap_names = xreallocarray(c->linkmap_names, c->nlinkmap_names + 1,
					 sizeof *c->linkmap_names);
	c->linkmap_names[c->nlinkmap_names++] = xstrdup(name);
	for (size_t i = 0; i < n && f->n < MT_COREDUMP_MAX_MAPPINGS; i++) {
		uint64_t at = l[i].vaddr + l_addr, skew = at % 4096;
		if (l[i].memsz == 0 || l[i].offset < skew || at + l[i].memsz < at)
			continue;
		f->maps = xreallocarray(f->maps, f->n + 1, sizeof *f->maps);
		f->maps[f->n++] = (struct mt_coredump_mapping){ .start = at - skew,
			.end = at + l[i].memsz, .file_ofs = l[i].offset - skew,
			.path = c->linkmap_names[c->nlinkmap_names - 1] };
	}
	mt_elf_close(&e);
	mt_coredump_dwfl_report(c, strbuf_str(&sb), l_addr);
	strbuf_free(&sb);
}

/* Walk r_map; returns how many files were mapped. */
static size_t walk_links(struct mt_coredump *c, uint64_t r_debug, struct found *f)
{
	uint64_t w = (uint64_t)c->wordsize, link, seen[64];
	size_t mapped = 0, nseen = 0;
	char name[4096];

	/* r_debug { int r_version; struct link_map *r_map; ... }: r_map is
	 * the next word. */
	if (mt_coredump_read_word(c, r_debug + w, &link) < 0)
		return 0;
	for (size_t i = 0; link && i < LINKS_MAX; i++) {
		uint64_t l_addr, l_name, next;
		for (size_t k = 0; k < nseen; k++)
			if (seen[k] == link)
				return mapped;
		if (nseen < sizeof seen / sizeof *seen)
			seen[nseen++] = link;
		if (mt_coredump_read_word(c, link, &l_addr) < 0 ||
		    mt_coredump_read_word(c, link + w, &l_name) < 0 ||
		    mt_coredump_read_word(c, link + 3 * w, &next) < 0)
			break;
		if (!(l_name && mt_coredump_read_str(c, l_name, name, sizeof name) > 0) &&
		    l_addr && l_addr == c->interp_base && c->interp)
			snprintf(name, sizeof name, "%s", c->interp);   /* ld.so's own name
									   is in its .rodata */
		else if (!l_name || mt_coredump_read_str(c, l_name, name, sizeof name) <= 0)
			name[0] = '\0';
		if (name[0] == '/') {
			size_t before = f->n;
			map_library(c, name, l_addr, f);
			mapped += f->n > before;
		}
		link = next;
	}
	return mapped;
}

/* The exe's PT_INTERP: the dynamic linker's path, into c->interp. */
static void interp_of(struct mt_coredump *c, struct mt_coredump_module *exe)
{
	struct mt_elf *e = mt_coredump_module_elf(c, exe);
	GElf_Phdr ph;
	size_t n = 0;
	char path[4096];

	if (!e || elf_getphdrnum(mt_elf_handle(e), &n) != 0)
		return;
	for (size_t i = 0; i < n && i < 256; i++)
		if (gelf_getphdr(mt_elf_handle(e), (int)i, &ph) && ph.p_type == PT_INTERP &&
		    ph.p_filesz > 1 && ph.p_filesz <= sizeof path &&
		    mt_elf_read(e, ph.p_vaddr, path, ph.p_filesz) == ph.p_filesz) {
			path[ph.p_filesz - 1] = '\0';
			free(c->interp);
			c->interp = xstrdup(path);
		}
	for (size_t i = 0; i < c->nauxv; i++)
		if (c->auxv[i].type == 7)   /* AT_BASE */
			c->interp_base = c->auxv[i].val;
}

int mt_coredump_libraries_from_link_map(struct mt_coredump *c)
{
	struct mt_coredump_module *exe = mt_coredump_exe(c);
	uint64_t r_debug = exe ? r_debug_of(c, dynamic_of(c, exe)) : 0;
	struct found f = { 0 };

	if (exe)
		interp_of(c, exe);
	if (!r_debug || c->no_files || walk_links(c, r_debug, &f) == 0) {
		free(f.maps);
		return -1;
	}
	c->maps = xreallocarray(c->maps, c->nmaps + f.n, sizeof *c->maps);
	memcpy(c->maps + c->nmaps, f.maps, f.n * sizeof *f.maps);
	c->nmaps += f.n;
	free(f.maps);
	return 0;
}
