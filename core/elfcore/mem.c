/* core/elfcore/mem.c: reading process memory out of the PT_LOAD segments,
 * and finding the segment, mapping or module of an address. Bytes past
 * p_filesz, in holes or past the end of a cut file are not held: reads stop
 * there and say how much they got. Mappings and modules: modmap.c. */
#include "core/bsearch.h"
#include "core/elfcore/internal.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const struct mt_coredump_segment *mt_coredump_segment_at(const struct mt_coredump *c, uint64_t addr)
{
	size_t i = MT_UPPER_BOUND(c->segs, c->nsegs, vaddr, addr);
	const struct mt_coredump_segment *s = i ? &c->segs[i - 1] : NULL;

	return s && addr - s->vaddr < s->memsz ? s : NULL;
}

/* Bytes held at addr within one segment, and where they are. */
static size_t held(const struct mt_coredump *c, uint64_t addr, const unsigned char **at)
{
	const struct mt_coredump_segment *s = mt_coredump_segment_at(c, addr);
	uint64_t rel;

	if (!s)
		return 0;
	rel = addr - s->vaddr;
	if (rel >= s->present)
		return 0;
	*at = c->data + s->offset + rel;
	return s->present - rel > SIZE_MAX ? SIZE_MAX : (size_t)(s->present - rel);
}

size_t mt_coredump_read(const struct mt_coredump *c, uint64_t addr, void *buf, size_t n)
{
	unsigned char *out = buf;
	size_t got = 0;

	while (got < n) {
		const unsigned char *at;
		uint64_t a;
		if (add_u64(addr, got, &a) < 0)
			break;
		size_t k = held(c, a, &at);
		if (k == 0)
			break;
		if (k > n - got)
			k = n - got;
		memcpy(out + got, at, k);
		got += k;
	}
	return got;
}

size_t mt_coredump_read_cold(const struct mt_coredump *c, uint64_t addr, void *buf, size_t n)
{
	const unsigned char *at = NULL;
	size_t k = held(c, addr, &at);

	if (!c->file_open || k < n)  /* the rare read across segments: as any read */
		return mt_coredump_read(c, addr, buf, n);
	ssize_t got = pread(c->file_fd, buf, n, (off_t)(at - (const unsigned char *)c->map));
	return got == (ssize_t)n ? n : mt_coredump_read(c, addr, buf, n);
}

void mt_coredump_release(const struct mt_coredump *c, const void *p, size_t n)
{
	uintptr_t base = (uintptr_t)c->map, lo = (uintptr_t)p, a, b;

	if (!base || !lo || !n || lo < base || n > c->map_len || lo - base > c->map_len - n)
		return;
	a = (lo + 4095) & ~(uintptr_t)4095;  /* whole pages inside [p, p + n) */
	b = (lo + n) & ~(uintptr_t)4095;
	if (b > a)  /* a read-only private file mapping: its pages come back from the file */
		madvise((void *)a, b - a, MADV_DONTNEED);
}

int mt_coredump_read_u64(const struct mt_coredump *c, uint64_t addr, uint64_t *out)
{
	unsigned char b[8];

	if (mt_coredump_read(c, addr, b, 8) != 8)
		return -1;
	*out = get_u64(b);
	return 0;
}

int mt_coredump_read_word(const struct mt_coredump *c, uint64_t addr, uint64_t *out)
{
	unsigned char b[8];
	size_t w = c->wordsize == 4 ? 4 : 8;

	if (mt_coredump_read(c, addr, b, w) != w)
		return -1;
	*out = bo_word(c->big_endian, (int)w, b);
	return 0;
}

long mt_coredump_read_str(const struct mt_coredump *c, uint64_t addr, char *buf, size_t max)
{
	size_t len = 0;

	if (max == 0)
		return -1;
	while (len + 1 < max) {
		const unsigned char *at;
		uint64_t a;
		if (add_u64(addr, len, &a) < 0)
			break;
		size_t k = held(c, a, &at);
		if (k == 0)
			break;
		if (k > max - 1 - len)
			k = max - 1 - len;
		const unsigned char *nul = memchr(at, 0, k);
		if (nul)
			k = (size_t)(nul - at);
		memcpy(buf + len, at, k);
		len += k;
		if (nul)
			break;
	}
	buf[len] = '\0';
	if (len == 0) {
		const unsigned char *at;
		return held(c, addr, &at) ? 0 : -1;
	}
	return (long)len;
}

const struct mt_coredump_mapping *mt_coredump_mapping_at(const struct mt_coredump *c, uint64_t addr)
{
	struct mt_modmap mm = mt_coredump_modmap(c);

	return mt_modmap_mapping_at(&mm, addr);
}

struct mt_coredump_module *mt_coredump_module_at(const struct mt_coredump *c, uint64_t addr)
{
	struct mt_modmap mm = mt_coredump_modmap(c);

	return mt_modmap_module_at(&mm, addr);
}

struct mt_coredump_module *mt_coredump_exe(const struct mt_coredump *c)
{
	struct mt_modmap mm = mt_coredump_modmap(c);

	return mt_modmap_exe(&mm);
}
