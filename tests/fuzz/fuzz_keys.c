/* tests/fuzz/fuzz_keys.c: libFuzzer target for what the UI parses: keymap
 * files, --keys scripts, key names, and text drawn on the headless grid
 * (any bytes made safe, at any column, wide characters cut at the edge). */
#include "tui/key.h"
#include "tui/keymap.h"
#include "tui/screen.h"
#include "core/termsafe.h"
#include "core/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void draw_text(const char *text, size_t len, int x)
{
	struct mt_error err = { 0 };
	struct screen *scr = screen_grid_new(13, 3, "", &err);
	struct strbuf safe = STRBUF_INIT;
	FILE *null = fopen("/dev/null", "w");

	mt_termsafe(text, len, &safe);
	scr->ops->put(scr, 1, x % 14, strbuf_str(&safe), 0);
	scr->ops->put(scr, 1, (x / 2) % 14, strbuf_str(&safe), 0);
	scr->ops->blank(scr, 1, x % 7, 3, 0);
	if (null) {
		screen_grid_dump(scr, null);
		fclose(null);
	}
	strbuf_free(&safe);
	screen_free(&scr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct keymap km = { 0 };
	struct mt_error err = { 0 };
	struct screen *scr;
	size_t used;
	char name[32];

	keymap_load_text(&km, text, "fuzz", &err);
	for (size_t i = 0; i < km.n; i++) {
		int back = tk_parse(tk_name(km.b[i].key, name, sizeof name), &used);
		if (back != km.b[i].key)
			abort();  /* every bound key's name reads back as that key */
	}
	keymap_free(&km);
	mt_error_clear(&err);
	scr = screen_grid_new(20, 5, text, &err);
	if (scr)
		while (scr->ops->read_key(scr) != TK_NONE)
			;
	screen_free(&scr);
	draw_text((const char *)data, size, size ? data[0] : 0);
	free(text);
	return 0;
}
