/* views/heap/labels.c: objects written in cells for the heap panes. */
#include "views/heap/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREVIEW_MAX 60   /* characters of a string shown in a cell */

static int is_string(const struct mt_heap *h, uint32_t node)
{
	int t = h->node_type[node];

	return t == h->t.string || t == h->t.cons_string || t == h->t.sliced_string;
}

/* s cut to PREVIEW_MAX characters on a character boundary, "…" after. */
static void put_preview(struct strbuf *out, const char *s)
{
	size_t i = 0, n = 0;

	while (s[i] && n < PREVIEW_MAX) {
		i++;
		while (s[i] && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n++;
	}
	strbuf_add(out, s, i);
	if (s[i])
		strbuf_puts(out, "…");
}

void heapui_label(const struct mt_heap *h, uint32_t node, struct strbuf *out)
{
	struct strbuf name = STRBUF_INIT;

	heap_node_name(h, node, &name);
	if (name.len == 0 && node == h->root)
		strbuf_puts(&name, "(root)");
	if (is_string(h, node)) {
		strbuf_putc(out, '"');
		put_preview(out, strbuf_str(&name));
		strbuf_putc(out, '"');
	} else {
		put_preview(out, strbuf_str(&name));
		if (h->node_type[node] == h->t.closure)
			strbuf_puts(out, "()");
	}
	char ref[32];

	strbuf_printf(out, " %s", heap_ref(h, node, ref, sizeof ref));
	strbuf_free(&name);
}

const char *heapui_percent(uint64_t part, uint64_t whole, char *buf, size_t size)
{
	if (!whole)
		snprintf(buf, size, "%s", "");
	else
		snprintf(buf, size, "%.1f%%", 100.0 * (double)part / (double)whole);
	return buf;
}

void heapui_size_cells(struct view *v, struct view_row *row, int col, const struct mt_heap *h,
		       uint32_t node, const int32_t *dist)
{
	char buf[32];

	if (dist && dist != h->distance && heapui_ignored(v->doc, node))
		view_cell(v, row, col, "ignored");
	else
		view_cell(v, row, col, "%s",
			  heap_distance_text((dist ? dist : h->distance)[node], buf, sizeof buf));
	view_cell(v, row, col + 1, "%s", fmt_count(mt_heap_self(h, node), buf, sizeof buf));
	view_cell(v, row, col + 2, "%s", fmt_count(mt_heap_retained(h, node), buf, sizeof buf));
}

int heapui_jump(struct mt_artifact *doc, const char *text, struct view_nav *nav)
{
	char *end;
	unsigned long long id;

	if (!text)
		return VA_NONE;
	while (*text == ' ' || *text == '@')
		text++;
	id = strtoull(text, &end, 0);  /* an id, or a core's object address (0x...) */
	if (end == text)
		id = (unsigned long long)-1 >> 1;   /* opens to an error naming no id */
	nav->ops = &view_edges_ops;
	nav->doc = doc;
	nav->arg = (int64_t)(id > INT64_MAX ? INT64_MAX : id);
	return VA_NAVIGATE;
}
