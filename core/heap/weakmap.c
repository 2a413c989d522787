/* core/heap/weakmap.c: recognising the edge names V8 gives WeakMap
 * ephemerons, with the same regular expression as DevTools
 * (tryParseWeakMapEdgeName), once per string. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/heap/heap.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#define EPHEMERON_RE "^\\d+(?<dup> / part of key \\(.*? @\\d+\\) -> value \\(.*? @\\d+\\) " \
	"pair in WeakMap \\(table @(?<table>\\d+)\\))$"

struct wm_entry {
	uint32_t name;      /* string index + 1; 0 is an empty slot */
	uint32_t table;     /* table id */
	uint32_t suffix;    /* offset of the duplicated part */
};

struct mt_heap_weakmap {
	uint8_t *state;             /* owned: per string, 0 unknown, 1 no, 2 yes */
	struct wm_entry *slots;     /* owned: open addressing, cap a power of two */
	size_t cap, used;
	pcre2_code *re;             /* owned */
	pcre2_match_data *md;       /* owned */
};

static struct mt_heap_weakmap *wm_new(const struct mt_heap *h)
{
	struct mt_heap_weakmap *w = xcalloc(1, sizeof *w);
	int errcode;
	PCRE2_SIZE erroff;

	w->state = xcalloc(h->string_count ? h->string_count : 1, 1);
	w->cap = 64;
	w->slots = xcalloc(w->cap, sizeof *w->slots);
	w->re = pcre2_compile((PCRE2_SPTR)EPHEMERON_RE, PCRE2_ZERO_TERMINATED, 0, &errcode,
			      &erroff, NULL);
	if (w->re) {
		pcre2_jit_compile(w->re, PCRE2_JIT_COMPLETE);
		w->md = pcre2_match_data_create_from_pattern(w->re, NULL);
	}
	return w;
}

void mt_heap_weakmap_free(struct mt_heap_weakmap **wp)
{
	struct mt_heap_weakmap *w = *wp;

	if (!w)
		return;
	pcre2_match_data_free(w->md);
	pcre2_code_free(w->re);
	free(w->state);
	free(w->slots);
	free(w);
	*wp = NULL;
}

static struct wm_entry *slot_for(struct mt_heap_weakmap *w, uint32_t name)
{
	size_t i = (name * 2654435761u) & (w->cap - 1);

	while (w->slots[i].name && w->slots[i].name != name + 1)
		i = (i + 1) & (w->cap - 1);
	return &w->slots[i];
}

static void insert(struct mt_heap_weakmap *w, uint32_t name, uint32_t table, uint32_t suffix)
{
	if ((w->used + 1) * 2 > w->cap) {
		struct wm_entry *old = w->slots;
		size_t oldcap = w->cap;
		w->cap *= 2;
		w->slots = xcalloc(w->cap, sizeof *w->slots);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].name)
				*slot_for(w, old[i].name - 1) = old[i];
		free(old);
	}
	struct wm_entry *e = slot_for(w, name);
	e->name = name + 1;
	e->table = table;
	e->suffix = suffix;
	w->used++;
}

static int classify(struct mt_heap_weakmap *w, const char *s, uint32_t *table, uint32_t *suffix)
{
	if (!w->re || !strstr(s, " pair in WeakMap (table @"))
		return 0;
	if (pcre2_match(w->re, (PCRE2_SPTR)s, strlen(s), 0, 0, w->md, NULL) < 0)
		return 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
	int dup = pcre2_substring_number_from_name(w->re, (PCRE2_SPTR)"dup");
	int tab = pcre2_substring_number_from_name(w->re, (PCRE2_SPTR)"table");
	unsigned long long id = strtoull(s + ov[2 * tab], NULL, 10);
	*table = id > UINT32_MAX ? UINT32_MAX : (uint32_t)id;
	*suffix = (uint32_t)ov[2 * dup];
	return 1;
}

int mt_heap_weakmap_edge(struct mt_heap *h, uint32_t name, uint32_t *table, uint32_t *suffix)
{
	struct mt_heap_weakmap *w;

	if (name >= h->string_count)
		return 0;
	if (!h->weakmap)
		h->weakmap = wm_new(h);
	w = h->weakmap;
	if (w->state[name] == 0) {
		uint32_t t = 0, s = 0;
		w->state[name] = classify(w, mt_heap_str(h, name), &t, &s) ? 2 : 1;
		if (w->state[name] == 2)
			insert(w, name, t, s);
	}
	if (w->state[name] != 2)
		return 0;
	const struct wm_entry *e = slot_for(w, name);
	*table = e->table;
	*suffix = e->suffix;
	return 1;
}
