/* core/v8heap/tables.c: two tables of names V8 keeps in node's binary,
 * read from the core (or the file where the core lacks them), so that the
 * model names what V8's heap snapshot names, by the binary's own lists
 * rather than one of ours per V8 version:
 *   - RootsTable::root_names_, the name of every root by RootIndex (filled
 *     at start-up, so in the core's data): the snapshot's edges from its
 *     root lists ("the_hole_value", "empty_fixed_array", ...), and which
 *     hole is the_hole;
 *   - native_context_names, { Context slot, name } pairs from V8's
 *     NATIVE_CONTEXT_FIELDS list (constant data of the file), by which the
 *     snapshot generator names a native context's slots.
 * Either may be missing (a stripped binary, a stand-in): the model then
 * numbers those edges, as it did without them.
 */
#include "core/v8heap/internal.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 80
#define TABLE_MAX 4096           /* entries: V8 13 has about 1,000 roots, 300 slots */

/* n bytes at runtime address addr: from the core, else from the file
 * mapped there (read-only data is not dumped). */
int vh_exe_read(const struct vh *vh, const struct mt_modmap *mm, uint64_t addr, void *buf,
		size_t n)
{
	if (mt_coredump_read(vh->core, addr, buf, n) == n)
		return 0;
	return mt_modmap_file_read(mm, addr, buf, n) == n ? 0 : -1;
}

int vh_text_read(const struct vh *vh, uint64_t addr, void *buf, size_t n)
{
	struct mt_modmap mm = mt_coredump_modmap(vh->core);
	struct mt_coredump_module *m = mt_modmap_module_at(&mm, addr);

	if (m && (m != mt_modmap_exe(&mm) || !m->elf))  /* the core only: no file is
							   opened on a thread */
		return mt_coredump_read(vh->core, addr, buf, n) == n ? 0 : -1;
	return vh_exe_read(vh, &mm, addr, buf, n);
}

/* The read-only roots V8HeapExplorer::IsEssentialObject leaves out (node
 * 18 to 22 name the same ones; oddballs and the_hole are left out by type). */
static const char *const inessential_roots[] = {
	"empty_byte_array", "empty_fixed_array", "empty_weak_fixed_array",
	"empty_descriptor_array", "fixed_array_map", "cell_map", "global_property_cell_map",
	"shared_function_info_map", "free_space_map", "one_pointer_filler_map",
	"two_pointer_filler_map", NULL
};

static int is_ident(char c)
{
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The identifier at runtime address addr, owned by the caller; NULL when
 * there is none (these names are C++ ones: [A-Za-z0-9_] only). */
static char *name_at(const struct vh *vh, const struct mt_modmap *mm, uint64_t addr)
{
	char buf[NAME_MAX_LEN];
	size_t got = mt_coredump_read(vh->core, addr, buf, sizeof buf);
	const char *end = memchr(buf, 0, got);

	if (!end) {
		got = mt_modmap_file_read(mm, addr, buf, sizeof buf);
		end = memchr(buf, 0, got);
	}
	if (!end || end == buf)
		return NULL;
	for (const char *c = buf; c < end; c++)
		if (!is_ident(*c))
			return NULL;
	return xstrndup(buf, (size_t)(end - buf));
}

const char *vh_exe_symbol(const struct vh *vh, uint64_t addr)
{
	struct mt_coredump_module *exe = mt_coredump_exe(vh->core);
	struct mt_elf *e = exe ? mt_coredump_module_elf(vh->core, exe) : NULL;
	uint64_t link = e ? addr - (uint64_t)exe->bias : 0;
	const struct mt_elf_sym *s = e ? mt_elf_sym_at(e, link) : NULL;

	return s && s->value == link ? s->name : NULL;
}

const char *vh_builtin_name(const struct vh *vh, uint64_t addr)
{
	struct mt_coredump_module *exe = mt_coredump_exe(vh->core);
	struct mt_elf *e = exe ? mt_coredump_module_elf(vh->core, exe) : NULL;
	const struct mt_elf_sym *s;
	uint64_t link;

	if (!e || mt_coredump_link_addr(vh->core, exe, addr, &link) < 0 ||
	    !(s = mt_elf_sym_at(e, link)) || s->value != link || s->name_len <= 9 ||
	    strncmp(s->name, "Builtins_", 9) != 0)
		return NULL;
	return s->name + 9;
}

/* The runtime address of the executable's table `name` and its count of
 * entries of `entry` bytes (at most TABLE_MAX), or 0. */
static uint64_t table(const struct vh *vh, const char *name, uint64_t entry, uint32_t *n)
{
	struct mt_coredump_module *exe = mt_coredump_exe(vh->core);
	struct mt_elf *e = exe ? mt_coredump_module_elf(vh->core, exe) : NULL;
	const struct mt_elf_sym *s = e ? mt_elf_sym_named(e, name) : NULL;

	if (!s || s->size / entry == 0 || s->size / entry > TABLE_MAX)
		return 0;
	*n = (uint32_t)(s->size / entry);
	return mt_module_runtime_addr(exe, s->value);
}

/* The names a table of the executable points at, its first pointer every
 * `entry` bytes: *n of them, owned by the caller (NULL where one cannot
 * be read), or NULL when the executable has no such table. */
static char **names_table(struct vh *vh, const struct mt_modmap *mm, const char *symbol,
			  uint64_t entry, uint32_t *n)
{
	uint64_t at = table(vh, symbol, entry, n);
	char **names;

	if (!at)
		return NULL;
	names = xcalloc(*n, sizeof *names);
	for (uint32_t i = 0; i < *n; i++) {
		uint64_t p;
		if (vh_exe_read(vh, mm, at + entry * (uint64_t)i, &p, 8) == 0)
			names[i] = name_at(vh, mm, p);
	}
	return names;
}

/* RootsTable::root_names_: const char *[kEntriesCount]. */
static void load_root_names(struct vh *vh, const struct mt_modmap *mm)
{
	uint32_t n = 0;

	vh->root_names = names_table(vh, mm, "_ZN2v88internal10RootsTable11root_names_E", 8, &n);
	vh->nroot_names = vh->root_names ? n : 0;
}

/* V8 10's builtins' names by id, from Builtins::name's table
 * (builtin_metadata: {name, kind, data}, 24 bytes an entry): a builtin's
 * Code there has no instructions to name it by (tables.c's Builtins_
 * symbols name the others). V8 11 on names every builtin by its
 * instruction start, and is not read for it. */
static void load_builtin_names(struct vh *vh, const struct mt_modmap *mm)
{
	uint32_t n = 0;

	if (vh->m.version[0] != 10)
		return;
	vh->builtin_names = names_table(vh, mm,
					"_ZN2v88internal12_GLOBAL__N_1L16builtin_metadataE", 24, &n);
	vh->nbuiltin_names = vh->builtin_names ? n : 0;
}

const char *vh_builtin_id_name(const struct vh *vh, int64_t id)
{
	return id >= 0 && (uint64_t)id < vh->nbuiltin_names ? vh->builtin_names[id] : NULL;
}

/* Whether the names fit the roots table read from `shift` words on: a
 * few roots of known instance types (maps, oddballs) are what they say. */
static int roots_fit(struct vh *vh, uint32_t shift)
{
	static const struct { const char *name; int oddball; } known[] = {
		{ "free_space_map", 0 }, { "one_pointer_filler_map", 0 }, { "meta_map", 0 },
		{ "undefined_value", 1 }, { "null_value", 1 },
	};
	size_t checked = 0;

	for (uint32_t i = 0; i < vh->nroot_names && i + shift < vh->nroots; i++)
		for (size_t k = 0; vh->root_names[i] && k < sizeof known / sizeof known[0]; k++) {
			if (strcmp(vh->root_names[i], known[k].name) != 0)
				continue;
			uint64_t w = vh_field(vh, vh->roots + 1, 8 * (int)(i + shift));
			if (vh_itype_of(vh, w) != (known[k].oddball ? vh->m.t.oddball : vh->m.t.map))
				return 0;
			checked++;
		}
	return checked == sizeof known / sizeof known[0];
}

/* A names_table's names freed, and the table emptied. */
static void free_names(char ***names, uint32_t *n)
{
	for (uint32_t i = 0; *names && i < *n; i++)
		free((*names)[i]);
	free(*names);
	*names = NULL;
	*n = 0;
}

static void drop_root_names(struct vh *vh)
{
	free_names(&vh->root_names, &vh->nroot_names);
}

/* native_context_names: { int index; const char *name; }[]. */
static void load_context_names(struct vh *vh, const struct mt_modmap *mm)
{
	uint32_t n = 0;
	uint64_t at = table(vh, "_ZN2v88internalL20native_context_namesE", 16, &n);

	if (!at)
		return;
	vh->ctx_names = xcalloc(n, sizeof *vh->ctx_names);
	for (uint32_t i = 0; i < n; i++) {
		unsigned char e[16];
		int32_t slot;
		uint64_t p;
		if (vh_exe_read(vh, mm, at + 16 * (uint64_t)i, e, 16) < 0)
			continue;
		memcpy(&slot, e, 4);
		memcpy(&p, e + 8, 8);
		char *name = slot >= 0 && slot < TABLE_MAX ? name_at(vh, mm, p) : NULL;
		if (!name)
			continue;
		vh->ctx_names[vh->nctx_names].slot = (uint32_t)slot;
		vh->ctx_names[vh->nctx_names++].name = name;
	}
}

void vh_tables_load(struct vh *vh)
{
	struct mt_modmap mm = mt_coredump_modmap(vh->core);

	load_root_names(vh, &mm);
	/* isolate.c finds the table as a run of read-only pointers, which can
	 * start a word or two early (node 24: an isolate field before it
	 * holds undefined); the names say where it starts. */
	uint32_t shift = 0;
	while (vh->root_names && shift < 8 && !roots_fit(vh, shift))
		shift++;
	if (shift == 8)
		drop_root_names(vh);
	else if (vh->root_names) {
		vh->roots += 8 * (uint64_t)shift;
		vh->nroots -= shift;
	}
	for (uint32_t i = 0; i < vh->nroot_names && i < vh->nroots; i++) {
		const char *name = vh->root_names[i];
		uint64_t w = name ? vh_field(vh, vh->roots + 1, 8 * (int)i) : 0;
		if (name && strcmp(name, "the_hole_value") == 0)
			vh->the_hole = w;
		if (name && strcmp(name, "undefined_value") == 0)
			vh->undefined = w;
		if (name && vh_in_list(inessential_roots, name) &&
		    vh->ninessential < (int)(sizeof vh->inessential / sizeof *vh->inessential))
			vh->inessential[vh->ninessential++] = w;
	}
	load_context_names(vh, &mm);
	load_builtin_names(vh, &mm);
	struct mt_coredump_module *exe = mt_modmap_exe(&mm);
	if (exe)  /* opened here, before the threads that read it (vh_text_read) */
		mt_modmap_elf(&mm, exe);
}

void vh_tables_free(struct vh *vh)
{
	drop_root_names(vh);
	free_names(&vh->builtin_names, &vh->nbuiltin_names);
	for (uint32_t i = 0; i < vh->nctx_names; i++)
		free(vh->ctx_names[i].name);
	free(vh->ctx_names);
	vh->ctx_names = NULL;
	vh->nctx_names = 0;
}
