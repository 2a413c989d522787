/* core/report/rules_process.c: rules on the whole process: the trigger,
 * the heap, CPU, the error, limits and library versions. */
#include "core/report/rules.h"
#include "core/report/jget.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int contains_nocase(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; s && *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

/* A fatal error about the heap is an OOM (rule_oom names it). */
static int heap_message(const char *event)
{
	return event && (contains_nocase(event, "heap") || contains_nocase(event, "memory"));
}

static void heap_rows(struct mt_finding *f, const struct mt_report *r)
{
	uint64_t used = 0, limit = 0;

	if (jget_u64(r->heap, "usedMemory", &used) == 1 &&
	    jget_u64(r->heap, "memoryLimit", &limit) == 1)
		rule_row(f, "heap used %llu of limit %llu bytes", (unsigned long long)used,
			 (unsigned long long)limit);
	for (size_t i = 0; i < r->nspaces; i++)
		if (r->spaces[i].used)
			rule_row(f, "%s used %llu of %llu", r->spaces[i].name,
				 (unsigned long long)r->spaces[i].used,
				 (unsigned long long)r->spaces[i].capacity);
}

static void rule_oom(struct mt_report *r, const struct mt_thresholds *t)
{
	const char *trig = r->trigger ? r->trigger : "";
	const char *event = r->event ? r->event : "";
	uint64_t used = 0, limit = 0;
	struct mt_finding *f = NULL;

	if (strcmp(trig, "OOMError") == 0 ||
	    (strstr(trig, "FatalError") && heap_message(event)))
		f = rule_add(r, "oom", MT_SEV_CRITICAL, "out of memory: %s", event);
	else if (jget_u64(r->heap, "usedMemory", &used) == 1 &&
		 jget_u64(r->heap, "memoryLimit", &limit) == 1 && limit > 0) {
		double share = (double)used / (double)limit;
		if (share >= t->heap_warn)
			f = rule_add(r, "oom", share >= t->heap_crit ? MT_SEV_CRITICAL : MT_SEV_WARNING,
				     "JavaScript heap at %.0f%% of its limit", share * 100);
	}
	if (f)
		heap_rows(f, r);
}

static void rule_trigger(struct mt_report *r)
{
	const char *trig = r->trigger ? r->trigger : "";
	struct mt_finding *f;

	if (strcmp(trig, "Exception") == 0 || strstr(trig, "UncaughtException"))
		f = rule_add(r, "uncaught-exception", MT_SEV_CRITICAL, "uncaught exception: %s",
			     r->js_message ? r->js_message : r->event ? r->event : "?");
	else if (strstr(trig, "FatalError") && !heap_message(r->event))
		f = rule_add(r, "fatal-error", MT_SEV_CRITICAL, "fatal error: %s",
			     r->event ? r->event : "?");
	else
		return;
	for (size_t i = 0; i < r->njs_frames && i < 5; i++)
		rule_row(f, "at %s (%s:%lld:%lld)", r->js_frames[i].function, r->js_frames[i].file,
			 (long long)r->js_frames[i].line, (long long)r->js_frames[i].column);
}

static void rule_cpu(struct mt_report *r, const struct mt_thresholds *t)
{
	const cJSON *ru = jget(r->json, "uvthreadResourceUsage");
	double user = 0, kernel = 0, idle = 0;

	if (!cJSON_IsObject(ru))
		ru = jget(r->json, "resourceUsage");
	if (jget_double(ru, "userCpuConsumptionPercent", &user) != 1 ||
	    jget_double(ru, "kernelCpuConsumptionPercent", &kernel) != 1)
		return;
	if (user < t->cpu_user_pct || kernel > user * t->cpu_kernel_ratio)
		return;
	struct mt_finding *f = rule_add(r, "cpu-bound", MT_SEV_WARNING,
		"CPU-bound event loop: user CPU %.1f%%, kernel %.1f%%", user, kernel);
	double us = 0, ks = 0;
	jget_double(ru, "userCpuSeconds", &us);
	jget_double(ru, "kernelCpuSeconds", &ks);
	rule_row(f, "user %.3f s, kernel %.3f s", us, ks);
	if (jget_double(r->loop, "loopIdleTimeSeconds", &idle) == 1)
		rule_row(f, "event loop idle %.3f s", idle);
}

static void rule_error_code(struct mt_report *r)
{
	const char *code = NULL, *syscall = NULL;
	const cJSON *p;

	/* writeReport() without an error passes a synthetic one: not a cause */
	if (jget_str(r->error_props, "code", &code) != 1 || strcmp(code, "ERR_SYNTHETIC") == 0)
		return;
	jget_str(r->error_props, "syscall", &syscall);
	struct mt_finding *f = rule_add(r, "error-code", MT_SEV_WARNING, "error %s%s%s: %s",
		code, syscall ? " in " : "", syscall ? syscall : "",
		r->js_message ? r->js_message : "");
	cJSON_ArrayForEach(p, r->error_props) {
		char buf[256];
		const char *v = jval_text(p, buf, sizeof buf);
		if (p->string && v)
			rule_row(f, "%s = %s", p->string, v);
	}
}

static void rule_contexts(struct mt_report *r)
{
	int64_t detached = 0;

	if (jget_i64(r->heap, "detachedContextCount", &detached) == 1 && detached > 0)
		rule_row(rule_add(r, "detached-contexts", MT_SEV_WARNING,
				  "%lld detached contexts: vm contexts or iframes leak",
				  (long long)detached), "detachedContextCount %lld", (long long)detached);
}

void rule_process(struct mt_report *r, const struct mt_thresholds *t)
{
	rule_oom(r, t);
	rule_trigger(r);
	rule_cpu(r, t);
	rule_error_code(r);
	rule_contexts(r);
}

/* Components whose shared-object major version is their release major. */
static const struct { const char *component, *lib; } libmap[] = {
	{ "openssl", "libssl" }, { "openssl", "libcrypto" }, { "icu", "libicuuc" },
	{ "icu", "libicui18n" }, { "uv", "libuv" }, { "zlib", "libz" },
};

/* The major version in a library path: libssl.so.1.1 or libssl.1.1.dylib. */
static long lib_major(const char *path, const char *lib)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strncmp(base, lib, strlen(lib)) != 0)
		return -1;
	const char *p = base + strlen(lib);
	if (strncmp(p, ".so.", 4) == 0)
		p += 4;
	else if (*p == '.' || *p == '-')
		p++;
	else
		return -1;
	return isdigit((unsigned char)*p) ? strtol(p, NULL, 10) : -1;
}

static void rule_libraries(struct mt_report *r)
{
	const cJSON *cv = jget(r->header, "componentVersions");

	for (size_t m = 0; m < sizeof libmap / sizeof libmap[0]; m++) {
		const char *want = NULL;
		if (jget_str(cv, libmap[m].component, &want) != 1 || !isdigit((unsigned char)*want))
			continue;
		long major = strtol(want, NULL, 10);
		/* an addon's OpenSSL is a second one: rule_second_openssl */
		size_t end = strcmp(libmap[m].component, "openssl") == 0 ? rule_first_addon(r)
									 : r->nlibs;
		for (size_t i = 0; i < end; i++) {
			long got = lib_major(r->libs[i], libmap[m].lib);
			if (got < 0 || got == major)
				continue;
			rule_row(rule_add(r, "library-mismatch", MT_SEV_WARNING,
				 "library mismatch: %s loaded, but node was built with %s %s",
				 r->libs[i], libmap[m].component, want),
				 "componentVersions.%s = %s", libmap[m].component, want);
		}
	}
}

static void rule_core_limit(struct mt_report *r)
{
	for (size_t i = 0; i < r->nlimits; i++) {
		uint64_t soft;
		if (strcmp(r->limits[i].name, "core_file_size_blocks") == 0 &&
		    jval_u64(r->limits[i].soft, &soft) == 1 && soft == 0)
			rule_row(rule_add(r, "no-core", MT_SEV_INFO,
					  "no core dump can be written: the core size limit is 0"),
				 "core_file_size_blocks soft 0");
	}
}

void rule_versions(struct mt_report *r)
{
	rule_libraries(r);
	rule_second_openssl(r);
	rule_core_limit(r);
}
