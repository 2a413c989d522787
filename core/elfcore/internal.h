/* core/elfcore/internal.h: what the files of core/elfcore/ share and no one
 * else needs (the public model is coredump.h). */
#ifndef MORTEM_CORE_ELFCORE_INTERNAL_H
#define MORTEM_CORE_ELFCORE_INTERNAL_H

#include <stdint.h>
#include <stddef.h>

#include "core/elfcore/coredump.h"

/* Checked arithmetic: 0 and the result, or -1 on overflow. */
static inline int add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	return __builtin_add_overflow(a, b, out) ? -1 : 0;
}

static inline uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint16_t get_u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint64_t get_u64(const unsigned char *p)
{
	return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/* The same in either byte order: be is nonzero for big-endian data. */
static inline uint16_t bo_u16(int be, const unsigned char *p)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : get_u16(p);
}

static inline uint32_t bo_u32(int be, const unsigned char *p)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
		    (uint32_t)p[3] : get_u32(p);
}

static inline uint64_t bo_u64(int be, const unsigned char *p)
{
	return be ? (uint64_t)bo_u32(1, p) << 32 | bo_u32(1, p + 4) : get_u64(p);
}

/* A word of `size` bytes (4 or 8). */
static inline uint64_t bo_word(int be, int size, const unsigned char *p)
{
	return size == 4 ? bo_u32(be, p) : bo_u64(be, p);
}

/* The core's own: in its byte order, words of its class. */
static inline uint16_t c_u16(const struct mt_coredump *c, const unsigned char *p)
{
	return bo_u16(c->big_endian, p);
}

static inline uint32_t c_u32(const struct mt_coredump *c, const unsigned char *p)
{
	return bo_u32(c->big_endian, p);
}

static inline uint64_t c_u64(const struct mt_coredump *c, const unsigned char *p)
{
	return bo_u64(c->big_endian, p);
}

static inline uint64_t c_word(const struct mt_coredump *c, const unsigned char *p)
{
	return bo_word(c->big_endian, c->wordsize, p);
}

/* Write v as a word of the core's size and order into p (for searching memory). */
static inline void c_put_word(const struct mt_coredump *c, uint64_t v, unsigned char *p)
{
	for (int b = 0; b < c->wordsize; b++)
		p[c->big_endian ? c->wordsize - 1 - b : b] = (unsigned char)(v >> (8 * b));
}

/* One ELF note, framed and bounds-checked by the walker. */
struct mt_note {
	uint32_t type;
	const char *name;            /* borrowed, namesz bytes (not always NUL-terminated) */
	size_t namesz;
	const unsigned char *desc;   /* borrowed, descsz bytes, all present */
	size_t descsz;
	uint64_t offset;             /* of the note header, in the file */
};

typedef int (*mt_note_fn)(void *ctx, const struct mt_note *n);

#define MT_NOTES_MAX 100000

/* Walk the notes in p[0..len) (which starts at file offset `ofs`; their
 * sizes big-endian when be is nonzero), calling
 * fn for each until it returns nonzero. Returns 0, or -1 with err set when a
 * note's sizes run past the end (notes before it were delivered). */
int mt_notes_walk(int be, const unsigned char *p, size_t len, uint64_t ofs,
		  mt_note_fn fn, void *ctx, struct mt_error *err);

/* Decode the notes of one PT_NOTE segment into c (threads, psinfo,
 * siginfo, auxv, NT_FILE). Problems become warnings or err. */
int mt_coredump_parse_notes(struct mt_coredump *c, const unsigned char *p, size_t len,
			uint64_t ofs, struct mt_error *err);

/* Parse c->data[0..c->size) as an ELF core: header, segments, notes,
 * mappings, modules. Returns 0, or -1 with err when nothing can be shown. */
int mt_coredump_parse(struct mt_coredump *c, struct mt_error *err);

/* Append a warning line. */
void mt_coredump_warn(struct mt_coredump *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Group NT_FILE mappings into modules, read their build-ids and biases
 * from core memory (modules.c, through the module map's steps below). */
void mt_coredump_build_modules(struct mt_coredump *c);
/* A core without NT_FILE: its mappings and modules from libdwfl's (the
 * r_debug link map, the executable), split by their program headers. */
void mt_coredump_modules_from_dwfl(struct mt_coredump *c);
/* The executable's file of a core without NT_FILE: --exe, else an absolute
 * AT_EXECFN (under --sysroot) that exists; a new string, or NULL. */
char *mt_coredump_exe_file(const struct mt_coredump *c);
/* No module holds AT_ENTRY (or AT_PHDR): map the executable's file there
 * (its bias from AT_ENTRY and e_entry, else AT_PHDR and PT_PHDR), for
 * mortem and for libdwfl. */
void mt_coredump_exe_from_auxv(struct mt_coredump *c, const char *exe);
/* Add the libraries of the dynamic linker's r_debug list (linkmap.c) to
 * c->maps; 0, or -1 when it cannot be read. The caller rebuilds modules. */
int mt_coredump_libraries_from_link_map(struct mt_coredump *c);
/* The modules of a core without NT_FILE: libdwfl's, the executable by
 * auxv, the libraries by the link map (modules.c). */
void mt_coredump_modules_without_nt_file(struct mt_coredump *c);

/* The steps of a module map (modmap.c): sort the mappings by start; group
 * them into mm->mods (allocated; mm->nmods); read each module's loads, bias
 * and build-id from memory; set the bias from the link address of base. */
void mt_modmap_sort(struct mt_modmap *mm);
void mt_modmap_group(struct mt_modmap *mm);
void mt_modmap_read_headers(struct mt_modmap *mm);
void mt_module_set_bias(struct mt_coredump_module *m, uint64_t base_link);

/* argv, environ and AT_EXECFN from the initial stack (procargs.c). */
void mt_coredump_read_args(struct mt_coredump *c);

/* Getting the bytes (core/elfcore/bytes.c): map a raw file, inflate a gzip
 * or a zip entry into an unlinked sparse temp file and map that. */
int mt_coredump_map_file(struct mt_coredump *c, const char *path, const struct mt_open_opts *o,
		     struct mt_error *err);

/* libdwfl over the core (core/elfcore/dwfl.c). Open: 0, or -1 (with a
 * warning) when libdwfl cannot read it; close frees what open made. */
int mt_coredump_dwfl_open(struct mt_coredump *c, const char *exe);
/* Tell libdwfl of a file the process had loaded at bias (the executable
 * found by auxv, a library of the link map under --sysroot). */
int mt_coredump_dwfl_report(struct mt_coredump *c, const char *path, uint64_t bias);
void mt_coredump_dwfl_close(struct mt_coredump *c);
/* Replace c->maps by libdwfl's modules, one mapping each (start to end,
 * file offset 0, to be split by their program headers): for a core
 * without NT_FILE. 0, or -1 when libdwfl has none. */
int mt_coredump_dwfl_modules(struct mt_coredump *c);
/* The name libdwfl gives addr (its symbol tables, including symbols of
 * size 0 and the separate debug file), demangled into buf, and addr's
 * offset in it; 0, or -1 when it has none. */
int mt_coredump_dwfl_symbol(const struct mt_coredump *c, uint64_t addr, char *buf, size_t size,
			    uint64_t *offset);
/* Does a module have CFI (.eh_frame or .debug_frame) for addr? Without
 * it, libdwfl found the caller by the architecture's frame-pointer
 * fallback. */
int mt_coredump_dwfl_has_cfi(const struct mt_coredump *c, uint64_t addr);
/* One frame as libdwfl unwound it. */
struct mt_dwfl_frame {
	uint64_t pc;
	int exact;               /* the pc is where the thread was (frame 0, or
				    after a signal frame), not a return address */
	uint64_t sp, fp;
	int has_sp, has_fp;
};
typedef int (*mt_dwfl_frame_fn)(void *arg, const struct mt_dwfl_frame *f);
/* Unwind thread tid, calling fn for each frame until it returns nonzero
 * (all threads are unwound on the first call and kept until close).
 * 0 when libdwfl reached the outermost frame (or fn stopped it); -1 when
 * it could not go further, *why saying why (static). */
int mt_coredump_dwfl_frames(struct mt_coredump *c, int32_t tid, mt_dwfl_frame_fn fn, void *arg,
			    const char **why);

/* The unwinder (core/elfcore/unwind.c): fill t->frames. */
void mt_coredump_unwind(struct mt_coredump *c, struct mt_coredump_thread *t);

/* Demangle a C++ name into buf (a copy of name when it is not mangled). */
void mt_demangle(const char *name, char *buf, size_t size);

/* The ELF files of modules (core/elfcore/elffile.c); their symbols and
 * reads are public (modmap.h). */
struct mt_elf *mt_elf_open(const char *path, struct mt_error *err);
/* An ELF image in memory; the mt_elf takes buf (malloc'd) and frees it. */
struct mt_elf *mt_elf_open_mem(void *buf, size_t n, struct mt_error *err);
void mt_elf_close(struct mt_elf **e);
size_t mt_elf_build_id(const struct mt_elf *e, unsigned char *out, size_t max);
/* File offset -> link address through the file's PT_LOADs; -1 if none. */
int mt_elf_offset_to_link(const struct mt_elf *e, uint64_t ofs, uint64_t *link);
/* The file's PT_LOADs. */
const struct mt_coredump_load *mt_elf_loads(const struct mt_elf *e, size_t *n);
/* The libelf handle (Elf *). */
void *mt_elf_handle(const struct mt_elf *e);

#endif
