/* core/elfcore/zip.h: reading zip archives held in memory (a mapped file),
 * enough for IBM core-dump-handler bundles: the central directory (zip64
 * too), stored and deflated entries, and, when the central directory is
 * gone because the file was cut, the local headers from the start.
 * Every offset and size comes from the file and is checked against its
 * length before use. */
#ifndef MORTEM_CORE_ELFCORE_ZIP_H
#define MORTEM_CORE_ELFCORE_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define MT_ZIP_MAX_ENTRIES 100000

struct mt_zip_entry {
	char *name;              /* owned, NUL-terminated (raw bytes) */
	uint16_t method;         /* 0 stored, 8 deflated */
	uint16_t flags;
	uint64_t comp_size;      /* UINT64_MAX: unknown (runs to the end of the file) */
	uint64_t size;           /* uncompressed, as claimed; UINT64_MAX unknown */
	uint64_t local_ofs;      /* of the local header */
};

struct mt_zip {
	struct mt_zip_entry *ents;   /* owned, n of them */
	size_t n;
	int from_local;              /* no central directory: read local headers */
};

/* Sinks receive the uncompressed bytes in order; nonzero stops extraction. */
typedef int (*mt_zip_sink)(void *ctx, const unsigned char *buf, size_t n);

/* List the entries of the zip p[0..len). Returns 0, or -1 with err naming
 * the byte offset of what was wrong. */
int mt_zip_list(const unsigned char *p, uint64_t len, struct mt_zip *z, struct mt_error *err);

/* Where the (compressed) data of e starts in p, and how many of its bytes
 * the file holds. 0, or -1 with err when the local header is bad. */
int mt_zip_locate(const unsigned char *p, uint64_t len, const struct mt_zip_entry *e,
		  uint64_t *data, uint64_t *avail, struct mt_error *err);

/* Feed entry e's uncompressed bytes to sink, at most max bytes. Returns 0
 * when the entry was whole, 1 when its data was cut short (what was there
 * was delivered, err says where it stopped), -1 on an error before any data. */
int mt_zip_extract(const unsigned char *p, uint64_t len, const struct mt_zip_entry *e,
		   uint64_t max, mt_zip_sink sink, void *ctx, struct mt_error *err);

void mt_zip_free(struct mt_zip *z);

#endif
