/* core/jsframes/jsint.h: what the jsframes files share; not for use
 * outside core/jsframes/. */
#ifndef MORTEM_CORE_JSFRAMES_JSINT_H
#define MORTEM_CORE_JSFRAMES_JSINT_H

#include <stdint.h>

#include "core/elfcore/modmap.h"
#include "core/jsframes/jsframes.h"
#include "core/jsframes/jsmeta.h"
#include "core/strbuf.h"

#define JS_MAX_FRAMES 256        /* per thread */
/* arm64 user addresses are 48 bits; bits above are pointer-authentication
 * codes on return addresses. */
#define JS_A64_VA_MASK 0x0000ffffffffffffull
#define JS_MAX_STRING (1u << 20) /* characters decoded from one string */
#define JS_MAX_DEPTH 16          /* cons/sliced/thin nesting */

struct mt_js {
	struct mt_js_target t;   /* copy; t.ctx and t.maps borrowed, t.modmap unused */
	struct mt_modmap mm;     /* the mapped files: a copy of t.modmap (its arrays
				    borrowed), or built from t.maps (owned: own_mm) */
	int own_mm;
	struct mt_coredump_module *node; /* borrowed from mm: the executable, or NULL */
	struct js_v8 v8;         /* owned */
	int usable;              /* tier 0 available */
	char *status;            /* owned: why JS frames are unavailable, or NULL */
	char *warning;           /* owned: lesser losses, or NULL */
	char version[48];
	int arm64;               /* the thread walked is arm64's: return addresses
				    lose their pointer-authentication bits */
};

/* jstarget.c: the target's mapped files. */
/* Set js->mm and js->node from js->t (node: the executable's file, or NULL). */
void js_target_open(struct mt_js *js, const char *node);
void js_target_close(struct mt_js *js);
/* The native symbol at addr (mangled), or NULL; *module: the basename of
 * the file mapped there or NULL; *off: addr - the symbol, 0 without one. */
const char *js_symbol(struct mt_js *js, uint64_t addr, const char **module, uint64_t *off);
/* n bytes at addr from the core, else from the file mapped there; 0 or -1. */
int js_read(struct mt_js *js, uint64_t addr, void *buf, size_t n);
/* Is module (a basename from js_symbol) node's? */
int js_in_node(const struct mt_js *js, const char *module);

/* jsframe.c: append a blank frame of kind. */
struct mt_js_frame *js_push(struct mt_js_stack *s, enum mt_js_kind kind, uint64_t pc, uint64_t fp);
/* Constructor frames read "new Name", as V8 prints them. */
void js_mark_constructors(struct mt_js *js, struct mt_js_stack *s, size_t from);

/* jsheap.c: tagged values and objects in the core. */
static inline int js_is_heap(uint64_t w) { return (w & 3) == 1; }
static inline int js_is_smi(uint64_t w) { return (w & 1) == 0; }
static inline int64_t js_smi(uint64_t w) { return (int64_t)w >> 32; }
int js_word(struct mt_js *js, uint64_t addr, uint64_t *out);
int js_u32(struct mt_js *js, uint64_t addr, uint32_t *out);
/* A tagged field of a heap object at byte offset off. */
int js_field(struct mt_js *js, uint64_t obj, int off, uint64_t *out);
/* Instance type of a heap object, -1 if unreadable. */
int js_itype(struct mt_js *js, uint64_t obj);
int js_is_string(struct mt_js *js, uint64_t obj);
/* Append up to limit characters of a String as UTF-8; -1 if not a string. */
int js_string(struct mt_js *js, uint64_t obj, size_t limit, struct strbuf *out);
/* FixedArray / ByteArray length (Smi), -1 if bad or over max. */
int64_t js_array_len(struct mt_js *js, uint64_t obj, int64_t max);
int js_array_get(struct mt_js *js, uint64_t obj, int64_t i, uint64_t *out);
/* The bytes of a ByteArray, malloc'd; NULL if unreadable. */
unsigned char *js_bytes(struct mt_js *js, uint64_t obj, size_t max, size_t *len);
int js_is_jsfunction(struct mt_js *js, uint64_t obj);

/* jsfunc.c: names, scripts and positions of functions. */
void js_function_name(struct mt_js *js, uint64_t sfi, struct strbuf *out);
void js_receiver_class(struct mt_js *js, uint64_t recv, struct strbuf *out);
uint64_t js_script_of(struct mt_js *js, uint64_t sfi);
void js_script_name(struct mt_js *js, uint64_t script, struct strbuf *out);
/* Script offset to 1-based line and column; 0 when it cannot. */
int js_line_col(struct mt_js *js, uint64_t script, int pos, int *line, int *col);
int js_function_start(struct mt_js *js, uint64_t sfi);
/* The script source as UTF-8, malloc'd; NULL with a reason in why. */
char *js_script_source(struct mt_js *js, uint64_t script, struct strbuf *why);

/* jspos.c: the current position of a frame. */
int js_vlq_position(const unsigned char *t, size_t n, int64_t offset, int64_t *pos);
int js_interp_offset(struct mt_js *js, uint64_t fp, const struct mt_js_regs *top,
		     uint64_t in_handler, int64_t *bc_off);
int js_bytecode_position(struct mt_js *js, uint64_t bca, int64_t bc_off);

/* One JS function found in a frame (several when inlined). */
struct js_hit {
	uint64_t sfi;
	int pos;                 /* script offset, -1 unknown */
};
/* Optimized or baseline code at pc: fills kind and up to max hits,
 * innermost first; returns the count (0: unknown, with why set). */
size_t js_code_frames(struct mt_js *js, uint64_t fn, uint64_t fp, uint64_t pc, int top,
		      enum mt_js_kind *kind, struct js_hit *hits, size_t max, struct strbuf *why);

#endif
