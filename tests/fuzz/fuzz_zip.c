/* tests/fuzz/fuzz_zip.c: libFuzzer target for the zip reader: the central
 * directory (zip64 too), the local-header fallback, and extraction of the
 * first entries (stored and deflated) into a sink. */
#include "core/elfcore/zip.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ctx, const unsigned char *buf, size_t n)
{
	(void)buf;
	*(size_t *)ctx += n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mt_error err = { 0 };
	struct mt_zip z;

	if (mt_zip_list(data, size, &z, &err) < 0)
		return 0;
	for (size_t i = 0; i < z.n && i < 8; i++) {
		struct mt_error e = { 0 };
		size_t got = 0;
		mt_zip_extract(data, size, &z.ents[i], 1 << 20, count, &got, &e);
	}
	mt_zip_free(&z);
	return 0;
}
