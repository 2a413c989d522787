/* core/heap/diff.c: DevTools' comparison of two snapshots
 * (calculateSnapshotDiff): the first snapshot is classed with the second's
 * interface names; per public class key, a merge of node ids sorted
 * ascending: ids only in the first are deleted, only in the second new;
 * sizes are self sizes; classes with nothing new or deleted are left out.
 * Ids are only stable within one process, so the result also says when the
 * two snapshots cannot come from one, judged by their JavaScript objects.
 * Ids of 64 bits (other engines') are compared by their ranks. */
#include "core/heap/classes.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Counted nodes of every class, each list sorted by id: (id << 32 | node). */
struct members {
	uint32_t *first;   /* owned: per class, n + 1 */
	uint64_t *item;    /* owned */
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Sort (id << 32 | node) by id: LSD radix on 11-bit digits of the id for
 * big classes (stable, three passes), qsort for small ones. */
static void sort_by_id(uint64_t *v, size_t n, uint64_t *tmp)
{
	size_t count[2048];
	uint64_t *src = v, *dst = tmp;

	if (n < 1024) {
		qsort(v, n, sizeof *v, cmp_u64);
		return;
	}
	for (int shift = 32; shift < 65; shift += 11) {
		memset(count, 0, sizeof count);
		for (size_t i = 0; i < n; i++)
			count[src[i] >> shift & 2047]++;
		size_t sum = 0;
		for (int d = 0; d < 2048; d++) {
			size_t k = count[d];
			count[d] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[src[i] >> shift & 2047]++] = src[i];
		uint64_t *t = src;
		src = dst;
		dst = t;
	}
	memcpy(v, src, n * sizeof *v);  /* three passes: the result is in tmp */
}

/* Node i's id in ids (its id, or its rank among both sides' ids when some
 * take 64 bits), or mt_heap_id's when there is no column (a core's). */
static inline uint32_t id_of(const struct mt_heap *h, const uint32_t *ids, uint32_t i)
{
	return ids ? ids[i] : (uint32_t)mt_heap_id(h, i);
}

/* ids: each node's id, or its rank among both sides' ids (ids of 64 bits);
 * NULL for a core's model (id_of). */
static void members_of(const struct mt_heap *h, const struct mt_heap_classes *c,
		       const uint32_t *ids, struct members *m)
{
	uint32_t *fill;
	size_t total = 0;

	m->first = xcalloc(c->n + 1, sizeof *m->first);
	for (uint32_t i = 0; i < h->node_count; i++)
		if (h->node_self[i])
			m->first[c->of[i] + 1]++;
	for (size_t k = 0; k < c->n; k++)
		m->first[k + 1] += m->first[k];
	total = m->first[c->n];
	m->item = xmalloc((total ? total : 1) * sizeof *m->item);
	fill = xmalloc((c->n + 1) * sizeof *fill);
	memcpy(fill, m->first, (c->n + 1) * sizeof *fill);
	for (uint32_t i = 0; i < h->node_count; i++)
		if (h->node_self[i])
			m->item[fill[c->of[i]]++] = (uint64_t)id_of(h, ids, i) << 32 | i;
	free(fill);
	size_t biggest = 0;
	for (size_t k = 0; k < c->n; k++)
		if (m->first[k + 1] - m->first[k] > biggest)
			biggest = m->first[k + 1] - m->first[k];
	uint64_t *tmp = xmalloc((biggest ? biggest : 1) * sizeof *tmp);
	for (size_t k = 0; k < c->n; k++) {
		uint64_t *v = m->item + m->first[k];
		size_t n = m->first[k + 1] - m->first[k], i = 1;
		while (i < n && v[i - 1] < v[i])  /* often already in id order */
			i++;
		if (i < n)
			sort_by_id(v, n, tmp);
	}
	free(tmp);
}

static void members_free(struct members *m)
{
	free(m->first);
	free(m->item);
}

struct side {
	const struct mt_heap *h;
	const uint32_t *ids;             /* borrowed: h->node_id (NULL for a core), or
					    ranks */
	const struct mt_heap_classes *c;
	const struct hifaces *defs;      /* borrowed: class h by these first, or NULL */
	struct mt_heap_classes *rebuilt; /* owned: made from defs */
	struct members m;
};

/* One side's classes (when they must be made again) and members: the two
 * sides share nothing but reads, so they run on two threads. */
static void *members_run(void *arg)
{
	struct side *s = arg;

	if (s->defs)
		s->c = s->rebuilt = mt_heap_classes_build(s->h, NULL, s->defs, 0);
	members_of(s->h, s->c, s->ids, &s->m);
	return NULL;
}

/* Merge one class: ca in a (or -1), cb in b (or -1). */
static void merge(struct mt_heap_diff *d, const struct side *a, long ca, const struct side *b,
		  long cb)
{
	const uint64_t *x = ca >= 0 ? a->m.item + a->m.first[ca] : NULL;
	const uint64_t *y = cb >= 0 ? b->m.item + b->m.first[cb] : NULL;
	size_t nx = ca >= 0 ? a->m.first[ca + 1] - a->m.first[ca] : 0;
	size_t ny = cb >= 0 ? b->m.first[cb + 1] - b->m.first[cb] : 0;
	size_t i = 0, j = 0, nd = 0, nn = 0;
	struct mt_heap_diff_row r = { 0 };

	r.deleted_nodes = xmalloc((nx ? nx : 1) * sizeof *r.deleted_nodes);
	r.new_nodes = xmalloc((ny ? ny : 1) * sizeof *r.new_nodes);
	while (i < nx || j < ny) {
		uint64_t ix = i < nx ? x[i] >> 32 : UINT64_MAX, iy = j < ny ? y[j] >> 32 : UINT64_MAX;
		if (d->by_class && i < nx)  /* no id is shared: every object leaves or comes */
			iy = UINT64_MAX;
		if (ix < iy) {
			uint32_t node = (uint32_t)x[i++];
			r.deleted_nodes[nd++] = node;
			r.removed_size += mt_heap_self(a->h, node);
		} else if (iy < ix) {
			uint32_t node = (uint32_t)y[j++];
			r.new_nodes[nn++] = node;
			r.added_size += mt_heap_self(b->h, node);
		} else {
			i++;
			j++;
			d->unchanged++;
		}
	}
	r.added = nn;
	r.removed = nd;
	if (!nn && !nd) {
		free(r.deleted_nodes);
		free(r.new_nodes);
		return;
	}
	const struct mt_heap_class *cl = cb >= 0 ? &b->c->v[cb] : &a->c->v[ca];
	r.name = cl->name;
	r.key = cl->key;
	r.base_only = cb < 0;
	d->rows = xreallocarray(d->rows, d->n + 1, sizeof *d->rows);
	d->rows[d->n++] = r;
}

/* The text classes are matched by: DevTools' public key (name and
 * source location), or the name (pair_classes). */
static const char *match_text(const struct mt_heap_class *k, int by_name)
{
	return by_name ? k->name : k->key;
}

/* Find the class of a with b's key: visible classes, sorted by key. */
static long lookup(const struct mt_heap_classes *c, const uint32_t *sorted, size_t n,
		   const char *key, int by_name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(match_text(&c->v[sorted[mid]], by_name), key);
		if (cmp == 0)
			return sorted[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int by_key(const void *a, const void *b, void *arg)
{
	const struct mt_heap_classes *c = arg;
	return strcmp(c->v[*(const uint32_t *)a].key, c->v[*(const uint32_t *)b].key);
}

static int by_name(const void *a, const void *b, void *arg)
{
	const struct mt_heap_classes *c = arg;
	const struct mt_heap_class *x = &c->v[*(const uint32_t *)a], *y = &c->v[*(const uint32_t *)b];
	int r = strcmp(x->name, y->name);

	return r ? r : strcmp(x->key, y->key);
}

static int by_delta(const void *a, const void *b)
{
	const struct mt_heap_diff_row *x = a, *y = b;
	int64_t dx = (int64_t)x->added - (int64_t)x->removed;
	int64_t dy = (int64_t)y->added - (int64_t)y->removed;

	if (dx != dy)
		return dx > dy ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Whether a node is a JavaScript object, the only kind whose id V8 keeps
 * for the object's life: V8 gives heap objects odd ids; embedder (native)
 * nodes get even ones, or the id of an address that a later object may
 * reuse, and synthetic nodes are made anew by every snapshot. */
static int js_object(const struct mt_heap *h, uint32_t node)
{
	int t = h->node_type[node];

	return t != h->t.native && t != h->t.synthetic && (mt_heap_id(h, node) & 1);
}

/* The JavaScript objects of a side's rows (deleted ones from the base, new
 * ones from the target) as (id << 32 | type), sorted by id. */
static uint64_t *js_moves(const struct mt_heap_diff *d, const struct side *s, int deleted,
			  size_t *n)
{
	size_t total = 0, k = 0;

	for (size_t r = 0; r < d->n; r++)
		total += deleted ? d->rows[r].removed : d->rows[r].added;
	uint64_t *v = xmalloc((total ? total : 1) * sizeof *v);
	for (size_t r = 0; r < d->n; r++) {
		const uint32_t *nodes = deleted ? d->rows[r].deleted_nodes : d->rows[r].new_nodes;
		uint64_t count = deleted ? d->rows[r].removed : d->rows[r].added;
		for (uint64_t i = 0; i < count; i++)
			if (js_object(s->h, nodes[i]))
				v[k++] = (uint64_t)id_of(s->h, s->ids, nodes[i]) << 32 |
					 s->h->node_type[nodes[i]];
	}
	uint64_t *tmp = xmalloc((k ? k : 1) * sizeof *tmp);
	sort_by_id(v, k, tmp);
	free(tmp);
	*n = k;
	return v;
}

/* JavaScript objects' ids deleted from one class and new in another: in
 * one process an object keeps its type, in two processes the same id names
 * unrelated objects. */
static void judge(struct mt_heap_diff *d, const struct side *a, const struct side *b)
{
	size_t nd, nn, i, j;
	uint64_t *x = js_moves(d, a, 1, &nd), *y = js_moves(d, b, 0, &nn);

	for (i = j = 0; i < nd && j < nn;) {
		if (x[i] >> 32 < y[j] >> 32)
			i++;
		else if (y[j] >> 32 < x[i] >> 32)
			j++;
		else {
			d->moved++;
			if (strcmp(a->h->node_type_names[x[i] & 0xff], b->h->node_type_names[y[j] & 0xff]))
				d->moved_other_type++;
			i++;
			j++;
		}
	}
	free(x);
	free(y);
	d->same_process = !(d->unchanged == 0 && nd && nn) &&
			   !(d->moved_other_type > 100 && d->moved_other_type * 10 > d->moved) &&
			   !(d->moved_other_type > d->unchanged);
}

/* Both sides' ids as their ranks among the ids of both (in the same order),
 * when an id of 64 bits keeps them from the 32 bits of a member's key. */
static void rank_ids(const struct mt_heap *ha, const struct mt_heap *hb, uint32_t **ra,
		     uint32_t **rb)
{
	size_t n = (size_t)ha->node_count + hb->node_count, u = 0;
	uint64_t *all = xmalloc(n * sizeof *all);

	for (uint32_t i = 0; i < ha->node_count; i++)
		all[u++] = mt_heap_id(ha, i);
	for (uint32_t i = 0; i < hb->node_count; i++)
		all[u++] = mt_heap_id(hb, i);
	qsort(all, n, sizeof *all, cmp_u64);
	u = 0;
	for (size_t i = 0; i < n; i++)  /* distinct ids */
		if (!u || all[i] != all[u - 1])
			all[u++] = all[i];
	const struct mt_heap *h[2] = { ha, hb };
	uint32_t **out[2] = { ra, rb };
	for (int s = 0; s < 2; s++) {
		uint32_t *r = xmalloc(((size_t)h[s]->node_count + 1) * sizeof *r);
		for (uint32_t i = 0; i < h[s]->node_count; i++) {
			uint64_t id = mt_heap_id(h[s], i);
			size_t lo = 0, hi = u;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (all[mid] < id)
					lo = mid + 1;
				else
					hi = mid;
			}
			r[i] = (uint32_t)lo;
		}
		*out[s] = r;
	}
	free(all);
}

static int same_interfaces(const struct hifaces *x, const struct hifaces *y)
{
	if (x->n != y->n)
		return 0;
	for (size_t i = 0; i < x->n; i++) {
		if (strcmp(x->v[i].name, y->v[i].name) || x->v[i].nprops != y->v[i].nprops)
			return 0;
		for (size_t p = 0; p < x->v[i].nprops; p++)
			if (strcmp(x->v[i].props[p], y->v[i].props[p]))
				return 0;
	}
	return 1;
}

/* The first of a's classes (va: sorted by name) named name that is not
 * matched yet, or -1. */
static long free_named(const struct mt_heap_classes *c, const uint32_t *va, size_t na,
		       const char *name, const uint8_t *matched)
{
	size_t lo = 0, hi = na;

	while (lo < hi) {  /* the first of that name */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(c->v[va[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < na && strcmp(c->v[va[lo]].name, name) == 0; lo++)
		if (!matched[va[lo]])
			return va[lo];
	return -1;
}

/* The class of a (va, its na visible classes: sorted here) each of b's nb
 * visible classes meets, or -1; each of a's at most once (matched). how:
 * 0 by DevTools' key; 1 by name alone (a side has no locations); 2 by
 * key, then the classes left by name: a core is on a side, and two
 * processes may number one script apart. */
static long *pair_classes(const struct mt_heap_classes *a, uint32_t *va, size_t na,
			  const struct mt_heap_classes *b, const uint32_t *vb, size_t nb, int how,
			  uint8_t *matched)
{
	long *pair = xmalloc((nb ? nb : 1) * sizeof *pair);

	qsort_r(va, na, sizeof *va, how == 1 ? by_name : by_key, (void *)a);
	for (size_t k = 0; k < nb; k++) {
		long ca = lookup(a, va, na, match_text(&b->v[vb[k]], how == 1), how == 1);
		if (ca >= 0 && matched[ca])
			ca = -1;  /* by name: a second class of that name in b */
		if (ca >= 0)
			matched[ca] = 1;
		pair[k] = ca;
	}
	if (how != 2)
		return pair;
	qsort_r(va, na, sizeof *va, by_name, (void *)a);
	for (size_t k = 0; k < nb; k++)
		if (pair[k] < 0 && (pair[k] = free_named(a, va, na, b->v[vb[k]].name, matched)) >= 0)
			matched[pair[k]] = 1;
	return pair;
}

struct mt_heap_diff *mt_heap_diff(const struct mt_heap *ha, const struct mt_heap *hb)
{
	struct mt_heap_diff *d = xcalloc(1, sizeof *d);
	struct side a = { ha, ha->node_id, ha->classes, NULL, NULL, { 0 } };
	struct side b = { hb, hb->node_id, hb->classes, NULL, NULL, { 0 } };
	uint32_t *va, *vb, *rank_a = NULL, *rank_b = NULL;
	size_t na, nb;
	uint8_t *matched;
	int names_only;

	d->by_class = mt_heap_has_addrs(ha) || mt_heap_has_addrs(hb);
	names_only = d->by_class && (!ha->loc.npos || !hb->loc.npos);
	if (ha->nbig_id || hb->nbig_id) {
		rank_ids(ha, hb, &rank_a, &rank_b);
		a.ids = rank_a;
		b.ids = rank_b;
	}

	/* The first snapshot classed by the second's interfaces: its own
	 * classes when both define the same ones. */
	if (!same_interfaces(&ha->classes->ifaces, &hb->classes->ifaces))
		a.defs = &hb->classes->ifaces;
	mt_heap_both(members_run, &a, &b);
	d->base = a.rebuilt;
	na = mt_heap_classes_visible(a.c, &va);
	nb = mt_heap_classes_visible(b.c, &vb);
	matched = xcalloc(a.c->n ? a.c->n : 1, 1);
	long *pair = pair_classes(a.c, va, na, b.c, vb, nb, names_only ? 1 : d->by_class ? 2 : 0,
				  matched);
	for (size_t k = 0; k < nb; k++)
		merge(d, &a, pair[k], &b, vb[k]);
	free(pair);
	for (size_t k = 0; k < na; k++)
		if (!matched[va[k]])
			merge(d, &a, va[k], &b, -1);
	if (d->n > 1)
		qsort(d->rows, d->n, sizeof *d->rows, by_delta);
	if (d->by_class)
		d->same_process = 1;  /* nothing to judge: no id was matched */
	else
		judge(d, &a, &b);
	free(matched);
	free(va);
	free(vb);
	members_free(&a.m);
	members_free(&b.m);
	free(rank_a);
	free(rank_b);
	return d;
}

void mt_heap_diff_free(struct mt_heap_diff **dp)
{
	struct mt_heap_diff *d = *dp;

	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->rows[i].new_nodes);
		free(d->rows[i].deleted_nodes);
	}
	free(d->rows);
	mt_heap_classes_free(&d->base);
	free(d);
	*dp = NULL;
}
