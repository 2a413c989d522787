/* core/elfcore/summary.c: what the panes say about a core in a few words:
 * frame text, the thread picked by --thread, the frame to blame, the
 * command line and the one-line verdict. */
#include "core/elfcore/internal.h"
#include "core/jsframes/jsverdict.h"
#include "core/xalloc.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define NULL_PAGE 4096

void mt_coredump_frame_text(const struct mt_coredump_frame *f, struct strbuf *out)
{
	if (f->function && f->function[0] == '<')
		strbuf_puts(out, f->function);   /* "<signal handler called>" */
	else if (f->function)
		strbuf_printf(out, "%s+0x%llx", f->function, (unsigned long long)f->offset);
	else if (f->module)
		strbuf_printf(out, "%s+0x%llx", mt_coredump_module_name(f->module),
			      (unsigned long long)f->offset);
	else
		strbuf_printf(out, "0x%llx", (unsigned long long)f->pc);
}

long mt_coredump_pick_thread(const struct mt_coredump *c, long sel, struct mt_error *err)
{
	if (c->nthreads == 0) {
		mt_error_set(err, "%s: the core holds no threads", c->path);
		return -1;
	}
	if (sel < 0)
		return 0;
	if ((size_t)sel < c->nthreads)
		return sel;
	for (size_t i = 0; i < c->nthreads; i++)
		if (c->threads[i].tid == sel)
			return (long)i;
	mt_error_set(err, "%s: no thread %ld (threads 0 to %zu, or a TID)", c->path, sel,
		     c->nthreads - 1);
	return -1;
}

/* Whether a C++ function's demangled name (with or without its
 * parameters) is name. */
static int is_function(const char *function, const char *name)
{
	size_t n = strlen(name);

	return strncmp(function, name, n) == 0 && (function[n] == '\0' || function[n] == '(');
}

/* libc's part of raising a signal is not where things went wrong, nor is
 * node's wrapper of abort() (node 24 aborts on an OOM through
 * DefaultAbortHandler, node 20 straight from OOMErrorHandler). */
static int is_machinery(const struct mt_coredump_frame *f)
{
	static const char *const names[] = {
		"raise", "abort", "gsignal", "pthread_kill", "__pthread_kill_implementation",
		"__pthread_kill_internal", "__GI_raise", "__GI_abort", "__assert_fail",
		"__assert_fail_base", "__libc_message", "__fortify_fail", "__stack_chk_fail",
		"node::(anonymous namespace)::DefaultAbortHandler",
	};
	if (!f->function)   /* unnamed code inside libc: its own plumbing */
		return f->module && strncmp(mt_coredump_module_name(f->module), "libc.so", 7) == 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (is_function(f->function, names[i]))
			return 1;
	return 0;
}

const struct mt_coredump_frame *mt_coredump_culprit(const struct mt_coredump *c, size_t thread)
{
	const struct mt_coredump_thread *t;

	if (thread >= c->nthreads || c->threads[thread].nframes == 0)
		return NULL;
	t = &c->threads[thread];
	for (size_t i = 0; i < t->nframes; i++)
		if (!is_machinery(&t->frames[i]))
			return &t->frames[i];
	return &t->frames[0];
}

void mt_coredump_cmdline(const struct mt_coredump *c, struct strbuf *out)
{
	if (!c->args_found || c->argc == 0) {
		strbuf_puts(out, c->psinfo.psargs);
		return;
	}
	for (size_t i = 0; i < c->argc; i++) {
		if (i)
			strbuf_putc(out, ' ');
		strbuf_puts(out, c->argv[i]);
	}
}

/* The first thread's first frame whose function names needle, or NULL. */
static const struct mt_coredump_frame *frame_named(const struct mt_coredump *c, const char *needle)
{
	const struct mt_coredump_thread *t = c->nthreads ? &c->threads[0] : NULL;

	for (size_t i = 0; t && i < t->nframes; i++)
		if (t->frames[i].function && strstr(t->frames[i].function, needle))
			return &t->frames[i];
	return NULL;
}

static int has_frame(const struct mt_coredump *c, const char *needle)
{
	return frame_named(c, needle) != NULL;
}

static int has_arg(const struct mt_coredump *c, const char *arg)
{
	struct strbuf sb = STRBUF_INIT;
	int found;

	mt_coredump_cmdline(c, &sb);
	found = strstr(strbuf_str(&sb), arg) != NULL;
	strbuf_free(&sb);
	return found;
}

static int signal_of(const struct mt_coredump *c, int *code)
{
	*code = c->siginfo.present ? c->siginfo.code : 0x80;
	if (c->siginfo.present)
		return c->siginfo.signo;
	return c->nthreads ? c->threads[0].signal : 0;
}

static int uncaught(const struct mt_coredump *c)
{
	return has_frame(c, "v8::base::OS::Abort") &&
	       (has_frame(c, "Isolate::CreateMessageOrAbort") || has_frame(c, "Isolate::Throw"));
}

static int oom(const struct mt_coredump *c)
{
	return has_frame(c, "FatalProcessOutOfMemory") || has_frame(c, "OOMErrorHandler");
}

/* Why, as far as the frames and the signal tell. */
static void reason(const struct mt_coredump *c, int sig, int code, struct strbuf *out)
{
	const struct mt_coredump_siginfo *si = &c->siginfo;

	if (uncaught(c))
		strbuf_puts(out, has_arg(c, "--abort-on-uncaught-exception")
			    ? "an uncaught exception under --abort-on-uncaught-exception"
			    : "an uncaught exception");
	else if (oom(c))
		strbuf_puts(out, "V8 ran out of memory (JavaScript heap out of memory)");
	else if (has_frame(c, "node::Abort(v8::FunctionCallbackInfo"))
		strbuf_puts(out, "process.abort() was called from JavaScript");
	else if (has_frame(c, "node::Assert"))
		strbuf_puts(out, "a Node.js internal assertion (CHECK) failed");
	else if (has_frame(c, "node::Abort"))
		strbuf_puts(out, "node::Abort() was called: a fatal error inside node");
	else if (code <= 0 && si->present && sig != 6)
		strbuf_printf(out, "%s by process %d (uid %u)", mt_signal_meaning(c->machine, sig, code),
			      si->pid, si->uid);
	else if ((sig == 11 || sig == 7) && si->has_addr && si->addr < NULL_PAGE)
		strbuf_printf(out, "a NULL pointer dereference (address 0x%llx)",
			      (unsigned long long)si->addr);
	else if ((sig == 11 || sig == 7) && si->has_addr)
		strbuf_printf(out, "%s at 0x%llx", mt_signal_meaning(c->machine, sig, code),
			      (unsigned long long)si->addr);
	else
		strbuf_puts(out, mt_signal_meaning(c->machine, sig, code));
}

/* "ns::f(int, char*) const" -> "ns::f": the name without its parameters
 * ("(anonymous namespace)" and lambdas' parentheses are kept). */
static void short_name(const char *fn, struct strbuf *out)
{
	static const char anon[] = "(anonymous namespace)";
	int angle = 0, brace = 0;
	size_t i = 0;

	while (fn[i]) {
		if (strncmp(fn + i, anon, sizeof anon - 1) == 0) {
			i += sizeof anon - 1;
			continue;
		}
		angle += fn[i] == '<' ? 1 : fn[i] == '>' ? -1 : 0;
		brace += fn[i] == '{' ? 1 : fn[i] == '}' ? -1 : 0;
		if (fn[i] == '(' && angle <= 0 && brace <= 0 && i > 0)
			break;
		i++;
	}
	strbuf_add(out, fn, i);
}

void mt_coredump_verdict(const struct mt_coredump *c, struct strbuf *out)
{
	const struct mt_coredump_frame *f = mt_coredump_culprit(c, 0);
	const char *name;
	int code, sig = signal_of(c, &code);

	/* Out of memory: node's handler says so whatever aborts for it
	 * (node::Abort on node 18, nothing on 20). */
	const struct mt_coredump_frame *handler =
		oom(c) ? frame_named(c, "node::OOMErrorHandler") : NULL;
	if (handler)
		f = handler;

	/* The kernel never dumps for SIGSTOP: gdb's gcore records the stop of
	 * its attach (or 0). */
	if (sig == 0 || sig == 19) {
		strbuf_puts(out, "not a crash: a snapshot of a live process (gcore)");
		if (has_frame(c, "uv__io_poll") && (has_frame(c, "epoll_wait") ||
						    has_frame(c, "epoll_pwait")))
			strbuf_puts(out, "; the main thread's event loop is idle in epoll");
		else if (f && (f->function || *mt_coredump_module_name(f->module)))
			strbuf_printf(out, "; the first thread is in %s",
				      f->function ? f->function : mt_coredump_module_name(f->module));
		/* JIT code has neither: the JavaScript frame names it */
		mt_js_verdict(c, MT_JS_CRASH_OTHER, out);
		return;
	}
	name = mt_signal_name(c->machine, sig);
	if (name)
		strbuf_puts(out, name);
	else
		strbuf_printf(out, "signal %d", sig);
	strbuf_puts(out, " in ");
	if (f && f->function)
		short_name(f->function, out);
	else if (f)
		mt_coredump_frame_text(f, out);
	else
		strbuf_puts(out, "an unknown place");
	/* Outside the executable (a native addon, a library): say which. */
	if (f && f->function && f->module && !f->module->is_exe)
		strbuf_printf(out, " (%s)", mt_coredump_module_name(f->module));
	strbuf_puts(out, ": ");
	reason(c, sig, code, out);
	/* What V8 knows: the value thrown or why memory ran out, the JS frame. */
	mt_js_verdict(c, uncaught(c) ? MT_JS_CRASH_THROW : oom(c) ? MT_JS_CRASH_OOM
								 : MT_JS_CRASH_OTHER, out);
}

char *mt_coredump_sidecar_field(const struct mt_coredump *c, const char *suffix, const char *key)
{
	size_t k = strlen(suffix);

	for (size_t i = 0; i < c->nsidecars; i++) {
		const struct mt_coredump_sidecar *s = &c->sidecars[i];
		size_t n = strlen(s->name);
		if (n < k || strcmp(s->name + n - k, suffix) != 0)
			continue;
		cJSON *j = cJSON_ParseWithLength(s->data, s->len);
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
		char *out = cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
		cJSON_Delete(j);
		return out;
	}
	return NULL;
}

/* What a thread of node is for, from the functions on its stack. */
const char *mt_coredump_thread_role(const struct mt_coredump *c, size_t thread)
{
	static const struct { const char *frame, *role; int exact; } roles[] = {
		{ "node::Start(", "main thread", 0 },
		{ "node::worker::Worker::Run", "worker_threads Worker", 0 },
		{ "PlatformWorkerThread", "V8 platform worker", 0 },
		{ "DelayedTaskScheduler", "V8 delayed-task scheduler", 0 },
		{ "StartIoThreadMain", "inspector I/O", 0 },
		{ "worker", "libuv threadpool", 1 },
	};
	const struct mt_coredump_thread *t;

	if (thread >= c->nthreads)
		return "";
	t = &c->threads[thread];
	for (size_t r = 0; r < sizeof roles / sizeof *roles; r++)
		for (size_t i = 0; i < t->nframes; i++) {
			const char *fn = t->frames[i].function;
			if (fn && (roles[r].exact ? strcmp(fn, roles[r].frame) == 0
						  : strstr(fn, roles[r].frame) != NULL))
				return roles[r].role;
		}
	return "";
}
