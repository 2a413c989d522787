/* core/jsframes/jsmods.h: the files mapped in the core (NT_FILE), each with
 * its program headers as the process mapped them (read from the ELF header
 * page the kernel dumps), so an address maps to a file offset and then to a
 * link-time address even in a remapped copy (V8's embedded builtins) or
 * with a replacement file of another layout (a stripped copy). */
#ifndef MORTEM_CORE_JSFRAMES_JSMODS_H
#define MORTEM_CORE_JSFRAMES_JSMODS_H

#include "core/jsframes/jsbin.h"
#include "core/jsframes/jsframes.h"

struct js_mod {
	const char *path;      /* borrowed: from the target's maps */
	const char *base;      /* borrowed: basename inside path */
	const char *file;      /* borrowed: file to open (path, or the node override) */
	uint64_t start0;       /* where file offset 0 is mapped; 0 if unmapped */
	struct js_load *loads; /* owned: PT_LOAD as mapped; NULL: use the file's */
	size_t nloads;
	int type;              /* e_type as mapped, 0 unknown */
	char build_id[41];     /* from core memory, "" unknown */
	struct js_bin *bin;    /* owned, opened on first use; NULL if it failed */
	int tried;
};

struct js_mods {
	const struct mt_js_target *t; /* borrowed */
	struct js_mod *m;      /* owned */
	size_t n;
};

void js_mods_init(struct js_mods *ms, const struct mt_js_target *t, const char *node);
void js_mods_free(struct js_mods *ms);

/* The module whose mapping holds addr, or NULL (anonymous memory). */
struct js_mod *js_mods_at(struct js_mods *ms, uint64_t addr, uint64_t *linkaddr, int *has_link);
/* The module's file, opened on first use; NULL if it cannot be read. */
struct js_bin *js_mod_bin(struct js_mod *m);
/* Symbolize addr: module basename (or NULL) and symbol (or NULL). */
const char *js_mods_symbol(struct js_mods *ms, uint64_t addr, const char **module, uint64_t *off);
/* Read from the core, else from the mapped file by link-time address. */
int js_mods_read(struct js_mods *ms, uint64_t addr, void *buf, size_t n);
/* The address where a link-time address of module m was mapped. */
uint64_t js_mod_runtime(const struct js_mod *m, uint64_t linkaddr);

#endif
