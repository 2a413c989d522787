/* tui/keymap.h: key bindings, read from text in the keymap language.
 *
 *   # a comment
 *   bind KEY ACTION      KEY as in tui/key.h (j, <C-d>, <PgDn>), or two
 *                        keys typed one after the other (zh, as vim's),
 *                        ACTION a name from tui/actions.def
 *   unbind KEY
 *
 * The built-in keymaps (keymaps/default.keys, keymaps/emacs.keys) are this
 * text compiled into the binary; a user's $XDG_CONFIG_HOME/mortem/keys is
 * read after them. Errors name file and line; the first one is kept and the
 * other lines still apply.
 */
#ifndef MORTEM_TUI_KEYMAP_H
#define MORTEM_TUI_KEYMAP_H

#include <stddef.h>

#include "core/error.h"
#include "core/strbuf.h"

struct binding {
	int key;
	int key2;               /* the second key of a two-key binding, or 0 */
	int action;             /* enum action */
};

struct keymap {
	struct binding *b;      /* owned, in the order bound */
	size_t n, cap;
};

/* Built-in keymap texts, generated from keymaps/NAME.keys; ends with NULL. */
struct keymap_text {
	const char *name;       /* "default", "emacs" */
	const char *text;
};
extern const struct keymap_text keymap_texts[];

void keymap_free(struct keymap *km);
void keymap_bind(struct keymap *km, int key, int key2, int action);
void keymap_unbind(struct keymap *km, int key, int key2);

/* Apply text read from file (a name for errors). Returns 0, or -1 with err
 * set to the first bad line. */
int keymap_load_text(struct keymap *km, const char *text, const char *file,
		     struct mt_error *err);
/* Apply a file; a missing file is fine (returns 0). */
int keymap_load_file(struct keymap *km, const char *path, struct mt_error *err);
/* Load "default", then name when it is another built-in ("emacs"). */
int keymap_load_builtin(struct keymap *km, const char *name, struct mt_error *err);
/* The user's file: $XDG_CONFIG_HOME/mortem/keys or ~/.config/mortem/keys. */
int keymap_load_user(struct keymap *km, struct mt_error *err);

/* The action bound to key, or -1. */
int keymap_action(const struct keymap *km, int key);
/* The action bound to the keys first then key, or -1. */
int keymap_action2(const struct keymap *km, int first, int key);
/* Whether key starts a two-key binding (and is then not bound alone). */
int keymap_is_prefix(const struct keymap *km, int key);
/* Names of the keys bound to action, separated by spaces, appended to out. */
void keymap_keys_of(const struct keymap *km, int action, struct strbuf *out);

#endif
