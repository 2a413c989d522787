/* core/elfcore/elffile.c: a module's ELF file through libelf: its symbols
 * (.symtab and .dynsym merged, by address and by name), build-id, program
 * headers and bytes at link addresses. The file is mapped by libelf; names
 * point into that mapping and live as long as the mt_elf. */
#include "core/bsearch.h"
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <string.h>
#include <unistd.h>

#define SYMS_MAX (8u << 20)

struct mt_elf {
	int fd;                       /* owned, -1 for an image in memory */
	void *mem;                    /* owned: the image in memory, or NULL */
	Elf *elf;                     /* owned */
	const unsigned char *raw;     /* borrowed from elf: the file image */
	size_t raw_len;
	struct mt_elf_sym *syms;      /* owned, sorted by value */
	size_t nsyms;
	int has_symtab;
	uint64_t code_bit0;           /* 1 on 32-bit ARM: bit 0 of a function's
					 address says Thumb, not where it is */
	struct mt_coredump_load *loads;   /* owned: PT_LOADs */
	size_t nloads;
	unsigned char build_id[64];
	size_t build_id_len;
};

static int keep_sym(const GElf_Sym *s)
{
	int type = GELF_ST_TYPE(s->st_info);

	return s->st_shndx != SHN_UNDEF && s->st_shndx != SHN_ABS && s->st_value != 0 &&
	       (type == STT_FUNC || type == STT_OBJECT || type == STT_GNU_IFUNC ||
		(type == STT_NOTYPE && s->st_size > 0));
}

/* One symbol table. A 64-bit file's table is read in place (libelf gives
 * it in the host's byte order), names straight from its string table:
 * node's 150,000 symbols are read on every open of a node core. */
static void read_symtab(struct mt_elf *e, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	Elf_Data *sd = elf_getdata(elf_getscn(e->elf, sh->sh_link), NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
	int in_place = gelf_getclass(e->elf) == ELFCLASS64 && sh->sh_entsize == sizeof(Elf64_Sym) &&
		       d && d->d_type == ELF_T_SYM;

	if (!d || !sd || !sd->d_buf)
		return;
	if (in_place && n > d->d_size / sizeof(Elf64_Sym))
		n = d->d_size / sizeof(Elf64_Sym);
	for (size_t i = 0; i < n && e->nsyms < SYMS_MAX; i++) {
		GElf_Sym s;
		if (in_place)
			memcpy(&s, (const Elf64_Sym *)d->d_buf + i, sizeof s);
		else if (!gelf_getsym(d, (int)i, &s))
			continue;
		if (!keep_sym(&s) || s.st_name >= sd->d_size)
			continue;
		const char *name = (const char *)sd->d_buf + s.st_name;
		size_t len = strnlen(name, sd->d_size - s.st_name);
		if (!len || len == sd->d_size - s.st_name || len > UINT32_MAX)
			continue;  /* empty, or not ended inside the table */
		if (e->nsyms % 4096 == 0)
			e->syms = xreallocarray(e->syms, e->nsyms + 4096, sizeof *e->syms);
		e->syms[e->nsyms++] = (struct mt_elf_sym){
			.name = name, .name_len = (uint32_t)len, .value = s.st_value & ~e->code_bit0,
			.size = s.st_size, .type = (unsigned char)GELF_ST_TYPE(s.st_info),
			.bind = (unsigned char)GELF_ST_BIND(s.st_info),
		};
	}
}

static void read_note_section(struct mt_elf *e, Elf_Scn *scn)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Nhdr nh;
	size_t off = 0, name_off, desc_off;

	while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    memcmp((char *)d->d_buf + name_off, "GNU", 4) == 0 &&
		    nh.n_descsz <= sizeof e->build_id && !e->build_id_len) {
			memcpy(e->build_id, (char *)d->d_buf + desc_off, nh.n_descsz);
			e->build_id_len = nh.n_descsz;
		}
	}
}

/* At one address, the preferred symbol first: a sized function, then a
 * global, then the plainest name ("raise" before "gsignal", "abort"
 * before "__GI_abort"). */
static int cmp_alias(const struct mt_elf_sym *x, const struct mt_elf_sym *y)
{
	if ((x->type == STT_FUNC) != (y->type == STT_FUNC))
		return x->type == STT_FUNC ? -1 : 1;
	if ((x->bind == STB_GLOBAL) != (y->bind == STB_GLOBAL))
		return x->bind == STB_GLOBAL ? -1 : 1;
	size_t ux = strspn(x->name, "_"), uy = strspn(y->name, "_");
	if (ux != uy)
		return ux < uy ? -1 : 1;
	if (x->name_len != y->name_len)
		return x->name_len < y->name_len ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int cmp_alias_q(const void *a, const void *b)
{
	int c = cmp_alias(a, b);

	/* equal in every way: keep the order the stable radix sort gave */
	return c ? c : ((const struct mt_elf_sym *)a)->name < ((const struct mt_elf_sym *)b)->name ?
		-1 : ((const struct mt_elf_sym *)a)->name > ((const struct mt_elf_sym *)b)->name;
}

/* syms by value, stably: a radix sort of (value, index) by bytes, a pass
 * skipped where every value has the same byte. */
static void sort_by_value(struct mt_elf_sym *syms, size_t n)
{
	struct key { uint64_t value; size_t i; } *a = xcalloc(n, sizeof *a), *b = xcalloc(n, sizeof *b);
	size_t count[256];

	for (size_t i = 0; i < n; i++)
		a[i] = (struct key){ syms[i].value, i };
	for (int shift = 0; shift < 64; shift += 8) {
		memset(count, 0, sizeof count);
		for (size_t i = 0; i < n; i++)
			count[a[i].value >> shift & 0xff]++;
		if (count[a[0].value >> shift & 0xff] == n)
			continue;
		for (size_t k = 0, at = 0; k < 256; k++) {
			size_t c = count[k];
			count[k] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[a[i].value >> shift & 0xff]++] = a[i];
		struct key *t = a;
		a = b;
		b = t;
	}
	struct mt_elf_sym *sorted = xreallocarray(NULL, n, sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		sorted[i] = syms[a[i].i];
	memcpy(syms, sorted, n * sizeof *syms);
	free(sorted);
	free(a);
	free(b);
}

/* Symbols by address, aliases in the order cmp_alias gives, and each
 * (address, name) once: .symtab and .dynsym overlap. */
static void index_syms(struct mt_elf *e)
{
	size_t out = 0;

	if (!e->nsyms)
		return;
	sort_by_value(e->syms, e->nsyms);
	for (size_t lo = 0, hi; lo < e->nsyms; lo = hi) {  /* each run of aliases */
		for (hi = lo + 1; hi < e->nsyms && e->syms[hi].value == e->syms[lo].value; hi++)
			;
		if (hi - lo > 1)
			qsort(e->syms + lo, hi - lo, sizeof *e->syms, cmp_alias_q);
	}
	for (size_t i = 0; i < e->nsyms; i++)
		if (out == 0 || e->syms[i].value != e->syms[out - 1].value ||
		    e->syms[i].name_len != e->syms[out - 1].name_len ||
		    memcmp(e->syms[i].name, e->syms[out - 1].name, e->syms[i].name_len) != 0)
			e->syms[out++] = e->syms[i];
	e->nsyms = out;
}

static void read_sections(struct mt_elf *e)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Ehdr eh;

	if (gelf_getehdr(e->elf, &eh) && eh.e_machine == EM_ARM)
		e->code_bit0 = 1;

	Elf_Scn *symtab = NULL, *dynsym = NULL;
	GElf_Shdr symtab_sh, dynsym_sh;

	while ((scn = elf_nextscn(e->elf, scn)) != NULL) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && !symtab) {
			symtab = scn;
			symtab_sh = sh;
		}
		if (sh.sh_type == SHT_DYNSYM && !dynsym) {
			dynsym = scn;
			dynsym_sh = sh;
		}
		if (sh.sh_type == SHT_NOTE)
			read_note_section(e, scn);
	}
	/* .symtab holds what .dynsym does (node: 150,000 symbols, half of them
	 * in both): .dynsym alone only when the file is stripped. */
	e->has_symtab = symtab != NULL;
	if (symtab)
		read_symtab(e, symtab, &symtab_sh);
	if (!e->nsyms && dynsym)  /* none, or a .symtab with nothing kept */
		read_symtab(e, dynsym, &dynsym_sh);
	index_syms(e);
}

static void read_loads(struct mt_elf *e)
{
	size_t n = 0;
	GElf_Phdr ph;

	if (elf_getphdrnum(e->elf, &n) != 0 || n > 4096)
		return;
	e->loads = xcalloc(n ? n : 1, sizeof *e->loads);
	for (size_t i = 0; i < n; i++)
		if (gelf_getphdr(e->elf, (int)i, &ph) && ph.p_type == PT_LOAD)
			e->loads[e->nloads++] = (struct mt_coredump_load){
				ph.p_offset, ph.p_vaddr, ph.p_filesz, ph.p_memsz };
}

static int is_elf(const struct mt_elf *e)
{
	return e->elf && elf_kind(e->elf) == ELF_K_ELF && gelf_getclass(e->elf) != ELFCLASSNONE;
}

/* The file's image, program headers, symbols and notes; returns e. */
static struct mt_elf *read_all(struct mt_elf *e)
{
	e->raw = (const unsigned char *)elf_rawfile(e->elf, &e->raw_len);
	read_loads(e);
	read_sections(e);
	return e;
}

struct mt_elf *mt_elf_open(const char *path, struct mt_error *err)
{
	struct mt_elf *e = xcalloc(1, sizeof *e);

	elf_version(EV_CURRENT);
	e->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (e->fd < 0) {
		mt_error_set(err, "%s: cannot open: %s", path, strerror(errno));
		free(e);
		return NULL;
	}
	e->elf = elf_begin(e->fd, ELF_C_READ_MMAP, NULL);
	if (!is_elf(e)) {
		mt_error_set(err, "%s: not an ELF file%s%s", path, e->elf ? "" : ": ",
			     e->elf ? "" : elf_errmsg(-1));
		mt_elf_close(&e);
		return NULL;
	}
	return read_all(e);
}

struct mt_elf *mt_elf_open_mem(void *buf, size_t n, struct mt_error *err)
{
	struct mt_elf *e = xcalloc(1, sizeof *e);

	elf_version(EV_CURRENT);
	e->fd = -1;
	e->mem = buf;
	e->elf = elf_memory(buf, n);
	if (!is_elf(e)) {
		mt_error_set(err, "the image in memory is not an ELF file");
		mt_elf_close(&e);
		return NULL;
	}
	return read_all(e);
}

void mt_elf_close(struct mt_elf **ep)
{
	struct mt_elf *e = *ep;

	if (!e)
		return;
	if (e->elf)
		elf_end(e->elf);
	if (e->fd >= 0)
		close(e->fd);
	free(e->syms);
	free(e->loads);
	free(e->mem);
	free(e);
	*ep = NULL;
}

void *mt_elf_handle(const struct mt_elf *e)
{
	return e->elf;
}

size_t mt_elf_build_id(const struct mt_elf *e, unsigned char *out, size_t max)
{
	size_t n = e->build_id_len < max ? e->build_id_len : max;

	memcpy(out, e->build_id, n);
	return n;
}

int mt_elf_offset_to_link(const struct mt_elf *e, uint64_t ofs, uint64_t *link)
{
	for (size_t i = 0; i < e->nloads; i++)
		if (ofs >= e->loads[i].offset && ofs - e->loads[i].offset < e->loads[i].filesz) {
			*link = e->loads[i].vaddr + (ofs - e->loads[i].offset);
			return 0;
		}
	return -1;
}

const struct mt_coredump_load *mt_elf_loads(const struct mt_elf *e, size_t *n)
{
	*n = e->nloads;
	return e->loads;
}

size_t mt_elf_read(const struct mt_elf *e, uint64_t link, void *buf, size_t n)
{
	for (size_t i = 0; i < e->nloads; i++) {
		const struct mt_coredump_load *l = &e->loads[i];
		if (link < l->vaddr || link - l->vaddr >= l->filesz)
			continue;
		uint64_t ofs = l->offset + (link - l->vaddr), have = l->filesz - (link - l->vaddr);
		if (ofs >= e->raw_len || !e->raw)
			return 0;
		if (have > e->raw_len - ofs)
			have = e->raw_len - ofs;
		if (n > have)
			n = (size_t)have;
		memcpy(buf, e->raw + ofs, n);
		return n;
	}
	return 0;
}

size_t mt_elf_nsyms(const struct mt_elf *e)
{
	return e->nsyms;
}

const struct mt_elf_sym *mt_elf_sym(const struct mt_elf *e, size_t i)
{
	return i < e->nsyms ? &e->syms[i] : NULL;
}

int mt_elf_has_symtab(const struct mt_elf *e)
{
	return e->has_symtab;
}

const struct mt_elf_sym *mt_elf_sym_at(const struct mt_elf *e, uint64_t link)
{
	size_t lo = MT_UPPER_BOUND(e->syms, e->nsyms, value, link);

	/* The nearest symbols below: the first that contains link wins; a
	 * size-0 symbol right below counts (hand-written assembly). */
	for (size_t i = lo, tries = 0; i-- > 0 && tries < 64; tries++) {
		const struct mt_elf_sym *s = &e->syms[i];
		if (link - s->value >= s->size && !(s->size == 0 && tries == 0))
			continue;
		/* Aliases at the same address: the preferred one sorts first. */
		while (i > 0 && e->syms[i - 1].value == s->value &&
		       (e->syms[i - 1].size > link - s->value || s->size == 0))
			s = &e->syms[--i];
		return s;
	}
	return NULL;
}

/* Lookups by name are few (V8's metadata, a handful of globals), so the
 * symbols are scanned, length first, rather than kept sorted by name. */
const struct mt_elf_sym *mt_elf_sym_named(const struct mt_elf *e, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < e->nsyms; i++)
		if (e->syms[i].name_len == len && memcmp(e->syms[i].name, name, len) == 0)
			return &e->syms[i];
	return NULL;
}

static int cmp_sym_name(const void *a, const void *b)
{
	const struct mt_elf_sym *const *x = a, *const *y = b;

	int c = strcmp((*x)->name, (*y)->name);

	return c ? c : (*x < *y ? -1 : *x > *y);  /* equal names: by address */
}

size_t mt_elf_syms_prefixed(const struct mt_elf *e, const char *prefix,
			    const struct mt_elf_sym ***out)
{
	size_t len = strlen(prefix), n = 0;

	*out = NULL;
	for (size_t i = 0; i < e->nsyms; i++) {
		if (e->syms[i].name_len < len || memcmp(e->syms[i].name, prefix, len) != 0)
			continue;
		if (n % 256 == 0)
			*out = xreallocarray(*out, n + 256, sizeof **out);
		(*out)[n++] = &e->syms[i];
	}
	if (n)
		qsort(*out, n, sizeof **out, cmp_sym_name);
	return n;
}

/* The TLS symbol name in one symbol table: its value, or -1. */
static int tls_in(const struct mt_elf *e, Elf_Scn *scn, const GElf_Shdr *sh, const char *name,
		  uint64_t *value)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

	for (size_t i = 0; d && i < n && i < SYMS_MAX; i++) {
		GElf_Sym s;
		const char *sn;
		if (!gelf_getsym(d, (int)i, &s) || GELF_ST_TYPE(s.st_info) != STT_TLS)
			continue;
		sn = elf_strptr(e->elf, sh->sh_link, s.st_name);
		if (sn && strcmp(sn, name) == 0) {
			*value = s.st_value;
			return 0;
		}
	}
	return -1;
}

int mt_elf_tls_symbol(const struct mt_elf *e, const char *name, uint64_t *offset,
		      uint64_t *block)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Phdr ph;
	size_t n = 0;
	int found = -1;

	*block = 0;
	if (elf_getphdrnum(e->elf, &n) != 0 || n > 4096)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (gelf_getphdr(e->elf, (int)i, &ph) && ph.p_type == PT_TLS) {
			uint64_t al = ph.p_align > 8 ? ph.p_align : 8;
			*block = (ph.p_memsz + al - 1) / al * al;
		}
	while (*block && found < 0 && (scn = elf_nextscn(e->elf, scn)) != NULL)
		if (gelf_getshdr(scn, &sh) && (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM))
			found = tls_in(e, scn, &sh, name, offset);
	return found;
}
