/* core/heap/growth_path.c: the paths that name the holders' groups
 * (growth.h): an old holder's way toward the roots, cut at the global
 * object, a function or a few named steps; the steps down through internal
 * objects; edges written ".name" or "[]", V8's own links seen through. */
#include "core/heap/growth_int.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

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

	if (t == h->t.e_element || (t == h->t.e_internal && numeric(mt_heap_str(h, mt_heap_ename(h, e))))) {
		strbuf_puts(out, "[]");  /* an element, or a slot of a Map's table */
		return;
	}
	if (t == h->t.e_hidden || t == h->t.e_shortcut || (t == h->t.e_internal && gw_internal(w, to)))
		return;
	strbuf_printf(out, ".%.*s", EDGE_TEXT_MAX, mt_heap_str(h, mt_heap_ename(h, e)));
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
		if (!gw_internal(w, u) && (named >= UP_STEPS || h->node_type[u] == h->t.closure))
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
	return gw_class_of(w, anchor);
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

/* The group's path: the holder as written (a root's name, a new object's
 * class, or an old object's path), then the steps down from it through
 * internal objects to the first that is not. */
void gw_path_of(struct walker *w, uint32_t holder, size_t n, struct strbuf *out)
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
		if (!gw_internal(w, u))
			break;
	}
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
void gw_steps_of(struct walker *w, const struct group *g, struct mt_heap_holder *o)
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
			step_add(o, &cap, edge_dup(w, w->up[up]), gw_class_of(w, w->up[up]));
	}
	for (size_t i = n; i-- > 0;) {
		step_add(o, &cap, edge_dup(w, w->chain[i]), gw_class_of(w, w->chain[i]));
		if (!gw_internal(w, w->chain[i]))
			break;
	}
}

/* The name of the function whose closures the group holds, if one. */
const char *gw_function_of(const struct walker *w, const struct mt_heap_holder *o)
{
	const struct mt_heap *h = w->h;
	uint32_t name = h->node_name[o->nodes[0]];

	for (size_t i = 0; i < o->n; i++)
		if (h->node_type[o->nodes[i]] != h->t.closure || h->node_name[o->nodes[i]] != name)
			return NULL;
	return *mt_heap_str(h, name) ? mt_heap_str(h, name) : NULL;
}
