/* tui/key.h: key codes and their names.
 *
 * A key is an int: a Unicode code point for a character (Ctrl-a..Ctrl-z are
 * 1..26), or one of the TK_ names below for keys without a character. The
 * same names are used by keymap files and by `--headless --keys`:
 *
 *   j  /  ?  é            a character stands for itself
 *   <Enter> <Tab> <S-Tab> <BS> <Esc> <Space> <Del> <Ins>
 *   <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <F1>..<F12>
 *   <C-x>                 Ctrl and a letter (also <C-Space>)
 *   <M-x>                 Alt (Meta) and a character
 *   <lt> <gt>             the characters < and >
 */
#ifndef MORTEM_TUI_KEY_H
#define MORTEM_TUI_KEY_H

#include <stddef.h>

enum tui_key {
	TK_NONE = 0,            /* no key: the key script ended */
	TK_BASE = 0x110000,     /* past the last code point */
	TK_ENTER, TK_TAB, TK_BTAB, TK_BS, TK_ESC, TK_DEL, TK_INS,
	TK_UP, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN, TK_HOME, TK_END,
	TK_F1, TK_F12 = TK_F1 + 11,
	TK_RESIZE,              /* the terminal changed size (not bindable) */
	TK_MOUSE,               /* ignored */
};

#define TK_META 0x1000000       /* or-ed onto a key for Alt */
#define TK_CTRL(c) ((c) & 0x1f)

/* Parse one key at s: a character or a <Name>. Returns the key and sets
 * *used to the bytes read, or -1 when s does not start with a key. */
int tk_parse(const char *s, size_t *used);

/* UTF-8 of the code point cp into out (room for 5 bytes), NUL-terminated. */
void tk_utf8(int cp, char *out);

/* The name of key, as tk_parse reads it, into buf. */
const char *tk_name(int key, char *buf, size_t size);

#endif
