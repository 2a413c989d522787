/* tui/screen_curses.c: the terminal backend (ncursesw on stdscr). */
#include "tui/screen.h"
#include "tui/key.h"
#include "tui/ui.h"
#include "core/xalloc.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct term {
	SCREEN *screen;   /* owned */
	FILE *in;         /* owned when not stdin: /dev/tty */
};

static chtype attr_map[TA_COUNT];
static volatile sig_atomic_t curses_up;

/* Leave the terminal usable whatever killed us, then die the same way. */
static void restore_and_reraise(int sig)
{
	if (curses_up)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTERM, SIGHUP, SIGINT };

	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], restore_and_reraise);
}

static int no_color(void)
{
	const char *v = getenv("NO_COLOR");
	return (v && *v) || !has_colors();
}

static chtype pair(short n, short fg, short bg)
{
	init_pair(n, fg, bg);
	return COLOR_PAIR(n);
}

static void map_attrs(void)
{
	attr_map[TA_NORMAL] = A_NORMAL;
	attr_map[TA_HEADER] = A_BOLD;
	attr_map[TA_DIM] = A_DIM;
	attr_map[TA_INFO] = A_NORMAL;
	attr_map[TA_WARN] = A_BOLD;
	attr_map[TA_CRIT] = A_BOLD | A_UNDERLINE;
	attr_map[TA_ADDED] = A_BOLD;
	attr_map[TA_REMOVED] = A_DIM;
	attr_map[TA_HINT] = A_BOLD;
	attr_map[TA_COLTITLE] = A_BOLD | A_UNDERLINE;
	attr_map[TA_TAB] = A_NORMAL;
	attr_map[TA_TAB_ACTIVE] = A_REVERSE | A_BOLD;
	attr_map[TA_TITLE] = A_BOLD;
	attr_map[TA_TITLE_FOCUS] = A_REVERSE | A_BOLD;
	attr_map[TA_STATUS] = A_REVERSE;
	attr_map[TA_ERROR] = A_REVERSE | A_BOLD;
	attr_map[TA_BAR] = A_REVERSE;
	attr_map[TA_MATCH] = A_BOLD | A_UNDERLINE;
	attr_map[TA_METER] = A_BOLD;
	if (no_color())
		return;
	start_color();
	use_default_colors();
	attr_map[TA_HEADER] = pair(1, COLOR_CYAN, -1) | A_BOLD;
	attr_map[TA_INFO] = pair(2, COLOR_CYAN, -1);
	attr_map[TA_WARN] = pair(3, COLOR_YELLOW, -1) | A_BOLD;
	attr_map[TA_CRIT] = pair(4, COLOR_RED, -1) | A_BOLD;
	attr_map[TA_ADDED] = pair(5, COLOR_GREEN, -1);
	attr_map[TA_REMOVED] = pair(4, COLOR_RED, -1);
	attr_map[TA_HINT] = pair(3, COLOR_YELLOW, -1);
	attr_map[TA_TAB_ACTIVE] = pair(6, COLOR_BLACK, COLOR_CYAN) | A_BOLD;
	attr_map[TA_TITLE_FOCUS] = pair(7, COLOR_WHITE, COLOR_BLUE) | A_BOLD;
	attr_map[TA_ERROR] = pair(8, COLOR_WHITE, COLOR_RED) | A_BOLD;
	attr_map[TA_BAR] = pair(9, COLOR_BLACK, COLOR_GREEN);
	attr_map[TA_MATCH] = pair(10, COLOR_BLACK, COLOR_YELLOW);
	attr_map[TA_METER] = pair(5, COLOR_GREEN, -1) | A_BOLD;
}

static attr_t attr_of(int attr)
{
	chtype a = attr_map[(attr & 0xff) < TA_COUNT ? attr & 0xff : 0];

	if (attr & TA_SELECTED)
		a ^= A_REVERSE;
	return (attr_t)a;
}

static void curses_clear(struct screen *scr)
{
	erase();
}

static int curses_put(struct screen *scr, int y, int x, const char *s, int attr)
{
	int cy, cx;

	if (y < 0 || y >= scr->rows || x < 0 || x >= scr->cols)
		return 0;
	attrset(attr_of(attr));
	/* curses wraps at the margin: give it only what fits on this row. */
	mvaddnstr(y, x, s, (int)text_cut(s, scr->cols - x));
	getyx(stdscr, cy, cx);
	attrset(A_NORMAL);
	return cy == y ? cx - x : scr->cols - x;
}

static void curses_blank(struct screen *scr, int y, int x, int n, int attr)
{
	if (y < 0 || y >= scr->rows || x >= scr->cols || n <= 0)
		return;
	if (x + n > scr->cols)
		n = scr->cols - x;
	attrset(attr_of(attr));
	mvhline(y, x, ' ', n);
	attrset(A_NORMAL);
}

static void curses_cursor(struct screen *scr, int y, int x)
{
	curs_set(y >= 0);
	if (y >= 0)
		move(y, x);
}

static void curses_flush(struct screen *scr)
{
	refresh();
}

static int function_key(wint_t k)
{
	switch (k) {
	case KEY_UP: return TK_UP;
	case KEY_DOWN: return TK_DOWN;
	case KEY_LEFT: return TK_LEFT;
	case KEY_RIGHT: return TK_RIGHT;
	case KEY_PPAGE: return TK_PGUP;
	case KEY_NPAGE: return TK_PGDN;
	case KEY_HOME: return TK_HOME;
	case KEY_END: return TK_END;
	case KEY_DC: return TK_DEL;
	case KEY_IC: return TK_INS;
	case KEY_BACKSPACE: return TK_BS;
	case KEY_ENTER: return TK_ENTER;
	case KEY_BTAB: return TK_BTAB;
	case KEY_RESIZE: return TK_RESIZE;
	case KEY_MOUSE: return TK_MOUSE;
	}
	if (k >= KEY_F(1) && k <= KEY_F(12))
		return TK_F1 + (int)(k - KEY_F(1));
	return TK_MOUSE;  /* anything else is ignored like the mouse */
}

static int char_key(wint_t c)
{
	switch (c) {
	case '\r': case '\n': return TK_ENTER;
	case '\t': return TK_TAB;
	case 127: case 8: return TK_BS;
	case 27: return TK_ESC;
	}
	return (int)c;
}

static int decode_key(struct screen *scr, int rc, wint_t c)
{
	wint_t next;

	if (rc == KEY_CODE_YES) {
		int k = function_key(c);
		if (k == TK_RESIZE) {
			scr->cols = COLS;
			scr->rows = LINES;
		}
		return k;
	}
	if (c != 27)
		return char_key(c);
	nodelay(stdscr, TRUE);      /* Esc then a key at once: Alt+key */
	rc = get_wch(&next);
	nodelay(stdscr, FALSE);
	if (rc == OK && next != 27)
		return char_key(next) | TK_META;
	return TK_ESC;
}

static int curses_read_key(struct screen *scr)
{
	wint_t c;
	int rc;

	do
		rc = get_wch(&c);
	while (rc == ERR);
	return decode_key(scr, rc, c);
}

static int curses_poll_key(struct screen *scr, int ms)
{
	wint_t c;
	int rc;

	timeout(ms);
	rc = get_wch(&c);
	timeout(-1);
	return rc == ERR ? TK_NONE : decode_key(scr, rc, c);
}

/* Ctrl-Z: the terminal as it was before mortem, the process group
 * stopped (the shell then shows its prompt); on fg, curses takes the
 * terminal again and the whole screen is drawn anew at its current size. */
static int curses_suspend(struct screen *scr)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, old;
	struct winsize ws;

	endwin();
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	kill(0, SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	refresh();
	scr->cols = COLS;
	scr->rows = LINES;
	return 0;
}

static void curses_close(struct screen *scr)
{
	endwin();
	curses_up = 0;
	struct term *t = scr->priv;

	delscreen(t->screen);
	if (t->in)
		fclose(t->in);
	free(t);
}

static const struct screen_ops curses_ops = {
	.clear = curses_clear,
	.put = curses_put,
	.blank = curses_blank,
	.cursor = curses_cursor,
	.flush = curses_flush,
	.read_key = curses_read_key,
	.poll_key = curses_poll_key,
	.suspend = curses_suspend,
	.close = curses_close,
};

struct screen *screen_curses_new(struct mt_error *err)
{
	struct screen *scr;

	FILE *in = stdin;

	if (!isatty(STDOUT_FILENO)) {
		mt_error_set(err, "the UI needs a terminal (use --print or --headless)");
		return NULL;
	}
	/* With a file on stdin (mortem - <report), keys come from the tty. */
	if (!isatty(STDIN_FILENO) && !(in = fopen("/dev/tty", "r"))) {
		mt_error_set(err, "the UI needs a terminal to read keys from (use --print)");
		return NULL;
	}
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	SCREEN *term = newterm(NULL, stdout, in);
	if (!term) {
		if (in != stdin)
			fclose(in);
		mt_error_set(err, "cannot start the terminal (TERM=%s)",
			     getenv("TERM") ? getenv("TERM") : "");
		return NULL;
	}
	set_term(term);
	curses_up = 1;
	catch_signals();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	map_attrs();
	scr = xcalloc(1, sizeof *scr);
	scr->ops = &curses_ops;
	struct term *t = xcalloc(1, sizeof *t);
	t->screen = term;
	t->in = in == stdin ? NULL : in;
	scr->priv = t;
	scr->cols = COLS;
	scr->rows = LINES;
	return scr;
}
