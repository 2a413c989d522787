/* core/input.h: reading artifacts, plain or gzipped, from a file or stdin.
 *
 * gzip is recognised by its magic bytes (1f 8b), never by the file name, and
 * inflated on the fly (concatenated members too). Inputs are opened read-only
 * and never written. Offsets in errors are offsets in the inflated stream.
 */
#ifndef MORTEM_CORE_INPUT_H
#define MORTEM_CORE_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/error.h"

struct mt_stream;

/* Open PATH ("-" is stdin). Returns NULL and fills err on failure. */
struct mt_stream *mt_stream_open(const char *path, struct mt_error *err);
/* Read up to n inflated bytes. Returns the count, 0 at the end, -1 on error
 * (a cut gzip stream, an I/O error) with err naming the file and offset. */
ssize_t mt_stream_read(struct mt_stream *s, void *buf, size_t n, struct mt_error *err);
/* Inflated bytes handed out so far. */
uint64_t mt_stream_offset(const struct mt_stream *s);
/* Raw bytes consumed from the file and its size (0 if unknown: a pipe);
 * the ratio is the load progress. */
uint64_t mt_stream_raw_pos(const struct mt_stream *s);
uint64_t mt_stream_raw_size(const struct mt_stream *s);
int mt_stream_is_gzip(const struct mt_stream *s);
const char *mt_stream_path(const struct mt_stream *s);
/* Close and free; *s becomes NULL. */
void mt_stream_close(struct mt_stream **s);

/* Read a whole artifact (inflated) into a new buffer the caller frees.
 * The buffer is NUL-terminated (not counted in *len). Fails beyond max bytes. */
int mt_read_all(const char *path, size_t max, char **buf, size_t *len,
		struct mt_error *err);

/* What an artifact is, judged from its first inflated bytes. */
enum mt_kind {
	MT_KIND_UNKNOWN = 0,
	MT_KIND_REPORT,          /* process.report JSON */
	MT_KIND_SNAPSHOT,        /* V8 .heapsnapshot JSON */
	MT_KIND_COREDUMP,            /* ELF core (ET_CORE) */
	MT_KIND_ZIP,             /* zip bundle (core-dump-handler) */
	MT_KIND_NODE_REPORT_TEXT,/* text report of the old node-report npm module */
	MT_KIND_ELF_OTHER,       /* an ELF file that is not a core */
	MT_KIND_JSON_OTHER,      /* JSON that is neither report nor snapshot */
	MT_KIND_EMPTY,
};

enum mt_kind mt_sniff(const unsigned char *head, size_t len);
const char *mt_kind_name(enum mt_kind kind);
/* One sentence listing the kinds mortem opens, for "not supported" errors. */
const char *mt_kinds_opened(void);

#endif
