/* tests/fuzz/fuzz_capture.c: libFuzzer target for the parsers of
 * core/capture: a /proc/net/tcp or tcp6 table, an HTTP response head and a
 * /json/list body. No input may crash them or yield a port out of range. */
#include "core/capture/internal.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct cap_listen l[CAP_MAX_LISTEN];
	struct cap_http_reply r;
	struct cap_target t;
	int n = 0;

	for (int v6 = 0; v6 < 2; v6++)
		cap_nettcp_parse(text, size, v6, NULL, 0, l, &n, CAP_MAX_LISTEN);
	for (int i = 0; i < n; i++)
		if (l[i].port <= 0 || l[i].port > 65535)
			abort();
	if (cap_http_parse(text, size, &r, NULL) == 1 && r.head_len > size)
		abort();
	cap_json_list_parse(text, size, &t, NULL);
	return 0;
}
