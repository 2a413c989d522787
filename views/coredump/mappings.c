/* views/coredump/mappings.c: the memory of the process, one row per PT_LOAD
 * segment, with its permissions, its file (NT_FILE) and how much of it
 * the core holds. */
#include "views/coredump/common.h"

#include <stdio.h>
#include <string.h>

static size_t maps_count(struct view *v)
{
	return coredump_of(v)->nsegs;
}

static const char *perms(uint32_t flags, char *buf)
{
	buf[0] = flags & 4 ? 'r' : '-';
	buf[1] = flags & 2 ? 'w' : '-';
	buf[2] = flags & 1 ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}

static const char *held(const struct mt_coredump_segment *s, char *buf, size_t size)
{
	char a[32], b[32];

	if (s->memsz == 0 || s->present == s->memsz)
		return "all";
	if (s->present == 0)
		return s->filesz ? "none (file cut)" : "none";
	if (s->present < s->filesz)
		snprintf(buf, size, "%s of %s (file cut)", fmt_bytes(s->present, a, sizeof a),
			 fmt_bytes(s->memsz, b, sizeof b));
	else
		snprintf(buf, size, "%s of %s", fmt_bytes(s->present, a, sizeof a),
			 fmt_bytes(s->memsz, b, sizeof b));
	return buf;
}

static void maps_row(struct view *v, size_t i, struct view_row *row)
{
	const struct mt_coredump *c = coredump_of(v);
	const struct mt_coredump_segment *s = &c->segs[i];
	const struct mt_coredump_mapping *m = mt_coredump_mapping_at(c, s->vaddr);
	char hex[32], p[4], buf[96], size[32];

	view_cell(v, row, 0, "%s", coredump_hex(s->vaddr, hex, sizeof hex));
	view_cell(v, row, 1, "%s", coredump_hex(s->vaddr + s->memsz, hex, sizeof hex));
	view_cell(v, row, 2, "%s", perms(s->flags, p));
	view_cell(v, row, 3, "%s", fmt_bytes(s->memsz, size, sizeof size));
	view_cell(v, row, 4, "%s", held(s, buf, sizeof buf));
	if (m) {
		view_cell(v, row, 5, "0x%llx", (unsigned long long)(m->file_ofs + (s->vaddr - m->start)));
		view_cell(v, row, 6, "%s", m->path);
	}
	if (s->present < s->filesz)
		row->style = VS_WARN;
	else if (s->present == 0)
		row->style = VS_DIM;
}

static cJSON *maps_json(struct view *v)
{
	const struct mt_coredump *c = coredump_of(v);
	cJSON *arr = cJSON_CreateArray();
	char hex[32], p[4];

	for (size_t i = 0; i < c->nsegs; i++) {
		const struct mt_coredump_segment *s = &c->segs[i];
		const struct mt_coredump_mapping *m = mt_coredump_mapping_at(c, s->vaddr);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "start", coredump_hex(s->vaddr, hex, sizeof hex));
		cJSON_AddStringToObject(o, "end", coredump_hex(s->vaddr + s->memsz, hex, sizeof hex));
		cJSON_AddStringToObject(o, "perms", perms(s->flags, p));
		cJSON_AddNumberToObject(o, "size", (double)s->memsz);
		cJSON_AddNumberToObject(o, "in_core", (double)s->present);
		cJSON_AddBoolToObject(o, "cut", s->present < s->filesz);
		if (m) {
			coredump_json_str(o, "file", m->path);
			cJSON_AddNumberToObject(o, "file_offset",
						(double)(m->file_ofs + (s->vaddr - m->start)));
		} else {
			cJSON_AddNullToObject(o, "file");
		}
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static const char *maps_banner(struct view *v)
{
	return coredump_cut_warning(coredump_of(v));
}

static const struct view_col maps_cols[] = {
	{ "start", 18, 0 },
	{ "end", 18, 0 },
	{ "perm", 4, 0 },
	{ "size", 9, 1 },
	{ "in core", 20, 0 },
	{ "offset", 10, 1 },
	{ "file", 0, 0 },
};

const struct view_ops view_coredump_mappings_ops = {
	.name = "mappings",
	.title = "Mappings",
	.kind = MT_KIND_COREDUMP,
	VIEW_COLS(maps_cols),
	.count = maps_count,
	.row = maps_row,
	.json = maps_json,
	.banner = maps_banner,
};
