/* core/jsframes/jsmods.c: mapped files, addresses to link-time addresses,
 * symbols, and reads that fall back to the file. */
#include "core/jsframes/jsmods.h"
#include "core/xalloc.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JS_MAX_PHDRS 64

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static uint32_t rd32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint16_t rd16(const unsigned char *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}

/* The build-id note of a module, read from core memory at its PT_NOTE. */
static void core_build_id(struct js_mod *m, const struct mt_js_target *t,
			  const unsigned char *ph, size_t phnum, size_t phent)
{
	for (size_t i = 0; i < phnum; i++) {
		const unsigned char *p = ph + i * phent;
		unsigned char note[256];
		uint64_t size = rd64(p + 32);
		if (rd32(p) != PT_NOTE || size < 16)
			continue;
		if (size > sizeof note)
			size = sizeof note;
		if (t->read(t->ctx, js_mod_runtime(m, rd64(p + 16)), note, size) != 0)
			continue;
		for (size_t o = 0; o + 12 <= size;) {
			uint32_t nsz = rd32(note + o), dsz = rd32(note + o + 4), type = rd32(note + o + 8);
			size_t d = o + 12 + ((nsz + 3) & ~3u);
			if (nsz > size || dsz > size || d + dsz > size)
				break;
			if (type == NT_GNU_BUILD_ID && nsz == 4 && memcmp(note + o + 12, "GNU", 4) == 0 &&
			    dsz > 0 && dsz <= 20) {
				for (size_t k = 0; k < dsz; k++)
					snprintf(m->build_id + 2 * k, 3, "%02x", note[d + k]);
				return;
			}
			o = d + ((dsz + 3) & ~3u);
		}
	}
}

/* Program headers as mapped, from the dumped first page of the file. */
static void core_phdrs(struct js_mod *m, const struct mt_js_target *t)
{
	unsigned char eh[64], ph[JS_MAX_PHDRS * 56];

	if (!m->start0 || t->read(t->ctx, m->start0, eh, sizeof eh) != 0 ||
	    memcmp(eh, ELFMAG, SELFMAG) != 0 || eh[EI_CLASS] != ELFCLASS64)
		return;
	uint64_t phoff = rd64(eh + 32);
	size_t phent = rd16(eh + 54), phnum = rd16(eh + 56);
	if (phent != 56 || phnum == 0 || phnum > JS_MAX_PHDRS || phoff > 0x10000 ||
	    t->read(t->ctx, m->start0 + phoff, ph, phnum * phent) != 0)
		return;
	m->type = rd16(eh + 16);
	m->loads = xcalloc(phnum, sizeof *m->loads);
	for (size_t i = 0; i < phnum; i++) {
		const unsigned char *p = ph + i * phent;
		if (rd32(p) == PT_LOAD)
			m->loads[m->nloads++] = (struct js_load){ rd64(p + 16), rd64(p + 8),
								  rd64(p + 32), rd64(p + 40) };
	}
	core_build_id(m, t, ph, phnum, phent);
}

static struct js_mod *mod_named(struct js_mods *ms, const char *path)
{
	for (size_t i = 0; i < ms->n; i++)
		if (strcmp(ms->m[i].path, path) == 0)
			return &ms->m[i];
	return NULL;
}

void js_mods_init(struct js_mods *ms, const struct mt_js_target *t, const char *node)
{
	memset(ms, 0, sizeof *ms);
	ms->t = t;
	ms->m = xcalloc(t->nmaps ? t->nmaps : 1, sizeof *ms->m);
	for (size_t i = 0; i < t->nmaps; i++) {
		const struct mt_js_map *mp = &t->maps[i];
		struct js_mod *m = mod_named(ms, mp->path);
		if (!m) {
			m = &ms->m[ms->n++];
			m->path = mp->path;
			const char *slash = strrchr(mp->path, '/');
			m->base = slash ? slash + 1 : mp->path;
			m->file = (ms->n == 1 && node) ? node : mp->path;
		}
		if (mp->offset == 0 && !m->start0)
			m->start0 = mp->start;
	}
	for (size_t i = 1; t->exe && i < ms->n; i++) {
		if (strcmp(ms->m[i].path, t->exe) == 0) {
			struct js_mod exe = ms->m[i];
			ms->m[i] = ms->m[0];
			ms->m[0] = exe;
			ms->m[i].file = ms->m[i].path;
			ms->m[0].file = node ? node : exe.path;
		}
	}
	for (size_t i = 0; i < ms->n; i++)
		core_phdrs(&ms->m[i], t);
}

void js_mods_free(struct js_mods *ms)
{
	for (size_t i = 0; i < ms->n; i++) {
		free(ms->m[i].loads);
		js_bin_free(&ms->m[i].bin);
	}
	free(ms->m);
	memset(ms, 0, sizeof *ms);
}

struct js_bin *js_mod_bin(struct js_mod *m)
{
	if (!m->tried) {
		m->tried = 1;
		m->bin = js_bin_open(m->file, NULL);
	}
	return m->bin;
}

/* Link-time base of the lowest segment, page aligned, minus its offset. */
static uint64_t link_base(const struct js_load *l, size_t n)
{
	uint64_t best = UINT64_MAX;

	for (size_t i = 0; i < n; i++) {
		uint64_t b = (l[i].vaddr & ~0xfffull) - (l[i].offset & ~0xfffull);
		if (b < best)
			best = b;
	}
	return best == UINT64_MAX ? 0 : best;
}

uint64_t js_mod_runtime(const struct js_mod *m, uint64_t linkaddr)
{
	if (m->type != ET_DYN || !m->start0)
		return linkaddr;
	return linkaddr - link_base(m->loads, m->nloads) + m->start0;
}

static const struct mt_js_map *map_at(const struct mt_js_target *t, uint64_t addr)
{
	size_t lo = 0, hi = t->nmaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->maps[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && addr < t->maps[lo - 1].end)
		return &t->maps[lo - 1];
	return NULL;
}

struct js_mod *js_mods_at(struct js_mods *ms, uint64_t addr, uint64_t *linkaddr, int *has_link)
{
	const struct mt_js_map *mp = map_at(ms->t, addr);
	struct js_mod *m = mp ? mod_named(ms, mp->path) : NULL;

	*has_link = 0;
	if (!m)
		return NULL;
	const struct js_load *l = m->loads;
	size_t n = m->nloads;
	if (!l && js_mod_bin(m)) {
		l = m->bin->loads;
		n = m->bin->nloads;
	}
	uint64_t foff = addr - mp->start + mp->offset;
	for (size_t i = 0; i < n; i++) {
		if (foff >= l[i].offset && foff - l[i].offset < l[i].filesz) {
			*linkaddr = foff - l[i].offset + l[i].vaddr;
			*has_link = 1;
			break;
		}
	}
	return m;
}

const char *js_mods_symbol(struct js_mods *ms, uint64_t addr, const char **module, uint64_t *off)
{
	uint64_t la = 0;
	int ok;
	struct js_mod *m = js_mods_at(ms, addr, &la, &ok);

	*module = m ? m->base : NULL;
	*off = 0;
	if (!m || !ok || !js_mod_bin(m))
		return NULL;
	return js_bin_lookup(m->bin, la, off);
}

int js_mods_read(struct js_mods *ms, uint64_t addr, void *buf, size_t n)
{
	uint64_t la;
	int ok;

	if (ms->t->read(ms->t->ctx, addr, buf, n) == 0)
		return 0;
	struct js_mod *m = js_mods_at(ms, addr, &la, &ok);
	if (!m || !ok || !js_mod_bin(m))
		return -1;
	return js_bin_read(m->bin, la, buf, n);
}
