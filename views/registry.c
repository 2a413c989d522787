/* views/registry.c: every pane, listed once per kind in
 * views/<kind>/<kind>.def. The order of a .def file is the order of its
 * tabs. */
#include "views/view.h"

#include <string.h>

#define VIEW(id) extern const struct view_ops view_##id##_ops;
#include "views/report/report.def"
#include "views/heap/heap.def"
#include "views/coredump/coredump.def"
#include "views/js/js.def"
#undef VIEW

static const struct view_ops *const registry[] = {
#define VIEW(id) &view_##id##_ops,
#include "views/report/report.def"
#include "views/heap/heap.def"
#include "views/coredump/coredump.def"
#include "views/js/js.def"
#undef VIEW
	NULL
};

static enum mt_kind view_kind(enum mt_kind kind)
{
	return kind == MT_KIND_ZIP ? MT_KIND_COREDUMP : kind;
}

/* A view fits when its kind matches and it needs no more artifacts than open. */
static int fits(const struct view_ops *ops, enum mt_kind kind, int two)
{
	return ops->kind == view_kind(kind) && (!ops->two || two);
}

static int named(const struct view_ops *ops, const char *name)
{
	return strcmp(ops->name, name) == 0 || (ops->alias && strcmp(ops->alias, name) == 0);
}

const struct view_ops *view_find(enum mt_kind kind, const char *name, int two)
{
	for (size_t i = 0; registry[i]; i++)
		if (fits(registry[i], kind, two) && named(registry[i], name))
			return registry[i];
	return NULL;
}

const struct view_ops *view_tab(enum mt_kind kind, int two, size_t n)
{
	for (size_t i = 0; registry[i]; i++)
		if (fits(registry[i], kind, two) && !registry[i]->hidden && n-- == 0)
			return registry[i];
	return NULL;
}

void view_names(enum mt_kind kind, struct strbuf *out)
{
	for (size_t i = 0; registry[i]; i++) {
		if (registry[i]->kind != view_kind(kind))
			continue;
		if (out->len)
			strbuf_puts(out, ", ");
		strbuf_puts(out, registry[i]->name);
		if (registry[i]->alias)
			strbuf_printf(out, " (or %s)", registry[i]->alias);
	}
}
