/* core/capture/nettcp.c: the listening sockets of a process, from
 * /proc/PID/net/tcp and tcp6 (all sockets of its network namespace)
 * matched by inode against the sockets in /proc/PID/fd. */
#include "core/capture/internal.h"
#include "core/strbuf.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TCP_LISTEN 0x0A
#define NFIELDS 10        /* sl local rem st tx:rx tr:when retr uid timeout inode */

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* n hex digits as a number; -1 when one is not hex or it is too large. */
static long long hexnum(const char *s, size_t n)
{
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hexval(s[i]);
		if (d < 0 || v > (LLONG_MAX - d) / 16)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* An address as /proc prints it (32-bit words in host order, in hex)
 * into the host to connect to: the any-address becomes loopback. */
static int address(const char *s, size_t n, int v6, char *host, size_t cap)
{
	unsigned char bytes[16];
	size_t words = v6 ? 4 : 1;

	if (n != words * 8)
		return -1;
	for (size_t w = 0; w < words; w++) {
		long long v = hexnum(s + w * 8, 8);
		if (v < 0)
			return -1;
		uint32_t word = (uint32_t)v;
		memcpy(bytes + w * 4, &word, 4);
	}
	static const unsigned char any[16];
	if (memcmp(bytes, any, words * 4) == 0)
		return snprintf(host, cap, "%s", v6 ? "::1" : "127.0.0.1") < 0 ? -1 : 0;
	return inet_ntop(v6 ? AF_INET6 : AF_INET, bytes, host, (socklen_t)cap) ? 0 : -1;
}

static int wanted(unsigned long inode, const unsigned long *inodes, size_t n)
{
	if (!inodes)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (inodes[i] == inode)
			return 1;
	return 0;
}

/* Split one line into up to NFIELDS fields; returns how many. */
static int fields(const char *s, const char *end, const char **f, size_t *flen)
{
	int n = 0;
	while (s < end && n < NFIELDS) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end)
			break;
		f[n] = s;
		while (s < end && *s != ' ' && *s != '\t')
			s++;
		flen[n] = (size_t)(s - f[n]);
		n++;
	}
	return n;
}

static void one_line(const char *s, const char *end, int v6, const unsigned long *inodes,
		     size_t ninodes, struct cap_listen *out, int *n, int max)
{
	const char *f[NFIELDS];
	size_t fl[NFIELDS];
	struct cap_listen l = { 0 };

	if (fields(s, end, f, fl) < NFIELDS || hexnum(f[3], fl[3]) != TCP_LISTEN)
		return;
	const char *colon = memchr(f[1], ':', fl[1]);
	if (!colon || fl[9] > 20)
		return;
	size_t alen = (size_t)(colon - f[1]), plen = fl[1] - alen - 1;
	long long port = plen == 4 ? hexnum(colon + 1, 4) : -1;
	char digits[24];
	memcpy(digits, f[9], fl[9]);
	digits[fl[9]] = '\0';
	char *dend;
	l.inode = strtoul(digits, &dend, 10);
	if (port <= 0 || *dend || address(f[1], alen, v6, l.host, sizeof l.host) < 0 ||
	    !wanted(l.inode, inodes, ninodes))
		return;
	l.port = (int)port;
	out[(*n)++] = l;
}

void cap_nettcp_parse(const char *text, size_t len, int v6, const unsigned long *inodes,
		      size_t ninodes, struct cap_listen *out, int *n, int max)
{
	const char *end = text + len;
	const char *s = memchr(text, '\n', len);   /* the first line is the heading */

	while (s && s < end && *n < max) {
		s++;
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		one_line(s, eol ? eol : end, v6, inodes, ninodes, out, n, max);
		s = eol;
	}
}

/* The socket inodes among the process's open files. */
static size_t socket_inodes(int pid, unsigned long *inodes, size_t max)
{
	char dir[48], path[320], link[64];
	size_t n = 0;
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
	if (!(d = opendir(dir)))
		return 0;
	while (n < max && (e = readdir(d))) {
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		ssize_t k = readlink(path, link, sizeof link - 1);
		if (k <= 0)
			continue;
		link[k] = '\0';
		if (strncmp(link, "socket:[", 8) == 0)
			inodes[n++] = strtoul(link + 8, NULL, 10);
	}
	closedir(d);
	return n;
}

static void read_table(int pid, int v6, const unsigned long *inodes, size_t ninodes,
		       struct cap_listen *out, int *n, int max)
{
	char path[48], buf[65536];
	struct strbuf text = STRBUF_INIT;
	ssize_t k;

	snprintf(path, sizeof path, "/proc/%d/net/tcp%s", pid, v6 ? "6" : "");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	while ((k = read(fd, buf, sizeof buf)) > 0 && text.len < (64u << 20))
		strbuf_add(&text, buf, (size_t)k);
	close(fd);
	cap_nettcp_parse(strbuf_str(&text), text.len, v6, inodes, ninodes, out, n, max);
	strbuf_free(&text);
}

int cap_proc_listening(int pid, struct cap_listen *out, int max, struct mt_error *err)
{
	static unsigned long inodes[4096];
	int n = 0;
	size_t ninodes = socket_inodes(pid, inodes, sizeof inodes / sizeof inodes[0]);

	if (ninodes == 0)
		return 0;
	read_table(pid, 0, inodes, ninodes, out, &n, max);
	read_table(pid, 1, inodes, ninodes, out, &n, max);
	return n;
}
