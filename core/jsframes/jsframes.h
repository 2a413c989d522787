/* core/jsframes/jsframes.h: JavaScript frames from an x86-64, arm64 or ppc64le ELF core of
 * node, read with V8's postmortem metadata (v8dbg_* / nodedbg_* symbols of
 * the node binary, their values from the core). See doc/jsframes.md.
 *
 * The walker needs little from the core: a bounded memory reader, the
 * NT_FILE mappings and the segment bounds. That is the target below;
 * core/jsframes/jscore.c builds one from an opened mt_coredump. The mapped
 * files are read by core/elfcore's module map (core/elfcore/modmap.h): the
 * core's own, or one built from the target's maps.
 *
 * Two ways to use it:
 *  - mt_js_backtrace(): a whole thread, by the frame-pointer chain, native
 *    and JavaScript frames interleaved, each with its kind and how it was
 *    found;
 *  - mt_js_describe(): one frame (pc, fp) found by another unwinder; it
 *    appends the JS frames it holds (several when inlined), a marker frame,
 *    or nothing when the frame is not V8's.
 * Failure comes in tiers: mt_js_status() names what is missing in one line
 * and native frames still come out.
 */
#ifndef MORTEM_CORE_JSFRAMES_JSFRAMES_H
#define MORTEM_CORE_JSFRAMES_JSFRAMES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct mt_js_map {
	uint64_t start, end;   /* mapped range */
	uint64_t offset;       /* file offset of start */
	const char *path;      /* borrowed from the target's owner */
};

struct mt_modmap;

struct mt_js_target {
	void *ctx;             /* borrowed: the opened core */
	/* n bytes at addr from the core's own memory; 0, or -1 if any is missing. */
	int (*read)(void *ctx, uint64_t addr, void *buf, size_t n);
	/* The memory segment (PT_LOAD) holding addr: its bounds and whether the
	 * process had it executable; 0, or -1 when addr is in none. */
	int (*segment)(void *ctx, uint64_t addr, uint64_t *start, uint64_t *end, int *exec);
	const struct mt_js_map *maps;  /* borrowed: NT_FILE, sorted by start */
	size_t nmaps;
	const char *exe;       /* borrowed: NT_FILE path of the executable, or
				  NULL for the file of the first mapping */
	/* The module map to use instead of maps and exe, or NULL: an mt_coredump's
	 * view (mt_coredump_modmap), copied by mt_js_open; its arrays are borrowed
	 * from the core, which must outlive the mt_js. */
	const struct mt_modmap *modmap;
};

/* Registers in V8's register-code order, plus the pc (rip): x86-64's rax
 * rcx rdx rbx rsp rbp rsi rdi r8..r15; arm64's x0..x30 and sp (31), with
 * arm64 set; ppc64's r0..r31 (sp r1, V8's fp r31), with ppc64 set. */
enum { MT_JS_RSP = 4, MT_JS_RBP = 5, MT_JS_R9 = 9 };
enum { MT_JS_A64_FP = 29, MT_JS_A64_LR = 30, MT_JS_A64_SP = 31 };
enum { MT_JS_PPC_SP = 1, MT_JS_PPC_FP = 31 };
struct mt_js_regs {
	uint64_t gpr[32];
	uint64_t rip;
	int arm64;             /* 0: x86-64 (or ppc64) */
	int ppc64;
};
/* The stack and frame pointers of each. */
static inline uint64_t mt_js_sp(const struct mt_js_regs *r)
{
	return r->gpr[r->arm64 ? MT_JS_A64_SP : r->ppc64 ? MT_JS_PPC_SP : MT_JS_RSP];
}
static inline uint64_t mt_js_fp(const struct mt_js_regs *r)
{
	return r->gpr[r->arm64 ? MT_JS_A64_FP : r->ppc64 ? MT_JS_PPC_FP : MT_JS_RBP];
}

enum mt_js_kind {
	MT_JSF_NATIVE = 0,     /* C/C++ code: symbol from the module file */
	MT_JSF_MARKER,         /* a typed V8 frame: Entry, Exit, Internal, Stub... */
	MT_JSF_INTERPRETED,    /* JS frames by tier */
	MT_JSF_BASELINE,
	MT_JSF_MAGLEV,
	MT_JSF_TURBOFAN,
	MT_JSF_BUILTIN,        /* a JS-linkage builtin (Array.prototype.forEach...) */
	MT_JSF_JIT,            /* JS in JIT code whose tier is unknown */
	MT_JSF_UNKNOWN,        /* looked like V8 but could not be decoded */
};

struct mt_js_frame {
	enum mt_js_kind kind;
	int inlined;           /* expanded from an optimized frame */
	uint64_t pc, fp;
	char *module;          /* owned: basename of the mapped file, or NULL */
	char *symbol;          /* owned: native symbol, or NULL */
	uint64_t sym_off;
	char *marker;          /* owned: "ExitFrame"... for MT_JSF_MARKER */
	char *function;        /* owned: "Server.onRequest" for JS frames */
	char *script;          /* owned: script name, or NULL */
	int line, column;      /* 1-based current position; 0 unknown */
	int def_line, def_col; /* where the function starts when known */
	char *how;             /* owned: how the frame was found: "context" (the
				  registers), "cfi", "fp" (frame pointer), "scan" */
	char *note;            /* owned: why a value is missing, or detail */
	uint64_t fn;           /* the JSFunction (tagged), for mt_js_detail */
	uint64_t script_obj;   /* the Script (tagged), 0 if none */
	int pos;               /* script offset of line:column, -1 unknown */
};

struct mt_js_stack {
	struct mt_js_frame *f; /* owned */
	size_t n, cap;
	char *note;            /* owned: "event loop idle", a tier message... */
};

struct mt_js;

/* Load the metadata from the node binary: node is its path, or NULL for the
 * executable's mapped path (ignored with t->modmap, which has its own).
 * Returns a handle even when
 * JavaScript frames are unavailable (see mt_js_status); NULL only when the
 * target itself is unusable. */
struct mt_js *mt_js_open(const struct mt_js_target *t, const char *node, struct mt_error *err);
void mt_js_close(struct mt_js **js);

/* NULL when JS frames can be decoded, else one line saying why not. */
const char *mt_js_status(const struct mt_js *js);
/* Lesser losses (a tier without positions...), one line, or NULL. */
const char *mt_js_warning(const struct mt_js *js);
/* "V8 11.3.244.8", or "" when unknown. */
const char *mt_js_version(const struct mt_js *js);

/* Walk a thread from its registers. Frames are appended to out. */
void mt_js_backtrace(struct mt_js *js, const struct mt_js_regs *regs, struct mt_js_stack *out);
/* Describe the frame whose pc and frame pointer are given (top: the
 * innermost frame, with regs). Appends 0..n frames; returns how many. */
size_t mt_js_describe(struct mt_js *js, uint64_t pc, uint64_t fp, const struct mt_js_regs *top,
		      struct mt_js_stack *out);

void mt_js_stack_free(struct mt_js_stack *s);
void mt_js_frame_clear(struct mt_js_frame *f);   /* free its strings */
const char *mt_js_kind_name(enum mt_js_kind k);  /* "interpreted", "native"... */
int mt_js_kind_is_js(enum mt_js_kind k);

/* Detail of one JS frame: source lines around the current line and the
 * arguments with their types. */
struct mt_js_value {
	char *name;            /* owned: "this", "arg0"... */
	char *type;            /* owned: "Smi", "String", "Object"... */
	char *text;            /* owned: a short rendering */
};
struct mt_js_detail {
	char **lines;          /* owned: source lines first_line.. */
	size_t nlines;
	int first_line;
	char *source_note;     /* owned: why there is no source, or NULL */
	struct mt_js_value *vals; /* owned: receiver then arguments */
	size_t nvals;
};
void mt_js_detail(struct mt_js *js, const struct mt_js_frame *f, int context,
		  struct mt_js_detail *out);
void mt_js_detail_free(struct mt_js_detail *d);

#endif
