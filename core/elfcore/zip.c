/* core/elfcore/zip.c: the central directory of a zip (zip64 included), a
 * fallback walk over local headers for cut files, and entry extraction. */
#include "core/elfcore/zip.h"
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <string.h>
#include <zlib.h>

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_EOCD64 0x06064b50u
#define SIG_LOC64 0x07064b50u
#define EOCD_SIZE 22
#define CENTRAL_SIZE 46
#define LOCAL_SIZE 30
#define U32_MAX_FIELD 0xffffffffu

static int has(uint64_t len, uint64_t ofs, uint64_t n)
{
	return ofs <= len && n <= len - ofs;
}

/* The end-of-central-directory record: the last signature within the
 * final 64 KiB + 22 bytes. */
static int find_eocd(const unsigned char *p, uint64_t len, uint64_t *at)
{
	uint64_t lo = len > 0xffff + EOCD_SIZE ? len - 0xffff - EOCD_SIZE : 0;

	if (len < EOCD_SIZE)
		return -1;
	for (uint64_t i = len - EOCD_SIZE + 1; i-- > lo; )
		if (get_u32(p + i) == SIG_EOCD)
			return (*at = i), 0;
	return -1;
}

struct dir {
	uint64_t count, size, ofs;
};

static int read_eocd64(const unsigned char *p, uint64_t len, uint64_t eocd,
		       struct dir *d, struct mt_error *err)
{
	uint64_t at;

	if (eocd < 20 || get_u32(p + eocd - 20) != SIG_LOC64)
		return 0;
	at = get_u64(p + eocd - 20 + 8);
	if (!has(len, at, 56) || get_u32(p + at) != SIG_EOCD64) {
		mt_error_set(err, "byte %llu: zip64 end of central directory not found "
			     "where the locator says", (unsigned long long)at);
		return -1;
	}
	d->count = get_u64(p + at + 32);
	d->size = get_u64(p + at + 40);
	d->ofs = get_u64(p + at + 48);
	return 0;
}

/* The zip64 extended-information extra field fills the fields that are
 * 0xffffffff, in a fixed order. */
static void zip64_extra(const unsigned char *x, size_t n, struct mt_zip_entry *e,
			int want_size, int want_comp, int want_ofs)
{
	for (size_t i = 0; i + 4 <= n; ) {
		size_t id = get_u16(x + i), sz = get_u16(x + i + 2), j = i + 4;
		if (sz > n - i - 4)
			return;
		if (id == 1) {
			if (want_size && j + 8 <= i + 4 + sz)
				e->size = get_u64(x + j), j += 8;
			if (want_comp && j + 8 <= i + 4 + sz)
				e->comp_size = get_u64(x + j), j += 8;
			if (want_ofs && j + 8 <= i + 4 + sz)
				e->local_ofs = get_u64(x + j);
			return;
		}
		i += 4 + sz;
	}
}

static int read_central(const unsigned char *p, uint64_t len, const struct dir *d,
			struct mt_zip *z, struct mt_error *err)
{
	uint64_t at = d->ofs;

	if (d->count > MT_ZIP_MAX_ENTRIES || !has(len, d->ofs, d->size) ||
	    d->count > d->size / CENTRAL_SIZE) {
		mt_error_set(err, "byte %llu: central directory of %llu entries does not fit",
			     (unsigned long long)d->ofs, (unsigned long long)d->count);
		return -1;
	}
	z->ents = xcalloc(d->count ? d->count : 1, sizeof *z->ents);
	for (uint64_t i = 0; i < d->count; i++) {
		struct mt_zip_entry *e = &z->ents[z->n];
		if (!has(len, at, CENTRAL_SIZE) || get_u32(p + at) != SIG_CENTRAL) {
			mt_error_set(err, "byte %llu: central directory entry %llu is damaged",
				     (unsigned long long)at, (unsigned long long)i);
			return -1;
		}
		size_t nl = get_u16(p + at + 28), xl = get_u16(p + at + 30), cl = get_u16(p + at + 32);
		if (!has(len, at + CENTRAL_SIZE, (uint64_t)nl + xl + cl)) {
			mt_error_set(err, "byte %llu: central directory entry %llu runs past the end",
				     (unsigned long long)at, (unsigned long long)i);
			return -1;
		}
		e->flags = get_u16(p + at + 8);
		e->method = get_u16(p + at + 10);
		e->comp_size = get_u32(p + at + 20);
		e->size = get_u32(p + at + 24);
		e->local_ofs = get_u32(p + at + 42);
		e->name = xstrndup((const char *)p + at + CENTRAL_SIZE, nl);
		zip64_extra(p + at + CENTRAL_SIZE + nl, xl, e, e->size == U32_MAX_FIELD,
			    e->comp_size == U32_MAX_FIELD, e->local_ofs == U32_MAX_FIELD);
		z->n++;
		at += CENTRAL_SIZE + nl + xl + cl;
	}
	return 0;
}

/* A cut zip has no central directory: list the local headers in order. */
static int read_locals(const unsigned char *p, uint64_t len, struct mt_zip *z,
		       struct mt_error *err)
{
	uint64_t at = 0;

	z->from_local = 1;
	while (has(len, at, LOCAL_SIZE) && get_u32(p + at) == SIG_LOCAL &&
	       z->n < MT_ZIP_MAX_ENTRIES) {
		size_t nl = get_u16(p + at + 26), xl = get_u16(p + at + 28);
		struct mt_zip_entry e = { 0 };
		uint64_t data;

		if (!has(len, at + LOCAL_SIZE, (uint64_t)nl + xl))
			break;
		e.flags = get_u16(p + at + 6);
		e.method = get_u16(p + at + 8);
		e.comp_size = get_u32(p + at + 18);
		e.size = get_u32(p + at + 22);
		e.local_ofs = at;
		zip64_extra(p + at + LOCAL_SIZE + nl, xl, &e, e.size == U32_MAX_FIELD,
			    e.comp_size == U32_MAX_FIELD, 0);
		if ((e.flags & 8) && e.comp_size == 0)
			e.comp_size = e.size = UINT64_MAX;  /* sizes follow the data */
		e.name = xstrndup((const char *)p + at + LOCAL_SIZE, nl);
		z->ents = xreallocarray(z->ents, z->n + 1, sizeof *z->ents);
		z->ents[z->n++] = e;
		data = at + LOCAL_SIZE + nl + xl;
		if (e.comp_size == UINT64_MAX || add_u64(data, e.comp_size, &at) < 0)
			break;
		if ((e.flags & 8) && has(len, at, 4))   /* a data descriptor follows */
			at += get_u32(p + at) == 0x08074b50u ? 16 : 12;
	}
	if (z->n == 0) {
		mt_error_set(err, "byte 0: no zip central directory and no readable local header");
		return -1;
	}
	return 0;
}

int mt_zip_list(const unsigned char *p, uint64_t len, struct mt_zip *z, struct mt_error *err)
{
	struct dir d;
	uint64_t eocd;

	memset(z, 0, sizeof *z);
	if (find_eocd(p, len, &eocd) < 0)
		return read_locals(p, len, z, err);
	d.count = get_u16(p + eocd + 10);
	d.size = get_u32(p + eocd + 12);
	d.ofs = get_u32(p + eocd + 16);
	if (read_eocd64(p, len, eocd, &d, err) < 0 || read_central(p, len, &d, z, err) < 0) {
		mt_zip_free(z);
		return -1;
	}
	return 0;
}

int mt_zip_locate(const unsigned char *p, uint64_t len, const struct mt_zip_entry *e,
		  uint64_t *data, uint64_t *avail, struct mt_error *err)
{
	uint64_t at = e->local_ofs;

	if (!has(len, at, LOCAL_SIZE) || get_u32(p + at) != SIG_LOCAL) {
		mt_error_set(err, "byte %llu: local header of '%s' not found",
			     (unsigned long long)at, e->name);
		return -1;
	}
	*data = at + LOCAL_SIZE + get_u16(p + at + 26) + get_u16(p + at + 28);
	if (*data > len) {
		mt_error_set(err, "byte %llu: local header of '%s' runs past the end",
			     (unsigned long long)at, e->name);
		return -1;
	}
	*avail = len - *data < e->comp_size ? len - *data : e->comp_size;
	return 0;
}

static int inflate_to(const unsigned char *in, uint64_t n, uint64_t max, mt_zip_sink sink,
		      void *ctx, int *ended, struct mt_error *err)
{
	unsigned char out[1 << 16];
	z_stream zs = { 0 };
	uint64_t done = 0;
	int rc = Z_OK;

	if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
		return mt_error_set(err, "inflate: cannot start"), -1;
	while (rc == Z_OK && done < max) {
		uInt chunk = n > (1u << 30) ? (1u << 30) : (uInt)n;
		if (zs.avail_in == 0 && chunk) {
			zs.next_in = (unsigned char *)in;
			zs.avail_in = chunk;
			in += chunk;
			n -= chunk;
		}
		zs.next_out = out;
		zs.avail_out = sizeof out;
		rc = inflate(&zs, Z_NO_FLUSH);
		size_t got = sizeof out - zs.avail_out;
		if (got > max - done)
			got = (size_t)(max - done);
		if (got && sink(ctx, out, got))
			break;
		done += got;
	}
	*ended = rc == Z_STREAM_END || done >= max;
	if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
		mt_error_set(err, "inflate failed after %llu bytes: %s",
			     (unsigned long long)done, zs.msg ? zs.msg : "corrupt data");
	inflateEnd(&zs);
	return 0;
}

int mt_zip_extract(const unsigned char *p, uint64_t len, const struct mt_zip_entry *e,
		   uint64_t max, mt_zip_sink sink, void *ctx, struct mt_error *err)
{
	uint64_t data, avail;
	int ended = 0;

	if (mt_zip_locate(p, len, e, &data, &avail, err) < 0)
		return -1;
	if (e->method == 0) {
		uint64_t n = avail < max ? avail : max;
		for (uint64_t o = 0; o < n; o += 1u << 20)
			if (sink(ctx, p + data + o, (size_t)(n - o < (1u << 20) ? n - o : 1u << 20)))
				break;
		ended = avail == e->comp_size || e->comp_size == UINT64_MAX || n == max;
	} else if (e->method == 8) {
		inflate_to(p + data, avail, max, sink, ctx, &ended, err);
	} else {
		mt_error_set(err, "entry '%s': compression method %u not supported",
			     e->name, e->method);
		return -1;
	}
	if (!ended && !err->set)
		mt_error_set(err, "entry '%s' is cut short: %llu of %llu compressed bytes present",
			     e->name, (unsigned long long)avail, (unsigned long long)e->comp_size);
	return ended && !err->set ? 0 : 1;
}

void mt_zip_free(struct mt_zip *z)
{
	for (size_t i = 0; i < z->n; i++)
		free(z->ents[i].name);
	free(z->ents);
	memset(z, 0, sizeof *z);
}
