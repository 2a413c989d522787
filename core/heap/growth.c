/* core/heap/growth.c: the holders of each class's new objects and the
 * roots of the growth (growth.h says what a holder is).
 *
 * One pass over every edge gives each object its holder; then each new
 * object walks up to the object that holds it for its group. The walk
 * stops at an object of its own class already grouped (a list of new
 * objects of one class walks each link once), and an old holder's path up
 * to the roots is made once per holder. */
#include "core/heap/growth.h"
#include "core/heap/passes.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define UP_STEPS 3        /* named steps of an old holder's path to the roots */
#define WALK_MAX 10000    /* objects one walk may pass (a cycle, a long chain) */
#define EDGE_TEXT_MAX 48  /* characters of a property name in a path */
#define ROOT_SHARE 1      /* % of a class's new objects a root group holds at least */

int mt_heap_internal_class(const char *name)
{
	return name[0] == '(' || strncmp(name, "system / ", 9) == 0;
}

/* Each object's holder: the retainer with the smallest distance. */
struct holders {
	uint32_t *by;     /* owned: per node, MT_HEAP_NONE for none */
	uint32_t *edge;   /* owned: the holder's edge to it */
};

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

struct walker {
	const struct mt_heap *h;
	const struct mt_heap_classes *c;
	struct holders hold;
	uint8_t *is_new;      /* owned: per node of the target */
	uint32_t *group;      /* owned: per node, its group id + 1 once known */
	uint32_t *held_by;    /* owned: per node, the holder that ends its walk */
	uint32_t *chain;      /* owned: the objects of one walk, X first */
	uint32_t *up;         /* owned: the objects of an old holder's path */
	uint32_t *row_of;     /* owned: diff row per class of the target */
	struct group *g;      /* owned: every group of every row */
	size_t ng, capg;
	struct gindex { uint64_t hash; uint32_t g; } *index; /* owned: open addressing */
	size_t capindex;
	struct prefix { uint32_t node; char *text; } *prefix; /* owned: old holders' paths */
	size_t capprefix, nprefix;
};

/* A group while it is being filled. */
struct group {
	size_t row;
	char *path;           /* owned, until moved to the result */
	uint32_t anchor;      /* the holder (MT_HEAP_NONE: none) */
	uint32_t first;       /* the object that made the group */
	uint32_t *nodes;      /* owned, until moved */
	size_t n, cap;
	uint64_t retained;
	size_t by_row;
};

static const char *class_of(const struct walker *w, uint32_t v)
{
	return w->c->v[w->c->of[v]].name;
}

static int internal(const struct walker *w, uint32_t v)
{
	return mt_heap_internal_class(class_of(w, v));
}

static int numeric(const char *s)
{
	if (!*s)
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == 0;
}

/* The edge into a step as the path writes it: ".name", "[]", or nothing
 * for the links V8 adds (hidden, shortcut, and internal ones that lead to
 * internal objects). */
static void edge_text(const struct walker *w, uint32_t e, uint32_t to, struct strbuf *out)
{
	const struct mt_heap *h = w->h;
	int t = mt_heap_etype(h, e);

	if (t == h->t.e_element || (t == h->t.e_internal && numeric(mt_heap_str(h, h->edge_name[e])))) {
		strbuf_puts(out, "[]");  /* an element, or a slot of a Map's table */
		return;
	}
	if (t == h->t.e_hidden || t == h->t.e_shortcut || (t == h->t.e_internal && internal(w, to)))
		return;
	strbuf_printf(out, ".%.*s", EDGE_TEXT_MAX, mt_heap_str(h, h->edge_name[e]));
}

/* The step into node from its holder (nothing when it has none). */
static void step_text(const struct walker *w, uint32_t node, struct strbuf *out)
{
	if (w->hold.by[node] != MT_HEAP_NONE)
		edge_text(w, w->hold.edge[node], node, out);
}

static int is_global(const struct walker *w, uint32_t v)
{
	const char *name = mt_heap_str(w->h, w->h->node_name[v]);

	return w->h->node_type[v] == w->h->t.object &&
	       (strcmp(name, "global") == 0 || strncmp(name, "global / ", 9) == 0 ||
		strncmp(name, "Window", 6) == 0);
}

/* Climb from an old holder toward the roots: to the global object, to a
 * root's child, or UP_STEPS named steps. Fills w->up (the holder first)
 * and returns how many; *anchor is where it stopped. */
static size_t climb(struct walker *w, uint32_t holder, uint32_t *anchor)
{
	const struct mt_heap *h = w->h;
	uint32_t u = holder, named = 0;
	size_t n = 0;
	struct strbuf step = STRBUF_INIT;

	for (;;) {
		uint32_t p = w->hold.by[u];
		if (p == MT_HEAP_NONE || p == h->root || h->node_type[p] == h->t.synthetic ||
		    is_global(w, u) || n == WALK_MAX)
			break;
		if (!internal(w, u) && (named >= UP_STEPS || h->node_type[u] == h->t.closure))
			break;
		w->up[n++] = u;
		strbuf_reset(&step);
		step_text(w, u, &step);
		named += step.len > 0;
		u = p;
	}
	strbuf_free(&step);
	*anchor = u;
	return n;
}

/* An object as a path starts from it: "global", a function by its name,
 * anything else by its class. */
static const char *anchor_name(const struct walker *w, uint32_t anchor)
{
	const struct mt_heap *h = w->h;

	if (is_global(w, anchor))
		return "global";
	if (h->node_type[anchor] == h->t.closure && *mt_heap_str(h, h->node_name[anchor]))
		return mt_heap_str(h, h->node_name[anchor]);
	return class_of(w, anchor);
}

/* Where an old holder sits: its anchor and the steps down to it. */
static void anchor_path(struct walker *w, uint32_t holder, struct strbuf *out)
{
	uint32_t anchor;
	size_t n = climb(w, holder, &anchor);

	strbuf_puts(out, anchor_name(w, anchor));
	while (n-- > 0)
		step_text(w, w->up[n], out);
}

static uint64_t hash_text(size_t row, const char *s)
{
	uint64_t x = 1469598103934665603u ^ row;

	while (*s)
		x = (x ^ (unsigned char)*s++) * 1099511628211u;
	return x;
}

/* An old holder's path (made once per holder; the text is owned by the
 * table). */
static const char *prefix_of(struct walker *w, uint32_t holder)
{
	if ((w->nprefix + 1) * 2 > w->capprefix) {
		struct prefix *old = w->prefix;
		size_t oldcap = w->capprefix;
		w->capprefix = oldcap ? oldcap * 2 : 256;
		w->prefix = xmalloc(w->capprefix * sizeof *w->prefix);
		for (size_t i = 0; i < w->capprefix; i++)
			w->prefix[i].node = MT_HEAP_NONE;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].node != MT_HEAP_NONE) {
				size_t k = old[i].node * 2654435761u % w->capprefix;
				while (w->prefix[k].node != MT_HEAP_NONE)
					k = (k + 1) % w->capprefix;
				w->prefix[k] = old[i];
			}
		free(old);
	}
	size_t k = holder * 2654435761u % w->capprefix;
	while (w->prefix[k].node != MT_HEAP_NONE && w->prefix[k].node != holder)
		k = (k + 1) % w->capprefix;
	if (w->prefix[k].node == MT_HEAP_NONE) {
		struct strbuf sb = STRBUF_INIT;
		anchor_path(w, holder, &sb);
		w->prefix[k].node = holder;
		w->prefix[k].text = strbuf_detach(&sb);
		w->nprefix++;
	}
	return w->prefix[k].text;
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
		if (h->node_type[p] != h->t.synthetic && internal(w, p)) {
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

/* The group's path: the holder as written (a root's name, a new object's
 * class, or an old object's path), then the steps down from it through
 * internal objects to the first that is not. */
static void path_of(struct walker *w, uint32_t holder, size_t n, struct strbuf *out)
{
	const struct mt_heap *h = w->h;

	if (holder == MT_HEAP_NONE)
		strbuf_puts(out, "(no holder)");
	else if (h->node_type[holder] == h->t.synthetic)
		strbuf_puts(out, mt_heap_str(h, h->node_name[holder]));
	else if (w->is_new[holder])
		strbuf_puts(out, anchor_name(w, holder));
	else
		strbuf_puts(out, prefix_of(w, holder));
	for (size_t i = n; i-- > 0;) {
		uint32_t u = w->chain[i];
		step_text(w, u, out);
		if (!internal(w, u))
			break;
	}
}

/* The group of row with this path, made when new. */
static uint32_t group_for(struct walker *w, size_t row, const char *path, uint32_t holder,
			  uint32_t x)
{
	uint64_t hash = hash_text(row, path);

	if ((w->ng + 1) * 2 > w->capindex) {
		free(w->index);
		w->capindex = w->capindex ? w->capindex * 2 : 64;
		w->index = xmalloc(w->capindex * sizeof *w->index);
		for (size_t i = 0; i < w->capindex; i++)
			w->index[i].g = UINT32_MAX;
		for (uint32_t g = 0; g < w->ng; g++) {
			size_t k = hash_text(w->g[g].row, w->g[g].path) % w->capindex;
			while (w->index[k].g != UINT32_MAX)
				k = (k + 1) % w->capindex;
			w->index[k] = (struct gindex){ hash_text(w->g[g].row, w->g[g].path), g };
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
	g->retained += w->h->retained[x];
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
	path_of(w, holder, n, path);
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

static void step_add(struct mt_heap_holder *o, size_t *cap, char *edge, const char *cls)
{
	if (o->nsteps == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		o->steps = xreallocarray(o->steps, *cap, sizeof *o->steps);
	}
	o->steps[o->nsteps++] = (struct mt_heap_step){ edge, cls };
}

static char *edge_dup(const struct walker *w, uint32_t node)
{
	struct strbuf sb = STRBUF_INIT;

	step_text(w, node, &sb);
	return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

/* The steps of a group's path, the anchor first, as path_of writes them. */
static void steps_of(struct walker *w, const struct group *g, struct mt_heap_holder *o)
{
	const struct mt_heap *h = w->h;
	uint32_t holder = g->anchor, anchor;
	size_t cap = 0, n = 0, up;
	uint32_t u = g->first;

	/* the walk again, without stopping at grouped objects */
	while (n < WALK_MAX) {
		w->chain[n++] = u;
		if (w->hold.by[u] == holder || w->hold.by[u] == MT_HEAP_NONE ||
		    w->hold.by[u] == h->root)
			break;
		u = w->hold.by[u];
	}
	if (holder == MT_HEAP_NONE) {
		step_add(o, &cap, xstrdup(""), "(no holder)");
	} else if (h->node_type[holder] == h->t.synthetic || w->is_new[holder]) {
		step_add(o, &cap, xstrdup(""), h->node_type[holder] == h->t.synthetic ?
			 mt_heap_str(h, h->node_name[holder]) : anchor_name(w, holder));
	} else {
		up = climb(w, holder, &anchor);
		step_add(o, &cap, xstrdup(""), anchor_name(w, anchor));
		while (up-- > 0)
			step_add(o, &cap, edge_dup(w, w->up[up]), class_of(w, w->up[up]));
	}
	for (size_t i = n; i-- > 0;) {
		step_add(o, &cap, edge_dup(w, w->chain[i]), class_of(w, w->chain[i]));
		if (!internal(w, w->chain[i]))
			break;
	}
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

/* The name of the function whose closures the group holds, if one. */
static const char *function_of(const struct walker *w, const struct mt_heap_holder *o)
{
	const struct mt_heap *h = w->h;
	uint32_t name = h->node_name[o->nodes[0]];

	for (size_t i = 0; i < o->n; i++)
		if (h->node_type[o->nodes[i]] != h->t.closure || h->node_name[o->nodes[i]] != name)
			return NULL;
	return *mt_heap_str(h, name) ? mt_heap_str(h, name) : NULL;
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
		o->function = function_of(w, o);
		steps_of(w, &w->g[i], o);
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
