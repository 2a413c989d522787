/* core/heap/names.c: the class name of every node by its type, the table of
 * names DevTools adds to the strings, and property-name formatting. */
#include "core/heap/names.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"
#include "core/strhash.h"

#include <stdio.h>
#include <string.h>

static void rehash(struct hnames *t)
{
	t->cap_slot = t->cap_slot ? t->cap_slot * 2 : 256;
	free(t->slot);
	t->slot = xcalloc(t->cap_slot, sizeof *t->slot);
	for (size_t i = 0; i < t->n; i++) {
		size_t j = mt_hash_str(MT_HASH_SEED, t->v[i]) & (t->cap_slot - 1);
		while (t->slot[j])
			j = (j + 1) & (t->cap_slot - 1);
		t->slot[j] = (uint32_t)i + 1;
	}
}

uint32_t hnames_intern(struct hnames *t, const char *s)
{
	if ((t->n + 1) * 2 > t->cap_slot)
		rehash(t);
	size_t j = mt_hash_str(MT_HASH_SEED, s) & (t->cap_slot - 1);
	for (; t->slot[j]; j = (j + 1) & (t->cap_slot - 1))
		if (strcmp(t->v[t->slot[j] - 1], s) == 0)
			return t->base + t->slot[j] - 1;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	t->v[t->n] = xstrdup(s);
	t->slot[j] = (uint32_t)++t->n;
	return t->base + (uint32_t)t->n - 1;
}

const char *hnames_get(const struct mt_heap *h, const struct hnames *t, uint32_t id)
{
	if (id < t->base)
		return mt_heap_str(h, id);
	return id - t->base < t->n ? t->v[id - t->base] : "";
}

void hnames_free(struct hnames *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

/* '<div id="a">' -> '<div>'; 'Detached <div id="a">' -> 'Detached <div>'. */
static uint32_t dom_name(struct hnames *t, const char *name, uint32_t index)
{
	size_t skip = name[0] == '<' ? 0 : 10;
	const char *sp = strchr(name + skip, ' ');
	char *cut;
	uint32_t id;

	if (!sp)
		return hnames_intern(t, name);
	cut = xmalloc((size_t)(sp - name) + 2);
	memcpy(cut, name, (size_t)(sp - name));
	strcpy(cut + (sp - name), ">");
	id = hnames_intern(t, cut);
	free(cut);
	(void)index;
	return id;
}

uint32_t *hnames_base(const struct mt_heap *h, struct hnames *t)
{
	uint32_t *name_of = mt_heap_array((size_t)h->node_count + 1, sizeof *name_of);
	uint32_t per_type[256];
	char buf[1024];

	t->base = h->string_count;
	for (int k = 0; k < h->n_node_types && k < 256; k++) {
		const char *fixed = k == h->t.hidden ? "(system)" : k == h->t.code ? "(compiled code)" :
				    k == h->t.closure ? "Function" : k == h->t.regexp ? "RegExp" : NULL;
		if (!fixed) {
			snprintf(buf, sizeof buf, "(%s)", h->node_type_names[k]);
			fixed = buf;
		}
		per_type[k] = k == h->t.object || k == h->t.native ? MT_HEAP_NONE :
			      hnames_intern(t, fixed);
	}
	for (uint32_t i = 0; i < h->node_count; i++) {
		uint32_t c = per_type[h->node_type[i]];
		if (c == MT_HEAP_NONE) {
			const char *name = mt_heap_node_name(h, i, buf, sizeof buf);
			if (name[0] == '<' || strncmp(name, "Detached <", 10) == 0)
				c = dom_name(t, name, h->node_name[i]);
			else if (mt_heap_renamed(h, i))
				c = hnames_intern(t, name);
			else
				c = h->node_name[i];
		}
		name_of[i] = c;
	}
	return name_of;
}

void hname_format_property(const char *name, struct strbuf *out)
{
	if (!strpbrk(name, ",'\"{}")) {
		strbuf_puts(out, name);
		return;
	}
	/* JSON.stringify of the name, as DevTools does. */
	strbuf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		switch (*p) {
		case '"': strbuf_puts(out, "\\\""); break;
		case '\\': strbuf_puts(out, "\\\\"); break;
		case '\b': strbuf_puts(out, "\\b"); break;
		case '\f': strbuf_puts(out, "\\f"); break;
		case '\n': strbuf_puts(out, "\\n"); break;
		case '\r': strbuf_puts(out, "\\r"); break;
		case '\t': strbuf_puts(out, "\\t"); break;
		default:
			if (*p < 0x20)
				strbuf_printf(out, "\\u%04x", *p);
			else
				strbuf_putc(out, (char)*p);
		}
	}
	strbuf_putc(out, '"');
}

size_t hname_js_length(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xc0) != 0x80)
			n += c >= 0xf0 ? 2 : 1;
	}
	return n;
}
