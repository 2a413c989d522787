/* core/heap/load.c: the snapshot loader: the top-level object, the strings
 * array, the checks that need the whole file, and the model's lifetime. */
#include "core/heap/load.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

int hl_strings(struct hload *l)
{
	struct mt_heap *h = l->h;
	struct hreader *r = l->r;
	struct strbuf data = STRBUF_INIT;
	size_t cap = 1024;
	uint32_t n = 0;
	int c;

	if (l->have_strings)
		return hr_fail(r, hr_offset(r), "a second strings array");
	if (hr_expect(r, '[', "at the strings array") < 0)
		return -1;
	uint64_t *off = xmalloc(cap * sizeof *off);
	off[0] = 0;
	c = hr_peek(r);
	if (c == ']')
		r->pos++;
	else
		for (;;) {
			/* Most strings: no escapes, wholly in the buffer, a ',' or
			 * the ']' right after; copied as they are. V8 starts each
			 * on a line of its own. */
			const unsigned char *p = r->buf + r->pos, *end = r->buf + r->len, *q;
			while (p < end && hr_is_ws(*p))
				p++;
			if (n + 2 <= cap && n < 0xfffffff0u && p < end && *p == '"' &&
			    (q = hr_plain_run(p + 1, end)) + 1 < end && *q == '"' &&
			    (q[1] == ',' || q[1] == ']')) {
				strbuf_add(&data, (const char *)p + 1, (size_t)(q - p));
				data.buf[data.len - 1] = '\0';  /* over the closing quote */
				off[++n] = data.len;
				r->pos = (size_t)(q + 2 - r->buf);
				if (q[1] == ']')
					break;
				if (n % 4096 == 0)
					hr_report(r, "parse");
				continue;
			}
			if (n >= 0xfffffff0u) {
				strbuf_free(&data);
				free(off);
				return hr_fail(r, hr_offset(r), "more than 4 billion strings");
			}
			if (hr_string(r, &data, SIZE_MAX / 2) < 0) {
				strbuf_free(&data);
				free(off);
				return -1;
			}
			strbuf_putc(&data, '\0');
			if (n + 2 > cap) {
				cap *= 2;
				off = xreallocarray(off, cap, sizeof *off);
			}
			off[++n] = data.len;
			hr_report(r, "parse");
			c = hr_peek(r);
			r->pos += c >= 0;
			if (c == ']')
				break;
			if (c != ',') {
				strbuf_free(&data);
				free(off);
				return c == -2 ? -1 : hr_fail(r, hr_offset(r) - (c >= 0),
					c < 0 ? "file ends inside the strings array (truncated?)" :
					"expected ',' or ']' in the strings array");
			}
		}
	h->string_count = n;
	if (data.len <= UINT32_MAX && !mt_heap_test_wide()) {
		h->str_off32 = xmalloc(((size_t)n + 1) * sizeof *h->str_off32);
		for (uint32_t i = 0; i <= n; i++)
			h->str_off32[i] = (uint32_t)off[i];
		free(off);
	} else {
		/* Give back what doubling reserved (mremap for big blocks). */
		h->str_off64 = xreallocarray(off, (size_t)n + 1, sizeof *off);
	}
	h->str_bytes = data.len;
	/* Give back what doubling reserved (mremap for big blocks: no copy). */
	h->str_data = data.buf ? xrealloc(strbuf_detach(&data), h->str_bytes + 1) : xcalloc(1, 1);
	l->have_strings = 1;
	return 0;
}

static int locations(struct hload *l);
static int edges(struct hload *l);

static int section(struct hload *l, const char *key)
{
	if (strcmp(key, "snapshot") == 0)
		return hl_header(l);
	if (strcmp(key, "nodes") == 0)
		return hl_nodes(l);
	if (strcmp(key, "edges") == 0)
		return edges(l);
	if (strcmp(key, "strings") == 0)
		return hl_strings(l);
	if (strcmp(key, "locations") == 0)
		return locations(l);
	return hr_skip_value(l->r);
}

static int top_level(struct hload *l)
{
	struct hreader *r = l->r;
	struct strbuf key = STRBUF_INIT;
	int c, rc = -1;

	if (hr_expect(r, '{', "at the start of the snapshot") < 0)
		return -1;
	for (;;) {
		strbuf_reset(&key);
		if (hr_string(r, &key, 256) < 0 || hr_expect(r, ':', "after a key") < 0 ||
		    section(l, strbuf_str(&key)) < 0)
			break;
		c = hr_peek(r);
		if (c == '}' || c == ',') {
			r->pos++;
			if (c == '}') {
				rc = 0;
				break;
			}
			continue;
		}
		if (c != -2)
			hr_fail(r, hr_offset(r), c < 0 ? "file ends after \"%s\" (truncated?)" :
				"expected ',' or '}' after \"%s\"", strbuf_str(&key));
		break;
	}
	strbuf_free(&key);
	return rc;
}

/* Name indexes point into the strings array: known from the largest ones
 * the parse saw, else (and to say where one is out) by a pass. */
static int check_strings(struct hload *l)
{
	const struct mt_heap *h = l->h;
	const char *path = l->r->path;

	if (l->lay.e_type < l->lay.e_name && l->max_name < h->string_count &&
	    l->max_ename < h->string_count)
		return 0;
	for (uint32_t i = 0; i < h->node_count; i++)
		if (h->node_name[i] >= h->string_count) {
			mt_error_set(l->r->err, "%s: field nodes[%u].name: string %u out of "
				     "%u strings", path, i, h->node_name[i], h->string_count);
			return -1;
		}
	for (uint32_t e = 0; e < h->edge_count; e++) {
		if (!mt_heap_edge_has_string_name(h, e))
			continue;
		uint32_t name = l->ename ? l->ename[e] : mt_heap_ename(h, e);  /* packed early */
		if (name >= h->string_count) {
			mt_error_set(l->r->err, "%s: field edges[%u].name_or_index: string %u "
				     "out of %u strings", path, e, name, h->string_count);
			return -1;
		}
	}
	return 0;
}

/* Pack the locations (core/heap/locations.c) on a thread of its own while
 * the strings (which V8 writes after them) are parsed. */
static void *packer_run(void *arg)
{
	hl_pack_locations(arg);
	return NULL;
}

static void start_packer(struct hload *l)
{
	l->locs_cap = 0;  /* the records are freed once packed */
	if (pthread_create(&l->packer, NULL, packer_run, l->h) == 0)
		l->packing = 1;
	else
		packer_run(l->h);
}

/* Edge names in 16 bits (enames.c), in the parse's own memory. */
static void pack_names(struct hload *l, uint32_t nstrings)
{
	mt_heap_enames_pack(l->h, l->ename, nstrings);
	l->ename = NULL;  /* h->edge_name now */
}

/* Once the edges are in, what the root's shortcuts reach is marked
 * (graph.c) on a thread of its own while the rest is parsed, and the
 * edges' names packed when the largest string among them is known
 * (an edge's type read before its name; else after check_strings). */
static void *marker_run(void *arg)
{
	struct hload *l = arg;

	mt_heap_mark_page_shortcuts(l->h);
	if (l->pack_early)
		pack_names(l, l->max_ename + 1);
	return NULL;
}

static int edges(struct hload *l)
{
	if (hl_edges(l) < 0)
		return -1;
	/* the strings are names of nodes and edges: more than both, the names
	 * are wrong, which check_strings says (not packed early: a table that
	 * large would be made first) */
	l->pack_early = l->lay.e_type < l->lay.e_name &&
			l->max_ename < (uint64_t)l->h->node_count + l->h->edge_count + 65536;
	if (pthread_create(&l->marker, NULL, marker_run, l) == 0)
		l->marking = 1;
	else
		marker_run(l);
	return 0;
}

static void join_packer(struct hload *l)
{
	if (l->packing)
		pthread_join(l->packer, NULL);
	l->packing = 0;
}

static void join_marker(struct hload *l)
{
	if (l->marking)
		pthread_join(l->marker, NULL);
	l->marking = 0;
}

static int locations(struct hload *l)
{
	join_packer(l);  /* a second locations array */
	if (hl_locations(l) < 0)
		return -1;
	start_packer(l);
	return 0;
}

static int finish(struct hload *l)
{
	struct mt_heap *h = l->h;
	const char *missing = !l->have_header ? "the \"snapshot\" header" :
			      !l->have_nodes ? "the nodes array" :
			      !l->have_edges ? "the edges array" :
			      !l->have_strings ? "the strings array" : NULL;

	if (missing) {
		mt_error_set(l->r->err, "%s: byte %llu: missing %s", l->r->path,
			     (unsigned long long)hr_offset(l->r), missing);
		return -1;
	}
	if (h->node_count == 0) {
		mt_error_set(l->r->err, "%s: field snapshot.node_count: no nodes (no root)",
			     l->r->path);
		return -1;
	}
	if (hr_peek(l->r) >= 0)
		return hr_fail(l->r, hr_offset(l->r), "data after the end of the snapshot");
	if (check_strings(l) < 0)
		return -1;
	if (!l->pack_early)
		pack_names(l, h->string_count);
	return 0;
}

struct mt_heap *mt_heap_parse(const char *path, mt_heap_progress progress, void *ctx,
			      struct mt_error *err)
{
	struct hreader r;
	struct hload l;
	struct mt_heap *h;

	if (hr_open(&r, path, err) < 0)
		return NULL;
	r.progress = progress;
	r.progress_ctx = ctx;
	h = xcalloc(1, sizeof *h);
	memset(&l, 0, sizeof l);
	l.h = h;
	l.r = &r;
	int rc = top_level(&l);
	join_packer(&l);
	join_marker(&l);
	if (rc < 0 || finish(&l) < 0)
		mt_heap_free(&h);
	free(l.ename);
	hr_close(&r);
	return h;
}

void mt_heap_free(struct mt_heap **hp)
{
	struct mt_heap *h = *hp;

	if (!h)
		return;
	for (int i = 0; i < h->n_node_types; i++)
		free(h->node_type_names[i]);
	for (int i = 0; i < h->n_edge_types; i++)
		free(h->edge_type_names[i]);
	free(h->node_type_names);
	free(h->edge_type_names);
	free(h->node_type);
	free(h->node_detached);
	free(h->node_name);
	free(h->node_id);
	free(h->node_self);
	free(h->addr_word);
	free(h->addr_runs);
	free(h->origin);
	for (size_t i = 0; i < h->nnotes; i++)
		free(h->notes[i]);
	free(h->notes);
	free(h->first_edge);
	free(h->big_self);
	free(h->big_id);

	free(h->edge_name);
	free(h->ename_str);
	free(h->far);
	free(h->far_block);
	free(h->edge_word);
	free(h->str_data);
	free(h->str_off32);
	free(h->str_off64);
	free(h->locs);
	mt_heap_locations_free(&h->loc);
	free(h->first_retainer);
	free(h->dfs_order);
	free(h->ret_node);
	free(h->flags);
	free(h->distance);
	free(h->dominator);
	free(h->retained);
	free(h->big_retained);
	free(h->class_of);
	mt_heap_classes_free(&h->classes);
	mt_heap_weakmap_free(&h->weakmap);
	mt_heap_spare_release(h);
	free(h);
	*hp = NULL;
}
