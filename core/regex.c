/* core/regex.c: compiling and matching with PCRE2, errors as one line. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/regex.h"
#include "core/xalloc.h"

#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#define JIT_STACK_MIN (32 * 1024)
#define JIT_STACK_MAX (1024 * 1024)

struct mt_regex {
	char *pattern;                 /* owned copy */
	pcre2_code *code;              /* owned */
	pcre2_match_data *md;          /* owned, reused by every match */
	pcre2_match_context *mctx;     /* owned */
	pcre2_jit_stack *jit_stack;    /* owned; NULL without JIT */
};

static void pcre_message(int code, char *buf, size_t size)
{
	if (pcre2_get_error_message(code, (PCRE2_UCHAR *)buf, size) < 0)
		snprintf(buf, size, "error %d", code);
}

/* Limit errors get words a user can act on; others PCRE2's own message. */
static void match_error(struct mt_error *err, int rc)
{
	char msg[160];

	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		mt_error_set(err, "regex: pattern too complex for this text (backtracking limit)");
		return;
	case PCRE2_ERROR_NOMEMORY:
		mt_error_set(err, "regex: out of memory while matching");
		return;
	}
	pcre_message(rc, msg, sizeof msg);
	mt_error_set(err, "regex: %s", msg);
}

/* Smart case: an upper-case letter that is not an escape like \S or \W. */
static int has_upper(const char *p)
{
	for (size_t i = 0; p[i]; i++) {
		if (p[i] == '\\' && p[i + 1]) {
			i++;
			continue;
		}
		if (p[i] >= 'A' && p[i] <= 'Z')
			return 1;
	}
	return 0;
}

static uint32_t compile_options(const char *pattern, unsigned flags)
{
	uint32_t o = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;

	if ((flags & MT_RE_CASELESS) || ((flags & MT_RE_SMARTCASE) && !has_upper(pattern)))
		o |= PCRE2_CASELESS;
	if (flags & MT_RE_LITERAL)
		o |= PCRE2_LITERAL;
	if (flags & MT_RE_ANCHORED)
		o |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
	return o;
}

static void try_jit(struct mt_regex *re)
{
	if (pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) != 0)
		return;
	re->jit_stack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
	if (re->jit_stack)
		pcre2_jit_stack_assign(re->mctx, NULL, re->jit_stack);
}

struct mt_regex *mt_regex_new(const char *pattern, unsigned flags, struct mt_error *err)
{
	struct mt_regex *re;
	PCRE2_SIZE offset;
	int code;
	char msg[160];
	pcre2_code *compiled = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
					     compile_options(pattern, flags), &code,
					     &offset, NULL);

	if (!compiled) {
		pcre_message(code, msg, sizeof msg);
		mt_error_set(err, "regex: %s at offset %zu", msg, (size_t)offset);
		return NULL;
	}
	re = xcalloc(1, sizeof *re);
	re->pattern = xstrdup(pattern);
	re->code = compiled;
	re->md = pcre2_match_data_create_from_pattern(compiled, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (!re->md || !re->mctx) {
		mt_regex_free(&re);
		mt_error_set(err, "regex: out of memory");
		return NULL;
	}
	try_jit(re);
	return re;
}

void mt_regex_free(struct mt_regex **rep)
{
	struct mt_regex *re = *rep;

	if (!re)
		return;
	pcre2_jit_stack_free(re->jit_stack);
	pcre2_match_context_free(re->mctx);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
	*rep = NULL;
}

const char *mt_regex_pattern(const struct mt_regex *re)
{
	return re->pattern;
}

int mt_regex_find(struct mt_regex *re, const char *subject, size_t len, size_t from,
		  size_t *start, size_t *end, struct mt_error *err)
{
	PCRE2_SIZE *ov;
	int rc;

	if (from > len)
		return 0;
	rc = pcre2_match(re->code, (PCRE2_SPTR)(subject ? subject : ""), len, from, 0,
			 re->md, re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		match_error(err, rc);
		return -1;
	}
	ov = pcre2_get_ovector_pointer(re->md);
	if (start)
		*start = ov[0];
	if (end)
		*end = ov[1] < ov[0] ? ov[0] : ov[1];  /* \K can put the end first */
	return 1;
}

int mt_regex_test(struct mt_regex *re, const char *s)
{
	struct mt_error ignore = { 0 };

	return mt_regex_find(re, s, strlen(s), 0, NULL, NULL, &ignore) == 1;
}

static int substitute(struct mt_regex *re, const char *subject, size_t len,
		      const char *replacement, char *buf, PCRE2_SIZE *outlen)
{
	return pcre2_substitute(re->code, (PCRE2_SPTR)subject, len, 0,
				PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH |
				PCRE2_SUBSTITUTE_UNSET_EMPTY,
				re->md, re->mctx, (PCRE2_SPTR)replacement,
				PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)buf, outlen);
}

int mt_regex_replace(struct mt_regex *re, const char *subject, size_t len,
		     const char *replacement, struct strbuf *out, struct mt_error *err)
{
	PCRE2_SIZE size = len * 2 + 64, outlen = size;
	char *buf = xmalloc(size);
	int rc;

	subject = subject ? subject : "";
	rc = substitute(re, subject, len, replacement, buf, &outlen);
	if (rc == PCRE2_ERROR_NOMEMORY) {
		size = outlen + 1;
		outlen = size;
		buf = xrealloc(buf, size);
		rc = substitute(re, subject, len, replacement, buf, &outlen);
	}
	if (rc < 0) {
		char msg[160];
		pcre_message(rc, msg, sizeof msg);
		if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
			match_error(err, rc);
		else
			mt_error_set(err, "regex: replacement '%s': %s", replacement, msg);
		strbuf_add(out, subject, len);
		free(buf);
		return -1;
	}
	strbuf_add(out, buf, outlen);
	free(buf);
	return rc;
}
