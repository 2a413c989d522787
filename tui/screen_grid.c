/* tui/screen_grid.c: the headless backend: a grid of cells in memory and
 * keys from a script. */
#include "tui/screen.h"
#include "tui/key.h"
#include "core/termsafe.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#define CELL_BYTES 16   /* a character and a few combining marks */
#define MAX_SCRIPT_KEYS 100000

struct cell {
	char ch[CELL_BYTES];  /* UTF-8, NUL-terminated */
	unsigned char width;  /* 1 or 2; 0 for the right half of a wide character */
	short attr;
};

struct script_key {
	int key;
	int cols, rows;       /* for TK_RESIZE */
};

struct grid {
	struct cell *cells;        /* owned: rows * cols */
	struct script_key *keys;   /* owned */
	size_t nkeys, next;
};

static struct cell *cell_at(struct screen *scr, int y, int x)
{
	struct grid *g = scr->priv;
	return &g->cells[(size_t)y * (size_t)scr->cols + (size_t)x];
}

static void set_blank(struct cell *c, int attr)
{
	strcpy(c->ch, " ");
	c->width = 1;
	c->attr = (short)attr;
}

static void grid_clear(struct screen *scr)
{
	for (int y = 0; y < scr->rows; y++)
		for (int x = 0; x < scr->cols; x++)
			set_blank(cell_at(scr, y, x), TA_NORMAL);
}

/* Before writing w columns at x, blank any wide character cut in half. */
static void unsplit(struct screen *scr, int y, int x, int w)
{
	if (cell_at(scr, y, x)->width == 0 && x > 0)
		set_blank(cell_at(scr, y, x - 1), cell_at(scr, y, x - 1)->attr);
	if (x + w < scr->cols && cell_at(scr, y, x + w)->width == 0)
		set_blank(cell_at(scr, y, x + w), cell_at(scr, y, x + w)->attr);
}

static int grid_put(struct screen *scr, int y, int x, const char *s, int attr)
{
	size_t len = strlen(s);
	int x0 = x;

	if (y < 0 || y >= scr->rows || x < 0)
		return 0;
	for (size_t i = 0; i < len && x < scr->cols;) {
		int32_t cp;
		size_t n = mt_utf8_next(s + i, len - i, &cp);
		int w = cp < 0 ? 1 : wcwidth((wchar_t)cp);
		struct cell *c;
		if (w == 0 && x > x0) {   /* combining: joins the previous cell */
			c = cell_at(scr, y, x - 1);
			while (c->width == 0 && c > cell_at(scr, y, 0))
				c--;
			if (strlen(c->ch) + n < CELL_BYTES)
				strncat(c->ch, s + i, n);
			i += n;
			continue;
		}
		if (w <= 0)
			w = 1;
		if (x + w > scr->cols)
			break;
		unsplit(scr, y, x, w);
		c = cell_at(scr, y, x);
		if (cp < 0)
			strcpy(c->ch, "\xef\xbf\xbd");
		else
			memcpy(c->ch, s + i, n), c->ch[n] = '\0';
		c->width = (unsigned char)w;
		c->attr = (short)attr;
		if (w == 2) {
			cell_at(scr, y, x + 1)->width = 0;
			cell_at(scr, y, x + 1)->ch[0] = '\0';
		}
		x += w;
		i += n;
	}
	return x - x0;
}

static void grid_blank(struct screen *scr, int y, int x, int n, int attr)
{
	if (y < 0 || y >= scr->rows)
		return;
	for (int i = x < 0 ? 0 : x; i < x + n && i < scr->cols; i++) {
		unsplit(scr, y, i, 1);
		set_blank(cell_at(scr, y, i), attr);
	}
}

static void grid_cursor(struct screen *scr, int y, int x) { }
static void grid_flush(struct screen *scr) { }

static void grid_resize(struct screen *scr, int cols, int rows)
{
	struct grid *g = scr->priv;

	free(g->cells);
	scr->cols = cols;
	scr->rows = rows;
	g->cells = xcalloc((size_t)cols * (size_t)rows, sizeof *g->cells);
	grid_clear(scr);
}

static int grid_read_key(struct screen *scr)
{
	struct grid *g = scr->priv;
	struct script_key *k;

	if (g->next >= g->nkeys)
		return TK_NONE;
	k = &g->keys[g->next++];
	if (k->key == TK_RESIZE)
		grid_resize(scr, k->cols, k->rows);
	return k->key;
}

/* Nothing types on a grid while it waits: it only lets time pass. */
static int grid_poll_key(struct screen *scr, int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
	return TK_NONE;
}

static int grid_suspend(struct screen *scr)
{
	return -1;
}

static void grid_close(struct screen *scr)
{
	struct grid *g = scr->priv;

	free(g->cells);
	free(g->keys);
	free(g);
}

static const struct screen_ops grid_ops = {
	.clear = grid_clear,
	.put = grid_put,
	.blank = grid_blank,
	.cursor = grid_cursor,
	.flush = grid_flush,
	.read_key = grid_read_key,
	.poll_key = grid_poll_key,
	.suspend = grid_suspend,
	.close = grid_close,
};

/* "<Resize:WxH>" at s: returns its length and fills k, or 0. */
static size_t parse_resize(const char *s, struct script_key *k)
{
	int cols, rows, n = 0;

	if (strncmp(s, "<Resize:", 8) != 0 ||
	    sscanf(s + 8, "%dx%d>%n", &cols, &rows, &n) != 2 || n == 0 ||
	    cols < 1 || rows < 1 || cols > 1000 || rows > 1000)
		return 0;
	*k = (struct script_key){ .key = TK_RESIZE, .cols = cols, .rows = rows };
	return 8 + (size_t)n;
}

static int parse_script(struct grid *g, const char *keys, struct mt_error *err)
{
	size_t cap = 0;

	for (size_t i = 0; keys[i];) {
		struct script_key k = { 0 };
		size_t used = parse_resize(keys + i, &k);
		if (!used) {
			k.key = tk_parse(keys + i, &used);
			if (k.key < 0 || (keys[i] == '<' && used == 1))
				goto bad;  /* a '<' that names no key: write <lt> */
		}
		if (g->nkeys == cap) {
			cap = cap ? cap * 2 : 64;
			g->keys = xreallocarray(g->keys, cap, sizeof *g->keys);
		}
		if (g->nkeys >= MAX_SCRIPT_KEYS) {
			mt_error_set(err, "--keys: more than %d keys", MAX_SCRIPT_KEYS);
			return -1;
		}
		g->keys[g->nkeys++] = k;
		i += used;
		continue;
bad:
		mt_error_set(err, "--keys: no key at offset %zu: '%.20s' (write <lt> for <)", i, keys + i);
		return -1;
	}
	return 0;
}

struct screen *screen_grid_new(int cols, int rows, const char *keys, struct mt_error *err)
{
	struct screen *scr = xcalloc(1, sizeof *scr);
	struct grid *g = xcalloc(1, sizeof *g);

	scr->ops = &grid_ops;
	scr->priv = g;
	if (parse_script(g, keys ? keys : "", err) < 0) {
		screen_free(&scr);
		return NULL;
	}
	grid_resize(scr, cols, rows);
	return scr;
}

void screen_grid_dump(struct screen *scr, FILE *out)
{
	struct strbuf line = STRBUF_INIT;

	for (int y = 0; y < scr->rows; y++) {
		strbuf_reset(&line);
		for (int x = 0; x < scr->cols; x++)
			if (cell_at(scr, y, x)->width)
				strbuf_puts(&line, cell_at(scr, y, x)->ch);
		while (line.len && line.buf[line.len - 1] == ' ')
			line.buf[--line.len] = '\0';
		fprintf(out, "%s\n", strbuf_str(&line));
	}
	strbuf_free(&line);
}

void screen_free(struct screen **sp)
{
	struct screen *scr = *sp;

	if (!scr)
		return;
	scr->ops->close(scr);
	free(scr);
	*sp = NULL;
}
