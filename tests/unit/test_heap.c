/* tests/unit/test_heap.c: the snapshot engine against the committed pair of
 * snapshots of one node process (tests/fixtures/heap/make-pair.js): the
 * class summary and the comparison row for row against what DevTools' own
 * code computed on the same files (reference.mjs, expected-*.json), the
 * exact instance counts of the manifest, and the statistics; the first
 * snapshot of the same script under Node 16, 24 and 26 (make-node.sh); a
 * Chromium page and two snapshots of a Chromium worker; and the snapshots
 * DevTools loads that mortem once refused (make-oddities.js): Chrome's 2017
 * layout with a node type past meta's list, and ids of 64 bits. */
#include "core/heap/classes.h"
#include "core/heap/heap.h"
#include "core/heap/stats.h"
#include "core/input.h"
#include "core/xalloc.h"
#include "tests/unit/check.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <sys/stat.h>

static char *fixture(const char *name)
{
	const char *top = getenv("top_srcdir");
	char *p = xmalloc(strlen(top ? top : ".") + strlen(name) + 32);

	sprintf(p, "%s/tests/fixtures/heap/%s", top ? top : ".", name);
	return p;
}

static cJSON *read_json(const char *name)
{
	char *path = fixture(name), *text;
	size_t len;
	struct mt_error err = { 0 };
	cJSON *j = NULL;

	if (mt_read_all(path, 1 << 26, &text, &len, &err) == 0) {
		j = cJSON_Parse(text);
		free(text);
	}
	if (!j)
		fprintf(stderr, "cannot read %s: %s\n", path, err.msg);
	free(path);
	return j;
}

static struct mt_heap *load(const char *name, int raw)
{
	struct mt_error err = { 0 };
	char *path = fixture(name);
	struct mt_heap *h = mt_heap_load(path, raw, NULL, NULL, &err);

	if (!h)
		fprintf(stderr, "load %s: %s\n", path, err.msg);
	free(path);
	return h;
}

static long long num(const cJSON *row, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, key);
	return cJSON_IsNumber(v) ? (long long)v->valuedouble : -1;
}

static const cJSON *row_by_key(const cJSON *rows, const char *key)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, rows) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(r, "key");
		if (cJSON_IsString(k) && strcmp(k->valuestring, key) == 0)
			return r;
	}
	return NULL;
}

static int shown;

static void mismatch(const char *what, const char *key, long long got, long long want)
{
	check_run++;
	if (got == want)
		return;
	check_failed++;
	if (shown++ < 30)
		fprintf(stderr, "%s of %s: %lld, DevTools %lld\n", what, key, got, want);
}

/* Every visible class against DevTools' row with the same key. */
static void compare_classes(const struct mt_heap *h, const char *expected)
{
	cJSON *rows = read_json(expected);
	uint32_t *vis;
	size_t n = mt_heap_classes_visible(h->classes, &vis);

	CHECK(rows != NULL);
	if (!rows) {
		free(vis);
		return;
	}
	CHECK_INT(n, cJSON_GetArraySize(rows));
	for (size_t i = 0; i < n; i++) {
		const struct mt_heap_class *c = &h->classes->v[vis[i]];
		const cJSON *r = row_by_key(rows, c->key);
		check_run++;
		if (!r) {
			check_failed++;
			fprintf(stderr, "class %s is not in %s\n", c->key, expected);
			continue;
		}
		mismatch("count", c->key, (long long)c->count, num(r, "count"));
		mismatch("distance", c->key, c->distance, num(r, "distance"));
		mismatch("self_size", c->key, (long long)c->self, num(r, "self_size"));
		mismatch("retained_size", c->key, (long long)c->retained, num(r, "retained_size"));
	}
	free(vis);
	cJSON_Delete(rows);
}

static void compare_diff(const struct mt_heap_diff *d, const char *expected)
{
	cJSON *rows = read_json(expected);

	CHECK(rows != NULL);
	if (!rows)
		return;
	CHECK_INT(d->n, cJSON_GetArraySize(rows));
	for (size_t i = 0; i < d->n; i++) {
		const struct mt_heap_diff_row *x = &d->rows[i];
		const cJSON *r = row_by_key(rows, x->key);
		check_run++;
		if (!r) {
			check_failed++;
			fprintf(stderr, "diff row %s is not expected\n", x->key);
			continue;
		}
		mismatch("new", x->key, (long long)x->added, num(r, "new"));
		mismatch("deleted", x->key, (long long)x->removed, num(r, "deleted"));
		mismatch("alloc_size", x->key, (long long)x->added_size, num(r, "alloc_size"));
		mismatch("freed_size", x->key, (long long)x->removed_size, num(r, "freed_size"));
	}
	CHECK(d->same_process);
	cJSON_Delete(rows);
}

static const struct mt_heap_diff_row *diff_row(const struct mt_heap_diff *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->rows[i].name, name) == 0)
			return &d->rows[i];
	return NULL;
}

/* The manifest's exact numbers of created and freed instances. */
static void check_manifest(const struct mt_heap_diff *d)
{
	cJSON *m = read_json("manifest.json");
	const cJSON *created = cJSON_GetObjectItemCaseSensitive(m, "new");
	const cJSON *deleted = cJSON_GetObjectItemCaseSensitive(m, "deleted");
	const cJSON *it;

	CHECK(m != NULL);
	cJSON_ArrayForEach(it, created) {
		const struct mt_heap_diff_row *r = diff_row(d, it->string);
		long long want_del = num(deleted, it->string);
		if (!r) {
			CHECK(it->valuedouble == 0 && want_del == 0);
			continue;
		}
		mismatch("manifest new", it->string, (long long)r->added, (long long)it->valuedouble);
		mismatch("manifest deleted", it->string, (long long)r->removed, want_del);
	}
	cJSON_Delete(m);
}

static uint64_t class_count(const struct mt_heap *h, const char *name)
{
	uint64_t n = 0;

	for (size_t i = 0; i < h->classes->n; i++)
		if (!h->classes->v[i].shadowed && strcmp(h->classes->v[i].name, name) == 0)
			n += h->classes->v[i].count;
	return n;
}

/* Live instances per class in each snapshot, as the manifest says. */
static void check_counts(const struct mt_heap *h, const char *which)
{
	cJSON *m = read_json("manifest.json");
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(m, which))
		mismatch(which, it->string, (long long)class_count(h, it->string),
			 (long long)it->valuedouble);
	if (strcmp(which, "first") == 0)
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(m, "shapes"))
			mismatch("shape", it->string, (long long)class_count(h, it->string),
				 (long long)it->valuedouble);
	cJSON_Delete(m);
}

static void check_statistics(struct mt_heap *h, const char *expected)
{
	cJSON *s = read_json(expected);
	struct mt_heap_stats st;
	const cJSON *native = cJSON_GetObjectItemCaseSensitive(s, "native");
	const cJSON *v8 = cJSON_GetObjectItemCaseSensitive(s, "v8heap");

	mt_heap_statistics(h, &st);
	CHECK_INT(st.total, num(s, "total"));
	CHECK_INT(st.native, num(native, "total"));
	CHECK_INT(st.typed_arrays, num(native, "typedArrays"));
	CHECK_INT(st.v8heap, num(v8, "total"));
	CHECK_INT(st.code, num(v8, "code"));
	CHECK_INT(st.js_arrays, num(v8, "jsArrays"));
	CHECK_INT(st.strings, num(v8, "strings"));
	CHECK_INT(st.system, num(v8, "system"));
	cJSON_Delete(s);
}

struct seen {
	int parse, dominators, classes;
	uint64_t last_done, total;
};

static void on_progress(void *ctx, const char *phase, uint64_t done, uint64_t total)
{
	struct seen *s = ctx;

	if (strcmp(phase, "parse") == 0) {
		s->parse++;
		CHECK(done >= s->last_done && done <= total);
		s->last_done = done;
		s->total = total;
	}
	s->dominators += strcmp(phase, "dominators") == 0;
	s->classes += strcmp(phase, "classes") == 0;
}

/* The progress callback: bytes of the file while parsing, then phases. */
static void check_progress(void)
{
	struct seen s = { 0 };
	struct mt_error err = { 0 };
	char *path = fixture("pair-1.heapsnapshot.gz");
	struct mt_heap *h = mt_heap_load(path, 0, on_progress, &s, &err);

	CHECK(h != NULL);
	CHECK(s.parse >= 1);
	struct stat st;
	CHECK(stat(path, &st) == 0);
	CHECK_INT(s.total, st.st_size);  /* bytes of the file as it is, gzipped */
	CHECK_INT(s.dominators, 1);
	CHECK_INT(s.classes, 1);
	mt_heap_free(&h);
	free(path);
}

/* Nodes of the named type with a size (the ones a class table counts). */
static uint64_t sized_of_type(const struct mt_heap *h, const char *type)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < h->node_count; i++)
		n += mt_heap_self(h, i) > 0 && strcmp(mt_heap_node_type_name(h, i), type) == 0;
	return n;
}

/* Chrome's 2017 layout (make-oddities.js from chrome.heapsnapshot.gz):
 * twelve node types listed, the symbols' type one past them. DevTools
 * names that type undefined and its class "(undefined)". */
static void check_chrome2017(void)
{
	struct mt_heap *h = load("chrome2017.heapsnapshot.gz", 0);
	struct mt_heap *src = load("chrome.heapsnapshot.gz", 0);

	CHECK(h && src);
	if (h && src) {
		CHECK_INT(h->n_node_types, 13);  /* the twelve listed, and undefined */
		CHECK_STR(h->node_type_names[12], "undefined");
		CHECK_INT(h->has_trace_node_id, 1);
		CHECK_INT(h->has_detachedness, 0);
		CHECK(sized_of_type(src, "symbol") > 0);
		CHECK_INT(sized_of_type(h, "undefined"), sized_of_type(src, "symbol"));
		CHECK_INT(class_count(h, "(undefined)"), sized_of_type(src, "symbol"));
		compare_classes(h, "expected-chrome2017-classes.json");
		check_statistics(h, "expected-chrome2017-statistics.json");
	}
	mt_heap_free(&h);
	mt_heap_free(&src);
}

/* Self sizes past 16 bits (kept in h->big_self, a hash table): set out of
 * node order, past 32 bits and below, and one set twice, each reads back;
 * the others are kept. The sizes are put back. */
static void check_big_selves(struct mt_heap *h)
{
	uint32_t n = h->node_count, step = n / 64 + 1, wrong = 0, set = 0;
	uint64_t *old = xmalloc((size_t)n * sizeof *old);
	size_t before = h->nbig_self;

	for (uint32_t i = 0; i < n; i++)
		old[i] = mt_heap_self(h, i);
	for (uint32_t i = n; i-- > 0;)  /* every step-th, backwards */
		if (i % step == 0) {
			set += old[i] < UINT16_MAX;
			mt_heap_set_self(h, i, i % 2 ? (1ull << 32) + i : 65536 + i);
		}
	mt_heap_set_self(h, step, (1ull << 33));
	for (uint32_t i = 0; i < n; i++) {
		uint64_t want = i == step ? (1ull << 33) :
				i % step == 0 ? (i % 2 ? (1ull << 32) + i : 65536 + i) : old[i];
		wrong += mt_heap_self(h, i) != want;
	}
	CHECK_INT(wrong, 0);
	CHECK_INT(h->nbig_self, before + set);
	for (uint32_t i = 0; i < n; i++)
		mt_heap_set_self(h, i, old[i]);
	free(old);
}

/* Index columns (located nodes' positions): 16 bits until an index past
 * them comes, pushed or set, then every entry kept in 32. */
static void check_idx(void)
{
	struct mt_heap_idx x = { 0 }, y;
	uint32_t wrong = 0;

	for (uint32_t i = 0; i < 100000; i++)
		mt_heap_idx_push(&x, i % 65536);
	CHECK(!x.wide);
	mt_heap_idx_push(&x, 70000);
	CHECK(x.wide);
	for (uint32_t i = 0; i < 100000; i++)
		wrong += mt_heap_idx_get(&x, i) != i % 65536;
	CHECK_INT(wrong, 0);
	CHECK_INT(mt_heap_idx_get(&x, 100000), 70000);
	CHECK_INT(x.n, 100001);
	mt_heap_idx_free(&x);
	mt_heap_idx_init(&y, 10);
	mt_heap_idx_set(&y, 3, 65535);
	CHECK(!y.wide);
	mt_heap_idx_set(&y, 9, 1u << 20);
	CHECK(y.wide);
	CHECK_INT(mt_heap_idx_get(&y, 3), 65535);
	CHECK_INT(mt_heap_idx_get(&y, 9), 1u << 20);
	CHECK_INT(mt_heap_idx_get(&y, 0), 0);
	mt_heap_idx_free(&y);
}

/* Move every id of h above 2^32 (into big_id), as ids64.heapsnapshot.gz
 * has them: by 2^40. */
static void shift_ids(struct mt_heap *h)
{
	h->big_id = xreallocarray(NULL, h->node_count, sizeof *h->big_id);
	for (uint32_t i = 0; i < h->node_count; i++) {
		h->big_id[i].node = i;
		h->big_id[i].id = h->node_id[i] + (1ull << 40);
		h->node_id[i] = UINT32_MAX;
	}
	h->nbig_id = h->node_count;
}

/* Ids of 64 bits (make-oddities.js from worker-1): each kept whole, found
 * by id; DevTools' classes; and the worker's comparison unchanged when
 * both sides' ids are 64 bits (compared by rank). */
static void check_ids64(const struct mt_heap *w1, struct mt_heap *w2)
{
	struct mt_heap *h = load("ids64.heapsnapshot.gz", 0);

	CHECK(h != NULL);
	if (!h)
		return;
	CHECK_INT(h->node_count, w1->node_count);
	CHECK_INT(h->nbig_id, h->node_count);
	uint32_t wrong = 0;
	for (uint32_t i = 0; i < h->node_count; i++)
		wrong += mt_heap_id(h, i) != mt_heap_id(w1, i) + (1ull << 40);
	CHECK_INT(wrong, 0);
	uint32_t last = h->node_count - 1;
	CHECK_INT(mt_heap_find_id(h, mt_heap_id(h, last)), last);
	CHECK_INT(mt_heap_find_id(h, mt_heap_id(w1, last)), MT_HEAP_NONE);
	compare_classes(h, "expected-ids64-classes.json");
	shift_ids(w2);
	struct mt_heap_diff *d = mt_heap_diff(h, w2);
	compare_diff(d, "expected-worker-compare.json");
	mt_heap_diff_free(&d);
	mt_heap_free(&h);
}

/* Embedder (native) nodes' ids are not stable: swap the ids of native and
 * JavaScript objects (of any other type) in the target, so that hundreds of ids that named
 * a JavaScript object now name a native one and the other way round. Only
 * JavaScript objects are judged: the pair still comes from one process. */
static void check_native_ids(const struct mt_heap *w1, struct mt_heap *w2)
{
	uint32_t native = 0, js = 0, swapped = 0;

	for (;;) {
		while (native < w2->node_count && (w2->node_type[native] != w2->t.native ||
						   !mt_heap_self(w2, native)))
			native++;
		while (js < w2->node_count && (w2->node_type[js] == w2->t.native ||
					       w2->node_type[js] == w2->t.synthetic ||
					       !mt_heap_self(w2, js) || !(w2->node_id[js] & 1)))
			js++;
		if (native >= w2->node_count || js >= w2->node_count)
			break;
		uint32_t t = w2->node_id[native];
		w2->node_id[native++] = w2->node_id[js];
		w2->node_id[js++] = t;
		swapped++;
	}
	CHECK(swapped > 1000);
	struct mt_heap_diff *d = mt_heap_diff(w1, w2);
	CHECK(d->same_process);
	CHECK_INT(d->moved_other_type, 0);
	const struct mt_heap_diff_row *r = diff_row(d, "MortemAdded");
	CHECK(r && r->added == 1 && r->removed == 0);
	mt_heap_diff_free(&d);
}

/* Two snapshots of one Chromium worker (make-chrome-worker.js): DevTools'
 * Comparison, one MortemAdded, from one process. */
static void check_worker(void)
{
	struct mt_heap *w1 = load("worker-1.heapsnapshot.gz", 0);
	struct mt_heap *w2 = load("worker-2.heapsnapshot.gz", 0);

	CHECK(w1 && w2);
	if (w1 && w2) {
		struct mt_heap_diff *d = mt_heap_diff(w1, w2);
		compare_diff(d, "expected-worker-compare.json");
		const struct mt_heap_diff_row *r = diff_row(d, "MortemAdded");
		CHECK(r && r->added == 1 && r->removed == 0);
		mt_heap_diff_free(&d);
		check_native_ids(w1, w2);
		mt_heap_free(&w2);
		w2 = load("worker-2.heapsnapshot.gz", 0);
		CHECK(w2 != NULL);
		if (w2)
			check_ids64(w1, w2);
	}
	mt_heap_free(&w1);
	mt_heap_free(&w2);
}

/* Every edge's name, read back through its 16-bit code (mt_heap_ename),
 * is the one the file's edges array gives it. */
static void check_enames_file(const struct mt_heap *h, const char *name)
{
	cJSON *j = read_json(name);
	const cJSON *meta = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j,
					"snapshot"), "meta"), "edge_fields");
	const cJSON *edges = cJSON_GetObjectItem(j, "edges"), *v;
	int fields = cJSON_GetArraySize(meta), at = 0, name_field = -1, wrong = 0;

	CHECK(j && edges && fields > 0);
	for (int i = 0; i < fields; i++)
		if (strcmp(cJSON_GetArrayItem(meta, i)->valuestring, "name_or_index") == 0)
			name_field = i;
	CHECK(name_field >= 0);
	CHECK_INT(cJSON_GetArraySize(edges), (long long)h->edge_count * fields);
	cJSON_ArrayForEach(v, edges) {
		uint32_t e = (uint32_t)(at / fields);
		if (at++ % fields == name_field && e < h->edge_count &&
		    mt_heap_ename(h, e) != (uint32_t)v->valuedouble)
			wrong++;
	}
	CHECK_INT(wrong, 0);
	cJSON_Delete(j);
}

/* A model's names packed by hand: indexes past 16 bits in one run, more
 * strings than codes (the most used keep theirs), each read back. */
static void check_enames_far(void)
{
	struct mt_heap h = { 0 };
	enum { ELEMENTS = 70000, ONCE = 100000, OFTEN = 3000, STRINGS = ONCE + 10 };
	uint32_t n = ELEMENTS + ONCE + OFTEN, *names = xmalloc(n * sizeof *names), e = 0;
	uint32_t *want = xmalloc(n * sizeof *want);

	h.t.e_element = 1;
	h.t.e_hidden = 4;
	h.edge_count = n;
	h.string_count = STRINGS;
	h.edge_word = xcalloc(n, sizeof *h.edge_word);
	for (uint32_t i = 0; i < ELEMENTS; i++, e++) {  /* element i */
		h.edge_word[e] = 1u << 28;
		names[e] = i;
	}
	for (uint32_t i = 0; i < ONCE + OFTEN; i++, e++) {  /* properties: string 7 often */
		h.edge_word[e] = 2u << 28;
		names[e] = i < ONCE ? i * 7919 % ONCE : 7;  /* each once, in no run */
	}
	memcpy(want, names, n * sizeof *want);
	mt_heap_enames_pack(&h, names, STRINGS);
	int wrong = 0;
	for (e = 0; e < n; e++)
		wrong += mt_heap_ename(&h, e) != want[e];
	CHECK_INT(wrong, 0);
	CHECK_INT(h.n_ename_str, MT_HEAP_ENAME_CODES);
	CHECK(h.edge_name[n - 1] != MT_HEAP_ENAME_FAR);  /* string 7: the most used */
	CHECK(h.edge_name[ELEMENTS - 1] == MT_HEAP_ENAME_FAR);
	CHECK(h.edge_name[MT_HEAP_ENAME_FAR - 1] != MT_HEAP_ENAME_FAR);
	/* the elements past 65,534 in one run; the strings used once that no
	 * code was left for (all but 7 were used once), one run each */
	CHECK_INT(h.nfar, 1 + (ONCE - 1) - (MT_HEAP_ENAME_CODES - 1));
	free(want);
	free(h.edge_word);
	free(h.edge_name);
	free(h.ename_str);
	free(h.far);
	free(h.far_block);
}

int main(void)
{
	struct mt_heap *a = load("pair-1.heapsnapshot.gz", 0);
	struct mt_heap *b = load("pair-2.heapsnapshot.gz", 0);

	CHECK(a && b);
	if (!a || !b)
		CHECK_DONE();
	check_progress();
	check_idx();
	check_enames_file(a, "pair-1.heapsnapshot.gz");
	check_enames_far();
	check_big_selves(a);
	compare_classes(a, "expected-classes-1.json");
	compare_classes(b, "expected-classes-2.json");
	check_statistics(a, "expected-statistics-1.json");
	check_counts(a, "first");
	check_counts(b, "second");
	struct mt_heap_diff *d = mt_heap_diff(a, b);
	compare_diff(d, "expected-compare.json");
	check_manifest(d);
	mt_heap_diff_free(&d);
	/* A snapshot against itself: nothing new, nothing deleted (same
	 * interfaces: the first snapshot's own classes are reused). */
	d = mt_heap_diff(a, a);
	CHECK_INT(d->n, 0);
	CHECK(d->base == NULL);
	CHECK(d->same_process);
	CHECK(d->unchanged > 50000);
	mt_heap_diff_free(&d);
	mt_heap_free(&a);
	mt_heap_free(&b);

	/* The same script under Node 16 (seven node fields, 14 node types),
	 * Node 24 (six node fields, no newlines) and Node 26 (make-node.sh). */
	static const struct { int major, trace_node_id, types; } versions[] = {
		{ 16, 1, 14 }, { 24, 0, 15 }, { 26, 0, 15 },
	};
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
		char file[64], expected[64];
		snprintf(file, sizeof file, "node%d.heapsnapshot.gz", versions[i].major);
		snprintf(expected, sizeof expected, "expected-node%d-classes.json", versions[i].major);
		struct mt_heap *n = load(file, 0);
		CHECK(n != NULL);
		if (!n)
			continue;
		CHECK_INT(n->has_trace_node_id, versions[i].trace_node_id);
		CHECK_INT(n->n_node_types, versions[i].types);
		compare_classes(n, expected);
		check_counts(n, "first");
		mt_heap_free(&n);
	}

	/* A Chromium page (make-chrome.js): DOM state, page-owned nodes,
	 * "(Document DOM trees)"; 40 detached <div>s held from JavaScript. */
	struct mt_heap *web = load("chrome.heapsnapshot.gz", 0);
	CHECK(web != NULL);
	if (web) {
		compare_classes(web, "expected-chrome-classes.json");
		check_statistics(web, "expected-chrome-statistics.json");
		mt_heap_free(&web);
	}
	check_worker();
	check_chrome2017();
	CHECK_DONE();
}
