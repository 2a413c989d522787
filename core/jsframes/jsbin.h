/* core/jsframes/jsbin.h: one ELF file on disk (node, a library) read with
 * libelf: its function symbols for lookup by address, the v8dbg_/nodedbg_
 * symbols, bytes at a link-time address, its build-id. */
#ifndef MORTEM_CORE_JSFRAMES_JSBIN_H
#define MORTEM_CORE_JSFRAMES_JSBIN_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct js_sym {
	uint64_t addr, size;
	const char *name;      /* borrowed from the mapped ELF string table */
};

struct js_load {
	uint64_t vaddr, offset, filesz, memsz;
};

struct js_bin {
	char *path;            /* owned */
	int fd;
	void *elf;             /* owned: Elf * */
	int type;              /* ET_EXEC, ET_DYN */
	struct js_sym *funcs;  /* owned: sorted by addr; .symtab and .dynsym */
	size_t nfuncs;
	struct js_sym *meta;   /* owned: v8dbg_* and nodedbg_* data symbols */
	size_t nmeta;
	struct js_load *loads; /* owned: PT_LOAD of the file */
	size_t nloads;
	char build_id[41];     /* hex, "" if none */
	int has_symtab;        /* .symtab present (not stripped) */
};

struct js_bin *js_bin_open(const char *path, struct mt_error *err);
void js_bin_free(struct js_bin **b);

/* The function symbol holding addr (link-time): name and offset, or NULL. */
const char *js_bin_lookup(const struct js_bin *b, uint64_t addr, uint64_t *off);
/* A symbol by exact name from either table; NULL if absent. */
const struct js_sym *js_bin_find(const struct js_bin *b, const char *name);
/* n bytes at a link-time address from the file; -1 in .bss or outside. */
int js_bin_read(const struct js_bin *b, uint64_t addr, void *buf, size_t n);

#endif
