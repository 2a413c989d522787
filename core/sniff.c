/* core/sniff.c: telling artifact kinds apart by their first bytes. */
#include "core/input.h"

#include <string.h>

static size_t skip_ws(const unsigned char *p, size_t len, size_t i)
{
	if (i == 0 && len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3; /* UTF-8 byte order mark */
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	return i;
}

static int key_is(const unsigned char *p, size_t len, size_t i, const char *key)
{
	size_t k = strlen(key);

	return i + k + 2 <= len && p[i] == '"' && memcmp(p + i + 1, key, k) == 0 &&
	       p[i + 1 + k] == '"';
}

static int contains(const unsigned char *p, size_t len, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(p + i, needle, k) == 0)
			return 1;
	return 0;
}

static enum mt_kind sniff_elf(const unsigned char *p, size_t len)
{
	if (len < 18)
		return MT_KIND_ELF_OTHER;
	unsigned type = p[5] == 2 ? (unsigned)(p[16] << 8 | p[17])
				  : (unsigned)(p[17] << 8 | p[16]);
	return type == 4 ? MT_KIND_COREDUMP : MT_KIND_ELF_OTHER;
}

static enum mt_kind sniff_json(const unsigned char *p, size_t len, size_t i)
{
	i = skip_ws(p, len, i + 1);
	if (key_is(p, len, i, "snapshot"))
		return MT_KIND_SNAPSHOT;
	if (key_is(p, len, i, "header"))
		return MT_KIND_REPORT;
	if (contains(p, len, "\"reportVersion\"") || contains(p, len, "\"nodejsVersion\""))
		return MT_KIND_REPORT;
	if (contains(p, len, "\"node_fields\""))
		return MT_KIND_SNAPSHOT;
	return MT_KIND_JSON_OTHER;
}

enum mt_kind mt_sniff(const unsigned char *p, size_t len)
{
	size_t i = skip_ws(p, len, 0);

	if (len == 0 || i == len)
		return MT_KIND_EMPTY;
	if (len >= 4 && memcmp(p, "\177ELF", 4) == 0)
		return sniff_elf(p, len);
	if (len >= 4 && memcmp(p, "PK\003\004", 4) == 0)
		return MT_KIND_ZIP;
	if (p[i] == '{')
		return sniff_json(p, len, i);
	if (contains(p, len > 4096 ? 4096 : len, "==== Node Report"))
		return MT_KIND_NODE_REPORT_TEXT;
	return MT_KIND_UNKNOWN;
}

const char *mt_kind_name(enum mt_kind kind)
{
	switch (kind) {
	case MT_KIND_REPORT: return "Node.js diagnostic report";
	case MT_KIND_SNAPSHOT: return "V8 heap snapshot";
	case MT_KIND_COREDUMP: return "ELF core dump";
	case MT_KIND_ZIP: return "zip bundle";
	case MT_KIND_NODE_REPORT_TEXT: return "text report of the old node-report module";
	case MT_KIND_ELF_OTHER: return "ELF file that is not a core dump";
	case MT_KIND_JSON_OTHER: return "JSON that is neither a report nor a heap snapshot";
	case MT_KIND_EMPTY: return "empty file";
	case MT_KIND_UNKNOWN: break;
	}
	return "unrecognised data";
}

const char *mt_kinds_opened(void)
{
	return "mortem opens Node.js diagnostic reports (.json), V8 heap snapshots "
	       "(.heapsnapshot), ELF core dumps of node, core-dump-handler zip bundles, "
	       "each of them also gzipped (.gz)";
}
