/* core/capture/memory.c: how much memory a process may still take before
 * its container's limit or the system runs out: the cgroups it is in
 * (v2 memory.max - memory.current, v1 memory.limit_in_bytes -
 * memory.usage_in_bytes, each level up to the root) and MemAvailable. */
#include "core/capture/internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_text(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, cap - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

long long cap_parse_limit(const char *text)
{
	char *end;
	long long v;

	if (strncmp(text, "max", 3) == 0)
		return -1;
	v = strtoll(text, &end, 10);
	return end == text || v < 0 ? -1 : v;
}

long long cap_meminfo_available(const char *text)
{
	const char *s = strstr(text, "MemAvailable:");
	char *end;
	long long kb;

	if (!s)
		return -1;
	kb = strtoll(s + 13, &end, 10);
	return end == s + 13 || kb < 0 || kb > (1LL << 50) ? -1 : kb * 1024;
}

static void keep_least(struct cap_room *room, long long bytes, const char *fmt, const char *a,
		       const char *b)
{
	if (bytes < 0)
		bytes = 0;
	if (room->bytes >= 0 && room->bytes <= bytes)
		return;
	room->bytes = bytes;
	snprintf(room->where, sizeof room->where, fmt, a, b);
}

void cap_cgroup_room(const char *mount, const char *path, const char *limit_file,
		     const char *usage_file, struct cap_room *room)
{
	char dir[512], file[640], text[64];

	snprintf(dir, sizeof dir, "%s%s", mount, strcmp(path, "/") == 0 ? "" : path);
	for (;;) {
		snprintf(file, sizeof file, "%s/%s", dir, limit_file);
		if (read_text(file, text, sizeof text) == 0) {
			long long limit = cap_parse_limit(text);
			snprintf(file, sizeof file, "%s/%s", dir, usage_file);
			if (limit >= 0 && limit < (1LL << 60) && read_text(file, text, sizeof text) == 0)
				keep_least(room, limit - cap_parse_limit(text), "cgroup %s (%s)",
					   dir[strlen(mount)] ? dir + strlen(mount) : "/", limit_file);
		}
		char *slash = strrchr(dir, '/');
		if (!slash || (size_t)(slash - dir) < strlen(mount))
			break;
		*slash = '\0';
	}
}

/* /proc/PID/cgroup: "0::/path" for v2, "N:memory:/path" (or with other
 * controllers beside memory) for v1. */
static void cgroups(int pid, struct cap_room *room)
{
	char path[48], buf[8192];

	snprintf(path, sizeof path, "/proc/%d/cgroup", pid);
	if (read_text(path, buf, sizeof buf) < 0)
		return;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2 || c2[1] != '/')
			continue;
		*c2 = '\0';
		if (strcmp(c1 + 1, "") == 0) {
			cap_cgroup_room("/sys/fs/cgroup", c2 + 1, "memory.max", "memory.current", room);
			cap_cgroup_room("/sys/fs/cgroup/unified", c2 + 1, "memory.max", "memory.current", room);
		} else if (strstr(c1 + 1, "memory")) {
			cap_cgroup_room("/sys/fs/cgroup/memory", c2 + 1, "memory.limit_in_bytes",
				    "memory.usage_in_bytes", room);
		}
	}
}

void cap_memory_room(int pid, struct cap_room *room)
{
	char buf[8192];

	room->bytes = -1;
	room->where[0] = '\0';
	cgroups(pid, room);
	if (read_text("/proc/meminfo", buf, sizeof buf) == 0)
		keep_least(room, cap_meminfo_available(buf), "%s%s", "the system (MemAvailable)", "");
}
