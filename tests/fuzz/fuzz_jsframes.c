/* tests/fuzz/fuzz_jsframes.c: libFuzzer target for the JS frame decoder.
 * The input is a V8 heap and stack (node 20's layout, tests/unit/
 * test_js_synth.h): the walker, the frame describer, strings, position
 * tables and the frame detail must neither crash nor hang on any bytes. */
#include "tests/unit/test_js_synth.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_js js;
	struct synth s;
	struct mt_js_stack st = { 0 };
	struct mt_js_regs regs = { 0 };
	struct strbuf sb = STRBUF_INIT;
	uint64_t w = 0, fp_off = 0;
	int64_t pos;

	if (size < 16)
		return 0;
	synth_open(&js, &s, data, size);
	memcpy(&fp_off, data, 8);
	memcpy(&w, data + 8, 8);
	regs.rip = SYNTH_JIT + (data[0] & 0xff);
	regs.gpr[MT_JS_RSP] = SYNTH_BASE;
	regs.gpr[MT_JS_RBP] = SYNTH_BASE + fp_off % size;
	regs.gpr[MT_JS_R9] = w;
	mt_js_backtrace(&js, &regs, &st);
	for (size_t i = 0; i < st.n; i++) {
		struct mt_js_detail d;
		mt_js_detail(&js, &st.f[i], 3, &d);
		mt_js_detail_free(&d);
	}
	mt_js_stack_free(&st);
	js_string(&js, w, 4096, &sb);
	js_vlq_position(data, size, (int64_t)(w & 0xffff), &pos);
	strbuf_free(&sb);
	synth_close(&js);
	return 0;
}
