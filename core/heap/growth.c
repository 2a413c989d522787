/* core/heap/growth.c: the holders of each class's new objects and the
 * roots of the growth (growth.h says what a holder is).
 *
 * One pass over every edge gives each object its holder; then each new
 * object walks up to the object that holds it for its group. The walk
 * stops at an object of its own class already grouped (a list of new
 * objects of one class walks each link once), and an old holder's path up
 * to the roots is made once per holder. */
#include "core/heap/growth_int.h"
#include "core/heap/passes.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/strhash.h"

#include <stdlib.h>
#include <string.h>

int mt_heap_internal_class(const char *name)
{
	return name[0] == '(' || strncmp(name, "system / ", 9) == 0;
}

static void holders_find(const struct mt_heap *h, struct holders *o)
{
	uint32_t n = h->node_count;

	o->by = xmalloc((size_t)n * sizeof *o->by);
	o->edge = xmalloc((size_t)n * sizeof *o->edge);
	memset(o->by, 0xff, (size_t)n * sizeof *o->by);
	for (uint32_t v = 0; v < n; v++) {
		uint32_t dv = (uint32_t)h->distance[v];
		for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++) {
			uint32_t t = mt_heap_eto(h, e);
			if (t == v || mt_heap_etype(h, e) == h->t.e_weak)
				continue;
			if (o->by[t] == MT_HEAP_NONE || dv < (uint32_t)h->distance[o->by[t]]) {
				o->by[t] = v;
				o->edge[t] = e;
			}
		}
	}
}

/* Walk up from x to the object that holds it. Returns the number of
 * objects in w->chain (x first, the one the holder holds last) and sets
 * *holder (MT_HEAP_NONE when the walk found none), or returns 0 when it
 * reached an object of x's class already grouped (*holder is then it). */
static size_t walk_up(struct walker *w, uint32_t x, uint32_t *holder)
{
	const struct mt_heap *h = w->h;
	uint32_t u = x, cls = w->c->of[x];
	size_t n = 0;

	for (;;) {
		uint32_t p = w->hold.by[u];
		w->chain[n++] = u;
		if (p == MT_HEAP_NONE || p == h->root || n == WALK_MAX) {
			*holder = MT_HEAP_NONE;
			return n;
		}
		if (h->node_type[p] != h->t.synthetic && gw_internal(w, p)) {
			u = p;
			continue;
		}
		if (w->is_new[p] && w->c->of[p] == cls) {
			if (w->group[p]) {
				*holder = p;
				return 0;
			}
			u = p;
			continue;
		}
		*holder = p;
		return n;
	}
}

/* The group of row with this path, made when new. */
static uint32_t group_for(struct walker *w, size_t row, const char *path, uint32_t holder,
			  uint32_t x)
{
	uint64_t hash = mt_hash_str(MT_HASH_SEED ^ row, path);

	if ((w->ng + 1) * 2 > w->capindex) {
		free(w->index);
		w->capindex = w->capindex ? w->capindex * 2 : 64;
		w->index = xmalloc(w->capindex * sizeof *w->index);
		for (size_t i = 0; i < w->capindex; i++)
			w->index[i].g = UINT32_MAX;
		for (uint32_t g = 0; g < w->ng; g++) {
			size_t k = mt_hash_str(MT_HASH_SEED ^ w->g[g].row, w->g[g].path) % w->capindex;
			while (w->index[k].g != UINT32_MAX)
				k = (k + 1) % w->capindex;
			w->index[k] = (struct gindex){ mt_hash_str(MT_HASH_SEED ^ w->g[g].row, w->g[g].path), g };
		}
	}
	size_t k = hash % w->capindex;
	for (; w->index[k].g != UINT32_MAX; k = (k + 1) % w->capindex) {
		const struct group *g = &w->g[w->index[k].g];
		if (w->index[k].hash == hash && g->row == row && strcmp(g->path, path) == 0)
			return w->index[k].g;
	}
	if (w->ng == w->capg) {
		w->capg = w->capg ? w->capg * 2 : 64;
		w->g = xreallocarray(w->g, w->capg, sizeof *w->g);
	}
	struct group *g = &w->g[w->ng];
	memset(g, 0, sizeof *g);
	g->row = row;
	g->path = xstrdup(path);
	g->anchor = holder;
	g->first = x;
	g->by_row = holder != MT_HEAP_NONE && w->is_new[holder] ? w->row_of[w->c->of[holder]] : SIZE_MAX;
	w->index[k] = (struct gindex){ hash, (uint32_t)w->ng };
	return (uint32_t)w->ng++;
}

static void group_add(struct walker *w, uint32_t gi, uint32_t x)
{
	struct group *g = &w->g[gi];

	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->nodes = xreallocarray(g->nodes, g->cap, sizeof *g->nodes);
	}
	g->nodes[g->n++] = x;
	g->retained += mt_heap_retained(w->h, x);
	w->group[x] = gi + 1;
}

static void place(struct walker *w, size_t row, uint32_t x, struct strbuf *path)
{
	uint32_t holder;
	size_t n = walk_up(w, x, &holder);

	if (n == 0) {  /* an object of its class, grouped: the same group */
		w->held_by[x] = w->held_by[holder];
		group_add(w, w->group[holder] - 1, x);
		return;
	}
	strbuf_reset(path);
	gw_path_of(w, holder, n, path);
	uint32_t gi = group_for(w, row, strbuf_str(path), holder, x);
	/* x and the objects of its class it walked through: one group */
	for (size_t i = 0; i < n; i++) {
		uint32_t u = w->chain[i];
		if (i == 0 || (w->is_new[u] && w->c->of[u] == w->c->of[x] && !w->group[u])) {
			w->held_by[u] = holder;
			group_add(w, gi, u);
		}
	}
}

static int64_t delta_of(const struct mt_heap_diff_row *r)
{
	return (int64_t)r->added - (int64_t)r->removed;
}

/* The group at the end of x's new holders of growing classes: x's own
 * when an old object holds it. */
static uint32_t last_new_group(const struct walker *w, const struct mt_heap_diff *d, uint32_t x)
{
	for (size_t k = 0; k < WALK_MAX; k++) {
		uint32_t hb = w->held_by[x];
		if (hb == MT_HEAP_NONE || !w->is_new[hb] || !w->group[hb] ||
		    delta_of(&d->rows[w->g[w->group[hb] - 1].row]) <= 0)
			break;
		x = hb;
	}
	return w->group[x] - 1;
}

/* A root: a group of a growing class (not an internal one), at least
 * ROOT_SHARE % of its row's new objects and two of them, held by an old
 * object or by a new one of a class that is not growing. */
static int is_root(const struct mt_heap_diff *d, const struct group *g)
{
	const struct mt_heap_diff_row *r = &d->rows[g->row];

	if (delta_of(r) <= 0 || mt_heap_internal_class(r->name) || g->n < 2 ||
	    g->n * 100 < r->added * ROOT_SHARE)
		return 0;
	return g->by_row == SIZE_MAX || delta_of(&d->rows[g->by_row]) <= 0;
}

static int by_count(const void *a, const void *b)
{
	const struct mt_heap_holder *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int by_held_size(const void *a, const void *b)
{
	const struct mt_heap_growth_root *x = a, *y = b;

	if (x->held_size != y->held_size)
		return x->held_size > y->held_size ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static void walker_init(struct walker *w, struct mt_heap *b, const struct mt_heap_diff *d)
{
	uint32_t n = b->node_count;

	memset(w, 0, sizeof *w);
	w->h = b;
	w->c = b->classes;
	holders_find(b, &w->hold);
	w->is_new = xcalloc(n ? n : 1, 1);
	w->group = xcalloc(n ? n : 1, sizeof *w->group);
	w->held_by = xmalloc((n ? n : 1) * sizeof *w->held_by);
	memset(w->held_by, 0xff, (n ? n : 1) * sizeof *w->held_by);
	w->chain = xmalloc(WALK_MAX * sizeof *w->chain);
	w->up = xmalloc(WALK_MAX * sizeof *w->up);
	w->row_of = xmalloc((w->c->n + 1) * sizeof *w->row_of);
	memset(w->row_of, 0xff, (w->c->n + 1) * sizeof *w->row_of);
	for (size_t r = 0; r < d->n; r++)
		for (uint64_t k = 0; k < d->rows[r].added; k++) {
			uint32_t x = d->rows[r].new_nodes[k];
			w->is_new[x] = 1;
			w->row_of[w->c->of[x]] = (uint32_t)r;
		}
}

static void walker_free(struct walker *w)
{
	free(w->hold.by);
	free(w->hold.edge);
	free(w->is_new);
	free(w->group);
	free(w->held_by);
	free(w->chain);
	free(w->up);
	free(w->row_of);
	free(w->index);
	for (size_t i = 0; i < w->capprefix; i++)
		if (w->prefix[i].node != MT_HEAP_NONE)
			free(w->prefix[i].text);
	free(w->prefix);
	free(w->g);  /* the groups' arrays were moved to the result */
}

/* Move the groups into the result, each row's most objects first. */
static void collect(struct walker *w, const struct mt_heap_diff *d, struct mt_heap_growth *gr)
{
	gr->nrows = d->n;
	gr->held = xcalloc(d->n ? d->n : 1, sizeof *gr->held);
	for (size_t r = 0; r < d->n; r++)
		gr->held[r].total = d->rows[r].added;
	for (size_t i = 0; i < w->ng; i++) {
		struct mt_heap_held *hd = &gr->held[w->g[i].row];
		hd->v = xreallocarray(hd->v, hd->n + 1, sizeof *hd->v);
		struct mt_heap_holder *o = &hd->v[hd->n++];
		memset(o, 0, sizeof *o);
		o->path = w->g[i].path;
		o->nodes = w->g[i].nodes;
		o->n = w->g[i].n;
		o->retained = w->g[i].retained;
		o->by_row = w->g[i].by_row;
		o->function = gw_function_of(w, o);
		gw_steps_of(w, &w->g[i], o);
	}
	for (size_t r = 0; r < d->n; r++)
		if (gr->held[r].n > 1)
			qsort(gr->held[r].v, gr->held[r].n, sizeof *gr->held[r].v, by_count);
}

static void find_roots(struct walker *w, const struct mt_heap_diff *d, struct mt_heap_growth *gr)
{
	uint64_t *objects = xcalloc(w->ng + 1, sizeof *objects);
	uint64_t *bytes = xcalloc(w->ng + 1, sizeof *bytes);

	for (size_t r = 0; r < d->n; r++)
		for (uint64_t k = 0; k < d->rows[r].added; k++) {
			uint32_t x = d->rows[r].new_nodes[k], gi = last_new_group(w, d, x);
			objects[gi]++;
			bytes[gi] += mt_heap_self(w->h, x);
		}
	for (size_t gi = 0; gi < w->ng; gi++) {
		if (!is_root(d, &w->g[gi]))
			continue;
		struct mt_heap_held *hd = &gr->held[w->g[gi].row];
		size_t at = 0;
		while (at < hd->n && hd->v[at].path != w->g[gi].path)
			at++;
		gr->roots = xreallocarray(gr->roots, gr->nroots + 1, sizeof *gr->roots);
		gr->roots[gr->nroots++] = (struct mt_heap_growth_root){ w->g[gi].row, at,
									objects[gi], bytes[gi] };
	}
	if (gr->nroots > 1)
		qsort(gr->roots, gr->nroots, sizeof *gr->roots, by_held_size);
	free(objects);
	free(bytes);
}

struct mt_heap_growth *mt_heap_growth(struct mt_heap *b, const struct mt_heap_diff *d)
{
	struct mt_heap_growth *gr = xcalloc(1, sizeof *gr);
	struct walker w;
	struct strbuf path = STRBUF_INIT;

	if (d->by_class) {  /* no ids: nothing is old, nothing holds the growth */
		gr->nrows = d->n;
		gr->held = xcalloc(d->n ? d->n : 1, sizeof *gr->held);
		for (size_t r = 0; r < d->n; r++)
			gr->held[r].total = d->rows[r].added;
		return gr;
	}
	walker_init(&w, b, d);
	for (size_t r = 0; r < d->n; r++)
		for (uint64_t k = 0; k < d->rows[r].added; k++) {
			uint32_t x = d->rows[r].new_nodes[k];
			if (!w.group[x])
				place(&w, r, x, &path);
		}
	strbuf_free(&path);
	collect(&w, d, gr);
	find_roots(&w, d, gr);
	walker_free(&w);
	return gr;
}

void mt_heap_growth_free(struct mt_heap_growth **gp)
{
	struct mt_heap_growth *g = *gp;

	if (!g)
		return;
	for (size_t r = 0; r < g->nrows; r++) {
		for (size_t i = 0; i < g->held[r].n; i++) {
			struct mt_heap_holder *o = &g->held[r].v[i];
			free(o->path);
			free(o->nodes);
			for (size_t s = 0; s < o->nsteps; s++)
				free(o->steps[s].edge);
			free(o->steps);
		}
		free(g->held[r].v);
	}
	free(g->held);
	free(g->roots);
	free(g);
	*gp = NULL;
}
