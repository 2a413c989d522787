/* views/coredump/overview.c: the first pane of a core: what killed the
 * process, where, and which process it was. */
#include "views/coredump/common.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct field {
	const char *name;        /* static */
	char *value;             /* owned */
	enum view_style style;
};

struct overview {
	struct field *f;         /* owned, n of them */
	size_t n;
	char *verdict;           /* owned */
};

static void add(struct overview *o, const char *name, enum view_style style,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(struct overview *o, const char *name, enum view_style style,
		const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	o->f = xreallocarray(o->f, o->n + 1, sizeof *o->f);
	o->f[o->n++] = (struct field){ name, strbuf_detach(&sb), style };
}

static void add_signal(struct overview *o, const struct mt_coredump *c)
{
	const struct mt_coredump_siginfo *si = &c->siginfo;
	int sig = si->present ? si->signo : c->nthreads ? c->threads[0].signal : 0;
	const char *name = mt_signal_name(c->machine, sig);

	add(o, "Signal", sig ? VS_CRIT : VS_NORMAL, "%d%s%s", sig, name ? " " : "", name ? name : "");
	add(o, "Meaning", VS_NORMAL, "%s", mt_signal_meaning(c->machine, sig, si->present ? si->code : 0x80));
	if (si->has_addr)
		add(o, "Fault address", VS_NORMAL, "0x%llx", (unsigned long long)si->addr);
	else if (si->present && si->code <= 0)
		add(o, "Sent by", VS_NORMAL, "pid %d, uid %u", si->pid, si->uid);
}

static void add_thread(struct overview *o, const struct mt_coredump *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (!c->nthreads)
		return;
	int sig = c->siginfo.present ? c->siginfo.signo : c->threads[0].signal;

	/* gcore's snapshots stop the process (SIGSTOP) or record no signal. */
	add(o, sig && sig != 19 ? "Crashing thread" : "First thread", VS_NORMAL,
	    "%d (thread 0 of %zu)", c->threads[0].tid, c->nthreads);
	if (c->threads[0].nframes) {
		mt_coredump_frame_text(&c->threads[0].frames[0], &sb);
		add(o, "Top frame", VS_NORMAL, "%s (%s)", strbuf_str(&sb),
		    mt_coredump_module_name(c->threads[0].frames[0].module));
	}
	strbuf_free(&sb);
}

static void add_exe(struct overview *o, struct mt_coredump *c)
{
	struct mt_coredump_module *m = mt_coredump_exe(c);

	if (!m) {
		add(o, "Executable", VS_WARN, "unknown (no NT_FILE note)");
		return;
	}
	mt_coredump_module_elf(c, m);
	add(o, "Executable", VS_NORMAL, "%s", m->path);
	if (m->build_id_mismatch || m->elf_error)
		add(o, "Binary", VS_WARN, "%s", m->elf_error);
	else if (m->file)
		add(o, "Binary", VS_NORMAL, "%s (build-id %s)", m->file,
		    m->build_id_len ? "matches the core" : "not in the core: unchecked");
	if (m->elf && !mt_elf_has_symtab(m->elf) && !m->debug)
		add(o, "Symbols", VS_WARN, "the executable is stripped (.dynsym only): "
		    "fewer function names");
}

/* Libraries the frames needed but that are missing here or differ. */
static void add_library_problems(struct overview *o, const struct mt_coredump *c)
{
	size_t missing = 0;
	const char *first = NULL;

	for (size_t i = 0; i < c->nmods; i++) {
		const struct mt_coredump_module *m = &c->mods[i];
		if (m->is_exe || !m->elf_tried || !m->elf_error)
			continue;
		if (m->build_id_mismatch) {
			add(o, "Warning", VS_WARN, "%s", m->elf_error);
		} else if (m->path[0] == '/') {
			missing++;
			first = first ? first : m->path;
		}
	}
	if (missing)
		add(o, "Warning", VS_WARN, "%zu librar%s of the core not found here (%s%s): "
		    "their frames have no names or CFI; try --sysroot", missing,
		    missing == 1 ? "y" : "ies", first, missing > 1 ? ", ..." : "");
}

static void add_process(struct overview *o, const struct view *v, const struct mt_coredump *c)
{
	char *cmd = coredump_redact_cmdline(v, c);

	add(o, "Command line", VS_NORMAL, "%s", cmd);
	free(cmd);
	if (c->psinfo.present) {
		add(o, "PID", VS_NORMAL, "%d (parent %d)", c->psinfo.pid, c->psinfo.ppid);
		add(o, "UID", VS_NORMAL, "%u (gid %u)", c->psinfo.uid, c->psinfo.gid);
	}
	add(o, "Architecture", VS_NORMAL, "%s", mt_coredump_arch_name(c->arch));
}

static void add_sidecar_facts(struct overview *o, const struct mt_coredump *c)
{
	char *ts = mt_coredump_sidecar_field(c, "dump-info.json", "timestamp");
	char *host = mt_coredump_sidecar_field(c, "dump-info.json", "hostname");
	char *node = mt_coredump_sidecar_field(c, "dump-info.json", "node_hostname");

	if (ts) {
		char when[64] = "";
		time_t t = (time_t)strtoll(ts, NULL, 10);
		struct tm tm;
		if (gmtime_r(&t, &tm))
			strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
		add(o, "Time", VS_NORMAL, "%s (%s)", when, ts);
	}
	if (host || node)
		add(o, "Host", VS_NORMAL, "%s%s%s%s", host ? host : "", node ? " on node " : "",
		    node ? node : "", "");
	free(ts);
	free(host);
	free(node);
}

static int overview_open(struct view *v, struct mt_error *err)
{
	struct overview *o = xcalloc(1, sizeof *o);
	struct mt_coredump *c = coredump_of(v);
	struct strbuf sb = STRBUF_INIT;

	mt_coredump_verdict(c, &sb);
	o->verdict = strbuf_detach(&sb);
	add(o, "Verdict", VS_CRIT, "%s", o->verdict);
	add_signal(o, c);
	add_thread(o, c);
	add_exe(o, c);
	add_process(o, v, c);
	add_sidecar_facts(o, c);
	if (c->container)
		add(o, "Container", VS_DIM, "%s%s%s", c->container, c->entry ? ": " : "",
		    c->entry ? c->entry : "");
	for (size_t i = 0; i < c->nwarnings; i++)
		add(o, "Warning", VS_WARN, "%s", c->warnings[i]);
	add_library_problems(o, c);
	v->priv = o;
	return 0;
}

static void overview_close(struct view *v)
{
	struct overview *o = v->priv;

	for (size_t i = 0; o && i < o->n; i++)
		free(o->f[i].value);
	if (o) {
		free(o->f);
		free(o->verdict);
	}
	free(o);
	v->priv = NULL;
}

static size_t overview_count(struct view *v)
{
	return ((struct overview *)v->priv)->n;
}

static void overview_row(struct view *v, size_t i, struct view_row *row)
{
	struct overview *o = v->priv;

	row->style = o->f[i].style;
	row->cell[0] = o->f[i].name;
	row->cell[1] = o->f[i].value;
}

/* The same facts as numbers, for scripts. */
static void add_numbers(cJSON *obj, const struct mt_coredump *c)
{
	const struct mt_coredump_siginfo *si = &c->siginfo;

	cJSON_AddNumberToObject(obj, "signo", si->present ? si->signo
				: c->nthreads ? c->threads[0].signal : 0);
	if (si->present)
		cJSON_AddNumberToObject(obj, "si_code", si->code);
	if (c->nthreads)
		cJSON_AddNumberToObject(obj, "crashing_tid", c->threads[0].tid);
	if (c->psinfo.present) {
		cJSON_AddNumberToObject(obj, "pid_number", c->psinfo.pid);
		cJSON_AddNumberToObject(obj, "uid_number", c->psinfo.uid);
	}
	cJSON_AddNumberToObject(obj, "threads", (double)c->nthreads);
}

/* JSON keys: the field names in snake case; warnings as an array. */
static cJSON *overview_json(struct view *v)
{
	struct overview *o = v->priv;
	cJSON *obj = cJSON_CreateObject(), *warn = cJSON_CreateArray();

	for (size_t i = 0; i < o->n; i++) {
		char key[64];
		size_t k = 0;
		for (const char *p = o->f[i].name; *p && k + 1 < sizeof key; p++)
			key[k++] = *p == ' ' ? '_' : (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		key[k] = '\0';
		if (strcmp(key, "warning") == 0)
			cJSON_AddItemToArray(warn, coredump_json_string(o->f[i].value));
		else
			coredump_json_str(obj, key, o->f[i].value);
	}
	cJSON_AddItemToObject(obj, "warnings", warn);
	add_numbers(obj, coredump_of(v));
	return obj;
}

static const struct view_col overview_cols[] = {
	{ "field", 16, 0 },
	{ "value", 0, 0 },
};

const struct view_ops view_coredump_overview_ops = {
	.name = "overview",
	.title = "Overview",
	.kind = MT_KIND_COREDUMP,
	VIEW_COLS(overview_cols),
	.open = overview_open,
	.close = overview_close,
	.count = overview_count,
	.row = overview_row,
	.json = overview_json,
};
