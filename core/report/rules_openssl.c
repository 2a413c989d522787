/* core/report/rules_openssl.c: two OpenSSLs in one process. Official node
 * binaries carry their own OpenSSL (componentVersions.openssl, linked in);
 * an addon linked with the system's libssl or libcrypto brings a second one
 * into the process, whatever its version: two copies of OpenSSL's global
 * state, error queues and locks (report-toolkit's library-mismatch rule
 * flags the same).
 *
 * sharedObjects is in load order (the dynamic linker's list): node and the
 * libraries it was linked with first, then each addon (`*.node`) followed
 * by the libraries it brought in. An OpenSSL library before the first addon
 * is node's own (a node built with a shared OpenSSL, as distributions do);
 * one after it came with an addon, and the dynamic linker never loads a
 * library twice, so it is another OpenSSL. */
#include "core/report/rules.h"
#include "core/report/jget.h"

#include <string.h>

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int has_prefix_lib(const char *base, const char *lib)
{
	size_t n = strlen(lib);

	return strncmp(base, lib, n) == 0 && (base[n] == '.' || base[n] == '-');
}

int rule_is_openssl(const char *path)
{
	const char *b = base_name(path);

	return has_prefix_lib(b, "libssl") || has_prefix_lib(b, "libcrypto");
}

static int is_addon(const char *path)
{
	size_t n = strlen(path);

	return n > 5 && strcmp(path + n - 5, ".node") == 0;
}

size_t rule_first_addon(const struct mt_report *r)
{
	for (size_t i = 0; i < r->nlibs; i++)
		if (is_addon(r->libs[i]))
			return i;
	return r->nlibs;
}

void rule_second_openssl(struct mt_report *r)
{
	const cJSON *cv = jget(r->header, "componentVersions");
	const char *own = NULL, *shared = NULL, *addon = NULL;
	size_t first = rule_first_addon(r), nextra = 0, firstextra = 0;

	if (jget_str(cv, "openssl", &own) != 1 || first == r->nlibs)
		return;
	for (size_t i = 0; i < first && !shared; i++)
		if (rule_is_openssl(r->libs[i]))
			shared = r->libs[i];
	for (size_t i = first; i < r->nlibs; i++)
		if (rule_is_openssl(r->libs[i]) && nextra++ == 0)
			firstextra = i;
	if (nextra == 0)
		return;
	struct mt_finding *f = rule_add(r, "library-mismatch", MT_SEV_WARNING,
		"two OpenSSLs in one process: node's own OpenSSL %s (%s) and %s%s",
		own, shared ? base_name(shared) : "built into node", r->libs[firstextra],
		nextra > 1 ? " (and more)" : "");
	rule_row(f, "node: OpenSSL %s, %s", own, shared ? shared : "built into the node binary");
	for (size_t i = first; i < r->nlibs; i++) {
		if (is_addon(r->libs[i]))
			addon = r->libs[i];
		else if (rule_is_openssl(r->libs[i]))
			rule_row(f, "%s, loaded with %s", r->libs[i], addon ? addon : "an addon");
	}
}
