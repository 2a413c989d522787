/* core/elfcore/names.c: names of signals and their codes and of frame
 * kinds, for the panes (registers and architectures: regs.c). */
#include "core/elfcore/coredump.h"

#include <elf.h>
#include <stddef.h>
#include <stdio.h>

#define SIG_EMT 100   /* MIPS's and SPARC's SIGEMT: no asm-generic number */

const char *mt_frame_how_name(enum mt_frame_how how)
{
	static const char *const names[] = { "context", "cfi", "fp", "scan" };
	return how <= MT_HOW_SCAN ? names[how] : "?";
}

/* Linux signal numbers on x86-64, aarch64 and most machines (asm-generic). */
static const struct { int sig; const char *name, *meaning; } signals[] = {
	{ 1, "SIGHUP", "hangup" },
	{ 2, "SIGINT", "interrupted from the keyboard" },
	{ 3, "SIGQUIT", "quit from the keyboard" },
	{ 4, "SIGILL", "illegal instruction" },
	{ 5, "SIGTRAP", "trace or breakpoint trap" },
	{ 6, "SIGABRT", "aborted (abort() was called)" },
	{ 7, "SIGBUS", "bus error (bad memory access)" },
	{ 8, "SIGFPE", "arithmetic exception" },
	{ 9, "SIGKILL", "killed" },
	{ 10, "SIGUSR1", "user-defined signal 1" },
	{ 11, "SIGSEGV", "invalid memory access" },
	{ 12, "SIGUSR2", "user-defined signal 2" },
	{ 13, "SIGPIPE", "write to a pipe with no reader" },
	{ 14, "SIGALRM", "timer alarm" },
	{ 15, "SIGTERM", "termination request" },
	{ 16, "SIGSTKFLT", "stack fault" },
	{ 17, "SIGCHLD", "child status changed" },
	{ 18, "SIGCONT", "continued" },
	{ 19, "SIGSTOP", "stopped" },
	{ 20, "SIGTSTP", "stopped from the terminal" },
	{ 21, "SIGTTIN", "background read from the terminal" },
	{ 22, "SIGTTOU", "background write to the terminal" },
	{ 23, "SIGURG", "urgent data on a socket" },
	{ 24, "SIGXCPU", "CPU time limit exceeded" },
	{ 25, "SIGXFSZ", "file size limit exceeded" },
	{ 26, "SIGVTALRM", "virtual timer alarm" },
	{ 27, "SIGPROF", "profiling timer alarm" },
	{ 28, "SIGWINCH", "window size changed" },
	{ 29, "SIGIO", "I/O possible" },
	{ 30, "SIGPWR", "power failure" },
	{ 31, "SIGSYS", "bad system call" },
	{ SIG_EMT, "SIGEMT", "emulator trap" },
};

/* MIPS and SPARC number their signals as System V did: each number's
 * asm-generic one (arch/mips and arch/sparc uapi/asm/signal.h). */
static const int mips_signals[32] = {
	0, 1, 2, 3, 4, 5, 6, SIG_EMT, 8, 9, 7, 11, 31, 13, 14, 15,
	10, 12, 17, 30, 28, 23, 29, 19, 20, 18, 21, 22, 26, 27, 24, 25,
};
static const int sparc_signals[32] = {
	0, 1, 2, 3, 4, 5, 6, SIG_EMT, 8, 9, 7, 11, 31, 13, 14, 15,
	23, 19, 20, 18, 17, 21, 22, 29, 24, 25, 26, 27, 28, 30, 10, 12,
};

/* The asm-generic number of machine's signal sig. */
static int generic(int machine, int sig)
{
	if (sig <= 0 || sig >= 32)
		return sig;
	if (machine == EM_MIPS || machine == EM_MIPS_RS3_LE)
		return mips_signals[sig];
	if (machine == EM_SPARC || machine == EM_SPARC32PLUS || machine == EM_SPARCV9)
		return sparc_signals[sig];
	return sig;
}

const char *mt_signal_name(int machine, int sig)
{
	sig = generic(machine, sig);
	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
		if (signals[i].sig == sig)
			return signals[i].name;
	return NULL;
}

/* si_code values of the fault signals (asm-generic/siginfo.h). */
static const char *code_meaning(int sig, int code)
{
	static const char *const segv[] = { NULL, "address not mapped",
		"no permission for the mapping", "bounds check failed",
		"protection key check failed" };
	static const char *const fpe[] = { NULL, "integer divide by zero",
		"integer overflow", "float divide by zero", "float overflow",
		"float underflow", "float inexact result", "invalid float operation",
		"float subscript out of range" };
	static const char *const ill[] = { NULL, "illegal opcode", "illegal operand",
		"illegal addressing mode", "illegal trap", "privileged opcode",
		"privileged register", "coprocessor error", "internal stack error" };
	static const char *const bus[] = { NULL, "invalid address alignment",
		"nonexistent physical address", "object-specific hardware error" };

	if (code == 0)
		return "sent by kill()";
	if (code == -6)
		return "sent by tkill() (raise, abort)";
	if (code == -1)
		return "sent by sigqueue()";
	if (code == 0x80)
		return "sent by the kernel";
	if (sig == 11 && code > 0 && code < 5)
		return segv[code];
	if (sig == 8 && code > 0 && code < 9)
		return fpe[code];
	if (sig == 4 && code > 0 && code < 9)
		return ill[code];
	if (sig == 7 && code > 0 && code < 4)
		return bus[code];
	return NULL;
}

const char *mt_signal_meaning(int machine, int sig, int code)
{
	static __thread char buf[160];
	const char *base = NULL, *detail;

	sig = generic(machine, sig);
	detail = code_meaning(sig, code);

	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
		if (signals[i].sig == sig)
			base = signals[i].meaning;
	if (!base)
		return sig == 0 ? "no signal (a live snapshot, e.g. gcore)" : "unknown signal";
	if (!detail || sig == 6)   /* abort() raises it with tkill: no news */
		return base;
	snprintf(buf, sizeof buf, "%s (%s)", base, detail);
	return buf;
}
