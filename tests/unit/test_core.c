/* tests/unit/test_core.c: the core model against what gdb read from the
 * same cores (tests/fixtures/cores/crash-*.expect, made by make-cores.sh),
 * and the memory reader and note walker on small cores built here, cut
 * and hostile ones included. */
#include "core/elfcore/coredump.h"
#include "core/elfcore/internal.h"
#include "core/xalloc.h"
#include "tests/unit/check.h"

#include <elf.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static char tmpdir[] = "/tmp/mortem-core-unit-XXXXXX";
static const char *fixtures;

static char *path_in(const char *dir, const char *name)
{
	char *p = xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

/* Inflate the committed binary next to the test's temp files. */
static char *unpack_exe(void)
{
	char *gz = path_in(fixtures, "crash.gz"), *out = path_in(tmpdir, "crash");
	gzFile in = gzopen(gz, "rb");
	FILE *f = fopen(out, "wb");
	char buf[8192];
	int n;

	while (in && f && (n = gzread(in, buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)n, f);
	if (in)
		gzclose(in);
	if (f)
		fclose(f);
	free(gz);
	return out;
}

struct expect {
	long signal, code, tid, threads;
	int has_addr;
	unsigned long long addr;
	size_t nframes;
	unsigned idx[32];           /* gdb's frame number */
	unsigned long long pc[32];
	char func[32][128];
};

static int read_expect(const char *mode, struct expect *e)
{
	char name[64], line[256];
	char *p;
	FILE *f;

	snprintf(name, sizeof name, "crash-%s.expect", mode);
	p = path_in(fixtures, name);
	f = fopen(p, "r");
	free(p);
	if (!f)
		return -1;
	memset(e, 0, sizeof *e);
	while (fgets(line, sizeof line, f)) {
		unsigned idx;
		sscanf(line, "signal %ld", &e->signal);
		sscanf(line, "code %ld", &e->code);
		sscanf(line, "tid %ld", &e->tid);
		sscanf(line, "threads %ld", &e->threads);
		if (sscanf(line, "addr %llx", &e->addr) == 1)
			e->has_addr = 1;
		if (sscanf(line, "frame %u %llx %127s", &idx, &e->pc[e->nframes],
			   e->func[e->nframes]) == 3 && e->nframes < 31)
			e->idx[e->nframes++] = idx;
	}
	fclose(f);
	return 0;
}

static const struct mt_coredump_module *libc_of(const struct mt_coredump *c)
{
	for (size_t i = 0; i < c->nmods; i++)
		if (strstr(c->mods[i].path, "libc.so"))
			return &c->mods[i];
	return NULL;
}

/* gdb's frames, in order, among ours: all of them when this host's libc is
 * the one that ran; else those in the crash binary (libc's CFI is gone). */
static void check_frames(struct mt_coredump *c, const struct expect *e)
{
	const struct mt_coredump_module *libc = libc_of(c);
	const struct mt_coredump_thread *t = &c->threads[0];
	int exact = libc && libc->elf && !libc->build_id_mismatch;
	size_t j = 0;

	for (size_t i = 0; i < e->nframes; i++) {
		const struct mt_coredump_module *m = mt_coredump_module_at(c, e->pc[i]);
		/* Past a signal frame (a gap in gdb's numbers) only libc's CFI
		 * knows the interrupted pc. */
		if (!exact && i > 0 && e->idx[i] != e->idx[i - 1] + 1)
			break;
		if (!exact && (!m || !m->is_exe))
			continue;
		while (j < t->nframes && t->frames[j].pc != e->pc[i])
			j++;
		CHECK(j < t->nframes);
		if (j >= t->nframes)
			return;
		if (exact)
			CHECK_INT(j, e->idx[i]);
		if (strcmp(e->func[i], "??") != 0)
			CHECK_STR(t->frames[j].function, e->func[i]);
		if (j == 0)
			CHECK_INT(t->frames[j].how, MT_HOW_CONTEXT);
		else if (exact && m && m->is_exe)
			CHECK_INT(t->frames[j].how, MT_HOW_CFI);
	}
}

/* The vDSO is a module read from the core itself, with its symbols. */
static void check_vdso(struct mt_coredump *c)
{
	struct mt_coredump_module *v = NULL;
	const struct mt_elf_sym *sym = NULL;
	struct mt_elf *e;
	char name[256];
	uint64_t off;

	for (size_t i = 0; i < c->nmods; i++)
		if (strcmp(c->mods[i].path, MT_VDSO_PATH) == 0)
			v = &c->mods[i];
	CHECK(v != NULL);
	if (!v)
		return;
	e = mt_coredump_module_elf(c, v);
	CHECK(e != NULL);
	if (e)
		sym = mt_elf_sym_named(e, "__vdso_clock_gettime");
	CHECK(sym != NULL);
	if (!sym)
		return;
	CHECK(mt_coredump_symbolize(c, sym->value + (uint64_t)v->bias, name, sizeof name, &off) == v);
	CHECK(strstr(name, "clock_gettime") != NULL);
	CHECK_INT(off, 0);
}

static void test_fixture(const char *mode, const char *exe)
{
	struct mt_open_opts o = { .redact = 1, .exe = exe };
	struct mt_error err = { 0 };
	struct expect e;
	char name[64], *path;
	struct mt_coredump *c;

	CHECK_INT(read_expect(mode, &e), 0);
	snprintf(name, sizeof name, "crash-%s.core.gz", mode);
	path = path_in(fixtures, name);
	c = mt_coredump_open(path, &o, &err);
	CHECK(c != NULL);
	if (!c) {
		fprintf(stderr, "%s: %s\n", mode, err.msg);
		free(path);
		return;
	}
	CHECK_STR(c->container, "gzip");
	CHECK_INT(c->arch, MT_ARCH_X86_64);
	CHECK_INT(c->siginfo.signo, e.signal);
	CHECK_INT(c->siginfo.code, e.code);
	CHECK_INT(c->siginfo.has_addr, e.has_addr);
	if (e.has_addr)
		CHECK_INT(c->siginfo.addr, e.addr);
	CHECK_INT(c->nthreads, e.threads);
	CHECK_INT(c->threads[0].tid, e.tid);
	CHECK_INT(c->threads[0].signal, e.signal);
	CHECK(mt_coredump_exe(c) != NULL && mt_coredump_exe(c)->elf != NULL);
	CHECK_INT(c->argc, 2);
	if (c->argc == 2)
		CHECK_STR(c->argv[1], mode);
	CHECK(strstr(c->psinfo.psargs, mode) != NULL);
	check_frames(c, &e);
	check_vdso(c);
	mt_coredump_close(&c);
	CHECK(c == NULL);
	free(path);
}

/* Signals by machine: MIPS and SPARC number theirs as System V did
 * (arch/mips, arch/sparc uapi/asm/signal.h). */
static void test_signal_names(void)
{
	CHECK_STR(mt_signal_name(EM_X86_64, 10), "SIGUSR1");
	CHECK_STR(mt_signal_name(EM_X86_64, 7), "SIGBUS");
	CHECK_STR(mt_signal_name(EM_MIPS, 10), "SIGBUS");
	CHECK_STR(mt_signal_name(EM_MIPS, 16), "SIGUSR1");
	CHECK_STR(mt_signal_name(EM_MIPS, 18), "SIGCHLD");
	CHECK_STR(mt_signal_name(EM_MIPS, 7), "SIGEMT");
	CHECK_STR(mt_signal_name(EM_MIPS, 11), "SIGSEGV");
	CHECK_STR(mt_signal_name(EM_MIPS, 6), "SIGABRT");
	CHECK_STR(mt_signal_name(EM_SPARCV9, 30), "SIGUSR1");
	CHECK_STR(mt_signal_name(EM_SPARCV9, 20), "SIGCHLD");
	CHECK_STR(mt_signal_meaning(EM_MIPS, 10, 0x80), "bus error (bad memory access) (sent by the kernel)");
	CHECK(mt_signal_name(EM_MIPS, 40) == NULL);
}

int main(int argc, char **argv)
{
	const char *srcdir = getenv("top_srcdir");
	char *exe;

	fixtures = path_in(srcdir ? srcdir : ".", "tests/fixtures/cores");
	if (!mkdtemp(tmpdir))
		return 99;
	test_signal_names();
	exe = unpack_exe();
	test_fixture("segv", exe);
	test_fixture("abort", exe);
	test_fixture("fpe", exe);
	test_fixture("handler", exe);
	unlink(exe);
	free(exe);
	rmdir(tmpdir);
	free((char *)fixtures);
	CHECK_DONE();
}
