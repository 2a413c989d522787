/* tests/fuzz/fuzz_v8heap.c: libFuzzer target for the JavaScript heap walk
 * of a node core (core/v8heap): pages, the isolate and its roots, malloc
 * chunks, the walk and its size rules, marking, names, properties, edges
 * and the model built from them must neither crash nor hang on any bytes.
 *
 * The input is the memory of one node process, cut from a core:
 *
 *   u64 fs_base, u64 rsp          of its one thread
 *   then, until the input ends:
 *   u64 vaddr, u32 size, u32 flags, size bytes
 *                                 one PT_LOAD: flags & 7 are its PF_X,
 *                                 PF_W, PF_R; flags >> 8 are 4 KiB pages
 *                                 the core says it holds past the bytes
 *                                 (a core cut short)
 *
 * Each input becomes an ELF core in memory (NT_PRSTATUS with both
 * registers, NT_FILE mapping node where node 20 maps it, a PT_LOAD per
 * segment), in a buffer of its exact size so that ASan sees a read past
 * its end, opened as mt_coredump_open does minus the unwinding.
 *
 * V8's metadata comes from a stand-in for the node binary, an ELF file
 * written once into a memfd with only what core/jsframes and core/v8heap
 * look up (v8heap-node.h: the v8dbg_* values, V8's version, the spaces'
 * vtables, the TLS slot of the current isolate), made from the binary the
 * seeds' core came from. So a run takes tens of milliseconds, not the
 * second that reading node's 100 MB of symbols takes under ASan, and the
 * seeds (tests/fuzz/corpus/v8heap/, made by tests/fuzz/
 * make-v8heap-seeds.js) reach the walk on a machine with any node or none.
 * As with a real core, values the input holds at their addresses (node's
 * .data; the seed "metadata" has them) come before the binary's, so
 * mutations reach hostile metadata too.
 *
 *   MORTEM_FUZZ_NODE=/usr/bin/node   use that binary instead of the stand-in
 *   MORTEM_FUZZ_VERBOSE=1            say on stderr what each walk found
 */
#include "core/elfcore/internal.h"
#include "core/heap/heap.h"
#include "core/strbuf.h"
#include "core/v8heap/v8heap.h"
#include "core/xalloc.h"

#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct node_value {          /* a data symbol and its bytes (little-endian) */
	const char *name;
	uint64_t addr;
	unsigned size;
	uint64_t bytes;
};
struct node_symbol {         /* a symbol whose address is all that is used */
	const char *name;
	uint64_t addr, size;
};
struct node_map {            /* an NT_FILE entry of the binary */
	uint64_t start, end, pgoff;
};

#include "tests/fuzz/v8heap-node.h"

#define NVALUES (sizeof node_values / sizeof node_values[0])
#define NVTABLES (sizeof node_vtables / sizeof node_vtables[0])
#define NMAPS (sizeof node_maps / sizeof node_maps[0])
#define MAX_SEGS 512
#define PRSTATUS_SIZE 336        /* x86-64 struct elf_prstatus */
#define PRSTATUS_REGS 112
#define NOTE_FILE 0x46494c45     /* NT_FILE */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the stand-in for node ---- */

enum { SEC_DATA = 1, SEC_RODATA, SEC_TBSS, SEC_SYMTAB, SEC_STRTAB, SEC_SHSTRTAB, NSEC };

static void pad_to(struct strbuf *sb, size_t off)
{
	while (sb->len < off)
		strbuf_putc(sb, '\0');
}

static void add_sym(struct strbuf *syms, struct strbuf *names, const char *name, int bind,
		    int type, int shndx, uint64_t value, uint64_t size)
{
	Elf64_Sym s = { .st_name = (Elf64_Word)names->len,
			.st_info = (unsigned char)ELF64_ST_INFO(bind, type),
			.st_shndx = (Elf64_Section)shndx, .st_value = value, .st_size = size };

	strbuf_add(names, name, strlen(name) + 1);
	strbuf_add(syms, (const char *)&s, sizeof s);
}

/* The values at their link addresses: [*lo, *lo + *n), owned by the caller. */
static unsigned char *value_bytes(uint64_t *lo, size_t *n)
{
	uint64_t hi = 0;
	unsigned char *b;

	*lo = UINT64_MAX;
	for (size_t i = 0; i < NVALUES; i++) {
		if (node_values[i].addr < *lo)
			*lo = node_values[i].addr;
		if (node_values[i].addr + node_values[i].size > hi)
			hi = node_values[i].addr + node_values[i].size;
	}
	*n = (size_t)(hi - *lo);
	b = xcalloc(1, *n);
	for (size_t i = 0; i < NVALUES; i++)
		memcpy(b + (node_values[i].addr - *lo), &node_values[i].bytes, node_values[i].size);
	return b;
}

static void symbols(struct strbuf *syms, struct strbuf *names, uint64_t *ro_lo, uint64_t *ro_hi)
{
	*ro_lo = UINT64_MAX;
	*ro_hi = 0;
	strbuf_putc(names, '\0');
	add_sym(syms, names, "", STB_LOCAL, STT_NOTYPE, SHN_UNDEF, 0, 0);
	for (size_t i = 0; i < NVALUES; i++)
		add_sym(syms, names, node_values[i].name, STB_GLOBAL, STT_OBJECT, SEC_DATA,
			node_values[i].addr, node_values[i].size);
	for (size_t i = 0; i < NVTABLES; i++) {
		add_sym(syms, names, node_vtables[i].name, STB_WEAK, STT_OBJECT, SEC_RODATA,
			node_vtables[i].addr, node_vtables[i].size);
		if (node_vtables[i].addr < *ro_lo)
			*ro_lo = node_vtables[i].addr;
		if (node_vtables[i].addr + node_vtables[i].size > *ro_hi)
			*ro_hi = node_vtables[i].addr + node_vtables[i].size;
	}
	add_sym(syms, names, NODE_ISOLATE_TLS_NAME, STB_GLOBAL, STT_TLS, SEC_TBSS,
		NODE_ISOLATE_TLS, 8);
}

static void add_shdr(Elf64_Shdr *sh, struct strbuf *shnames, const char *name, uint32_t type,
		     uint64_t flags, uint64_t addr, uint64_t off, uint64_t size)
{
	sh->sh_name = (Elf64_Word)shnames->len;
	strbuf_add(shnames, name, strlen(name) + 1);
	sh->sh_type = type;
	sh->sh_flags = flags;
	sh->sh_addr = addr;
	sh->sh_offset = off;
	sh->sh_size = size;
	sh->sh_addralign = 8;
}

/* An ET_EXEC with three program headers (the headers where node's first
 * mapping is, so its bias is node's; the values; PT_TLS as node's) and the
 * sections its symbols need. Returned in out. */
static void stand_in(struct strbuf *out)
{
	struct strbuf syms = STRBUF_INIT, names = STRBUF_INIT, shnames = STRBUF_INIT;
	Elf64_Ehdr eh = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
				      EV_CURRENT }, .e_type = ET_EXEC, .e_machine = EM_X86_64,
			  .e_version = EV_CURRENT, .e_phoff = sizeof eh, .e_ehsize = sizeof eh,
			  .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 3,
			  .e_shentsize = sizeof(Elf64_Shdr), .e_shnum = NSEC,
			  .e_shstrndx = SEC_SHSTRTAB };
	Elf64_Phdr ph[3] = { 0 };
	Elf64_Shdr sh[NSEC] = { 0 };
	uint64_t lo, ro_lo, ro_hi, hdr = sizeof eh + sizeof ph;
	size_t n;
	unsigned char *vals = value_bytes(&lo, &n);
	uint64_t data_off = 0x1000 + (lo & 0xfff), sym_off = (data_off + n + 7) & ~7ull;

	symbols(&syms, &names, &ro_lo, &ro_hi);
	ph[0] = (Elf64_Phdr){ PT_LOAD, PF_R, 0, node_maps[0].start, node_maps[0].start, hdr, hdr,
			      0x1000 };
	ph[1] = (Elf64_Phdr){ PT_LOAD, PF_R | PF_W, data_off, lo, lo, n, n, 0x1000 };
	ph[2] = (Elf64_Phdr){ PT_TLS, PF_R, data_off, NODE_TLS_ADDR, NODE_TLS_ADDR, 0,
			      NODE_TLS_SIZE, NODE_TLS_ALIGN };
	strbuf_putc(&shnames, '\0');
	add_shdr(&sh[SEC_DATA], &shnames, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, lo,
		 data_off, n);
	add_shdr(&sh[SEC_RODATA], &shnames, ".rodata", SHT_NOBITS, SHF_ALLOC, ro_lo, data_off,
		 ro_hi - ro_lo);
	add_shdr(&sh[SEC_TBSS], &shnames, ".tbss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE | SHF_TLS,
		 NODE_TLS_ADDR, data_off, NODE_TLS_SIZE);
	add_shdr(&sh[SEC_SYMTAB], &shnames, ".symtab", SHT_SYMTAB, 0, 0, sym_off, syms.len);
	sh[SEC_SYMTAB].sh_link = SEC_STRTAB;
	sh[SEC_SYMTAB].sh_info = 1;
	sh[SEC_SYMTAB].sh_entsize = sizeof(Elf64_Sym);
	add_shdr(&sh[SEC_STRTAB], &shnames, ".strtab", SHT_STRTAB, 0, 0, sym_off + syms.len,
		 names.len);
	add_shdr(&sh[SEC_SHSTRTAB], &shnames, ".shstrtab", SHT_STRTAB, 0, 0,
		 sym_off + syms.len + names.len, 0);
	sh[SEC_SHSTRTAB].sh_size = shnames.len;
	eh.e_shoff = (sh[SEC_SHSTRTAB].sh_offset + shnames.len + 7) & ~7ull;

	strbuf_add(out, (const char *)&eh, sizeof eh);
	strbuf_add(out, (const char *)ph, sizeof ph);
	pad_to(out, data_off);
	strbuf_add(out, (const char *)vals, n);
	pad_to(out, sym_off);
	strbuf_add(out, syms.buf, syms.len);
	strbuf_add(out, names.buf, names.len);
	strbuf_add(out, shnames.buf, shnames.len);
	pad_to(out, eh.e_shoff);
	strbuf_add(out, (const char *)sh, sizeof sh);
	free(vals);
	strbuf_free(&syms);
	strbuf_free(&names);
	strbuf_free(&shnames);
}

/* The path of the binary the cores name: MORTEM_FUZZ_NODE, else the
 * stand-in in a memfd (kept open for the process's life). Static. */
static const char *node_binary(void)
{
	static char path[64];
	struct strbuf elf = STRBUF_INIT;
	const char *env = getenv("MORTEM_FUZZ_NODE");
	int fd;

	if (env && *env)
		return env;
	if (path[0])
		return path;
	stand_in(&elf);
	fd = memfd_create("v8heap-node", 0);
	if (fd < 0 || write(fd, elf.buf, elf.len) != (ssize_t)elf.len)
		abort();
	strbuf_free(&elf);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return path;
}

/* ---- the input as a core ---- */

struct seg {
	uint64_t vaddr, memsz;
	uint32_t size, flags;
	const uint8_t *bytes;        /* borrowed from the input */
};

struct input {
	uint64_t fs_base, rsp;
	struct seg segs[MAX_SEGS];
	size_t nsegs;
};

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* -1 when the input is too short for the registers. */
static int parse_input(const uint8_t *data, size_t size, struct input *in)
{
	size_t pos = 16;

	if (size < 16)
		return -1;
	in->fs_base = rd64(data);
	in->rsp = rd64(data + 8);
	in->nsegs = 0;
	while (size - pos >= 16 && in->nsegs < MAX_SEGS) {
		struct seg *s = &in->segs[in->nsegs++];
		s->vaddr = rd64(data + pos);
		s->size = rd32(data + pos + 8);
		s->flags = rd32(data + pos + 12);
		pos += 16;
		if (s->size > size - pos)
			s->size = (uint32_t)(size - pos);
		s->memsz = s->size + (uint64_t)(s->flags >> 8) * 4096;
		s->bytes = data + pos;
		pos += s->size;
	}
	return 0;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Bytes of the NT_FILE note's descriptor. */
static size_t file_desc_size(void)
{
	return 16 + NMAPS * 24 + NMAPS * (strlen(NODE_PATH) + 1);
}

static size_t notes_size(void)
{
	return 12 + 8 + PRSTATUS_SIZE + 12 + 8 + align4(file_desc_size());
}

/* One note named CORE; returns the offset past it. */
static size_t put_note(unsigned char *p, size_t off, uint32_t type, size_t descsz)
{
	uint32_t hdr[3] = { 5, (uint32_t)descsz, type };

	memcpy(p + off, hdr, sizeof hdr);
	memcpy(p + off + 12, "CORE", 5);
	return off + 20;
}

static void put_notes(unsigned char *p, size_t off, const struct input *in)
{
	uint64_t pid = 1, fd[3];

	off = put_note(p, off, NT_PRSTATUS, PRSTATUS_SIZE);
	memcpy(p + off + 32, &pid, 4);
	memcpy(p + off + PRSTATUS_REGS + 8 * MT_X64_RSP, &in->rsp, 8);
	memcpy(p + off + PRSTATUS_REGS + 8 * MT_X64_FS_BASE, &in->fs_base, 8);
	off = put_note(p, off + PRSTATUS_SIZE, NOTE_FILE, file_desc_size());
	fd[0] = NMAPS;
	fd[1] = 4096;
	memcpy(p + off, fd, 16);
	off += 16;
	for (size_t i = 0; i < NMAPS; i++, off += 24) {
		fd[0] = node_maps[i].start, fd[1] = node_maps[i].end, fd[2] = node_maps[i].pgoff;
		memcpy(p + off, fd, 24);
	}
	for (size_t i = 0; i < NMAPS; i++, off += strlen(NODE_PATH) + 1)
		memcpy(p + off, NODE_PATH, strlen(NODE_PATH) + 1);
}

static void put_phdr(unsigned char *p, size_t i, uint32_t type, uint32_t flags, uint64_t off,
		     uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr ph = { type, flags, off, vaddr, 0, filesz, memsz, type == PT_LOAD ? 4096 : 4 };

	memcpy(p + sizeof(Elf64_Ehdr) + i * sizeof ph, &ph, sizeof ph);
}

/* The core's bytes, xmalloc'd to their exact size (*n). */
static unsigned char *write_core(const struct input *in, size_t *n)
{
	size_t notes = sizeof(Elf64_Ehdr) + (1 + in->nsegs) * sizeof(Elf64_Phdr);
	size_t off = notes + notes_size();
	Elf64_Ehdr eh = { .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
				      EV_CURRENT }, .e_type = ET_CORE, .e_machine = EM_X86_64,
			  .e_version = EV_CURRENT, .e_phoff = sizeof eh, .e_ehsize = sizeof eh,
			  .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = (Elf64_Half)(1 + in->nsegs) };
	unsigned char *p;

	*n = off;
	for (size_t i = 0; i < in->nsegs; i++)
		*n += in->segs[i].size;
	p = xcalloc(1, *n);
	memcpy(p, &eh, sizeof eh);
	put_phdr(p, 0, PT_NOTE, 0, notes, 0, notes_size(), 0);
	put_notes(p, notes, in);
	for (size_t i = 0; i < in->nsegs; i++) {
		const struct seg *s = &in->segs[i];
		put_phdr(p, 1 + i, PT_LOAD, s->flags & 7, off, s->vaddr, s->size, s->memsz);
		memcpy(p + off, s->bytes, s->size);
		off += s->size;
	}
	return p;
}

/* ---- the walk ---- */

static void say(const struct mt_v8heap_info *info, const struct mt_heap *h,
		const struct mt_error *err)
{
	if (!h) {
		fprintf(stderr, "v8heap: %s\n", err->msg);
		return;
	}
	fprintf(stderr, "v8heap: V8 %s, isolate 0x%llx%s, %zu pages (%zu cut), %llu objects, "
		"%llu live, %llu unreachable, roots %llu/%llu/%llu/%llu, %u nodes, %u edges\n",
		info->version, (unsigned long long)info->isolate,
		info->isolate_from_tls ? " (tls)" : "", info->pages, info->pages_missing,
		(unsigned long long)info->objects, (unsigned long long)info->live,
		(unsigned long long)info->unreachable, (unsigned long long)info->roots[0],
		(unsigned long long)info->roots[1], (unsigned long long)info->roots[2],
		(unsigned long long)info->roots[3], h->node_count, h->edge_count);
	for (size_t i = 0; i < info->nwarnings; i++)
		fprintf(stderr, "  %s\n", info->warnings[i]);
}

/* What must hold of any result: an error is one line; a model has the
 * root, (GC roots) and the root sets, then one node per live object. */
static void check(const struct mt_v8heap_info *info, const struct mt_heap *h,
		  const struct mt_error *err)
{
	if (!h) {
		if (!err->set || strchr(err->msg, '\n'))
			abort();
		return;
	}
	if (info->live + info->unreachable != info->objects ||
	    h->node_count != 2 + MT_V8HEAP_ROOT_SETS + info->live || info->pages == 0)
		abort();
}

static void progress(void *ctx, const char *phase, uint64_t done, uint64_t total)
{
	(void)ctx, (void)phase, (void)done, (void)total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct input in;
	struct mt_error err = { 0 };
	struct mt_v8heap_info info;
	struct mt_coredump *c;
	struct mt_heap *h = NULL;
	unsigned char *bytes;
	size_t n;

	if (parse_input(data, size, &in) < 0)
		return 0;
	bytes = write_core(&in, &n);
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup("fuzz.core");
	c->exe = xstrdup(node_binary());
	c->data = bytes;
	c->size = n;
	if (mt_coredump_parse(c, &err) == 0) {
		/* The isolates the threads run, for one input in four: it reads
		 * the metadata again, the dearest part of a run. */
		struct mt_v8heap_isolate *isos = NULL;
		if (size % 4 == 0)
			mt_v8heap_isolates(c, &isos);
		free(isos);
		h = mt_v8heap_load(c, -1, MT_V8HEAP_PASSES, progress, NULL, &info, &err);
		if (getenv("MORTEM_FUZZ_VERBOSE"))
			say(&info, h, &err);
		check(&info, h, &err);
		mt_heap_free(&h);
		mt_v8heap_info_free(&info);
	}
	c->data = NULL;  /* ours, not a mapping */
	mt_coredump_close(&c);
	free(bytes);
	return 0;
}
