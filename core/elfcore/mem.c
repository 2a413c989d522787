/* core/elfcore/mem.c: reading process memory out of the PT_LOAD segments,
 * and finding the segment, mapping or module of an address. Bytes past
 * p_filesz, in holes or past the end of a cut file are not held: reads stop
 * there and say how much they got. */
#include "core/elfcore/internal.h"

#include <string.h>

const struct mt_core_segment *mt_core_segment_at(const struct mt_core *c, uint64_t addr)
{
	size_t lo = 0, hi = c->nsegs;

	/* The last segment starting at or below addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->segs[mid].vaddr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct mt_core_segment *s = &c->segs[lo - 1];
	return addr - s->vaddr < s->memsz ? s : NULL;
}

/* Bytes held at addr within one segment, and where they are. */
static size_t held(const struct mt_core *c, uint64_t addr, const unsigned char **at)
{
	const struct mt_core_segment *s = mt_core_segment_at(c, addr);
	uint64_t rel;

	if (!s)
		return 0;
	rel = addr - s->vaddr;
	if (rel >= s->present)
		return 0;
	*at = c->data + s->offset + rel;
	return s->present - rel > SIZE_MAX ? SIZE_MAX : (size_t)(s->present - rel);
}

size_t mt_core_read(const struct mt_core *c, uint64_t addr, void *buf, size_t n)
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

int mt_core_read_u64(const struct mt_core *c, uint64_t addr, uint64_t *out)
{
	unsigned char b[8];

	if (mt_core_read(c, addr, b, 8) != 8)
		return -1;
	*out = get_u64(b);
	return 0;
}

long mt_core_read_str(const struct mt_core *c, uint64_t addr, char *buf, size_t max)
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

const struct mt_core_mapping *mt_core_mapping_at(const struct mt_core *c, uint64_t addr)
{
	size_t lo = 0, hi = c->nmaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->maps[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const struct mt_core_mapping *m = &c->maps[lo - 1];
	return addr < m->end ? m : NULL;
}

struct mt_core_module *mt_core_module_at(const struct mt_core *c, uint64_t addr)
{
	const struct mt_core_mapping *m = mt_core_mapping_at(c, addr);

	return m ? m->module : NULL;
}

struct mt_core_module *mt_core_exe(const struct mt_core *c)
{
	for (size_t i = 0; i < c->nmods; i++)
		if (c->mods[i].is_exe)
			return &c->mods[i];
	return NULL;
}
