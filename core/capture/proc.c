/* core/capture/proc.c: what /proc says of a process before mortem sends it
 * anything: does it exist, is it node, does it catch SIGUSR1, was it
 * started with an inspector. */
#include "core/capture/internal.h"
#include "core/strbuf.h"
#include "core/termsafe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Read up to cap-1 bytes of a small /proc file; returns the length or -1. */
static ssize_t read_small(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (len + 1 < cap && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

int cap_sigmask_has(const char *hex, int sig)
{
	size_t n = strspn(hex, "0123456789abcdefABCDEF");
	size_t bit = (size_t)(sig - 1);

	if (sig < 1 || bit / 4 >= n)
		return 0;
	char c = hex[n - 1 - bit / 4];
	int v = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
	return (v >> (bit % 4)) & 1;
}

static void read_sigcgt(struct cap_proc *p, const char *dir)
{
	char path[64], buf[4096];

	snprintf(path, sizeof path, "%s/status", dir);
	if (read_small(path, buf, sizeof buf) < 0)
		return;
	const char *line = strstr(buf, "\nSigCgt:");
	if (line)
		p->catches_usr1 = cap_sigmask_has(line + 8 + strspn(line + 8, " \t"), SIGUSR1);
}

/* Whether a NUL-separated list (cmdline, environ) has --inspect, or
 * NODE_OPTIONS with it. */
static int mentions_inspect(const char *buf, size_t len, int is_environ)
{
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1) {
		const char *s = buf + i;
		if (is_environ && strncmp(s, "NODE_OPTIONS=", 13) != 0)
			continue;
		if (strstr(s, "--inspect"))
			return 1;
	}
	return 0;
}

static void read_inspect_flag(struct cap_proc *p, const char *dir)
{
	static char buf[65536];
	char path[64];
	ssize_t n;

	snprintf(path, sizeof path, "%s/cmdline", dir);
	if ((n = read_small(path, buf, sizeof buf)) > 0 && mentions_inspect(buf, (size_t)n, 0))
		p->inspect_flag = 1;
	snprintf(path, sizeof path, "%s/environ", dir);
	if ((n = read_small(path, buf, sizeof buf)) > 0 && mentions_inspect(buf, (size_t)n, 1))
		p->inspect_flag = 1;
}

/* node is its executable's name (node, nodejs, node20...) or a libnode it maps. */
static void read_identity(struct cap_proc *p, const char *dir)
{
	char path[64], raw[256];
	struct strbuf safe = STRBUF_INIT;
	ssize_t n;

	snprintf(path, sizeof path, "%s/comm", dir);
	if ((n = read_small(path, raw, sizeof raw)) > 0) {
		raw[strcspn(raw, "\n")] = '\0';
		mt_termsafe(raw, strlen(raw), &safe);
		snprintf(p->comm, sizeof p->comm, "%s", strbuf_str(&safe));
	}
	snprintf(path, sizeof path, "%s/exe", dir);
	if ((n = readlink(path, raw, sizeof raw - 1)) > 0) {
		raw[n] = '\0';
		strbuf_reset(&safe);
		mt_termsafe(raw, (size_t)n, &safe);
		snprintf(p->exe, sizeof p->exe, "%s", strbuf_str(&safe));
		const char *base = strrchr(raw, '/');
		p->is_node = strncmp(base ? base + 1 : raw, "node", 4) == 0;
	}
	strbuf_free(&safe);
	if (!p->is_node) {
		static char maps[1 << 20];
		snprintf(path, sizeof path, "%s/maps", dir);
		if (read_small(path, maps, sizeof maps) > 0 && strstr(maps, "/libnode.so"))
			p->is_node = 1;
	}
}

int cap_proc_read(int pid, struct cap_proc *p, struct mt_error *err)
{
	char dir[32];

	memset(p, 0, sizeof *p);
	p->pid = pid;
	if (pid <= 0 || kill(pid, 0) < 0) {
		mt_error_set(err, "process %d: %s", pid,
			     pid <= 0 || errno == ESRCH ? "no such process" : strerror(errno));
		return -1;
	}
	snprintf(dir, sizeof dir, "/proc/%d", pid);
	read_identity(p, dir);
	read_sigcgt(p, dir);
	read_inspect_flag(p, dir);
	return 0;
}
