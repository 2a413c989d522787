/* core/elfcore/modfile.c: finding a module's file (its mapped path, the
 * executable's override, the sysroot), checking its build-id against the
 * one in memory, and naming addresses with its symbols. */
#include "core/elfcore/internal.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

#define DELETED " (deleted)"

static char *file_for(const struct mt_modmap *mm, const struct mt_coredump_module *m)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(m->path), k = strlen(DELETED);

	if (m->is_exe && mm->exe)
		return xstrdup(mm->exe);
	if (n > k && strcmp(m->path + n - k, DELETED) == 0)
		n -= k;
	if (mm->sysroot)
		strbuf_puts(&sb, mm->sysroot);
	strbuf_add(&sb, m->path, n);
	return strbuf_detach(&sb);
}

void mt_build_id_hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
}

static int check_build_id(struct mt_coredump_module *m, const char *file)
{
	char want[129], got[129];
	struct mt_error err = { 0 };

	if (!m->build_id_len || !m->file_build_id_len)
		return 0;
	if (m->build_id_len == m->file_build_id_len &&
	    memcmp(m->build_id, m->file_build_id, m->build_id_len) == 0)
		return 0;
	mt_build_id_hex(m->build_id, m->build_id_len, want);
	mt_build_id_hex(m->file_build_id, m->file_build_id_len, got);
	mt_error_set(&err, "%s is not the file that ran: build-id %s, the core wants %s",
		     file, got, want);
	m->elf_error = xstrdup(err.msg);
	m->build_id_mismatch = 1;
	return -1;
}

/* Without the header page in memory, the file's headers give the bias. */
static void loads_from_file(const struct mt_modmap *mm, struct mt_coredump_module *m)
{
	size_t n;
	const struct mt_coredump_load *l = mt_elf_loads(m->elf, &n);
	const struct mt_coredump_mapping *base = mt_modmap_mapping_at(mm, m->base);
	uint64_t link;

	if (m->nloads || !n)
		return;
	free(m->loads);   /* the core's header page held no PT_LOAD */
	m->loads = xcalloc(n, sizeof *m->loads);
	memcpy(m->loads, l, n * sizeof *l);
	m->nloads = n;
	if (!m->has_bias && base && mt_elf_offset_to_link(m->elf, base->file_ofs, &link) == 0)
		mt_module_set_bias(m, link);
}

/* A stripped file's symbols may live in <sysroot>/usr/lib/debug/.build-id/. */
static void open_debug_file(const struct mt_modmap *mm, struct mt_coredump_module *m)
{
	char id[129];
	struct strbuf sb = STRBUF_INIT;
	struct mt_error err = { 0 };

	if (mt_elf_has_symtab(m->elf) || m->file_build_id_len < 2)
		return;
	mt_build_id_hex(m->file_build_id, m->file_build_id_len, id);
	strbuf_printf(&sb, "%s/usr/lib/debug/.build-id/%.2s/%s.debug",
		      mm->sysroot ? mm->sysroot : "", id, id + 2);
	m->debug = mt_elf_open(strbuf_str(&sb), &err);
	if (m->debug) {
		unsigned char bid[64];
		size_t n = mt_elf_build_id(m->debug, bid, sizeof bid);
		if (n != m->file_build_id_len || memcmp(bid, m->file_build_id, n) != 0)
			mt_elf_close(&m->debug);
	}
	strbuf_free(&sb);
}

#define VDSO_MAX (1u << 20)

/* The vDSO's image, copied out of memory. */
static struct mt_elf *open_vdso(const struct mt_modmap *mm, struct mt_coredump_module *m)
{
	struct mt_error err = { 0 };
	size_t n = m->end - m->base > VDSO_MAX ? VDSO_MAX : (size_t)(m->end - m->base);
	void *buf = xmalloc(n ? n : 1);
	struct mt_elf *e;

	n = mm->read(mm->mem, m->base, buf, n);
	e = mt_elf_open_mem(buf, n, &err);
	if (!e)
		m->elf_error = xstrdup(err.msg);
	return e;
}

struct mt_elf *mt_modmap_elf(const struct mt_modmap *mm, struct mt_coredump_module *m)
{
	struct mt_error err = { 0 };
	char *file;

	if (m->elf_tried)
		return m->elf;
	m->elf_tried = 1;
	if (strcmp(m->path, MT_VDSO_PATH) == 0) {
		m->elf = open_vdso(mm, m);
		if (m->elf)
			loads_from_file(mm, m);
		return m->elf;
	}
	if (mm->no_files || (m->path[0] != '/' && !(m->is_exe && mm->exe))) {
		m->elf_error = xstrdup(mm->no_files ? "files are not opened" : "not a file path");
		return NULL;
	}
	file = file_for(mm, m);
	m->elf = mt_elf_open(file, &err);
	if (!m->elf) {
		m->elf_error = xstrdup(err.msg);
		free(file);
		return NULL;
	}
	m->file = file;
	m->file_build_id_len = mt_elf_build_id(m->elf, m->file_build_id, sizeof m->file_build_id);
	if (check_build_id(m, file) < 0) {
		mt_elf_close(&m->elf);
		return NULL;
	}
	loads_from_file(mm, m);
	open_debug_file(mm, m);
	return m->elf;
}

const struct mt_elf_sym *mt_modmap_sym_at(const struct mt_modmap *mm, uint64_t addr,
					  struct mt_coredump_module **mod, uint64_t *off)
{
	struct mt_coredump_module *m = mt_modmap_module_at(mm, addr);
	struct mt_elf *elf = m ? mt_modmap_elf(mm, m) : NULL;
	const struct mt_elf_sym *sym = NULL;
	uint64_t link;

	*mod = m;
	*off = m ? addr - m->base : 0;
	if (!elf || mt_modmap_link_addr(mm, m, addr, &link) != 0)
		return NULL;
	sym = m->debug ? mt_elf_sym_at(m->debug, link) : NULL;
	if (!sym)
		sym = mt_elf_sym_at(elf, link);
	if (sym)
		*off = link - sym->value;
	return sym;
}

size_t mt_modmap_file_read(const struct mt_modmap *mm, uint64_t addr, void *buf, size_t n)
{
	struct mt_coredump_module *m = mt_modmap_module_at(mm, addr);
	struct mt_elf *elf = m ? mt_modmap_elf(mm, m) : NULL;
	uint64_t link;

	if (!elf || mt_modmap_link_addr(mm, m, addr, &link) != 0)
		return 0;
	return mt_elf_read(elf, link, buf, n);
}

struct mt_elf *mt_coredump_module_elf(const struct mt_coredump *c, struct mt_coredump_module *m)
{
	struct mt_modmap mm = mt_coredump_modmap(c);

	return mt_modmap_elf(&mm, m);
}

struct mt_coredump_module *mt_coredump_symbolize(const struct mt_coredump *c, uint64_t addr,
					 char *buf, size_t size, uint64_t *offset)
{
	struct mt_modmap mm = mt_coredump_modmap(c);
	struct mt_coredump_module *m;
	const struct mt_elf_sym *sym = mt_modmap_sym_at(&mm, addr, &m, offset);

	if (size)
		buf[0] = '\0';
	if (sym)
		mt_demangle(sym->name, buf, size);
	return m;
}
