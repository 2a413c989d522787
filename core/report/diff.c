/* core/report/diff.c: two reports compared section by section, by key. */
#include "core/report/diff.h"
#include "core/report/jget.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* One side of a section: key -> text (and number when numeric). */
struct kv {
	char *key;      /* owned */
	char *val;      /* owned */
	int has_num;
	double num;
};

struct kvs {
	struct kv *v;   /* owned */
	size_t n, cap;
};

static void kv_add(struct kvs *l, const char *key, const char *val, int has_num, double num)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = (struct kv){ xstrdup(key), xstrdup(val ? val : ""), has_num, num };
}

static void kv_add_json(struct kvs *l, const char *key, const cJSON *j)
{
	char buf[512];
	double d;
	int num = !cJSON_IsBool(j) && jval_double(j, &d) == 1;
	const char *t;

	if (num) {             /* "12" and 12 compare equal: one canonical text */
		cJSON *n = cJSON_CreateNumber(d);
		t = jval_text(n, buf, sizeof buf);
		cJSON_Delete(n);
	} else
		t = jval_text(j, buf, sizeof buf);
	if (t)
		kv_add(l, key, t, num, num ? d : 0);
}

static void kvs_free(struct kvs *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].val);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int by_key(const void *x, const void *y)
{
	return strcmp(((const struct kv *)x)->key, ((const struct kv *)y)->key);
}

/* Whether a key names an identifier (a process or thread id, a uid, a
 * port, a version): such numbers change, but their difference means
 * nothing, so they get no delta. The last dotted part of the key decides. */
int mt_diff_is_identifier(const char *key)
{
	static const char *const names[] = { "pid", "ppid", "tid", "uid", "gid", "euid",
		"egid", "fd", "port", "inode", "id", "version", NULL };
	static const char *const suffixes[] = { "Id", "Pid", "Port", "Version", "Uid",
		"Gid", NULL };
	const char *last = strrchr(key, '.');
	size_t n;

	last = last ? last + 1 : key;
	n = strlen(last);
	for (size_t i = 0; names[i]; i++)
		if (strcasecmp(last, names[i]) == 0)
			return 1;
	if (strstr(last, "Version") || strncmp(last, "version", 7) == 0)
		return 1;      /* glibcVersionRuntime "2.36" reads as a number */
	for (size_t i = 0; suffixes[i]; i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k && strcmp(last + n - k, suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

static void add_row(struct mt_diff *d, const char *section, const char *key,
		    const struct kv *a, const struct kv *b)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->rows = xreallocarray(d->rows, d->cap, sizeof *d->rows);
	}
	struct mt_diff_row *r = &d->rows[d->n++];
	memset(r, 0, sizeof *r);
	r->section = section;
	r->key = xstrdup(key);
	r->a = a ? xstrdup(a->val) : NULL;
	r->b = b ? xstrdup(b->val) : NULL;
	r->op = !a ? MT_DIFF_ADDED : !b ? MT_DIFF_REMOVED :
		strcmp(a->val, b->val) ? MT_DIFF_CHANGED : MT_DIFF_SAME;
	if (a && b && a->has_num && b->has_num && !mt_diff_is_identifier(key)) {
		r->has_delta = 1;
		r->delta = b->num - a->num;
	}
}

/* Merge two sides by sorted key; same rows only when keep_same. */
static void merge(struct mt_diff *d, const char *section, struct kvs *a, struct kvs *b,
		  int keep_same)
{
	size_t i = 0, j = 0;

	if (a->n > 1)
		qsort(a->v, a->n, sizeof *a->v, by_key);
	if (b->n > 1)
		qsort(b->v, b->n, sizeof *b->v, by_key);
	while (i < a->n || j < b->n) {
		int c = i >= a->n ? 1 : j >= b->n ? -1 : strcmp(a->v[i].key, b->v[j].key);
		const struct kv *x = c <= 0 ? &a->v[i] : NULL, *y = c >= 0 ? &b->v[j] : NULL;
		int same = x && y && strcmp(x->val, y->val) == 0;
		if (!same || keep_same)
			add_row(d, section, x ? x->key : y->key, x, y);
		i += c <= 0;
		j += c >= 0;
	}
	kvs_free(a);
	kvs_free(b);
}

static const char *const header_keys[] = {
	"nodejsVersion", "reportVersion", "event", "trigger", "location", "processId",
	"threadId", "platform", "arch", "host", "cwd", "osName", "osRelease",
	"glibcVersionRuntime", "glibcVersionCompiler", NULL
};

static void header_side(const struct mt_report *r, struct kvs *l)
{
	struct strbuf cmd = STRBUF_INIT;

	for (size_t i = 0; header_keys[i]; i++)
		if (jget(r->header, header_keys[i]))
			kv_add_json(l, header_keys[i], jget(r->header, header_keys[i]));
	for (size_t i = 0; i < r->argc; i++)
		strbuf_printf(&cmd, "%s%s", i ? " " : "", r->argv[i]);
	kv_add(l, "commandLine", strbuf_str(&cmd), 0, 0);
	strbuf_free(&cmd);
}

static void versions_side(const struct mt_report *r, struct kvs *l)
{
	const cJSON *cv = jget(r->header, "componentVersions"), *c;
	char key[300];

	cJSON_ArrayForEach(c, cv) {
		snprintf(key, sizeof key, "componentVersions.%s", c->string ? c->string : "");
		char buf[256];
		if (jval_text(c, buf, sizeof buf))
			kv_add(l, key, buf, 0, 0);     /* versions have no delta */
	}
}

static void heap_side(const struct mt_report *r, struct kvs *l)
{
	static const char *const keys[] = { "usedMemory", "totalMemory", "memoryLimit",
		"totalCommittedMemory", "availableMemory", "externalMemory", "mallocedMemory", NULL };
	char key[300], num[32];

	for (size_t i = 0; keys[i]; i++)
		if (jget(r->heap, keys[i]))
			kv_add_json(l, keys[i], jget(r->heap, keys[i]));
	for (size_t i = 0; i < r->nspaces; i++) {
		snprintf(key, sizeof key, "%s.used", r->spaces[i].name);
		snprintf(num, sizeof num, "%llu", (unsigned long long)r->spaces[i].used);
		kv_add(l, key, num, 1, (double)r->spaces[i].used);
	}
}

static void handles_side(const struct mt_report *r, struct kvs *l)
{
	char num[32];

	for (size_t i = 0; i < r->ngroups; i++) {
		snprintf(num, sizeof num, "%zu", r->groups[i].count);
		kv_add(l, r->groups[i].key, num, 1, (double)r->groups[i].count);
	}
}

static void env_side(const struct mt_report *r, struct kvs *l)
{
	for (size_t i = 0; i < r->nenv; i++)
		kv_add(l, r->env[i].key, r->env[i].shown ? r->env[i].shown : r->env[i].value, 0, 0);
}

static void libs_side(const struct mt_report *r, struct kvs *l)
{
	for (size_t i = 0; i < r->nlibs; i++)
		kv_add(l, r->libs[i], "loaded", 0, 0);
}

/* Numeric leaves of an object, one level of nesting flattened ("a.b"). */
static void flatten(const cJSON *obj, const char *prefix, struct kvs *l, int depth)
{
	const cJSON *c;
	char key[300];

	cJSON_ArrayForEach(c, obj) {
		snprintf(key, sizeof key, "%s%s", prefix, c->string ? c->string : "");
		if (cJSON_IsObject(c) && depth < 1) {
			char sub[310];
			snprintf(sub, sizeof sub, "%s.", key);
			flatten(c, sub, l, depth + 1);
		} else
			kv_add_json(l, key, c);
	}
}

static void resources_side(const struct mt_report *r, struct kvs *l)
{
	flatten(jget(r->json, "resourceUsage"), "", l, 0);
	flatten(jget(r->json, "uvthreadResourceUsage"), "thread.", l, 0);
}

static void limits_side(const struct mt_report *r, struct kvs *l)
{
	char a[64], b[64], v[140];

	for (size_t i = 0; i < r->nlimits; i++) {
		snprintf(v, sizeof v, "%s / %s",
			 jval_text(r->limits[i].soft, a, sizeof a) ? a : "?",
			 jval_text(r->limits[i].hard, b, sizeof b) ? b : "?");
		kv_add(l, r->limits[i].name, v, 0, 0);
	}
}

struct mt_diff *mt_report_diff(const struct mt_report *a, const struct mt_report *b)
{
	static const struct {
		const char *section;
		void (*side)(const struct mt_report *, struct kvs *);
		int keep_same;
	} sections[] = {
		{ "header", header_side, 1 }, { "versions", versions_side, 0 },
		{ "heap", heap_side, 1 },
		{ "handles", handles_side, 1 }, { "env", env_side, 0 },
		{ "libs", libs_side, 0 }, { "resources", resources_side, 1 },
		{ "limits", limits_side, 0 },
	};
	struct mt_diff *d = xcalloc(1, sizeof *d);

	for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
		struct kvs x = { 0 }, y = { 0 };
		sections[s].side(a, &x);
		sections[s].side(b, &y);
		merge(d, sections[s].section, &x, &y, sections[s].keep_same);
	}
	return d;
}

void mt_diff_free(struct mt_diff **dp)
{
	struct mt_diff *d = *dp;

	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->rows[i].key);
		free(d->rows[i].a);
		free(d->rows[i].b);
	}
	free(d->rows);
	free(d);
	*dp = NULL;
}

const char *mt_diff_op_name(enum mt_diff_op op)
{
	static const char *const names[] = { "same", "changed", "added", "removed" };
	return op <= MT_DIFF_REMOVED ? names[op] : "same";
}
