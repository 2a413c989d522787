/* core/capture/gcore.c: a core of the running process through gdb's
 * gcore, which stops it for as long as the dump takes and lets it go on. */
#include "core/capture/internal.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NO_GCORE 127

static void run_gcore(const char *prefix, int pid)
{
	char spid[16];
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	snprintf(spid, sizeof spid, "%d", pid);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
	}
	execlp("gcore", "gcore", "-o", prefix, spid, (char *)NULL);
	_exit(NO_GCORE);
}

int cap_take_core(const struct mt_capture_opts *o, char **path, char **note,
		  struct mt_error *err)
{
	struct strbuf prefix = STRBUF_INIT, out = STRBUF_INIT;
	struct stat st;
	int status = 0, rc = -1;

	strbuf_printf(&prefix, "%s/core", o->dir);
	strbuf_printf(&out, "%s.%d", prefix.buf, o->pid);
	pid_t child = fork();
	if (child == 0)
		run_gcore(prefix.buf, o->pid);
	if (child < 0)
		mt_error_set(err, "fork: %s", strerror(errno));
	else if (waitpid(child, &status, 0) < 0)
		mt_error_set(err, "gcore: %s", strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == NO_GCORE) {
		*note = xstrdup("no core: gcore (gdb) is not installed");
		rc = 0;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
		   stat(out.buf, &st) < 0 || st.st_size == 0) {
		mt_error_set(err, "gcore %d failed (is ptrace allowed? see "
			     "/proc/sys/kernel/yama/ptrace_scope)", o->pid);
		unlink(out.buf);
	} else {
		*path = strbuf_detach(&out);
		rc = 0;
	}
	strbuf_free(&prefix);
	strbuf_free(&out);
	return rc;
}
