/* core/heap/iface_match.c: applying interface definitions to the plain
 * objects of a snapshot (DevTools' applyInterfaceDefinitions): a tree of
 * each definition's sorted property names; an object walks it with its own
 * sorted properties, keeping every state reached, and takes the reached
 * definition with the most properties, the earliest on a tie. */
#include "core/heap/names.h"
#include "core/heap/passes.h"
#include "core/xalloc.h"
#include "core/strhash.h"

#include <stdlib.h>
#include <string.h>

struct tnode {
	const char *greatest;  /* borrowed from the definitions: largest child label */
	long match;            /* definition index or -1 */
};

struct tedge {
	uint32_t parent, child;  /* child 0: empty slot */
	const char *label;       /* borrowed */
};

struct trie {
	struct tnode *node;     /* owned */
	size_t n, cap;
	struct tedge *edge;     /* owned hash of (parent, label) */
	size_t ecap, eused;
};

static struct tedge *find_edge(const struct trie *t, uint32_t parent, const char *label)
{
	size_t j = mt_hash_str(MT_HASH_SEED ^ parent, label) & (t->ecap - 1);
	while (t->edge[j].child &&
	       (t->edge[j].parent != parent || strcmp(t->edge[j].label, label) != 0))
		j = (j + 1) & (t->ecap - 1);
	return &t->edge[j];
}

static uint32_t new_node(struct trie *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->node = xreallocarray(t->node, t->cap, sizeof *t->node);
	}
	t->node[t->n].greatest = NULL;
	t->node[t->n].match = -1;
	return (uint32_t)t->n++;
}

static void grow_edges(struct trie *t)
{
	struct tedge *old = t->edge;
	size_t oldcap = t->ecap;

	t->ecap = t->ecap ? t->ecap * 2 : 256;
	t->edge = xcalloc(t->ecap, sizeof *t->edge);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].child)
			*find_edge(t, old[i].parent, old[i].label) = old[i];
	free(old);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void build(struct trie *t, const struct hifaces *defs)
{
	new_node(t);
	for (size_t d = 0; d < defs->n; d++) {
		const struct hiface *f = &defs->v[d];
		const char **props = xmalloc((f->nprops ? f->nprops : 1) * sizeof *props);
		uint32_t cur = 0;
		memcpy(props, f->props, f->nprops * sizeof *props);
		qsort(props, f->nprops, sizeof *props, cmp_str);
		for (size_t p = 0; p < f->nprops; p++) {
			if ((t->eused + 1) * 2 > t->ecap)
				grow_edges(t);
			struct tedge *e = find_edge(t, cur, props[p]);
			if (!e->child) {
				uint32_t child = new_node(t);
				e->parent = cur;
				e->label = props[p];
				e->child = child;
				t->eused++;
				if (!t->node[cur].greatest || strcmp(t->node[cur].greatest, props[p]) < 0)
					t->node[cur].greatest = props[p];
			}
			cur = e->child;
		}
		if (t->node[cur].match < 0)
			t->node[cur].match = (long)d;
		free(props);
	}
}

/* selectBetterMatch: a is the best so far (-1: the plain "Object", no
 * properties, last in order), b a definition reached (-1: none). */
static long better(const struct hifaces *defs, long a, long b)
{
	if (b < 0)
		return a;
	size_t na = a < 0 ? 0 : defs->v[a].nprops, nb = defs->v[b].nprops;
	if (na != nb)
		return na > nb ? a : b;
	return a >= 0 && a <= b ? a : b;
}

struct walk {
	const char **props;   /* owned scratch */
	size_t cap;
	uint32_t *states, *next, *mark;  /* owned, one per tree node */
	uint32_t gen;
};

static void push_state(struct walk *w, size_t *nn, uint32_t s)
{
	if (w->mark[s] == w->gen)
		return;
	w->mark[s] = w->gen;
	w->next[(*nn)++] = s;
}

static long match_object(const struct mt_heap *h, const struct trie *t, const struct hifaces *defs,
			 uint32_t v, struct walk *w)
{
	const char **props = w->props;
	uint32_t *states = w->states;
	size_t np = 0, ns = 1;
	long match = better(defs, -1, t->node[0].match);

	for (uint32_t e = h->first_edge[v]; e < h->first_edge[v + 1]; e++)
		if (mt_heap_etype(h, e) == h->t.e_property)
			props[np++] = mt_heap_str(h, mt_heap_ename(h, e));
	qsort(props, np, sizeof *props, cmp_str);
	states[0] = 0;
	for (size_t p = 0; p < np; p++) {
		size_t nn = 0;
		w->gen++;
		for (size_t s = 0; s < ns; s++) {
			const struct tnode *st = &t->node[states[s]];
			if (!st->greatest)
				continue;
			if (strcmp(props[p], st->greatest) < 0)
				push_state(w, &nn, states[s]);
			const struct tedge *e = find_edge(t, states[s], props[p]);
			if (!e->child)
				continue;
			push_state(w, &nn, e->child);
			match = better(defs, match, t->node[e->child].match);
		}
		memcpy(states, w->next, nn * sizeof *states);
		ns = nn;
		if (!ns)
			break;
	}
	return match;
}

void hifaces_apply(const struct mt_heap *h, const struct hifaces *defs, struct hnames *t,
		   uint32_t *name_of)
{
	struct trie tr = { 0 };
	struct walk w = { 0 };
	uint32_t *iface_id;

	build(&tr, defs);
	iface_id = xmalloc((defs->n ? defs->n : 1) * sizeof *iface_id);
	for (size_t d = 0; d < defs->n; d++)
		iface_id[d] = MT_HEAP_NONE;
	w.states = xmalloc(tr.n * sizeof *w.states);
	w.next = xmalloc(tr.n * sizeof *w.next);
	w.mark = xcalloc(tr.n, sizeof *w.mark);
	for (uint32_t v = 0; v < h->node_count; v++) {
		if (h->node_type[v] != h->t.object ||
		    strcmp(mt_heap_str(h, h->node_name[v]), "Object") != 0)
			continue;
		size_t ne = h->first_edge[v + 1] - h->first_edge[v];
		if (ne > w.cap || !w.props) {
			w.cap = ne * 2 + 1;
			w.props = xreallocarray(w.props, w.cap, sizeof *w.props);
		}
		long m = match_object(h, &tr, defs, v, &w);
		if (m < 0) {
			name_of[v] = h->node_name[v];
			continue;
		}
		if (iface_id[m] == MT_HEAP_NONE)
			iface_id[m] = hnames_intern(t, defs->v[m].name);
		name_of[v] = iface_id[m];
	}
	free(iface_id);
	free(w.props);
	free(w.states);
	free(w.next);
	free(w.mark);
	free(tr.node);
	free(tr.edge);
}
