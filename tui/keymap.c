/* tui/keymap.c: parsing keymap text and looking keys up. */
#include "tui/keymap.h"
#include "tui/action.h"
#include "tui/key.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYMAP_FILE (1 << 20)

void keymap_free(struct keymap *km)
{
	free(km->b);
	km->b = NULL;
	km->n = km->cap = 0;
}

void keymap_unbind(struct keymap *km, int key, int key2)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == key && km->b[i].key2 == key2) {
			memmove(&km->b[i], &km->b[i + 1], (km->n - i - 1) * sizeof km->b[0]);
			km->n--;
			return;
		}
}

void keymap_bind(struct keymap *km, int key, int key2, int action)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == key && km->b[i].key2 == key2) {
			km->b[i].action = action;
			return;
		}
	if (km->n == km->cap) {
		km->cap = km->cap ? km->cap * 2 : 64;
		km->b = xreallocarray(km->b, km->cap, sizeof km->b[0]);
	}
	km->b[km->n++] = (struct binding){ .key = key, .key2 = key2, .action = action };
}

int keymap_action2(const struct keymap *km, int first, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == first && km->b[i].key2 == key)
			return km->b[i].action;
	return -1;
}

int keymap_action(const struct keymap *km, int key)
{
	return keymap_action2(km, key, 0);
}

int keymap_is_prefix(const struct keymap *km, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == key && km->b[i].key2)
			return keymap_action(km, key) < 0;
	return 0;
}

void keymap_keys_of(const struct keymap *km, int action, struct strbuf *out)
{
	char name[32];
	int first = 1;

	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].action == action) {
			if (!first)
				strbuf_putc(out, ' ');
			strbuf_puts(out, tk_name(km->b[i].key, name, sizeof name));
			if (km->b[i].key2)
				strbuf_puts(out, tk_name(km->b[i].key2, name, sizeof name));
			first = 0;
		}
}

/* Split line into at most 4 words in place; returns the count. */
static int split_words(char *line, char **word)
{
	int n = 0;
	char *p = line;

	while (n < 4) {
		p += strspn(p, " \t\r");
		if (*p == '\0')
			break;
		word[n++] = p;
		p += strcspn(p, " \t\r");
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* One key, or two typed one after the other (zh); -1 when w is neither. */
static int parse_key_word(const char *w, int *key2)
{
	size_t used = 0, used2 = 0;
	int key = tk_parse(w, &used);

	*key2 = 0;
	if (key < 0 || used == strlen(w))
		return key;
	*key2 = tk_parse(w + used, &used2);
	return *key2 > 0 && used + used2 == strlen(w) ? key : -1;
}

/* One statement; returns NULL or a static description of what was wrong. */
static const char *apply_line(struct keymap *km, char *line, char *bad, size_t badsize)
{
	char *w[4];
	int n = split_words(line, w), key, key2, action;

	if (n == 0 || w[0][0] == '#')
		return NULL;
	if (strcmp(w[0], "bind") != 0 && strcmp(w[0], "unbind") != 0) {
		snprintf(bad, badsize, "unknown command '%.40s' (bind, unbind)", w[0]);
		return bad;
	}
	if (n != (w[0][0] == 'b' ? 3 : 2)) {
		snprintf(bad, badsize, "%s", w[0][0] == 'b' ? "bind takes KEY ACTION"
							   : "unbind takes KEY");
		return bad;
	}
	if ((key = parse_key_word(w[1], &key2)) < 0) {
		snprintf(bad, badsize, "bad key '%.40s'", w[1]);
		return bad;
	}
	if (n == 2) {
		keymap_unbind(km, key, key2);
		return NULL;
	}
	if ((action = action_find(w[2])) < 0) {
		snprintf(bad, badsize, "unknown action '%.40s'", w[2]);
		return bad;
	}
	keymap_bind(km, key, key2, action);
	return NULL;
}

int keymap_load_text(struct keymap *km, const char *text, const char *file,
		     struct mt_error *err)
{
	char *copy = xstrdup(text), *line = copy, bad[128];
	int status = 0;

	for (int lineno = 1; line; lineno++) {
		char *next = strchr(line, '\n');
		const char *why;
		if (next)
			*next++ = '\0';
		if ((why = apply_line(km, line, bad, sizeof bad))) {
			mt_error_set(err, "%s:%d: %s", file, lineno, why);
			status = -1;
		}
		line = next;
	}
	free(copy);
	return status;
}

int keymap_load_file(struct keymap *km, const char *path, struct mt_error *err)
{
	FILE *f = fopen(path, "r");
	struct strbuf text = STRBUF_INIT;
	char buf[4096];
	size_t n;
	int status;

	if (!f) {
		if (errno == ENOENT)
			return 0;
		mt_error_set(err, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && text.len < MAX_KEYMAP_FILE)
		strbuf_add(&text, buf, n);
	fclose(f);
	if (memchr(strbuf_str(&text), '\0', text.len)) {
		mt_error_set(err, "%s: not a text file", path);
		strbuf_free(&text);
		return -1;
	}
	status = keymap_load_text(km, strbuf_str(&text), path, err);
	strbuf_free(&text);
	return status;
}

static const char *builtin_text(const char *name)
{
	for (size_t i = 0; keymap_texts[i].name; i++)
		if (strcmp(keymap_texts[i].name, name) == 0)
			return keymap_texts[i].text;
	return NULL;
}

int keymap_load_builtin(struct keymap *km, const char *name, struct mt_error *err)
{
	const char *text = builtin_text(name ? name : "default");
	char file[64];

	if (!text) {
		mt_error_set(err, "no keymap '%s' (default, emacs)", name);
		return -1;
	}
	if (keymap_load_text(km, builtin_text("default"), "<built-in default.keys>", err) < 0)
		return -1;
	if (!name || strcmp(name, "default") == 0)
		return 0;
	snprintf(file, sizeof file, "<built-in %.40s.keys>", name);
	return keymap_load_text(km, text, file, err);
}

int keymap_load_user(struct keymap *km, struct mt_error *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct strbuf path = STRBUF_INIT;
	int status = 0;

	if (xdg && *xdg)
		strbuf_printf(&path, "%s/mortem/keys", xdg);
	else if (home && *home)
		strbuf_printf(&path, "%s/.config/mortem/keys", home);
	if (path.len)
		status = keymap_load_file(km, strbuf_str(&path), err);
	strbuf_free(&path);
	return status;
}
