/* core/jsframes/jsdetail.c: the detail of one JS frame: the function's
 * source around the current line (when the core or the binary holds the
 * script source), and the receiver and arguments with their types. */
#include "core/jsframes/jsint.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 32
#define VALUE_CHARS 80

static void source_lines(struct mt_js *js, const struct mt_js_frame *f, int context,
			 struct mt_js_detail *d)
{
	struct strbuf why = STRBUF_INIT;
	int at = f->line ? f->line : f->def_line;
	char *src = js_script_source(js, f->script_obj, &why);

	if (!src || !at) {
		d->source_note = xstrdup(src ? "the position in the script is unknown" :
					 strbuf_str(&why));
		free(src);
		strbuf_free(&why);
		return;
	}
	strbuf_free(&why);
	d->first_line = at - context < 1 ? 1 : at - context;
	d->lines = xcalloc((size_t)(2 * context + 1), sizeof *d->lines);
	char *p = src;
	for (int line = 1; *p || line == 1; line++) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (line >= d->first_line && line <= at + context)
			d->lines[d->nlines++] = xstrndup(p, len);
		if (!nl || line > at + context)
			break;
		p = nl + 1;
	}
	free(src);
}

static void oddball(struct mt_js *js, uint64_t w, struct strbuf *type, struct strbuf *text)
{
	const struct js_v8 *v = &js->v8;
	uint64_t k;
	int64_t kind = js_field(js, w, v->o_oddball_kind, &k) == 0 && js_is_smi(k) ? js_smi(k) : -1;

	strbuf_puts(type, "Oddball");
	strbuf_puts(text, kind == v->odd_undefined ? "undefined" : kind == v->odd_null ? "null" :
		    kind == v->odd_true ? "true" : kind == v->odd_false ? "false" :
		    kind == v->odd_hole ? "<the hole>" : "<oddball>");
}

static void heap_value(struct mt_js *js, uint64_t w, struct strbuf *type, struct strbuf *text)
{
	const struct js_v8 *v = &js->v8;
	int t = js_itype(js, w);
	double num;

	if (t < 0) {
		strbuf_puts(type, "?");
		strbuf_printf(text, "0x%llx (not in the core)", (unsigned long long)w);
	} else if (t < v->first_nonstring) {
		strbuf_puts(type, "String");
		strbuf_putc(text, '"');
		js_string(js, w, VALUE_CHARS, text);
		strbuf_putc(text, '"');
	} else if (t == v->t_heapnum && v->o_heapnum != JS_NONE &&
		   js_read(js, w - 1 + (uint64_t)v->o_heapnum, &num, 8) == 0) {
		strbuf_puts(type, "HeapNumber");
		strbuf_printf(text, "%.17g", num);
	} else if (t == v->t_oddball) {
		oddball(js, w, type, text);
	} else if (js_is_jsfunction(js, w)) {
		uint64_t sfi;
		strbuf_puts(type, "Function");
		if (js_field(js, w, v->o_jsf_shared, &sfi) == 0)
			js_function_name(js, sfi, text);
	} else {
		js_receiver_class(js, w, type);
		if (!type->len)
			strbuf_printf(type, "HeapObject (type %d)", t);
		strbuf_printf(text, "0x%llx", (unsigned long long)w);
	}
}

static void add_value(struct mt_js *js, struct mt_js_detail *d, const char *name, uint64_t w)
{
	struct strbuf type = STRBUF_INIT, text = STRBUF_INIT;

	if (js_is_smi(w)) {
		strbuf_puts(&type, "Smi");
		strbuf_printf(&text, "%lld", (long long)js_smi(w));
	} else if (js_is_heap(w)) {
		heap_value(js, w, &type, &text);
	} else {
		strbuf_puts(&type, "?");
		strbuf_printf(&text, "0x%llx", (unsigned long long)w);
	}
	struct mt_js_value *val = &d->vals[d->nvals++];
	val->name = xstrdup(name);
	val->type = strbuf_detach(&type);
	val->text = strbuf_detach(&text);
	strbuf_free(&type);
	strbuf_free(&text);
}

/* The argument count slot holds argc with the receiver (V8 >= 10); else
 * the formal parameter count of the function. */
static int arg_count(struct mt_js *js, const struct mt_js_frame *f)
{
	uint64_t argc, sfi;
	uint16_t formal;

	if (js_word(js, f->fp + (int64_t)js->v8.fp_argc, &argc) == 0 && argc >= 1 && argc <= MAX_ARGS)
		return (int)argc - 1;
	if (js->v8.o_sfi_nparams != JS_NONE && js_field(js, f->fn, js->v8.o_jsf_shared, &sfi) == 0 &&
	    js_read(js, sfi - 1 + (uint64_t)js->v8.o_sfi_nparams, &formal, 2) == 0 &&
	    formal >= 1 && formal <= MAX_ARGS)
		return formal - 1;
	return 0;
}

static void values(struct mt_js *js, const struct mt_js_frame *f, struct mt_js_detail *d)
{
	uint64_t w, base = f->fp + (int64_t)js->v8.fp_args;
	int n = arg_count(js, f);
	char name[32];

	d->vals = xcalloc(MAX_ARGS + 1, sizeof *d->vals);
	if (js_word(js, base, &w) == 0)
		add_value(js, d, "this", w);
	for (int i = 0; i < n; i++) {
		if (js_word(js, base + 8 * (uint64_t)(i + 1), &w) != 0)
			break;
		snprintf(name, sizeof name, "arg%d", i);
		add_value(js, d, name, w);
	}
}

void mt_js_detail(struct mt_js *js, const struct mt_js_frame *f, int context,
		  struct mt_js_detail *out)
{
	memset(out, 0, sizeof *out);
	if (!js->usable || !mt_js_kind_is_js(f->kind))
		return;
	if (context < 0 || context > 50)
		context = 5;
	source_lines(js, f, context, out);
	if (!f->inlined)
		values(js, f, out);
}

void mt_js_detail_free(struct mt_js_detail *d)
{
	for (size_t i = 0; i < d->nlines; i++)
		free(d->lines[i]);
	free(d->lines);
	free(d->source_note);
	for (size_t i = 0; i < d->nvals; i++) {
		free(d->vals[i].name);
		free(d->vals[i].type);
		free(d->vals[i].text);
	}
	free(d->vals);
	memset(d, 0, sizeof *d);
}
