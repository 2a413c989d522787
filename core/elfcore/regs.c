/* core/elfcore/regs.c: where each machine keeps its registers in a core.
 *
 * NT_PRSTATUS is `struct elf_prstatus` of the kernel (include/linux/
 * elfcore.h): pr_info, pr_cursig, pr_sigpend, pr_sighold, pr_pid..pr_sid,
 * four timevals, then pr_reg, the machine's elf_gregset_t (its
 * asm/elf.h, asm/ptrace.h or user.h; the order is the one elfutils'
 * backends/<machine>_corenote.c and gdb use). With longs of 8 bytes pr_reg
 * is at 112 and pr_pid at 32; with longs of 4 at 72 and 24 (x32 too, whose
 * registers are nevertheless 8 bytes); m68k aligns a long to 2 bytes, so
 * there they are at 70 and 22.
 *
 * MIPS (asm/reg.h, EF_*): 45 longs, of which a 32-bit kernel's first six
 * are padding (EF_R0 is 6) and a 64-bit one's are not; then r0..r31, lo,
 * hi, cp0 epc, badvaddr, status, cause and one unused. mortem starts pr_reg
 * past the padding (72 + 6 * 4) and leaves out the unused long. n32 (a
 * 32-bit class with 8-byte registers) is not told apart from o32 here.
 *
 * Names are as each architecture's manual and gdb spell them. */
#include "core/elfcore/coredump.h"

#include <stddef.h>

#define EM_386 3
#define EM_68K 4
#define EM_MIPS 8
#define EM_PPC 20
#define EM_PPC64 21
#define EM_S390 22
#define EM_ARM 40
#define EM_SPARCV9 43
#define EM_X86_64 62
#define EM_AARCH64 183
#define EM_RISCV 243

static const char *const x86_64_names[] = {
	"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax",
	"rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss",
	"fs_base", "gs_base", "ds", "es", "fs", "gs",
};

static const char *const i386_names[] = {
	"ebx", "ecx", "edx", "esi", "edi", "ebp", "eax", "ds", "es", "fs", "gs",
	"orig_eax", "eip", "cs", "eflags", "esp", "ss",
};

static const char *const aarch64_names[] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
	"x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22",
	"x23", "x24", "x25", "x26", "x27", "x28", "x29 (fp)", "x30 (lr)", "sp", "pc",
	"pstate",
};

static const char *const arm_names[] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10",
	"r11 (fp)", "r12 (ip)", "r13 (sp)", "r14 (lr)", "r15 (pc)", "cpsr", "orig_r0",
};

static const char *const ppc_names[] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
	"r12", "r13", "r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21", "r22",
	"r23", "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31", "nip", "msr",
	"orig_r3", "ctr", "lr", "xer", "cr", "softe", "trap", "dar", "dsisr", "result",
};

/* 32-bit pt_regs has mq where 64-bit has softe. */
static const char *const ppc32_names[] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
	"r12", "r13", "r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21", "r22",
	"r23", "r24", "r25", "r26", "r27", "r28", "r29", "r30", "r31", "nip", "msr",
	"orig_r3", "ctr", "lr", "xer", "cr", "mq", "trap", "dar", "dsisr", "result",
};

/* s390: the PSW, 16 general registers, 16 access registers (4 bytes each). */
static const char *const s390_names[] = {
	"pswm", "pswa", "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9",
	"r10", "r11", "r12", "r13", "r14", "r15", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "a8", "a9", "a10", "a11", "a12", "a13", "a14", "a15", "orig_r2",
};
static const unsigned char s390x_sizes[] = {
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 8,
};

static const char *const riscv_names[] = {
	"pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0 (fp)", "s1", "a0", "a1",
	"a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8",
	"s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const sparc64_names[] = {
	"g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "o0", "o1", "o2", "o3", "o4",
	"o5", "o6 (sp)", "o7", "l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "i0",
	"i1", "i2", "i3", "i4", "i5", "i6 (fp)", "i7", "tstate", "tpc", "tnpc", "y",
};

/* m68k's user_regs_struct: 17 longs, then shorts around the pc. */
static const char *const m68k_names[] = {
	"d1", "d2", "d3", "d4", "d5", "d6", "d7", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6 (fp)", "d0", "usp", "orig_d0", "stkadj", "sr", "pc", "fmtvec",
};
static const unsigned char m68k_sizes[] = {
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2, 2, 4, 2,
};

/* o32's names; r8..r15 are t0..t7. */
static const char *const mips_names[] = {
	"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2", "t3",
	"t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8",
	"t9", "k0", "k1", "gp", "sp", "s8 (fp)", "ra", "lo", "hi", "epc", "badvaddr",
	"status", "cause",
};

/* n64's: r8..r11 carry arguments (a4..a7), r12..r15 are t0..t3. */
static const char *const mips64_names[] = {
	"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
	"t0", "t1", "t2", "t3", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8",
	"t9", "k0", "k1", "gp", "sp", "s8 (fp)", "ra", "lo", "hi", "epc", "badvaddr",
	"status", "cause",
};

#define N(a) (int)(sizeof a / sizeof *a)
#define ALL_BITS UINT64_MAX

static const struct mt_arch_regs layouts[] = {
	{ MT_ARCH_X86_64, EM_X86_64, 2, "x86-64", 112, 32, N(x86_64_names), 8,
	  x86_64_names, NULL, 16, 19, 4, -1, ALL_BITS },
	{ MT_ARCH_X32, EM_X86_64, 1, "x32", 72, 24, N(x86_64_names), 8,
	  x86_64_names, NULL, 16, 19, 4, -1, 0xffffffffu },
	{ MT_ARCH_I386, EM_386, 1, "i386", 72, 24, N(i386_names), 4,
	  i386_names, NULL, 12, 15, 5, -1, 0xffffffffu },
	{ MT_ARCH_AARCH64, EM_AARCH64, 2, "aarch64", 112, 32, N(aarch64_names), 8,
	  aarch64_names, NULL, 32, 31, 29, 30, ALL_BITS },
	{ MT_ARCH_ARM, EM_ARM, 1, "arm", 72, 24, N(arm_names), 4,
	  arm_names, NULL, 15, 13, 11, 14, 0xffffffffu },
	{ MT_ARCH_PPC64, EM_PPC64, 2, "ppc64", 112, 32, N(ppc_names), 8,
	  ppc_names, NULL, 32, 1, -1, 36, ALL_BITS },
	{ MT_ARCH_PPC, EM_PPC, 1, "ppc", 72, 24, N(ppc32_names), 4,
	  ppc32_names, NULL, 32, 1, -1, 36, 0xffffffffu },
	{ MT_ARCH_S390X, EM_S390, 2, "s390x", 112, 32, N(s390_names), 8,
	  s390_names, s390x_sizes, 1, 17, 13, 16, ALL_BITS },
	{ MT_ARCH_S390, EM_S390, 1, "s390", 72, 24, N(s390_names), 4,
	  s390_names, NULL, 1, 17, 13, 16, 0x7fffffffu },
	{ MT_ARCH_RISCV64, EM_RISCV, 2, "riscv64", 112, 32, N(riscv_names), 8,
	  riscv_names, NULL, 0, 2, 8, 1, ALL_BITS },
	{ MT_ARCH_SPARC64, EM_SPARCV9, 2, "sparc64", 112, 32, N(sparc64_names), 8,
	  sparc64_names, NULL, 33, 14, 30, 15, ALL_BITS },
	{ MT_ARCH_M68K, EM_68K, 1, "m68k", 70, 22, N(m68k_names), 4,
	  m68k_names, m68k_sizes, 19, 15, 13, -1, 0xffffffffu },
	{ MT_ARCH_MIPS, EM_MIPS, 1, "mips", 72 + 6 * 4, 24, N(mips_names), 4,
	  mips_names, NULL, 34, 29, 30, 31, 0xffffffffu },
	{ MT_ARCH_MIPS64, EM_MIPS, 2, "mips64", 112, 32, N(mips64_names), 8,
	  mips64_names, NULL, 34, 29, 30, 31, ALL_BITS },
};

const struct mt_arch_regs *mt_arch_regs_for(int machine, int elf_class)
{
	for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++)
		if (layouts[i].machine == machine && layouts[i].elf_class == elf_class)
			return &layouts[i];
	return NULL;
}

static const struct mt_arch_regs *by_arch(enum mt_coredump_arch arch)
{
	for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++)
		if (layouts[i].arch == arch)
			return &layouts[i];
	return NULL;
}

int mt_arch_reg_size(const struct mt_arch_regs *a, int i)
{
	return a->sizes ? a->sizes[i] : a->reg_size;
}

int mt_arch_regs_bytes(const struct mt_arch_regs *a)
{
	int n = 0;

	for (int i = 0; i < a->nregs; i++)
		n += mt_arch_reg_size(a, i);
	return n;
}

const char *mt_coredump_reg_name(enum mt_coredump_arch arch, int i)
{
	const struct mt_arch_regs *a = by_arch(arch);

	return a && i >= 0 && i < a->nregs ? a->names[i] : "?";
}

const char *mt_coredump_arch_name(enum mt_coredump_arch arch)
{
	const struct mt_arch_regs *a = by_arch(arch);

	return a ? a->name : "other";
}
