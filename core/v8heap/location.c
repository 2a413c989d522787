/* core/v8heap/location.c: an object's source location, as V8's heap
 * snapshot gives it (V8HeapExplorer::ExtractLocation): the location of a
 * function (names.c's vh_location_function: the object's own, a
 * generator's, a JS object's constructor), when the function's
 * SharedFunctionInfo has a Script: the script's id, and the line and
 * column (from 0) of the function's start position (SharedFunctionInfo::
 * StartPosition), found in the script's line ends as
 * Script::GetPositionInfo finds them, with the script's line and column
 * offsets. A script whose line ends V8 never computed gets them from its
 * source, as V8's snapshot computes them: String::CalculateLineEnds from
 * V8 12, Script::GetPositionInfoSlow (`\n` alone) before.
 * DevTools keys an object's class by its name and this location.
 */
#include "core/v8heap/internal.h"
#include "core/heap/heap.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_LINES (1u << 24)
#define MAX_SOURCE ((size_t)64 << 20)  /* bytes of a source read for its lines */
#define SOURCE_BUDGET ((size_t)256 << 20) /* bytes of sources a thread reads in
					 all: a hostile core's thousand
					 Scripts sharing one huge source cost
					 no more */

/* One script's line ends: where each line's terminator is, in UTF-16
 * units, and one past the end; V8's own array read in place (Smis), or
 * made from the source. */
struct lines {
	const unsigned char *smis;   /* borrowed from the core: V8's array's slots */
	uint32_t *end;               /* owned: made from the source */
	uint32_t n;
	int known;                   /* V8's array, or the source, was read */
	uint32_t id;
	int64_t line_offset, column_offset;
};

struct vh_locator {
	struct vh *vh;               /* borrowed */
	struct vh_names *names;      /* borrowed */
	struct vh_u64map by_script;  /* owned: Script -> index in lines */
	struct lines *lines;         /* owned */
	size_t nlines;
	struct strbuf src;           /* owned: a source being read */
	size_t read;                 /* bytes of sources read so far */
};

struct vh_locator *vh_locator_new(struct vh *vh, struct vh_names *names)
{
	struct vh_locator *l = xcalloc(1, sizeof *l);

	l->vh = vh;
	l->names = names;
	l->src = (struct strbuf)STRBUF_INIT;
	return l;
}

void vh_locator_free(struct vh_locator **pl)
{
	struct vh_locator *l = *pl;

	if (!l)
		return;
	for (size_t i = 0; i < l->nlines; i++)
		free(l->lines[i].end);
	free(l->lines);
	vh_u64map_free(&l->by_script);
	strbuf_free(&l->src);
	free(l);
	*pl = NULL;
}

static void push_end(struct lines *ln, uint32_t *cap, uint64_t at)
{
	if (ln->n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		ln->end = xreallocarray(ln->end, *cap, sizeof *ln->end);
	}
	ln->end[ln->n++] = (uint32_t)at;
}

static uint32_t end_at(const struct lines *ln, uint32_t k)
{
	return ln->smis ? (uint32_t)vh_smi(vh_word(ln->smis, 8 * (int64_t)k)) : ln->end[k];
}

/* The source's line ends (UTF-8 as names.c writes it: one sequence of one
 * to three bytes per UTF-16 unit), then the length: from V8 12
 * String::CalculateLineEnds's, each \n, each \r not before a \n, each
 * U+2028 and U+2029; before, GetPositionInfoSlow's, each \n. */
static void lines_from_source(struct vh_locator *l, uint64_t source, struct lines *ln)
{
	int all = l->vh->m.version[0] >= 12;
	const unsigned char *s;
	uint64_t unit = 0;
	uint32_t cap = 0;

	strbuf_reset(&l->src);
	if (l->read >= SOURCE_BUDGET || !vh_is_string_type(l->vh, vh_itype_of(l->vh, source)) ||
	    vh_string(l->vh, source, MAX_SOURCE < SOURCE_BUDGET - l->read ? MAX_SOURCE :
				     SOURCE_BUDGET - l->read, &l->src) < 0)
		return;
	l->read += l->src.len;
	ln->known = 1;
	s = (const unsigned char *)strbuf_str(&l->src);
	for (size_t i = 0; i < l->src.len && ln->n < MAX_LINES; i++) {
		if ((s[i] & 0xc0) == 0x80)
			continue;  /* not the first byte of a unit */
		if (s[i] == '\n' || (all && s[i] == '\r' && s[i + 1] != '\n') ||
		    (all && s[i] == 0xe2 && s[i + 1] == 0x80 && (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)))
			push_end(ln, &cap, unit);
		unit++;
	}
	push_end(ln, &cap, unit);
}

/* The Script's line ends array (a FixedArray of Smis), when V8 made it:
 * read where it is (many Scripts of a hostile core may share one). */
static int lines_from_array(struct vh *vh, uint64_t ends, struct lines *ln)
{
	int64_t n = vh_itype_of(vh, ends) == vh->m.t.fixed_array ?
		    vh_smi(vh_field(vh, ends, vh->m.o_fa_len)) : -1;
	const unsigned char *b = n > 0 && n <= MAX_LINES ? vh_mem(vh, ends - 1 + 16, 8 * (uint64_t)n)
							 : NULL;

	if (!b && n != 0)
		return -1;
	ln->smis = b;
	ln->n = b ? (uint32_t)n : 0;  /* an empty array: V8 places nothing */
	ln->known = 1;
	return 0;
}

static const struct lines *lines_of(struct vh_locator *l, uint64_t script)
{
	struct vh *vh = l->vh;
	const struct vh_meta *m = &vh->m;
	int fresh;
	uint32_t *slot = vh_u64map_slot(&l->by_script, script, &fresh);

	if (*slot != VH_NONE)
		return &l->lines[*slot];
	l->lines = xreallocarray(l->lines, l->nlines + 1, sizeof *l->lines);
	struct lines *ln = &l->lines[l->nlines];
	memset(ln, 0, sizeof *ln);
	*slot = (uint32_t)l->nlines++;
	/* Script: source, name, line_offset, column_offset, ..., line_ends, id */
	ln->id = (uint32_t)vh_smi(vh_field(vh, script, m->o_script_line_ends + 8));
	ln->line_offset = vh_smi(vh_field(vh, script, m->o_script_source + 16));
	ln->column_offset = vh_smi(vh_field(vh, script, m->o_script_source + 24));
	if (lines_from_array(vh, vh_field(vh, script, m->o_script_line_ends), ln) < 0)
		lines_from_source(l, vh_field(vh, script, m->o_script_source), ln);
	return ln;
}

/* Whether w is one of the UncompiledData types (they hold the start). */
static int uncompiled(struct vh *vh, uint64_t w)
{
	return strncmp(vh_type_name(&vh->m, vh_itype_of(vh, w)), "UNCOMPILED_DATA", 15) == 0;
}

/* SharedFunctionInfo::StartPosition: the ScopeInfo's, else the
 * UncompiledData's (function_data; V8 13's trusted one is the word at
 * 8), else 0 (a negative position counts as 0 in GetPositionInfo). */
static int64_t start_position(struct vh *vh, uint64_t sfi)
{
	const struct vh_meta *m = &vh->m;
	int64_t start;
	uint64_t d;
	const unsigned char *b;

	if (vh_scope_start(vh, vh_field(vh, sfi, m->o_sfi_name), &start) == 0)
		return start;
	for (int k = 0; k < 2 && m->o_unc_start >= 0; k++) {
		d = vh_field(vh, sfi, k ? 8 : m->o_sfi_fdata);
		if (uncompiled(vh, d) && (b = vh_mem(vh, d - 1 + (uint64_t)m->o_unc_start, 4))) {
			int32_t v;
			memcpy(&v, b, 4);
			return v > 0 ? v : 0;
		}
	}
	return 0;
}

int vh_locate(struct vh_locator *l, uint32_t i, struct mt_heap_loc *out)
{
	struct vh *vh = l->vh;
	const struct vh_meta *m = &vh->m;
	uint64_t fn = vh_location_function(l->names, i);
	uint64_t sfi = fn ? vh_field(vh, fn, m->o_jsf_shared) : 0;
	uint64_t script = sfi && m->o_sfi_script >= 0 ? vh_field(vh, sfi, m->o_sfi_script) : 0;

	if (!script || m->o_script_line_ends < 0 || m->o_script_source < 0 ||
	    vh_itype_of(vh, script) != m->t.script)
		return -1;
	const struct lines *ln = lines_of(l, script);
	int64_t pos = start_position(vh, sfi);
	if (!ln->known)
		return -1;  /* its lines could not be read: unknown */
	out->script = ln->id;
	if (!ln->n || pos > end_at(ln, ln->n - 1)) {  /* V8 places it nowhere, and */
		out->line = out->column = UINT32_MAX;  /* records -1, -1 all the same */
		return 0;
	}
	uint32_t lo = 0, hi = ln->n - 1;  /* the first line whose end is at or past pos */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (end_at(ln, mid) < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	int64_t column = lo ? pos - ((int64_t)end_at(ln, lo - 1) + 1) : pos;
	int64_t line = (int64_t)lo + ln->line_offset;
	if (lo == 0)
		column += ln->column_offset;
	if (line < 0 || column < 0 || line > UINT32_MAX || column > UINT32_MAX)
		return -1;
	out->line = (uint32_t)line;
	out->column = (uint32_t)column;
	return 0;
}
