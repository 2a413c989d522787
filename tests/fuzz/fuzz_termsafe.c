/* tests/fuzz/fuzz_termsafe.c: libFuzzer target for the sniffer and the
 * terminal-safe string filter: no input may crash them, and the output of
 * mt_termsafe must hold no control bytes. */
#include "core/input.h"
#include "core/termsafe.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb = STRBUF_INIT;

	(void)mt_sniff(data, size);
	mt_termsafe((const char *)data, size, &sb);
	for (size_t i = 0; i < sb.len; i++)
		if ((unsigned char)sb.buf[i] < 0x20 || sb.buf[i] == 0x7f)
			abort();
	size_t w = mt_text_width(strbuf_str(&sb));
	struct strbuf fit = STRBUF_INIT;
	if (mt_text_fit(strbuf_str(&sb), w / 2, &fit) > w / 2 + 1)
		abort();
	strbuf_free(&fit);
	strbuf_free(&sb);
	return 0;
}
