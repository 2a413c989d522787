/* tests/unit/test_jsbt.c: print the mixed backtrace of a core's threads as
 * core/jsframes/ sees it, for the shell tests (tests/jsframes.sh).
 *
 *   test_jsbt CORE [--node PATH] [--all-threads] [--js-only] [--detail] [--tid N]
 *
 * --js-only prints only JS frames, one per line, in V8's own stack form
 * "    at NAME (SCRIPT:LINE:COL)", so a test can compare them with what the
 * script printed from `new Error().stack`; each thread starts with a
 * "thread TID signal N" line and may end with a "note: ..." line. */
#include "core/jsframes/jsframes.h"
#include "tests/unit/test_js_minicore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_js(const struct mt_js_frame *f)
{
	printf("    at %s (%s", f->function ? f->function : "?", f->script ? f->script : "(no script)");
	if (f->line)
		printf(":%d:%d", f->line, f->column);
	printf(")\n");
}

static void print_frame(size_t i, const struct mt_js_frame *f)
{
	printf("#%-2zu %-11s %-14s ", i, mt_js_kind_name(f->kind), f->how ? f->how : "");
	if (mt_js_kind_is_js(f->kind)) {
		printf("JS %s (%s", f->function, f->script ? f->script : "(no script)");
		if (f->line)
			printf(":%d:%d", f->line, f->column);
		else if (f->def_line)
			printf(", function defined at %d:%d", f->def_line, f->def_col);
		printf(")%s", f->inlined ? " [inlined]" : "");
	} else if (f->kind == MT_JSF_MARKER) {
		printf("<%s> in %s", f->marker, f->symbol ? f->symbol : "JIT code");
	} else if (f->kind == MT_JSF_UNKNOWN) {
		printf("<V8 frame> 0x%llx", (unsigned long long)f->pc);
	} else {
		printf("%s+0x%llx (%s)", f->symbol ? f->symbol : "??", (unsigned long long)f->sym_off,
		       f->module ? f->module : "?");
	}
	if (f->note)
		printf("  [%s]", f->note);
	printf("\n");
}

static int detail;

/* --detail: the source around each JS frame and its receiver and arguments. */
static void print_detail(struct mt_js *js, const struct mt_js_frame *f)
{
	struct mt_js_detail d;

	mt_js_detail(js, f, 2, &d);
	for (size_t i = 0; i < d.nlines; i++)
		printf("      %c%5d  %s\n", d.first_line + (int)i == f->line ? '>' : ' ',
		       d.first_line + (int)i, d.lines[i]);
	if (d.source_note)
		printf("      (%s)\n", d.source_note);
	for (size_t i = 0; i < d.nvals; i++)
		printf("      %s: %s %s\n", d.vals[i].name, d.vals[i].type, d.vals[i].text);
	mt_js_detail_free(&d);
}

static void thread(struct mt_js *js, const struct mini_thread *t, int js_only)
{
	struct mt_js_stack s = { 0 };

	mt_js_backtrace(js, &t->regs, &s);
	printf("thread %d signal %d\n", t->tid, t->signal);
	for (size_t i = 0; i < s.n; i++) {
		if (!js_only)
			print_frame(i, &s.f[i]);
		if (!js_only && detail && mt_js_kind_is_js(s.f[i].kind))
			print_detail(js, &s.f[i]);
		else if (mt_js_kind_is_js(s.f[i].kind))
			print_js(&s.f[i]);
	}
	if (s.note)
		printf("note: %s\n", s.note);
	mt_js_stack_free(&s);
}

int main(int argc, char **argv)
{
	const char *core = NULL, *node = NULL;
	int all = 0, js_only = 0, tid = 0;
	struct mt_error err = { 0 };

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--node") == 0 && i + 1 < argc)
			node = argv[++i];
		else if (strcmp(argv[i], "--all-threads") == 0)
			all = 1;
		else if (strcmp(argv[i], "--detail") == 0)
			detail = 1;
		else if (strcmp(argv[i], "--js-only") == 0)
			js_only = 1;
		else if (strcmp(argv[i], "--tid") == 0 && i + 1 < argc)
			tid = atoi(argv[++i]);
		else
			core = argv[i];
	}
	struct minicore *mc = core ? minicore_open(core, &err) : NULL;
	if (!mc) {
		fprintf(stderr, "test_jsbt: %s\n", core ? err.msg : "usage: test_jsbt CORE [--node N]");
		return 2;
	}
	struct mt_js *js = mt_js_open(&mc->target, node, &err);
	if (!js_only) {
		printf("%s\n", mt_js_version(js)[0] ? mt_js_version(js) : "V8 version unknown");
		if (mt_js_status(js))
			printf("status: %s\n", mt_js_status(js));
		if (mt_js_warning(js))
			printf("warning: %s\n", mt_js_warning(js));
	}
	for (size_t i = 0; i < mc->nthreads; i++)
		if ((all && !tid) || (tid ? mc->threads[i].tid == tid : i == 0))
			thread(js, &mc->threads[i], js_only);
	mt_js_close(&js);
	minicore_close(&mc);
	return 0;
}
