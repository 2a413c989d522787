/* tests/unit/test_js_minicore.c: see test_js_minicore.h. */
#include "tests/unit/test_js_minicore.h"
#include "core/xalloc.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* pr_reg (user_regs_struct) index of each register in V8's order. */
static const int v8_order[16] = { 10, 11, 12, 5, 19, 4, 13, 14, 9, 8, 7, 6, 3, 2, 1, 0 };

static int mc_segment(void *ctx, uint64_t addr, uint64_t *start, uint64_t *end, int *exec)
{
	struct minicore *mc = ctx;

	for (size_t i = 0; i < mc->nsegs; i++) {
		struct mini_seg *s = &mc->segs[i];
		if (addr >= s->vaddr && addr - s->vaddr < s->memsz) {
			*start = s->vaddr;
			*end = s->vaddr + s->memsz;
			*exec = s->exec;
			return 0;
		}
	}
	return -1;
}

static int mc_read(void *ctx, uint64_t addr, void *buf, size_t n)
{
	struct minicore *mc = ctx;

	for (size_t i = 0; i < mc->nsegs; i++) {
		struct mini_seg *s = &mc->segs[i];
		if (addr < s->vaddr || addr - s->vaddr >= s->filesz)
			continue;
		uint64_t rel = addr - s->vaddr;
		if (n > s->filesz - rel || s->offset + rel + n > mc->size)
			return -1;
		memcpy(buf, mc->data + s->offset + rel, n);
		return 0;
	}
	return -1;
}

static void note_prstatus(struct minicore *mc, const unsigned char *d, size_t n)
{
	uint64_t r[27];
	struct mini_thread *t;

	if (n < 112 + sizeof r)
		return;
	mc->threads = xreallocarray(mc->threads, mc->nthreads + 1, sizeof *mc->threads);
	t = &mc->threads[mc->nthreads++];
	memset(t, 0, sizeof *t);
	int16_t sig;
	int32_t pid;
	memcpy(&sig, d + 12, 2);
	memcpy(&pid, d + 32, 4);
	memcpy(r, d + 112, sizeof r);
	t->tid = pid;
	t->signal = sig;
	for (int i = 0; i < 16; i++)
		t->regs.gpr[i] = r[v8_order[i]];
	t->regs.rip = r[16];
}

static void note_file(struct minicore *mc, const unsigned char *d, size_t n)
{
	uint64_t cnt, page;

	if (n < 16)
		return;
	memcpy(&cnt, d, 8);
	memcpy(&page, d + 8, 8);
	if (cnt > (n - 16) / 24)
		return;
	const char *name = (const char *)d + 16 + cnt * 24, *end = (const char *)d + n;
	mc->maps = xcalloc(cnt ? cnt : 1, sizeof *mc->maps);
	for (uint64_t i = 0; i < cnt && name < end && memchr(name, 0, (size_t)(end - name)); i++) {
		uint64_t e[3];
		memcpy(e, d + 16 + i * 24, sizeof e);
		mc->maps[mc->nmaps++] = (struct mt_js_map){ e[0], e[1], e[2] * page, name };
		name += strlen(name) + 1;
	}
}

static void notes(struct minicore *mc, uint64_t off, uint64_t size)
{
	if (off > mc->size || size > mc->size - off)
		return;
	const unsigned char *p = mc->data + off;
	for (uint64_t o = 0; o + 12 <= size;) {
		uint32_t nsz, dsz, type;
		memcpy(&nsz, p + o, 4);
		memcpy(&dsz, p + o + 4, 4);
		memcpy(&type, p + o + 8, 4);
		uint64_t d = o + 12 + ((nsz + 3ull) & ~3ull);
		if (d > size || dsz > size - d)
			return;
		if (type == NT_PRSTATUS)
			note_prstatus(mc, p + d, dsz);
		else if (type == 0x46494c45)   /* NT_FILE */
			note_file(mc, p + d, dsz);
		o = d + ((dsz + 3ull) & ~3ull);
	}
}

static int parse(struct minicore *mc)
{
	Elf64_Ehdr eh;

	if (mc->size < sizeof eh)
		return -1;
	memcpy(&eh, mc->data, sizeof eh);
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_type != ET_CORE ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > mc->size ||
	    (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > mc->size - eh.e_phoff)
		return -1;
	mc->segs = xcalloc(eh.e_phnum ? eh.e_phnum : 1, sizeof *mc->segs);
	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		memcpy(&ph, mc->data + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
		if (ph.p_type == PT_NOTE)
			notes(mc, ph.p_offset, ph.p_filesz);
		else if (ph.p_type == PT_LOAD)
			mc->segs[mc->nsegs++] = (struct mini_seg){ ph.p_vaddr, ph.p_memsz, ph.p_offset,
								   ph.p_filesz, !!(ph.p_flags & PF_X) };
	}
	return 0;
}

struct minicore *minicore_open(const char *path, struct mt_error *err)
{
	struct minicore *mc = xcalloc(1, sizeof *mc);
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
		mt_error_set(err, "%s: cannot open: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(mc);
		return NULL;
	}
	mc->size = (size_t)st.st_size;
	mc->data = mmap(NULL, mc->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (mc->data == MAP_FAILED || parse(mc) != 0) {
		mt_error_set(err, "%s: not an ELF core", path);
		if (mc->data == MAP_FAILED)
			mc->data = NULL;
		minicore_close(&mc);
		return NULL;
	}
	mc->target = (struct mt_js_target){ mc, mc_read, mc_segment, mc->maps, mc->nmaps, NULL, NULL };
	return mc;
}

void minicore_close(struct minicore **pmc)
{
	struct minicore *mc = *pmc;

	if (!mc)
		return;
	if (mc->data)
		munmap((void *)mc->data, mc->size);
	free(mc->segs);
	free(mc->threads);
	free(mc->maps);
	free(mc);
	*pmc = NULL;
}
