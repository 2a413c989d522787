/* tests/unit/test_jsframes.c: the decoders of core/jsframes on hand-made
 * bytes: source position tables (V8's zigzag VLQ encoding) and strings in
 * each representation, including a hostile cycle. The real-core checks are
 * tests/jsframes.sh. */
#include "tests/unit/test_js_synth.h"
#include "tests/unit/check.h"

#include <stdlib.h>

/* Position table entries (code offset delta with is_statement in the sign,
 * source position delta), zigzag VLQ: {0, pos 11}, {+5, pos 21},
 * {+300, pos 9} (not a statement). Positions are stored as (offset+1) << 1. */
static void test_vlq(void)
{
	/* entry 1: code -1 -> 0 (delta 1 -> zigzag 2), pos 0 -> 24 (zigzag 48)
	 * entry 2: code 0 -> 5 (zigzag 10), pos 24 -> 44 (delta 20 -> 40)
	 * entry 3: code 5 -> 305, not a statement: delta 300 -> -301 -> zigzag
	 * 601 = 0xd9 0x04; pos 44 -> 20 (delta -24 -> zigzag 47) */
	static const unsigned char t[] = { 2, 48, 10, 40, 0xd9, 0x04, 47 };
	int64_t pos = -1;

	CHECK_INT(js_vlq_position(t, sizeof t, 0, &pos), 0);
	CHECK_INT(pos, 24);
	CHECK_INT(js_vlq_position(t, sizeof t, 4, &pos), 0);
	CHECK_INT(pos, 24);
	CHECK_INT(js_vlq_position(t, sizeof t, 5, &pos), 0);
	CHECK_INT(pos, 44);
	CHECK_INT(js_vlq_position(t, sizeof t, 1000, &pos), 0);
	CHECK_INT(pos, 20);
	CHECK_INT(js_vlq_position(t, 1, 0, &pos), -1);        /* cut in the middle */
	static const unsigned char endless[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
						 0xff, 0xff, 0xff, 0xff };
	CHECK_INT(js_vlq_position(endless, sizeof endless, 0, &pos), -1);
}

/* Objects laid out at SYNTH_BASE: a map per instance type, then strings. */
static unsigned char heap[4096];

static void put64(size_t at, uint64_t v) { memcpy(heap + at, &v, 8); }
static void put32(size_t at, uint32_t v) { memcpy(heap + at, &v, 4); }
static uint64_t tagged(size_t at) { return SYNTH_BASE + at + 1; }

/* A map at `at` whose instance type is t. */
static void map(size_t at, uint16_t t)
{
	put64(at, tagged(0x10));              /* the meta map */
	memcpy(heap + at + 12, &t, 2);
}

static void seq_one_byte(size_t at, size_t map_at, const char *s)
{
	put64(at, tagged(map_at));
	put32(at + 12, (uint32_t)strlen(s));
	memcpy(heap + at + 16, s, strlen(s));
}

static void test_strings(void)
{
	struct mt_js js;
	struct synth syn;
	struct strbuf sb = STRBUF_INIT;

	map(0x10, 255);                       /* MAP_TYPE */
	map(0x40, 8 | 0);                     /* one-byte sequential */
	map(0x70, 8 | 1);                     /* one-byte cons */
	map(0xa0, 8 | 3);                     /* one-byte sliced */
	map(0xd0, 8 | 5);                     /* one-byte thin */
	seq_one_byte(0x200, 0x40, "Server.");
	seq_one_byte(0x240, 0x40, "onRequest");
	put64(0x280, tagged(0x70));           /* cons "Server." + "onRequest" */
	put32(0x280 + 12, 16);
	put64(0x280 + 16, tagged(0x200));
	put64(0x280 + 24, tagged(0x240));
	put64(0x2c0, tagged(0xa0));           /* sliced: "Request" */
	put32(0x2c0 + 12, 7);
	put64(0x2c0 + 16, tagged(0x240));
	put64(0x2c0 + 24, (uint64_t)2 << 32);
	put64(0x300, tagged(0xd0));           /* thin -> the cons */
	put32(0x300 + 12, 16);
	put64(0x300 + 16, tagged(0x280));
	put64(0x340, tagged(0x70));           /* a cons that holds itself */
	put32(0x340 + 12, 40);
	put64(0x340 + 16, tagged(0x340));
	put64(0x340 + 24, tagged(0x340));
	synth_open(&js, &syn, heap, sizeof heap);

	CHECK_INT(js_string(&js, tagged(0x280), 100, &sb), 0);
	CHECK_STR(strbuf_str(&sb), "Server.onRequest");
	strbuf_reset(&sb);
	CHECK_INT(js_string(&js, tagged(0x280), 9, &sb), 0);
	CHECK_STR(strbuf_str(&sb), "Server.on");
	strbuf_reset(&sb);
	CHECK_INT(js_string(&js, tagged(0x2c0), 100, &sb), 0);
	CHECK_STR(strbuf_str(&sb), "Request");
	strbuf_reset(&sb);
	CHECK_INT(js_string(&js, tagged(0x300), 100, &sb), 0);
	CHECK_STR(strbuf_str(&sb), "Server.onRequest");
	strbuf_reset(&sb);
	CHECK_INT(js_string(&js, tagged(0x340), 100, &sb), -1);   /* depth cap, no hang */
	CHECK_INT(sb.len, 0);
	CHECK_INT(js_string(&js, SYNTH_BASE + 0x100000 + 1, 100, &sb), -1); /* not in the core */
	strbuf_free(&sb);
	synth_close(&js);
}

int main(void)
{
	test_vlq();
	test_strings();
	CHECK_DONE();
}
