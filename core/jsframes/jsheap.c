/* core/jsframes/jsheap.c: reading V8 heap objects out of the core: tagged
 * words, instance types, strings of every representation, arrays. Every
 * read is bounded; strings have depth and length caps. */
#include "core/jsframes/jsint.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

int js_word(struct mt_js *js, uint64_t addr, uint64_t *out)
{
	return js_read(js, addr, out, 8);
}

int js_u32(struct mt_js *js, uint64_t addr, uint32_t *out)
{
	return js_read(js, addr, out, 4);
}

int js_field(struct mt_js *js, uint64_t obj, int off, uint64_t *out)
{
	if (off == JS_NONE || !js_is_heap(obj))
		return -1;
	return js_word(js, obj - 1 + (int64_t)off, out);
}

int js_itype(struct mt_js *js, uint64_t obj)
{
	uint64_t map;
	uint16_t t;

	if (js_field(js, obj, js->v8.o_map, &map) != 0 || !js_is_heap(map))
		return -1;
	if (js_read(js, map - 1 + (int64_t)js->v8.o_itype, &t, 2) != 0)
		return -1;
	return t;
}

int js_is_string(struct mt_js *js, uint64_t obj)
{
	int t = js_itype(js, obj);
	return t >= 0 && t < js->v8.first_nonstring;
}

static void put_utf8(struct strbuf *out, uint32_t c)
{
	char b[4];

	if (c < 0x80) {
		strbuf_putc(out, (char)c);
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | c >> 6);
		b[1] = (char)(0x80 | (c & 0x3f));
		strbuf_add(out, b, 2);
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | c >> 12);
		b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		strbuf_add(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | c >> 18);
		b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[3] = (char)(0x80 | (c & 0x3f));
		strbuf_add(out, b, 4);
	}
}

/* n characters at addr, one- or two-byte, read in chunks. */
static int put_chars(struct mt_js *js, uint64_t addr, size_t n, int one, struct strbuf *out)
{
	unsigned char buf[4096];
	size_t width = one ? 1 : 2, per = sizeof buf / width;

	for (size_t done = 0; done < n;) {
		size_t k = n - done < per ? n - done : per;
		if (js_read(js, addr + done * width, buf, k * width) != 0)
			return -1;
		for (size_t i = 0; i < k; i++) {
			uint32_t c = one ? buf[i] : (uint32_t)(buf[2 * i] | buf[2 * i + 1] << 8);
			if (!one && c >= 0xd800 && c < 0xdc00 && i + 1 < k) {
				uint32_t lo = (uint32_t)(buf[2 * i + 2] | buf[2 * i + 3] << 8);
				if (lo >= 0xdc00 && lo < 0xe000) {
					c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
					i++;
				}
			}
			put_utf8(out, c);
		}
		done += k;
	}
	return 0;
}

/* External strings: node's resources keep the data pointer at
 * nodedbg_offset_ExternalString__data; V8 caches it right after resource. */
static int external_data(struct mt_js *js, uint64_t obj, uint64_t *data)
{
	const struct js_v8 *v = &js->v8;
	uint64_t res = 0;

	*data = 0;
	if (js_field(js, obj, v->o_ext_res, &res) == 0 && res && v->o_node_ext_data != JS_NONE)
		js_word(js, res + (int64_t)v->o_node_ext_data, data);
	if (!*data && v->o_ext_res != JS_NONE)
		js_field(js, obj, v->o_ext_res + 8, data);
	return *data ? 0 : -1;
}

static int string_rec(struct mt_js *js, uint64_t obj, size_t skip, size_t limit, int depth,
		      struct strbuf *out);

static int cons_string(struct mt_js *js, uint64_t obj, size_t skip, size_t limit, int depth,
		       struct strbuf *out)
{
	const struct js_v8 *v = &js->v8;
	uint64_t a, b;
	int32_t alen;

	if (js_field(js, obj, v->o_cons1, &a) != 0 || js_field(js, obj, v->o_cons2, &b) != 0 ||
	    js_read(js, a - 1 + (int64_t)v->o_str_len, &alen, 4) != 0 || alen < 0)
		return -1;
	if (skip < (size_t)alen) {
		size_t take = (size_t)alen - skip < limit ? (size_t)alen - skip : limit;
		if (string_rec(js, a, skip, take, depth + 1, out) != 0)
			return -1;
		limit -= take;
		skip = 0;
	} else {
		skip -= (size_t)alen;
	}
	return limit ? string_rec(js, b, skip, limit, depth + 1, out) : 0;
}

static int string_rec(struct mt_js *js, uint64_t obj, size_t skip, size_t limit, int depth,
		      struct strbuf *out)
{
	const struct js_v8 *v = &js->v8;
	int t = js_itype(js, obj);
	int32_t len;
	uint64_t w, data;

	if (t < 0 || t >= v->first_nonstring || depth > JS_MAX_DEPTH ||
	    js_read(js, obj - 1 + (int64_t)v->o_str_len, &len, 4) != 0 || len < 0)
		return -1;
	size_t n = (size_t)len > skip ? (size_t)len - skip : 0;
	if (n > limit)
		n = limit;
	int rep = t & v->rep_mask, one = (t & v->enc_mask) == v->one_byte;
	if (rep == v->tag_seq)
		return put_chars(js, obj - 1 + (int64_t)(one ? v->o_seq1 : v->o_seq2) +
				 skip * (one ? 1 : 2), n, one, out);
	if (rep == v->tag_cons)
		return cons_string(js, obj, skip, n, depth, out);
	if (rep == v->tag_thin)
		return js_field(js, obj, v->o_thin, &w) ? -1 :
		       string_rec(js, w, skip, n, depth + 1, out);
	if (rep == v->tag_sliced) {
		if (js_field(js, obj, v->o_sliced_parent, &w) || js_field(js, obj, v->o_sliced_off, &data) ||
		    !js_is_smi(data) || js_smi(data) < 0)
			return -1;
		return string_rec(js, w, skip + (size_t)js_smi(data), n, depth + 1, out);
	}
	if (rep == v->tag_ext && external_data(js, obj, &data) == 0)
		return put_chars(js, data + skip * (one ? 1 : 2), n, one, out);
	return -1;
}

int js_string(struct mt_js *js, uint64_t obj, size_t limit, struct strbuf *out)
{
	size_t before = out->len;

	if (limit > JS_MAX_STRING)
		limit = JS_MAX_STRING;
	if (string_rec(js, obj, 0, limit, 0, out) != 0) {
		out->len = before;
		if (out->buf)
			out->buf[before] = '\0';
		return -1;
	}
	return 0;
}

int64_t js_array_len(struct mt_js *js, uint64_t obj, int64_t max)
{
	uint64_t n;

	if (js_field(js, obj, js->v8.o_fa_len, &n) != 0 || !js_is_smi(n))
		return -1;
	return js_smi(n) < 0 || js_smi(n) > max ? -1 : js_smi(n);
}

int js_array_get(struct mt_js *js, uint64_t obj, int64_t i, uint64_t *out)
{
	return js_field(js, obj, js->v8.o_fa_data + (int)(i * 8), out);
}

unsigned char *js_bytes(struct mt_js *js, uint64_t obj, size_t max, size_t *len)
{
	int64_t n = js_array_len(js, obj, (int64_t)max);
	unsigned char *b;

	if (n < 0)
		return NULL;
	b = xmalloc(n ? (size_t)n : 1);
	if (n && js_read(js, obj - 1 + (int64_t)js->v8.o_fa_data, b, (size_t)n) != 0) {
		free(b);
		return NULL;
	}
	*len = (size_t)n;
	return b;
}

int js_is_jsfunction(struct mt_js *js, uint64_t obj)
{
	const struct js_v8 *v = &js->v8;
	uint64_t sfi;
	int t = js_itype(js, obj);

	if (t < v->t_jsf_first || t > v->t_jsf_last)
		return 0;
	return js_field(js, obj, v->o_jsf_shared, &sfi) == 0 && js_itype(js, sfi) == v->t_sfi;
}
