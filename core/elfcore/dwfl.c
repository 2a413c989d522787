/* core/elfcore/dwfl.c: the core through elfutils' libdwfl, as eu-stack
 * reads it: its modules (NT_FILE, else the dynamic linker's r_debug link
 * map, as dwfl_core_file_report finds them), its threads' registers and
 * their native frames by CFI (dwfl_core_file_attach, dwfl_getthread_frames)
 * on every architecture elfutils has a backend for. Module files are found
 * as mortem finds them (--exe, --sysroot, the path in the core, checked by
 * build-id), else by libdwfl's build-id search.
 *
 * libdwfl reads the core through an Elf handle over mortem's read-only
 * mapping (elf_memory: libelf converts byte orders into copies of its own,
 * never in place). */
#include "core/elfcore/internal.h"
#include "core/xalloc.h"

#ifdef HAVE_LIBDW
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void free_frames(struct mt_coredump *c);

/* libdwfl's callbacks carry no context of ours: the core being read, set
 * by every entry point below (a core is used by one thread at a time). */
static __thread const struct mt_coredump *current;

/* A file that exists and is regular, opened; -1 otherwise. */
static int open_file(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static int give(int fd, const char *path, char **file_name)
{
	if (fd >= 0)
		*file_name = xstrdup(path);
	return fd;
}

/* mortem's own answer (the module map, --exe, --sysroot), then libdwfl's
 * search by build-id and by the path itself. libdwfl refuses a file whose
 * build-id is not the one in the core. */
static int find_elf(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
		    char **file_name, Elf **elfp)
{
	const struct mt_coredump *c = current;
	struct mt_coredump_module *m = c ? mt_coredump_module_at(c, base) : NULL;
	char path[4096];
	int fd;

	if (c && c->no_files)
		return -1;
	/* libdwfl's name for an executable it found in memory only. */
	if (c && c->dwfl_exe && modname && strcmp(modname, "[exe]") == 0)
		return give(open_file(c->dwfl_exe), c->dwfl_exe, file_name);
	if (m && mt_coredump_module_elf(c, m) && m->file)
		return give(open_file(m->file), m->file, file_name);
	if (c && !m && modname && modname[0] == '/' && c->sysroot) {
		snprintf(path, sizeof path, "%s%s", c->sysroot, modname);
		if ((fd = give(open_file(path), path, file_name)) >= 0)
			return fd;
	}
	if (c && c->sysroot && modname && modname[0] == '/')
		return -1;   /* never the host's file of that path */
	return dwfl_build_id_find_elf(mod, userdata, modname, base, file_name, elfp);
}

static int find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			  Dwarf_Addr base, const char *file_name, const char *debuglink_file,
			  GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	if (current && current->no_files)
		return -1;
	return dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name,
					    debuglink_file, debuglink_crc, debuginfo_file_name);
}

static const Dwfl_Callbacks callbacks = {
	.find_elf = find_elf,
	.find_debuginfo = find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

int mt_coredump_dwfl_open(struct mt_coredump *c, const char *exe)
{
	Dwfl *dwfl;
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = elf_memory((char *)(uintptr_t)c->data, (size_t)c->size);
	if (!elf)
		return -1;
	dwfl = dwfl_begin(&callbacks);
	if (!dwfl) {
		elf_end(elf);
		return -1;
	}
	current = c;
	free(c->dwfl_exe);
	c->dwfl_exe = exe ? xstrdup(exe) : NULL;
	dwfl_report_begin(dwfl);
	if (dwfl_core_file_report(dwfl, elf, exe) < 0 || dwfl_report_end(dwfl, NULL, NULL) != 0 ||
	    dwfl_core_file_attach(dwfl, elf) < 0) {
		mt_coredump_warn(c, "libdwfl cannot read the core: %s", dwfl_errmsg(-1));
		dwfl_end(dwfl);
		elf_end(elf);
		current = NULL;
		return -1;
	}
	current = NULL;
	c->dwfl = dwfl;
	c->dwfl_elf = elf;
	return 0;
}

void mt_coredump_dwfl_close(struct mt_coredump *c)
{
	free_frames(c);
	if (c->dwfl)
		dwfl_end(c->dwfl);
	if (c->dwfl_elf)
		elf_end(c->dwfl_elf);
	c->dwfl = NULL;
	c->dwfl_elf = NULL;
	free(c->dwfl_exe);
	c->dwfl_exe = NULL;
}

struct module_walk {
	struct mt_coredump_mapping *maps;  /* grown here; handed to the core */
	size_t n;
	struct strbuf names;               /* the paths, NUL-separated */
	size_t *name_at;
	uint64_t vdso;                     /* its address, left out */
	const char *exe;                   /* borrowed: the executable's file, or NULL */
};

static void add_map(struct module_walk *w, uint64_t start, uint64_t end, uint64_t ofs)
{
	if (w->n >= MT_COREDUMP_MAX_MAPPINGS || end <= start)
		return;
	w->maps = xreallocarray(w->maps, w->n + 1, sizeof *w->maps);
	w->name_at = xreallocarray(w->name_at, w->n + 1, sizeof *w->name_at);
	w->maps[w->n] = (struct mt_coredump_mapping){ .start = start, .end = end, .file_ofs = ofs };
	w->name_at[w->n++] = w->names.len;
}

/* A module's PT_LOADs as the process mapped them (page-aligned, as NT_FILE
 * has them), from the file libdwfl found; 0, or -1 without it. */
static int map_loads(struct module_walk *w, Dwfl_Module *mod)
{
	Dwarf_Addr bias;
	Elf *elf = dwfl_module_getelf(mod, &bias);
	size_t n = 0, before = w->n;
	GElf_Phdr ph;

	if (!elf || elf_getphdrnum(elf, &n) != 0)
		return -1;
	for (size_t i = 0; i < n && i < 256; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		uint64_t at = ph.p_vaddr + bias, skew = at % 4096;
		if (ph.p_offset >= skew && at + ph.p_memsz > at)
			add_map(w, at - skew, at + ph.p_memsz, ph.p_offset - skew);
	}
	return w->n > before ? 0 : -1;
}

static int each_module(Dwfl_Module *mod, void **userdata, const char *name, Dwarf_Addr low,
		       void *arg)
{
	struct module_walk *w = arg;
	Dwarf_Addr start, end;
	const char *file = NULL;
	size_t first = w->n;

	(void)userdata;
	(void)low;
	if (!dwfl_module_info(mod, NULL, &start, &end, NULL, NULL, NULL, NULL) || end <= start ||
	    (w->vdso && start == w->vdso))
		return DWARF_CB_OK;
	if (map_loads(w, mod) < 0)
		add_map(w, start, end, 0);
	dwfl_module_info(mod, NULL, NULL, NULL, NULL, NULL, &file, NULL);
	/* The path as the process knew it (under --sysroot), else the file. */
	for (size_t i = first; i < w->n; i++)
		w->name_at[i] = w->names.len;
	if (name && strcmp(name, "[exe]") == 0 && w->exe)
		name = w->exe;   /* found in memory; it is the file given */
	strbuf_puts(&w->names, name && name[0] == '/' ? name : file ? file : name ? name : "");
	strbuf_putc(&w->names, '\0');
	return DWARF_CB_OK;
}

int mt_coredump_dwfl_report(struct mt_coredump *c, const char *path, uint64_t bias)
{
	Dwfl_Module *mod;
	const char *slash = strrchr(path, '/');

	if (!c->dwfl)
		return -1;
	current = c;
	dwfl_report_begin_add(c->dwfl);
	mod = dwfl_report_elf(c->dwfl, slash ? slash + 1 : path, path, -1, bias, false);
	dwfl_report_end(c->dwfl, NULL, NULL);
	current = NULL;
	return mod ? 0 : -1;
}

int mt_coredump_dwfl_modules(struct mt_coredump *c)
{
	struct module_walk w = { .exe = c->dwfl_exe };

	for (size_t i = 0; i < c->nauxv; i++)
		if (c->auxv[i].type == 33)   /* AT_SYSINFO_EHDR: mortem adds the vDSO itself */
			w.vdso = c->auxv[i].val;
	if (!c->dwfl)
		return -1;
	current = c;
	dwfl_getmodules(c->dwfl, each_module, &w, 0);
	current = NULL;
	if (w.n == 0) {
		strbuf_free(&w.names);
		return -1;
	}
	free(c->strings);
	c->strings = xmalloc(w.names.len);
	memcpy(c->strings, w.names.buf, w.names.len);
	for (size_t i = 0; i < w.n; i++)
		w.maps[i].path = c->strings + w.name_at[i];
	free(c->maps);
	c->maps = w.maps;
	c->nmaps = w.n;
	free(w.name_at);
	strbuf_free(&w.names);
	return 0;
}

int mt_coredump_dwfl_symbol(const struct mt_coredump *c, uint64_t addr, char *buf, size_t size,
			    uint64_t *offset)
{
	Dwfl_Module *mod;
	const char *name;
	GElf_Off off = 0;
	GElf_Sym sym;

	if (!c->dwfl || size == 0)
		return -1;
	current = c;
	mod = dwfl_addrmodule(c->dwfl, addr);
	name = mod ? dwfl_module_addrinfo(mod, addr, &off, &sym, NULL, NULL, NULL) : NULL;
	current = NULL;
	if (!name || !name[0] || name[0] == '$')   /* "$x": an ARM mapping symbol */
		return -1;
	mt_demangle(name, buf, size);
	*offset = off;
	return 0;
}

int mt_coredump_dwfl_has_cfi(const struct mt_coredump *c, uint64_t addr)
{
	Dwfl_Module *mod;
	Dwarf_Frame *frame = NULL;
	Dwarf_Addr bias;
	Dwarf_CFI *cfi;
	int found = 0;

	if (!c->dwfl)
		return 0;
	current = c;
	mod = dwfl_addrmodule(c->dwfl, addr);
	for (int which = 0; mod && which < 2 && !found; which++) {
		cfi = which == 0 ? dwfl_module_eh_cfi(mod, &bias) : dwfl_module_dwarf_cfi(mod, &bias);
		if (cfi && dwarf_cfi_addrframe(cfi, addr - bias, &frame) == 0)
			found = 1;
		free(frame);
		frame = NULL;
	}
	current = NULL;
	return found;
}

/* The DWARF numbers of the stack and frame pointers, per architecture. */
static void sp_fp_regnos(enum mt_coredump_arch arch, int *sp, int *fp)
{
	static const struct { enum mt_coredump_arch arch; int sp, fp; } nos[] = {
		{ MT_ARCH_X86_64, 7, 6 }, { MT_ARCH_X32, 7, 6 }, { MT_ARCH_I386, 4, 5 },
		{ MT_ARCH_AARCH64, 31, 29 }, { MT_ARCH_ARM, 13, 11 }, { MT_ARCH_PPC64, 1, 31 },
		{ MT_ARCH_PPC, 1, -1 }, { MT_ARCH_S390X, 15, 11 }, { MT_ARCH_S390, 15, 11 },
		{ MT_ARCH_RISCV64, 2, 8 }, { MT_ARCH_SPARC64, 14, 30 }, { MT_ARCH_M68K, 15, 14 },
	};
	*sp = *fp = -1;
	for (size_t i = 0; i < sizeof nos / sizeof *nos; i++)
		if (nos[i].arch == arch) {
			*sp = nos[i].sp;
			*fp = nos[i].fp;
		}
}

/* Every thread's frames, unwound once through dwfl_getthreads: elfutils
 * 0.188's dwfl_getthread_frames, on a core, looks its thread up by walking
 * the others without detaching them, and leaks their state. */
struct dwfl_thread_frames {
	int32_t tid;
	struct mt_dwfl_frame *f;   /* owned, n of them */
	size_t n;
	int rc;                    /* dwfl_thread_getframes' */
	char why[160];
};

struct frames_cache {
	struct dwfl_thread_frames *t;  /* owned, n of them */
	size_t n;
};

struct record {
	struct dwfl_thread_frames *tf;
	int sp, fp;
	size_t *budget;            /* frames left over all threads */
};

static int record_frame(Dwfl_Frame *state, void *arg)
{
	struct record *r = arg;
	struct mt_dwfl_frame f = { 0 };
	Dwarf_Addr pc;
	Dwarf_Word v;
	bool act = false;

	if (*r->budget == 0 || r->tf->n > MT_COREDUMP_MAX_FRAMES ||
	    !dwfl_frame_pc(state, &pc, &act))
		return DWARF_CB_ABORT;
	f.pc = pc;
	f.exact = act;
	if (r->sp >= 0 && dwfl_frame_reg(state, (unsigned)r->sp, &v) == 0) {
		f.sp = v;
		f.has_sp = 1;
	}
	if (r->fp >= 0 && dwfl_frame_reg(state, (unsigned)r->fp, &v) == 0) {
		f.fp = v;
		f.has_fp = 1;
	}
	r->tf->f = xreallocarray(r->tf->f, r->tf->n + 1, sizeof *r->tf->f);
	r->tf->f[r->tf->n++] = f;
	(*r->budget)--;
	return DWARF_CB_OK;
}

struct record_all {
	struct frames_cache *cache;
	enum mt_coredump_arch arch;
	size_t budget;
};

static int record_thread(Dwfl_Thread *thread, void *arg)
{
	struct record_all *ra = arg;
	struct frames_cache *fc = ra->cache;
	struct dwfl_thread_frames *tf;
	struct record r = { .budget = &ra->budget };

	if (fc->n >= MT_COREDUMP_MAX_THREADS)
		return DWARF_CB_ABORT;
	fc->t = xreallocarray(fc->t, fc->n + 1, sizeof *fc->t);
	tf = &fc->t[fc->n++];
	memset(tf, 0, sizeof *tf);
	tf->tid = (int32_t)dwfl_thread_tid(thread);
	r.tf = tf;
	sp_fp_regnos(ra->arch, &r.sp, &r.fp);
	tf->rc = dwfl_thread_getframes(thread, record_frame, &r);
	if (tf->rc < 0)
		snprintf(tf->why, sizeof tf->why, "%s", dwfl_errmsg(-1));
	return DWARF_CB_OK;
}

static struct frames_cache *frames_of(struct mt_coredump *c)
{
	struct record_all ra = { .arch = c->arch, .budget = MT_COREDUMP_MAX_TOTAL_FRAMES };

	if (c->dwfl_frames)
		return c->dwfl_frames;
	ra.cache = xcalloc(1, sizeof *ra.cache);
	current = c;
	dwfl_getthreads(c->dwfl, record_thread, &ra);
	current = NULL;
	c->dwfl_frames = ra.cache;
	return ra.cache;
}

static void free_frames(struct mt_coredump *c)
{
	struct frames_cache *fc = c->dwfl_frames;

	for (size_t i = 0; fc && i < fc->n; i++)
		free(fc->t[i].f);
	if (fc)
		free(fc->t);
	free(fc);
	c->dwfl_frames = NULL;
}

int mt_coredump_dwfl_frames(struct mt_coredump *c, int32_t tid, mt_dwfl_frame_fn fn, void *arg,
			    const char **why)
{
	const struct frames_cache *fc;

	*why = NULL;
	if (!c->dwfl)
		return -1;
	fc = frames_of(c);
	for (size_t i = 0; i < fc->n; i++) {
		const struct dwfl_thread_frames *tf = &fc->t[i];
		if (tf->tid != tid)
			continue;
		for (size_t k = 0; k < tf->n; k++)
			if (fn(arg, &tf->f[k]))
				return 0;
		if (tf->rc < 0)
			*why = tf->why;
		return tf->rc < 0 ? -1 : 0;
	}
	*why = "libdwfl has no such thread";
	return -1;
}

#else

int mt_coredump_dwfl_open(struct mt_coredump *c, const char *exe)
{
	(void)c;
	return -1;
}

void mt_coredump_dwfl_close(struct mt_coredump *c)
{
	(void)c;
}

int mt_coredump_dwfl_modules(struct mt_coredump *c)
{
	(void)c;
	return -1;
}

int mt_coredump_dwfl_symbol(const struct mt_coredump *c, uint64_t addr, char *buf, size_t size,
			    uint64_t *offset)
{
	(void)c; (void)addr; (void)buf; (void)size; (void)offset;
	return -1;
}

int mt_coredump_dwfl_has_cfi(const struct mt_coredump *c, uint64_t addr)
{
	(void)c; (void)addr;
	return 0;
}

int mt_coredump_dwfl_frames(struct mt_coredump *c, int32_t tid, mt_dwfl_frame_fn fn, void *arg,
			    const char **why)
{
	(void)c; (void)tid; (void)fn; (void)arg;
	*why = "mortem was built without libdw";
	return -1;
}

#endif
