/* core/heap/write.c: a model written as a V8 heap snapshot
 * (HeapSnapshotJSONSerializer's layout: the meta, then nodes, edges,
 * locations and strings), which DevTools and mortem load. The self sizes
 * written are the model's: write a model loaded raw (no shallow-size
 * re-attribution) to keep V8's own.
 *
 * The text goes through a buffer of this file's own: nodes and edges are
 * some 60 million small numbers for a heap of 4 million objects, which
 * stdio's printf formats at a third of the speed (bench: 3.9 s to write
 * 300 MB, 1.6 s of it in vfprintf). */
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

struct out {
	FILE *f;                     /* borrowed */
	size_t n;                    /* bytes in buf */
	int failed;                  /* a write failed */
	char buf[1 << 16];
};

static void flush(struct out *o)
{
	if (o->n && fwrite(o->buf, 1, o->n, o->f) != o->n)
		o->failed = 1;
	o->n = 0;
}

static void put(struct out *o, const char *s, size_t len)
{
	if (len > sizeof o->buf - o->n) {
		flush(o);
		if (len > sizeof o->buf) {
			if (fwrite(s, 1, len, o->f) != len)
				o->failed = 1;
			return;
		}
	}
	memcpy(o->buf + o->n, s, len);
	o->n += len;
}

static void put_text(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* One byte, and a number: straight into the buffer (most writes are of
 * one to ten bytes). */
static inline void put_char(struct out *o, char c)
{
	if (o->n == sizeof o->buf)
		flush(o);
	o->buf[o->n++] = c;
}

/* Between two records: a comma and a new line (V8 writes a record a line). */
static inline void put_sep(struct out *o)
{
	put_char(o, ',');
	put_char(o, '\n');
}

static inline void put_u64(struct out *o, uint64_t v)
{
	char t[20];
	size_t k = sizeof t;

	do
		t[--k] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (sizeof o->buf - o->n < sizeof t)
		flush(o);
	while (k < sizeof t)
		o->buf[o->n++] = t[k++];
}

static void put_i64(struct out *o, int64_t v)
{
	if (v < 0) {
		put_char(o, '-');
		put_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		put_u64(o, (uint64_t)v);
	}
}

/* A JSON string: quotes, backslashes and control characters escaped, other
 * bytes as they are (UTF-8). */
static void put_string(struct out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	put_char(o, '"');
	while (*s) {
		size_t run = strcspn(s, "\"\\\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c"
				     "\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
				     "\x1b\x1c\x1d\x1e\x1f\x7f");
		put(o, s, run);
		s += run;
		if (!*s)
			break;
		unsigned char c = (unsigned char)*s++;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			put(o, e, 2);
		} else {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			put(o, u, 6);
		}
	}
	put_char(o, '"');
}

static void put_names(struct out *o, char **names, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			put_char(o, ',');
		put_string(o, names[i]);
	}
}

static void header(const struct mt_heap *h, struct out *o)
{
	put_text(o, "{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\","
		 "\"self_size\",\"edge_count\",\"detachedness\"],\"node_types\":[[");
	put_names(o, h->node_type_names, h->n_node_types);
	put_text(o, "],\"string\",\"number\",\"number\",\"number\",\"number\"],");
	put_text(o, "\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],\"edge_types\":[[");
	put_names(o, h->edge_type_names, h->n_edge_types);
	put_text(o, "],\"string_or_number\",\"node\"],\"trace_function_info_fields\":["
		 "\"function_id\",\"name\",\"script_name\",\"script_id\",\"line\",\"column\"],"
		 "\"trace_node_fields\":[\"id\",\"function_info_index\",\"count\",\"size\","
		 "\"children\"],\"sample_fields\":[\"timestamp_us\",\"last_assigned_id\"],"
		 "\"location_fields\":[\"object_index\",\"script_id\",\"line\",\"column\"]},");
	put_text(o, "\"node_count\":");
	put_u64(o, h->node_count);
	put_text(o, ",\"edge_count\":");
	put_u64(o, h->edge_count);
	put_text(o, ",\"trace_function_count\":0},\n");
}

/* Each located node's location: its index in the nodes array (six
 * fields a node), script id, line, column (-1: no position). */
static void locations(const struct mt_heap *h, struct out *o)
{
	struct mt_heap_loc at;
	int first = 1;

	for (uint32_t i = 0; i < h->node_count; i++)
		if (mt_heap_location(h, i, &at)) {
			if (!first)
				put_sep(o);
			put_u64(o, (uint64_t)i * 6);
			put_char(o, ',');
			put_u64(o, at.script);
			put_char(o, ',');
			put_i64(o, (int32_t)at.line);
			put_char(o, ',');
			put_i64(o, (int32_t)at.column);
			first = 0;
		}
}

static void nodes(const struct mt_heap *h, struct out *o)
{
	for (uint32_t i = 0; i < h->node_count; i++) {
		if (i)
			put_sep(o);
		put_u64(o, h->node_type[i]);
		put_char(o, ',');
		put_u64(o, h->node_name[i]);
		put_char(o, ',');
		put_u64(o, mt_heap_id(h, i));
		put_char(o, ',');
		put_u64(o, mt_heap_self(h, i));
		put_char(o, ',');
		put_u64(o, h->first_edge[i + 1] - h->first_edge[i]);
		put_char(o, ',');
		put_char(o, '0');
	}
}

static void edges(const struct mt_heap *h, struct out *o)
{
	for (uint32_t e = 0; e < h->edge_count; e++) {
		if (e)
			put_sep(o);
		put_i64(o, mt_heap_etype(h, e));
		put_char(o, ',');
		put_u64(o, mt_heap_ename(h, e));
		put_char(o, ',');
		put_u64(o, (uint64_t)mt_heap_eto(h, e) * 6);
	}
}

int mt_heap_write(const struct mt_heap *h, FILE *f, struct mt_error *err)
{
	struct out *o = xmalloc(sizeof *o);

	o->f = f;
	o->n = 0;
	o->failed = 0;
	header(h, o);
	put_text(o, "\"nodes\":[");
	nodes(h, o);
	put_text(o, "],\n\"edges\":[");
	edges(h, o);
	put_text(o, "],\n\"trace_function_infos\":[],\n\"trace_tree\":[],\n\"samples\":[],\n"
		 "\"locations\":[");
	locations(h, o);
	put_text(o, "],\n\"strings\":[");
	for (uint32_t i = 0; i < h->string_count; i++) {
		if (i)
			put_sep(o);
		put_string(o, mt_heap_str(h, i));
	}
	put_text(o, "]}\n");
	flush(o);
	int failed = o->failed;
	free(o);
	if (fflush(f) != 0 || ferror(f) || failed) {
		mt_error_set(err, "writing the heap snapshot failed");
		return -1;
	}
	return 0;
}
