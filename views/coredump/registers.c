/* views/coredump/registers.c: the registers of one thread (v->arg, else
 * --thread, else the crashing thread), each with what it points into. */
#include "views/coredump/common.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

struct regs_priv {
	size_t thread;
};

static int regs_open(struct view *v, struct mt_error *err)
{
	long t = coredump_view_thread(v, err);
	struct regs_priv *p;

	if (t < 0)
		return -1;
	p = xcalloc(1, sizeof *p);
	p->thread = (size_t)t;
	v->priv = p;
	return 0;
}

static void regs_close(struct view *v)
{
	free(v->priv);
	v->priv = NULL;
}

static const struct mt_coredump_thread *thread_of(struct view *v)
{
	return &coredump_of(v)->threads[((struct regs_priv *)v->priv)->thread];
}

static size_t regs_count(struct view *v)
{
	return (size_t)thread_of(v)->nregs;
}

/* What a value points at: a function, a file mapping, or core memory. */
static void points_to(const struct mt_coredump *c, uint64_t val, struct strbuf *out)
{
	const struct mt_coredump_mapping *m = mt_coredump_mapping_at(c, val);
	const struct mt_coredump_segment *s;
	char name[512];
	uint64_t off;

	if (m && (m->flags & 1) && mt_coredump_symbolize(c, val, name, sizeof name, &off) && name[0]) {
		strbuf_printf(out, "%s+0x%llx", name, (unsigned long long)off);
		return;
	}
	if (m) {
		strbuf_printf(out, "%s+0x%llx", mt_coredump_module_name(m->module),
			      (unsigned long long)(val - m->start + m->file_ofs));
		return;
	}
	s = mt_coredump_segment_at(c, val);
	for (size_t t = 0; s && t < c->nthreads; t++)
		if (mt_coredump_segment_at(c, c->threads[t].sp) == s) {
			strbuf_printf(out, "stack of thread %zu", t);
			return;
		}
	if (s)
		strbuf_printf(out, "%s memory", s->flags & 1 ? "executable anonymous" :
			      s->flags & 2 ? "writable" : "read-only");
}

static void regs_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_coredump *c = coredump_of(v);
	const struct mt_coredump_thread *t = thread_of(v);
	struct strbuf sb = STRBUF_INIT;
	char hex[32];

	view_cell(v, row, 0, "%s", mt_coredump_reg_name(c->arch, (int)i));
	if (c->wordsize == 4)   /* a 32-bit machine's registers, as wide as they are */
		snprintf(hex, sizeof hex, "0x%08llx", (unsigned long long)t->regs[i]);
	else
		coredump_hex(t->regs[i], hex, sizeof hex);
	view_cell(v, row, 1, "%s", hex);
	points_to(c, t->regs[i], &sb);
	view_cell(v, row, 2, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
}

static cJSON *regs_json(struct view *v)
{
	const struct mt_coredump *c = coredump_of(v);
	const struct mt_coredump_thread *t = thread_of(v);
	cJSON *o = cJSON_CreateObject(), *regs = cJSON_CreateObject();
	char hex[32];

	cJSON_AddNumberToObject(o, "index", (double)((struct regs_priv *)v->priv)->thread);
	cJSON_AddNumberToObject(o, "tid", t->tid);
	cJSON_AddStringToObject(o, "arch", mt_coredump_arch_name(c->arch));
	for (int i = 0; i < t->nregs; i++)
		cJSON_AddStringToObject(regs, mt_coredump_reg_name(c->arch, i),
					coredump_hex(t->regs[i], hex, sizeof hex));
	cJSON_AddItemToObject(o, "registers", regs);
	return o;
}

static const char *regs_banner(struct view *v)
{
	return thread_of(v)->nregs ? NULL
		: "registers of this architecture are not decoded";
}

static const struct view_col regs_cols[] = {
	{ "register", 9, 0 },
	{ "value", 18, 0 },
	{ "points to", 0, 0 },
};

const struct view_ops view_coredump_registers_ops = {
	.name = "registers",
	.title = "Registers",
	.kind = MT_KIND_COREDUMP,
	VIEW_COLS(regs_cols),
	.open = regs_open,
	.close = regs_close,
	.count = regs_count,
	.row = regs_row,
	.json = regs_json,
	.banner = regs_banner,
};
