/* tests/unit/test_keys.c: key names and the keymap language. */
#include "tui/action.h"
#include "tui/key.h"
#include "tui/keymap.h"
#include "tests/unit/check.h"

static int parse_all(const char *s)
{
	size_t used = 0;
	int k = tk_parse(s, &used);
	return k < 0 ? -1 : used == strlen(s) ? k : -2;
}

static void test_names(void)
{
	static const char *const names[] = {
		"j", "/", "?", "é", "<Enter>", "<Tab>", "<S-Tab>", "<BS>", "<Esc>", "<Space>",
		"<Up>", "<Down>", "<PgUp>", "<PgDn>", "<Home>", "<End>", "<F1>", "<F12>",
		"<C-a>", "<C-w>", "<M-x>", "<M-lt>", "<lt>", "<gt>", "<Del>", "<Ins>",
	};
	char buf[32];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int k = parse_all(names[i]);
		CHECK(k > 0);
		CHECK_STR(tk_name(k, buf, sizeof buf), names[i]);
	}
	CHECK_INT(parse_all("<enter>"), TK_ENTER);
	CHECK_INT(parse_all("<CR>"), TK_ENTER);
	CHECK_INT(parse_all("<PageDown>"), TK_PGDN);
	CHECK_INT(parse_all("<C-W>"), TK_CTRL('w'));
	CHECK_INT(parse_all("<M-v>"), 'v' | TK_META);
	CHECK_INT(parse_all("<"), '<');
	CHECK_INT(parse_all("<F13>"), -2);     /* reads as '<' then more */
	CHECK_INT(parse_all("<Nope>"), -2);
	CHECK_INT(parse_all("\x01"), -1);      /* raw control bytes are not keys */
	CHECK_INT(parse_all(""), -1);
}

static void test_language(void)
{
	struct keymap km = { 0 };
	struct mt_error err = { 0 };
	struct strbuf keys = STRBUF_INIT;

	CHECK_INT(keymap_load_text(&km, "# c\n\nbind j move-down\n  bind <C-d> half-page-down  \n"
				   "bind J move-down\nunbind J\n", "t", &err), 0);
	CHECK_INT(keymap_action(&km, 'j'), ACT_DOWN);
	CHECK_INT(keymap_action(&km, TK_CTRL('d')), ACT_HALF_DOWN);
	CHECK_INT(keymap_action(&km, 'J'), -1);
	CHECK_INT(keymap_load_text(&km, "bind j move-up\n", "t", &err), 0);
	CHECK_INT(keymap_action(&km, 'j'), ACT_UP);   /* a later bind wins */
	keymap_keys_of(&km, ACT_UP, &keys);
	CHECK_STR(strbuf_str(&keys), "j");
	strbuf_free(&keys);

	CHECK_INT(keymap_load_text(&km, "bind x quit\nbind <Foo> quit\nbind y nothing\n", "f", &err), -1);
	CHECK_STR(err.msg, "f:2: bad key '<Foo>'");
	CHECK_INT(keymap_action(&km, 'x'), ACT_QUIT);  /* good lines still apply */
	mt_error_clear(&err);
	CHECK_INT(keymap_load_text(&km, "map x quit\n", "f", &err), -1);
	CHECK_STR(err.msg, "f:1: unknown command 'map' (bind, unbind)");
	mt_error_clear(&err);
	CHECK_INT(keymap_load_text(&km, "\nbind x\n", "f", &err), -1);
	CHECK_STR(err.msg, "f:2: bind takes KEY ACTION");
	mt_error_clear(&err);
	CHECK_INT(keymap_load_text(&km, "bind x y z\n", "f", &err), -1);
	CHECK_STR(err.msg, "f:1: bind takes KEY ACTION");
	mt_error_clear(&err);
	CHECK_INT(keymap_load_text(&km, "bind q no-such\n", "f", &err), -1);
	CHECK_STR(err.msg, "f:1: unknown action 'no-such'");
	mt_error_clear(&err);
	/* two keys typed one after the other, as vim's zh */
	CHECK_INT(keymap_load_text(&km, "bind zh scroll-left\nbind z<Right> scroll-right\n", "f", &err), 0);
	CHECK_INT(keymap_action2(&km, 'z', 'h'), ACT_SCROLL_LEFT);
	CHECK_INT(keymap_action2(&km, 'z', TK_RIGHT), ACT_SCROLL_RIGHT);
	CHECK_INT(keymap_action(&km, 'z'), -1);
	CHECK(keymap_is_prefix(&km, 'z'));
	CHECK(!keymap_is_prefix(&km, 'h'));
	keymap_keys_of(&km, ACT_SCROLL_RIGHT, &keys);
	CHECK_STR(strbuf_str(&keys), "z<Right>");
	strbuf_free(&keys);
	CHECK_INT(keymap_load_text(&km, "unbind zh\n", "f", &err), 0);
	CHECK_INT(keymap_action2(&km, 'z', 'h'), -1);
	CHECK_INT(keymap_load_text(&km, "bind zhx quit\n", "f", &err), -1);
	CHECK_STR(err.msg, "f:1: bad key 'zhx'");
	keymap_free(&km);
}

static void test_builtin(void)
{
	struct keymap km = { 0 };
	struct mt_error err = { 0 };

	CHECK_INT(keymap_load_builtin(&km, NULL, &err), 0);
	CHECK_INT(keymap_action(&km, 'q'), ACT_QUIT);
	CHECK_INT(keymap_action(&km, '/'), ACT_SEARCH);
	CHECK_INT(keymap_action(&km, TK_TAB), ACT_PANE_NEXT);
	CHECK_INT(keymap_action(&km, TK_CTRL('v')), -1);
	keymap_free(&km);
	CHECK_INT(keymap_load_builtin(&km, "emacs", &err), 0);
	CHECK_INT(keymap_action(&km, TK_CTRL('v')), ACT_PAGE_DOWN);
	CHECK_INT(keymap_action(&km, 'v' | TK_META), ACT_PAGE_UP);
	CHECK_INT(keymap_action(&km, TK_CTRL('s')), ACT_SEARCH);
	CHECK_INT(keymap_action(&km, 'j'), ACT_DOWN);  /* over the default */
	keymap_free(&km);
	CHECK_INT(keymap_load_builtin(&km, "vi", &err), -1);
	CHECK_STR(err.msg, "no keymap 'vi' (default, emacs)");
	/* Every action has a name that finds it again. */
	for (int a = 0; a < ACT_COUNT; a++)
		CHECK_INT(action_find(action_table[a].name), a);
	CHECK_INT(action_find("nope"), -1);
}

int main(void)
{
	test_names();
	test_language();
	test_builtin();
	CHECK_DONE();
}
