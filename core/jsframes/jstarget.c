/* core/jsframes/jstarget.c: the files the target had mapped, read through
 * core/elfcore's module map: the core's own when the target has one, else
 * one built from the target's NT_FILE-like maps. Symbols, and reads that
 * fall back to the file for what the core does not hold. */
#include "core/jsframes/jsint.h"
#include "core/xalloc.h"

#include <string.h>

/* The target's all-or-nothing read as a module map's memory. */
static size_t target_mem(const void *ctx, uint64_t addr, void *buf, size_t n)
{
	const struct mt_js_target *t = ctx;

	return t->read(t->ctx, addr, buf, n) == 0 ? n : 0;
}

/* A module map of js's own from t.maps; node replaces the executable's file. */
static void build_map(struct mt_js *js, const char *node)
{
	struct mt_coredump_mapping *maps = xcalloc(js->t.nmaps ? js->t.nmaps : 1, sizeof *maps);

	for (size_t i = 0; i < js->t.nmaps; i++) {
		const struct mt_js_map *m = &js->t.maps[i];
		maps[i] = (struct mt_coredump_mapping){ .start = m->start, .end = m->end,
						    .file_ofs = m->offset, .path = m->path };
	}
	js->mm = (struct mt_modmap){ .read = target_mem, .mem = &js->t, .exe = node };
	mt_modmap_build(&js->mm, maps, js->t.nmaps, js->t.exe);
	js->own_mm = 1;
}

void js_target_open(struct mt_js *js, const char *node)
{
	if (js->t.modmap)
		js->mm = *js->t.modmap;
	else
		build_map(js, node);
	js->t.modmap = NULL;
	js->node = mt_modmap_exe(&js->mm);
}

void js_target_close(struct mt_js *js)
{
	if (js->own_mm)
		mt_modmap_free(&js->mm);
	memset(&js->mm, 0, sizeof js->mm);
	js->own_mm = 0;
	js->node = NULL;
}

const char *js_symbol(struct mt_js *js, uint64_t addr, const char **module, uint64_t *off)
{
	struct mt_coredump_module *m;
	const struct mt_elf_sym *s = mt_modmap_sym_at(&js->mm, addr, &m, off);

	*module = m ? mt_coredump_module_name(m) : NULL;
	if (!s)
		*off = 0;
	return s ? s->name : NULL;
}

int js_read(struct mt_js *js, uint64_t addr, void *buf, size_t n)
{
	if (js->t.read(js->t.ctx, addr, buf, n) == 0)
		return 0;
	return mt_modmap_file_read(&js->mm, addr, buf, n) == n ? 0 : -1;
}

int js_in_node(const struct mt_js *js, const char *module)
{
	return module && js->node && strcmp(module, mt_coredump_module_name(js->node)) == 0;
}
