/* core/elfcore/modmap.h: the files a process had mapped, grouped into
 * modules, and the ELF file behind each. One reader for two users:
 * core/elfcore over an opened core (mt_coredump_modmap in coredump.h) and
 * core/jsframes over its target (mt_modmap_build).
 *
 * A module's program headers, load bias and build-id are read from the ELF
 * header page the kernel dumps for it, so an address maps to a file offset
 * and then to a link address even in a remapped copy (V8's embedded
 * builtins) or with a replacement file of another layout (a stripped copy).
 * Its file is opened on first use (the executable from `exe`, the others
 * under `sysroot`), refused when its build-id is not the one in memory, and
 * read with libelf: symbols by address and by name, bytes at link addresses.
 *
 * Not thread-safe: files are opened lazily into the modules.
 */
#ifndef MORTEM_CORE_ELFCORE_MODMAP_H
#define MORTEM_CORE_ELFCORE_MODMAP_H

#include <stddef.h>
#include <stdint.h>

/* The path given to the vDSO's mapping (it is no file; its image is read
 * from memory). */
#define MT_VDSO_PATH "[vdso]"

/* A file mapped into the process (an NT_FILE entry, or the vDSO). */
struct mt_coredump_mapping {
	uint64_t start, end;
	uint64_t file_ofs;       /* in bytes */
	const char *path;        /* borrowed from the map's owner (a core's string pool) */
	uint32_t flags;          /* PF_* of the PT_LOAD that covers start, 0 if none */
	uint64_t present;        /* bytes of [start, end) the core holds */
	struct mt_coredump_module *module; /* borrowed: the module this maps */
};

struct mt_elf;               /* an opened ELF file (core/elfcore/elffile.c) */

/* A PT_LOAD of a module's file, as the process mapped it. */
struct mt_coredump_load {
	uint64_t offset, vaddr, filesz, memsz;
};

/* A file mapped once or more: the executable, a library, a remapped copy. */
struct mt_coredump_module {
	const char *path;        /* borrowed from the mapping: as in NT_FILE */
	char *file;              /* owned: where it was found (sysroot, --exe), or NULL */
	uint64_t base;           /* where file offset 0 is mapped (the ELF header),
				    else the lowest mapped address */
	uint64_t end;            /* highest mapped address */
	int64_t bias;            /* runtime address - link address */
	int has_bias;
	struct mt_coredump_load *loads;  /* owned: from the ELF header page in memory,
					else from the file once opened */
	size_t nloads;
	unsigned char build_id[64];  /* from the process's memory, if dumped */
	size_t build_id_len;
	unsigned char file_build_id[64]; /* from the file, if opened */
	size_t file_build_id_len;
	int build_id_mismatch;   /* both known and different */
	int is_exe;              /* the main executable */
	struct mt_elf *elf;      /* owned: opened lazily, NULL if not yet / not found */
	struct mt_elf *debug;    /* owned: the separate debug file (symbols only) of a
				    stripped module, from /usr/lib/debug/.build-id */
	int elf_tried;
	char *elf_error;         /* owned: why the file could not be used, or NULL */
};

/* Up to n bytes of the process's memory at addr into buf: returns how many
 * it holds from addr on, 0 when none (mt_coredump_read's contract). */
typedef size_t (*mt_mem_read_fn)(const void *ctx, uint64_t addr, void *buf, size_t n);

/* The mappings and their modules, with where to read memory and files.
 * maps and mods are owned by whoever made them: a map made by
 * mt_modmap_build owns them (mt_modmap_free); mt_coredump_modmap's is a view of
 * the core's own arrays, valid while the core is open, never freed. */
struct mt_modmap {
	struct mt_coredump_mapping *maps;  /* sorted by start */
	size_t nmaps;
	struct mt_coredump_module *mods;   /* each mapping's module points in here */
	size_t nmods;
	mt_mem_read_fn read;           /* the process's memory */
	const void *mem;               /* borrowed: read's context */
	const char *exe;               /* borrowed: the executable's file, or NULL for
					  its path */
	const char *sysroot;           /* borrowed: prefix of the files' paths, or NULL */
	int no_files;                  /* open no file (fuzzing) */
};

/* Make mm's own map from maps[0..n) (malloc'd; mm takes it; paths borrowed
 * and outliving mm). Set read, mem, exe, sysroot and no_files first. The
 * executable is the module mapped from path exe_path, else the first
 * mapping's. Each module's headers and build-id are read from memory. */
void mt_modmap_build(struct mt_modmap *mm, struct mt_coredump_mapping *maps, size_t n,
		     const char *exe_path);
/* Free what mt_modmap_build made (never a core's view). */
void mt_modmap_free(struct mt_modmap *mm);
/* Free what one module owns. */
void mt_module_clear(struct mt_coredump_module *m);

/* The mapping or module holding addr; NULL outside every mapped file. */
const struct mt_coredump_mapping *mt_modmap_mapping_at(const struct mt_modmap *mm, uint64_t addr);
struct mt_coredump_module *mt_modmap_module_at(const struct mt_modmap *mm, uint64_t addr);
/* The executable's module, NULL when no file is mapped. */
struct mt_coredump_module *mt_modmap_exe(const struct mt_modmap *mm);
/* The module's file name without its directory, "" for NULL. */
const char *mt_coredump_module_name(const struct mt_coredump_module *m);

/* Runtime address -> link address of mod's file, through the mapping's file
 * offset and the program headers. 0, or -1 when addr is not in a mapping
 * of mod or cannot be placed. */
int mt_modmap_link_addr(const struct mt_modmap *mm, const struct mt_coredump_module *mod,
			uint64_t addr, uint64_t *link);
/* Link address of m's file -> where the process had it. */
uint64_t mt_module_runtime_addr(const struct mt_coredump_module *m, uint64_t link);

/* The file behind m, opened on first use and its build-id checked. NULL
 * when it cannot be found or read, or is another build; then m->elf_error
 * says why (and m->build_id_mismatch is set for another build). */
struct mt_elf *mt_modmap_elf(const struct mt_modmap *mm, struct mt_coredump_module *m);
/* The symbol holding the runtime address (from the debug file first), NULL
 * if none. *mod: the module at addr or NULL; *off: addr - the symbol, or
 * addr - the module's base when there is no symbol. */
const struct mt_elf_sym *mt_modmap_sym_at(const struct mt_modmap *mm, uint64_t addr,
					  struct mt_coredump_module **mod, uint64_t *off);
/* Up to n bytes at runtime address addr read from the file mapped there
 * (for what memory does not hold: .text, .rodata); returns the count. */
size_t mt_modmap_file_read(const struct mt_modmap *mm, uint64_t addr, void *buf, size_t n);

/* A build-id as lowercase hex into out (2n+1 bytes). */
void mt_build_id_hex(const unsigned char *id, size_t n, char *out);

/* Symbols of an ELF file (.symtab and .dynsym, merged). */
struct mt_elf_sym {
	const char *name;        /* borrowed from the mt_elf (mangled as stored) */
	uint32_t name_len;       /* strlen(name) */
	uint64_t value;          /* link address */
	uint64_t size;
	unsigned char type;      /* STT_FUNC, STT_OBJECT, ... */
	unsigned char bind;      /* STB_LOCAL, STB_GLOBAL, STB_WEAK */
};
size_t mt_elf_nsyms(const struct mt_elf *e);
const struct mt_elf_sym *mt_elf_sym(const struct mt_elf *e, size_t i); /* by address */
/* The function or object symbol containing the link address, NULL if none. */
const struct mt_elf_sym *mt_elf_sym_at(const struct mt_elf *e, uint64_t link);
/* Every symbol whose name starts with prefix (e.g. "v8dbg_"), in name
 * order: their count, *out an array the caller frees (NULL when none). */
size_t mt_elf_syms_prefixed(const struct mt_elf *e, const char *prefix,
			    const struct mt_elf_sym ***out);
/* The first symbol with exactly this name, NULL if none. */
const struct mt_elf_sym *mt_elf_sym_named(const struct mt_elf *e, const char *name);
int mt_elf_has_symtab(const struct mt_elf *e); /* 0: only .dynsym (stripped) */
/* A thread-local variable of the executable: its offset in the TLS block
 * and the block's size rounded to its alignment (x86-64 puts the block at
 * fs_base - block). 0, or -1 when the file has no such symbol or no PT_TLS. */
int mt_elf_tls_symbol(const struct mt_elf *e, const char *name, uint64_t *offset,
		      uint64_t *block);
/* Read n bytes of the file at link address `link` (from PT_LOAD data);
 * returns the count read (0 for .bss or outside the file). */
size_t mt_elf_read(const struct mt_elf *e, uint64_t link, void *buf, size_t n);

#endif
