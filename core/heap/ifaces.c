/* core/heap/ifaces.c: naming plain objects by their properties, as current
 * DevTools does: interfaces are the property lists (up to 120 characters of
 * name) seen on at least max(2, objects / 1000) plain objects, most popular
 * first; each plain object then takes the interface with the most of its
 * properties (the earliest on a tie), matched through a tree of sorted
 * property names. */
#include "core/heap/names.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"
#include "core/strhash.h"

#include <stdlib.h>
#include <string.h>

#define MAX_NAME 120

static int is_plain_object(const struct mt_heap *h, uint32_t i)
{
	return h->node_type[i] == h->t.object &&
	       strcmp(mt_heap_str(h, h->node_name[i]), "Object") == 0;
}

/* Candidate interfaces by name: an open-addressing index into out->v. */
struct cand_index {
	uint32_t *slot;      /* owned: candidate + 1 */
	size_t cap;
};

static uint32_t *cand_slot(struct cand_index *ix, const struct hifaces *c, const char *name)
{
	size_t j = mt_hash_str(MT_HASH_SEED, name) & (ix->cap - 1);
	while (ix->slot[j] && strcmp(c->v[ix->slot[j] - 1].name, name) != 0)
		j = (j + 1) & (ix->cap - 1);
	return &ix->slot[j];
}

static void cand_grow(struct cand_index *ix, const struct hifaces *c)
{
	free(ix->slot);
	ix->cap = ix->cap ? ix->cap * 2 : 1024;
	ix->slot = xcalloc(ix->cap, sizeof *ix->slot);
	for (size_t i = 0; i < c->n; i++)
		*cand_slot(ix, c, c->v[i].name) = (uint32_t)i + 1;
}

/* The interface name of one object and its property list; 0 if none. */
static size_t object_interface(const struct mt_heap *h, uint32_t v, struct strbuf *name,
			       const char **props, struct strbuf *tmp)
{
	size_t np = 0, len = 1;

	strbuf_reset(name);
	strbuf_putc(name, '{');
	for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++) {
		if (mt_heap_etype(h, e) != h->t.e_property)
			continue;
		const char *p = mt_heap_str(h, mt_heap_ename(h, e));
		if (strcmp(p, "__proto__") == 0)
			continue;
		strbuf_reset(tmp);
		hname_format_property(p, tmp);
		size_t flen = hname_js_length(tmp->buf, tmp->len);
		if (len > 1 && len + flen > MAX_NAME)
			break;
		if (len != 1) {
			strbuf_puts(name, ", ");
			len += 2;
		}
		strbuf_add(name, tmp->buf, tmp->len);
		len += flen;
		props[np++] = p;
	}
	strbuf_putc(name, '}');
	return np;
}

static void add_candidate(struct hifaces *c, struct cand_index *ix, size_t *cap,
			  const char *name, const char **props, size_t np)
{
	if ((c->n + 1) * 2 > ix->cap)
		cand_grow(ix, c);
	uint32_t *slot = cand_slot(ix, c, name);
	if (*slot) {
		c->v[*slot - 1].count++;
		return;
	}
	if (c->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		c->v = xreallocarray(c->v, *cap, sizeof *c->v);
	}
	struct hiface *f = &c->v[c->n];
	f->name = xstrdup(name);
	f->nprops = np;
	f->props = xmalloc((np ? np : 1) * sizeof *f->props);
	for (size_t i = 0; i < np; i++)
		f->props[i] = xstrdup(props[i]);
	f->count = 1;
	*slot = (uint32_t)++c->n;
}

/* Stable sort by count, descending: merge sort on indexes. */
static void sort_by_count(struct hiface *v, size_t n)
{
	struct hiface *tmp;

	if (n < 2)
		return;
	sort_by_count(v, n / 2);
	sort_by_count(v + n / 2, n - n / 2);
	tmp = xmalloc(n * sizeof *tmp);
	size_t i = 0, j = n / 2, k = 0;
	while (i < n / 2 && j < n)
		tmp[k++] = v[j].count > v[i].count ? v[j++] : v[i++];
	while (i < n / 2)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *tmp);
	free(tmp);
}

void hifaces_infer(const struct mt_heap *h, struct hifaces *out)
{
	struct strbuf name = STRBUF_INIT, tmp = STRBUF_INIT;
	struct cand_index ix = { 0 };
	const char **props = NULL;
	size_t props_cap = 0, cap = 0, total = 0;

	memset(out, 0, sizeof *out);
	for (uint32_t v = 0; v < h->node_count; v++) {
		if (!is_plain_object(h, v))
			continue;
		total++;
		size_t ne = h->first_edge[v + 1] - h->first_edge[v];
		if (ne > props_cap) {
			props_cap = ne * 2;
			props = xreallocarray(props, props_cap, sizeof *props);
		}
		size_t np = object_interface(h, v, &name, props, &tmp);
		if (np)
			add_candidate(out, &ix, &cap, strbuf_str(&name), props, np);
	}
	sort_by_count(out->v, out->n);
	double min = (double)total / 1000.0 > 2 ? (double)total / 1000.0 : 2;
	size_t keep = 0;
	while (keep < out->n && (double)out->v[keep].count >= min)
		keep++;
	for (size_t i = keep; i < out->n; i++) {
		for (size_t p = 0; p < out->v[i].nprops; p++)
			free(out->v[i].props[p]);
		free(out->v[i].props);
		free(out->v[i].name);
	}
	out->n = keep;
	free(props);
	free(ix.slot);
	strbuf_free(&name);
	strbuf_free(&tmp);
}

void hifaces_free(struct hifaces *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (size_t p = 0; p < d->v[i].nprops; p++)
			free(d->v[i].props[p]);
		free(d->v[i].props);
		free(d->v[i].name);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}
