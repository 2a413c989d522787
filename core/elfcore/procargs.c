/* core/elfcore/procargs.c: argv and environ from the initial stack.
 *
 * The kernel lays out the new process's stack as argc, argv[], NULL,
 * envp[], NULL, then the auxiliary vector. NT_AUXV gives us the vector's
 * contents; finding those bytes in the stack segment finds the vector, and
 * the pointer arrays are walked backwards from it. Everything is checked:
 * argc must equal the pointers found, strings and counts are capped. */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#include <string.h>

#define AT_NULL 0
#define AT_EXECFN 31
#define AT_RANDOM 25
#define ARGS_MAX 65536
#define ARG_LEN_MAX (128 * 1024)
#define ARGS_BYTES_MAX (16u << 20)   /* argv and environ together */
#define AUXV_MATCH 4          /* pairs compared to find the vector */

static uint64_t auxv_get(const struct mt_coredump *c, uint64_t type)
{
	for (size_t i = 0; i < c->nauxv; i++)
		if (c->auxv[i].type == type)
			return c->auxv[i].val;
	return 0;
}

/* Where the auxiliary vector sits in the stack segment, 0 if not found. */
static uint64_t find_auxv(const struct mt_coredump *c)
{
	uint64_t hint = auxv_get(c, AT_EXECFN) ? auxv_get(c, AT_EXECFN) : auxv_get(c, AT_RANDOM);
	const struct mt_coredump_segment *s = mt_coredump_segment_at(c, hint);
	size_t pairs = c->nauxv < AUXV_MATCH ? c->nauxv : AUXV_MATCH, w = (size_t)c->wordsize;
	unsigned char want[AUXV_MATCH * 16];

	if (!s || pairs == 0 || s->present < pairs * 2 * w)
		return 0;
	for (size_t i = 0; i < pairs; i++) {
		c_put_word(c, c->auxv[i].type, want + i * 2 * w);
		c_put_word(c, c->auxv[i].val, want + i * 2 * w + w);
	}
	const unsigned char *base = c->data + s->offset;
	for (uint64_t o = 0; o + pairs * 2 * w <= s->present; o += w)
		if (memcmp(base + o, want, pairs * 2 * w) == 0)
			return s->vaddr + o;
	return 0;
}

/* A string of the stack, within what is left of the byte budget. */
static char *read_string(const struct mt_coredump *c, uint64_t addr, size_t *budget)
{
	size_t max = *budget < ARG_LEN_MAX ? *budget : ARG_LEN_MAX;
	char *buf;
	long n;

	if (max < 2)
		return NULL;
	buf = xmalloc(max);
	n = mt_coredump_read_str(c, addr, buf, max);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	*budget -= (size_t)n + 1;
	return xrealloc(buf, (size_t)n + 1);
}

/* Count the non-NULL pointers below `end` (exclusive), walking down. */
static size_t count_down(const struct mt_coredump *c, uint64_t end, uint64_t stop_value)
{
	size_t n = 0;
	uint64_t v, w = (uint64_t)c->wordsize;

	while (n < ARGS_MAX && end >= w * (n + 1) &&
	       mt_coredump_read_word(c, end - w * (n + 1), &v) == 0 && v != 0) {
		if (stop_value != UINT64_MAX && v == stop_value)
			break;
		n++;
	}
	return n;
}

static char **read_array(const struct mt_coredump *c, uint64_t at, size_t n, size_t *budget)
{
	char **out = xcalloc(n + 1, sizeof *out);
	uint64_t p;

	for (size_t i = 0; i < n; i++) {
		char *s = NULL;
		if (mt_coredump_read_word(c, at + (uint64_t)c->wordsize * i, &p) == 0)
			s = read_string(c, p, budget);
		out[i] = s ? s : xstrdup("");
	}
	return out;
}

void mt_coredump_read_args(struct mt_coredump *c)
{
	uint64_t auxv = find_auxv(c), env_end, argv_end, argc, w = (uint64_t)c->wordsize;
	size_t envc, argn, budget = ARGS_BYTES_MAX;

	if (auxv_get(c, AT_EXECFN))
		c->execfn = read_string(c, auxv_get(c, AT_EXECFN), &budget);
	if (!auxv || auxv < 2 * w)
		return;
	env_end = auxv - w;                   /* envp's NULL */
	envc = count_down(c, env_end, UINT64_MAX);
	argv_end = env_end - w * envc - w;    /* argv's NULL */
	if (argv_end > env_end)
		return;
	/* argv pointers go down until the word that equals their count. */
	for (argn = 0; argn < ARGS_MAX; argn++) {
		if (mt_coredump_read_word(c, argv_end - w * (argn + 1), &argc) < 0)
			return;
		if (argc == argn)
			break;
	}
	if (argn == ARGS_MAX)
		return;
	c->argv = read_array(c, argv_end - w * argn, argn, &budget);
	c->argc = argn;
	c->envp = read_array(c, env_end - w * envc, envc, &budget);
	c->envc = envc;
	c->args_found = 1;
}
