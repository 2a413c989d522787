/* core/heap/write.c: a model written as a V8 heap snapshot
 * (HeapSnapshotJSONSerializer's layout: the meta, then nodes, edges,
 * locations and strings), which DevTools and mortem load. The self sizes
 * written are the model's: write a model loaded raw (no shallow-size
 * re-attribution) to keep V8's own. */
#include "core/heap/heap.h"
#include "core/heap/passes.h"

#include <inttypes.h>
#include <stdio.h>

/* A JSON string: quotes, backslashes and control characters escaped, other
 * bytes as they are (UTF-8). */
static void put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void put_names(FILE *out, char **names, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		put_string(out, names[i]);
	}
}

static void header(const struct mt_heap *h, FILE *out)
{
	fputs("{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\","
	      "\"edge_count\",\"detachedness\"],\"node_types\":[[", out);
	put_names(out, h->node_type_names, h->n_node_types);
	fputs("],\"string\",\"number\",\"number\",\"number\",\"number\"],", out);
	fputs("\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"],\"edge_types\":[[", out);
	put_names(out, h->edge_type_names, h->n_edge_types);
	fputs("],\"string_or_number\",\"node\"],\"trace_function_info_fields\":[\"function_id\","
	      "\"name\",\"script_name\",\"script_id\",\"line\",\"column\"],\"trace_node_fields\":"
	      "[\"id\",\"function_info_index\",\"count\",\"size\",\"children\"],\"sample_fields\":"
	      "[\"timestamp_us\",\"last_assigned_id\"],\"location_fields\":[\"object_index\","
	      "\"script_id\",\"line\",\"column\"]},", out);
	fprintf(out, "\"node_count\":%" PRIu32 ",\"edge_count\":%" PRIu32
		",\"trace_function_count\":0},\n", h->node_count, h->edge_count);
}

/* Each located node's location: its index in the nodes array (six
 * fields a node), script id, line, column. */
static void locations(const struct mt_heap *h, FILE *out)
{
	struct mt_heap_loc at;
	int first = 1;

	for (uint32_t i = 0; i < h->node_count; i++)
		if (mt_heap_location(h, i, &at)) {
			fprintf(out, "%s%" PRIu64 ",%" PRIu32 ",%" PRId32 ",%" PRId32,
				first ? "" : ",\n", (uint64_t)i * 6, at.script, (int32_t)at.line,
				(int32_t)at.column);  /* -1: no position */
			first = 0;
		}
}

int mt_heap_write(const struct mt_heap *h, FILE *out, struct mt_error *err)
{
	header(h, out);
	fputs("\"nodes\":[", out);
	for (uint32_t i = 0; i < h->node_count; i++)
		fprintf(out, "%s%u,%" PRIu32 ",%" PRIu64 ",%" PRIu64 ",%" PRIu32 ",0", i ? ",\n" : "",
			h->node_type[i], h->node_name[i], mt_heap_id(h, i), mt_heap_self(h, i),
			h->first_edge[i + 1] - h->first_edge[i]);
	fputs("],\n\"edges\":[", out);
	for (uint32_t e = 0; e < h->edge_count; e++)
		fprintf(out, "%s%d,%" PRIu32 ",%" PRIu64, e ? ",\n" : "", mt_heap_etype(h, e),
			h->edge_name[e], (uint64_t)mt_heap_eto(h, e) * 6);
	fputs("],\n\"trace_function_infos\":[],\n\"trace_tree\":[],\n\"samples\":[],\n"
	      "\"locations\":[", out);
	locations(h, out);
	fputs("],\n\"strings\":[", out);
	for (uint32_t i = 0; i < h->string_count; i++) {
		if (i)
			fputs(",\n", out);
		put_string(out, mt_heap_str(h, i));
	}
	fputs("]}\n", out);
	if (fflush(out) != 0 || ferror(out)) {
		mt_error_set(err, "writing the heap snapshot failed");
		return -1;
	}
	return 0;
}
