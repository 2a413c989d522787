/* core/elfcore/coredump.h: an opened Linux ELF core dump.
 *
 * mt_coredump_open() takes a raw core, a gzipped core or an IBM core-dump-handler
 * zip bundle and returns the model below. Everything in it is read from
 * hostile bytes: counts are checked against the bytes present, address
 * arithmetic is overflow-checked, threads, mappings, frames and strings are
 * capped. A core that is cut short still opens: what is missing is said in
 * `warnings` and by mt_coredump_read() returning fewer bytes, never invented.
 *
 * Ownership: the mt_coredump owns every array and string it points to, for its
 * whole life; pointers handed out by the functions below (threads, mappings,
 * modules, symbols, frame names) are borrowed until mt_coredump_close(). The
 * core's bytes are a read-only mapping (mmap of the file, or of an unlinked
 * temp file that a gzip or zip entry was inflated into): a view never copies
 * the whole core into memory.
 *
 * Thread safety: a core is used by one thread at a time (module files and
 * their symbol tables are opened lazily, on first lookup).
 */
#ifndef MORTEM_CORE_ELFCORE_COREDUMP_H
#define MORTEM_CORE_ELFCORE_COREDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "core/artifact.h"
#include "core/elfcore/modmap.h"
#include "core/error.h"
#include "core/strbuf.h"

/* Caps on what a core may claim. */
#define MT_COREDUMP_MAX_THREADS 4096
#define MT_COREDUMP_MAX_SEGMENTS 1000000
#define MT_COREDUMP_MAX_MAPPINGS 1000000
#define MT_COREDUMP_MAX_FRAMES 256          /* per thread */
#define MT_COREDUMP_MAX_TOTAL_FRAMES 65536  /* over all threads */
#define MT_COREDUMP_MAX_REGS 48

enum mt_coredump_arch {
	MT_ARCH_OTHER = 0, MT_ARCH_X86_64, MT_ARCH_AARCH64, MT_ARCH_X32, MT_ARCH_I386,
	MT_ARCH_ARM, MT_ARCH_PPC64, MT_ARCH_PPC, MT_ARCH_S390X, MT_ARCH_S390,
	MT_ARCH_RISCV64, MT_ARCH_SPARC64, MT_ARCH_M68K, MT_ARCH_MIPS, MT_ARCH_MIPS64,
};

/* Where a machine keeps its registers in NT_PRSTATUS (core/elfcore/regs.c). */
struct mt_arch_regs {
	enum mt_coredump_arch arch;
	int machine, elf_class;  /* e_machine, ELFCLASS32 (1) or ELFCLASS64 (2) */
	const char *name;        /* "s390x" */
	int reg_offset;          /* of pr_reg in NT_PRSTATUS */
	int pid_offset;          /* of pr_pid */
	int nregs;
	int reg_size;            /* bytes of a register (when sizes is NULL) */
	const char *const *names; /* static: nregs names */
	const unsigned char *sizes; /* static: each register's bytes where they
				       differ, or NULL */
	int pc, sp, fp, lr;      /* indices into the registers; -1 for none */
	uint64_t pc_mask;        /* bits of the pc that are the address */
};

/* The layout of (e_machine, class), NULL for a machine mortem does not know. */
const struct mt_arch_regs *mt_arch_regs_for(int machine, int elf_class);
int mt_arch_reg_size(const struct mt_arch_regs *a, int i);
int mt_arch_regs_bytes(const struct mt_arch_regs *a);

/* Indices into mt_coredump_thread.regs. x86-64 follows `struct user_regs_struct`
 * (the order of pr_reg); aarch64 is x0..x30, sp, pc, pstate. */
enum {
	MT_X64_R15 = 0, MT_X64_R14, MT_X64_R13, MT_X64_R12, MT_X64_RBP, MT_X64_RBX,
	MT_X64_R11, MT_X64_R10, MT_X64_R9, MT_X64_R8, MT_X64_RAX, MT_X64_RCX,
	MT_X64_RDX, MT_X64_RSI, MT_X64_RDI, MT_X64_ORIG_RAX, MT_X64_RIP, MT_X64_CS,
	MT_X64_EFLAGS, MT_X64_RSP, MT_X64_SS, MT_X64_FS_BASE, MT_X64_GS_BASE,
	MT_X64_DS, MT_X64_ES, MT_X64_FS, MT_X64_GS, MT_X64_NREGS
};
enum { MT_A64_FP = 29, MT_A64_LR = 30, MT_A64_SP = 31, MT_A64_PC = 32,
       MT_A64_PSTATE = 33, MT_A64_NREGS = 34 };

/* How a native frame was found, most trusted first (Breakpad's words). */
enum mt_frame_how {
	MT_HOW_CONTEXT = 0,  /* frame 0: the thread's registers */
	MT_HOW_CFI,          /* call frame information (.eh_frame/.debug_frame) */
	MT_HOW_FP,           /* the caller's frame pointer */
	MT_HOW_SCAN,         /* a return address found by scanning the stack */
};

struct mt_coredump_frame {
	uint64_t pc;             /* return address (or the pc for frame 0) */
	uint64_t sp;             /* stack pointer in this frame, 0 if unknown */
	uint64_t fp;             /* frame pointer (rbp/x29) in this frame, 0 if unknown */
	enum mt_frame_how how;
	char *function;          /* owned: demangled name, NULL if none */
	uint64_t offset;         /* pc - the function's start, or pc - module->base
				    when there is no function name */
	const struct mt_coredump_module *module; /* borrowed; NULL outside any file */
};

struct mt_coredump_thread {
	int32_t tid;
	int signal;              /* pr_cursig; the first thread is the one that dumped */
	int nregs;               /* 0 when the architecture is not supported */
	uint64_t regs[MT_COREDUMP_MAX_REGS];
	uint64_t pc, sp, fp;     /* the same registers, by role */
	/* The native backtrace, filled by mt_coredump_unwind (all threads at load). */
	struct mt_coredump_frame *frames; /* owned, nframes of them */
	size_t nframes;
	char *unwind_note;       /* owned: why the walk stopped early, or NULL */
};

struct mt_coredump_siginfo {
	int present;
	int signo, errno_, code;
	int32_t pid;             /* sender (SI_USER and friends) */
	uint32_t uid;
	uint64_t addr;           /* fault address for SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
	int has_addr;
};

struct mt_coredump_psinfo {
	int present;
	char state;              /* 'R', 'S', 'D', ... */
	uint32_t uid, gid;
	int32_t pid, ppid, pgrp, sid;
	char fname[17];          /* comm, NUL-terminated (raw bytes: termsafe them) */
	char psargs[81];         /* the first 80 bytes of argv, spaces between */
};

struct mt_coredump_auxv {
	uint64_t type, val;
};

/* A PT_LOAD segment: memory the core describes. */
struct mt_coredump_segment {
	uint64_t vaddr, memsz;
	uint64_t offset;         /* p_offset in the core */
	uint64_t filesz;         /* p_filesz as claimed */
	uint64_t present;        /* bytes of it really in the file (<= filesz) */
	uint32_t flags;          /* PF_R | PF_W | PF_X */
};

/* A file of the zip bundle other than the core (dump-info.json, logs...). */
struct mt_coredump_sidecar {
	char *name;              /* owned: the entry name */
	char *data;              /* owned: its bytes (NUL-terminated), capped */
	size_t len;
	uint64_t full_len;       /* the uncompressed size the zip claims */
	int truncated;           /* data holds less than full_len */
};

struct mt_redactor;

struct mt_coredump {
	char *path;              /* owned: as opened */
	char *container;         /* owned: "gzip", "zip", or NULL for a raw core */
	char *entry;             /* owned: the zip entry holding the core, or NULL */
	/* The bytes. */
	const unsigned char *data;   /* borrowed from map: the core file's bytes */
	uint64_t size;               /* bytes present */
	uint64_t expected_size;      /* end of the last segment or note: > size when cut */
	void *map;                   /* owned mapping */
	size_t map_len;
	int file_fd;                 /* owned when file_open: the mapped file, for
					reads that map no page (mt_coredump_read_cold) */
	int file_open;
	/* The ELF header. */
	int machine;                 /* e_machine */
	int elf_class;               /* 1: ELFCLASS32, 2: ELFCLASS64 */
	int big_endian;              /* ELFDATA2MSB */
	int wordsize;                /* 4 or 8: the size of a long, a pointer */
	enum mt_coredump_arch arch;
	const struct mt_arch_regs *regs_layout; /* borrowed (static): NT_PRSTATUS's
						   registers of this machine, or NULL */
	/* Notes. */
	struct mt_coredump_thread *threads;  /* owned; threads[0] dumped the core */
	size_t nthreads;
	size_t threads_dropped;          /* NT_PRSTATUS notes past the cap */
	size_t total_frames;             /* frames unwound so far, for the cap */
	struct mt_coredump_siginfo siginfo;
	struct mt_coredump_psinfo psinfo;
	struct mt_coredump_auxv *auxv;       /* owned */
	size_t nauxv;
	/* Memory. */
	struct mt_coredump_segment *segs;    /* owned, sorted by vaddr */
	size_t nsegs;
	struct mt_coredump_mapping *maps;    /* owned, sorted by start */
	size_t nmaps;
	uint64_t page_size;              /* NT_FILE's page size */
	struct mt_coredump_module *mods;     /* owned; mods[i] for each distinct path */
	size_t nmods;
	char *strings;                   /* owned pool of NT_FILE paths */
	/* The initial stack (core/elfcore/procargs.c): argv and environ as the
	 * process's memory holds them at the time of the dump; raw bytes,
	 * environment values NOT redacted (the env pane does that). */
	char **argv;                     /* owned, argc strings, each owned */
	size_t argc;
	char **envp;                     /* owned, envc "NAME=value" strings */
	size_t envc;
	char *execfn;                    /* owned: AT_EXECFN's string, or NULL */
	int args_found;                  /* argv/envp were located */
	struct mt_redactor *redactor;    /* owned: the report redaction's patterns
					    (core/report/redact.h), for the panes */
	/* From outside the core. */
	struct mt_coredump_sidecar *sidecars; /* owned */
	size_t nsidecars;
	char *exe;                       /* owned copy of opts->exe, or NULL */
	char *sysroot;                   /* owned copy of opts->sysroot, or NULL */
	int no_files;                    /* never open module files (fuzzing) */
	char *exe_found;                 /* owned: the executable's file mapped by
					    AT_ENTRY (no NT_FILE), or NULL */
	char **linkmap_names;            /* owned, each owned: paths of the r_debug
					    list's files (no NT_FILE) */
	size_t nlinkmap_names;
	char *interp;                    /* owned: the executable's PT_INTERP, or NULL */
	uint64_t interp_base;            /* AT_BASE: where the dynamic linker is */
	int modules_from_dwfl;           /* no NT_FILE: the modules are libdwfl's (the
					    link map, the executable by --exe/auxv) */
	void *dwfl;                      /* owned Dwfl *: libdwfl over the core, or NULL */
	void *dwfl_elf;                  /* owned Elf * of the core for it */
	char *dwfl_exe;                  /* owned: the executable's file given to it */
	void *dwfl_frames;               /* owned: every thread's frames from it
					    (core/elfcore/dwfl.c), NULL until unwound */
	/* What was wrong but not fatal, one line each. */
	char **warnings;                 /* owned, each owned */
	size_t nwarnings;
};

/* Open a core (raw, gzip or zip bundle). NULL with err set on failure;
 * err names the file and the byte offset or field. */
struct mt_coredump *mt_coredump_open(const char *path, const struct mt_open_opts *o,
			     struct mt_error *err);
void mt_coredump_close(struct mt_coredump **c);

/* Copy up to n bytes of process memory at addr into buf. Returns how many
 * bytes the core really holds from addr on (0 when addr is not dumped):
 * reading stops at a hole, at p_filesz, or where the file was cut. */
size_t mt_coredump_read(const struct mt_coredump *c, uint64_t addr, void *buf, size_t n);
/* The same, but through the file (pread) when it is open: a scan that reads
 * a few bytes in each of many far-apart places (the heap's page headers
 * every 256 KiB of a core) then faults in no page of the mapping. */
size_t mt_coredump_read_cold(const struct mt_coredump *c, uint64_t addr, void *buf, size_t n);
/* Let the kernel take back the pages of the core's mapping that lie wholly
 * in [p, p + n) (a pointer into c->data): the next read of them maps them
 * again from the file, so what the core holds is unchanged and the
 * pointers into it stay good. For loaders done with a range: a big core's
 * pages otherwise all count in the process's memory (an inflated core is
 * mapped from its temp file too). Outside the mapping: nothing is done. */
void mt_coredump_release(const struct mt_coredump *c, const void *p, size_t n);
/* Read one little-endian 64-bit word; 0 on success, -1 if not held. */
int mt_coredump_read_u64(const struct mt_coredump *c, uint64_t addr, uint64_t *out);
/* Read one word of the core's size (4 or 8) and byte order; 0, or -1. */
int mt_coredump_read_word(const struct mt_coredump *c, uint64_t addr, uint64_t *out);
/* Read a NUL-terminated string of at most max-1 bytes into buf; returns its
 * length, or -1 when no byte is held at addr. Stops at missing memory. */
long mt_coredump_read_str(const struct mt_coredump *c, uint64_t addr, char *buf, size_t max);

/* The segment or the NT_FILE mapping holding addr; NULL when none. */
const struct mt_coredump_segment *mt_coredump_segment_at(const struct mt_coredump *c, uint64_t addr);
const struct mt_coredump_mapping *mt_coredump_mapping_at(const struct mt_coredump *c, uint64_t addr);
/* The module whose file is mapped at addr, NULL when none (anonymous memory). */
struct mt_coredump_module *mt_coredump_module_at(const struct mt_coredump *c, uint64_t addr);
/* The module of the executable (NULL when NT_FILE is missing). */
struct mt_coredump_module *mt_coredump_exe(const struct mt_coredump *c);
/* The core's mappings and modules as a module map (modmap.h) reading the
 * core's memory, with --exe and --sysroot: a view of c's own arrays, valid
 * until mt_coredump_close(); made on each call, never freed. */
struct mt_modmap mt_coredump_modmap(const struct mt_coredump *c);

/* The file behind a module, opened on first use (with --exe / --sysroot)
 * and its build-id checked. NULL when it cannot be found or read; then
 * mod->elf_error says why. */
struct mt_elf *mt_coredump_module_elf(const struct mt_coredump *c, struct mt_coredump_module *mod);
/* Runtime address -> link address of the module's file, through the
 * mapping's file offset and the program headers (handles remapped copies).
 * 0 on success, -1 when addr is not in a file mapping of mod. */
int mt_coredump_link_addr(const struct mt_coredump *c, const struct mt_coredump_module *mod,
		      uint64_t addr, uint64_t *link);

/* Symbolize a runtime address: the module, the demangled function name
 * (into buf, "" when unknown) and the offset into it (into the module when
 * no name). Returns the module or NULL. */
struct mt_coredump_module *mt_coredump_symbolize(const struct mt_coredump *c, uint64_t addr,
					 char *buf, size_t size, uint64_t *offset);

/* For the panes (core/elfcore/summary.c). */
/* "function+0x1a", "module+0x1234" or "0x7f12..." for a frame. */
void mt_coredump_frame_text(const struct mt_coredump_frame *f, struct strbuf *out);
/* The thread `sel` names: an index (0 is the thread that dumped), or a
 * TID; -1 means the crashing thread. Returns the index, or -1 with err. */
long mt_coredump_pick_thread(const struct mt_coredump *c, long sel, struct mt_error *err);
/* The first frame worth naming: past libc's raise/abort machinery. */
const struct mt_coredump_frame *mt_coredump_culprit(const struct mt_coredump *c, size_t thread);
/* One line: what killed the process and where, e.g. "SIGTRAP in
 * v8::base::OS::Abort: an uncaught exception under
 * --abort-on-uncaught-exception". */
void mt_coredump_verdict(const struct mt_coredump *c, struct strbuf *out);
/* What a node thread is for ("main thread", "libuv threadpool", "V8
 * platform worker", ...), from its frames; "" when unknown. */
const char *mt_coredump_thread_role(const struct mt_coredump *c, size_t thread);
/* argv joined by spaces (from the stack, else NT_PRPSINFO's 80 bytes). */
void mt_coredump_cmdline(const struct mt_coredump *c, struct strbuf *out);
/* A string field of a JSON sidecar whose name ends with `suffix`
 * ("dump-info.json"); a new string the caller frees, or NULL. */
char *mt_coredump_sidecar_field(const struct mt_coredump *c, const char *suffix, const char *key);

/* Names and meanings for the panes. */
const char *mt_coredump_reg_name(enum mt_coredump_arch arch, int i);
/* A signal of a core of machine (e_machine: MIPS and SPARC number them
 * their own way): "SIGSEGV", or NULL; and what it means, with its si_code:
 * "invalid memory access (address not mapped)". */
const char *mt_signal_name(int machine, int sig);
const char *mt_signal_meaning(int machine, int sig, int code);
const char *mt_frame_how_name(enum mt_frame_how how); /* "context", "cfi", "fp", "scan" */
const char *mt_coredump_arch_name(enum mt_coredump_arch arch);

#endif
