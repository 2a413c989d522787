/* views/columns.c: where a pane's columns go, for the UI (tui/list.c) and
 * `--print` (views/print.c) alike: each column as wide as its widest cell,
 * numbers never cut, and meter bars drawn with characters. */
#include "views/view.h"
#include "core/termsafe.h"

#include <string.h>

#define MIN_FLEX 6      /* the least a free-text column is cut to */
#define PRINT_CAP 64    /* --print: a text column's cap (a longer cell shifts
			   the rest of its own line only) */

static int is_meter(const struct view_ops *ops, int c)
{
	return (ops->meters & VIEW_METER(c)) != 0;
}

static int is_flex(const struct view_ops *ops, int c)
{
	return ops->cols[c].width == 0 && !ops->cols[c].right && !is_meter(ops, c);
}

int view_title_need(const struct view_ops *ops, int c)
{
	const struct view_col *col = &ops->cols[c];
	int t = (int)mt_text_width(col->title) + (ops->sort ? 1 : 0);  /* ▼ */

	if (is_meter(ops, c) && t < col->width)
		t = col->width;
	return t;
}

/* What column c needs, and the least it may be cut to before the row
 * scrolls sideways: a number is never cut; a free-text column keeps a
 * fifth of the pane; another text column its declared width. */
static void natural(const struct view_ops *ops, int c, int need, int avail, int *nat,
		    int *floor)
{
	const struct view_col *col = &ops->cols[c];
	int least;

	*nat = need;
	if (col->right) {
		*floor = need;
		return;
	}
	if (is_meter(ops, c))
		least = 16;   /* [|||   100.0%] */
	else if (col->width == 0)   /* a fifth of the pane */
		least = avail / 5 > MIN_FLEX ? avail / 5 : MIN_FLEX;
	else
		least = col->width;
	*floor = least < need ? least : need;
}

/* Each text column at max(floor, min(nat, level)). */
static int at_level(const int *nat, const int *floor, int n, int level, int *w)
{
	int sum = 0;

	for (int c = 0; c < n; c++) {
		w[c] = nat[c] < level ? nat[c] : level;
		if (w[c] < floor[c])
			w[c] = floor[c];
		sum += w[c];
	}
	return sum;
}

/* Cut the widest columns first down to a common level so that the row
 * fits in avail, never below a column's floor (then the row is wider). */
static void fit(const int *nat, const int *floor, int n, int avail, int *w)
{
	int lo = 0, hi = 0;

	for (int c = 0; c < n; c++)
		if (nat[c] > hi)
			hi = nat[c];
	while (lo < hi) {                 /* the highest level that fits */
		int mid = lo + (hi - lo + 1) / 2;
		if (at_level(nat, floor, n, mid, w) <= avail)
			lo = mid;
		else
			hi = mid - 1;
	}
	int left = avail - at_level(nat, floor, n, lo, w);
	for (int c = 0; c < n && left > 0; c++)   /* what rounding left over */
		if (w[c] < nat[c]) {
			w[c]++;
			left--;
		}
}

/* The rest of the line to the free-text columns, evenly; 0 when none. */
static int share_rest(const struct view_ops *ops, int rest, int *w)
{
	int n = 0, given = 0;

	for (int c = 0; c < ops->ncols; c++)
		n += is_flex(ops, c);
	for (int c = 0, i = 0; c < ops->ncols && n; c++)
		if (is_flex(ops, c)) {
			int part = rest / n + (++i == n ? rest % n : 0);
			w[c] += part;
			given += part;
		}
	return given;
}

void view_layout(const struct view_ops *ops, const int *need, int avail,
		 struct view_layout *out)
{
	int nat[VIEW_MAX_COLS], floor[VIEW_MAX_COLS], n = ops->ncols, total = n - 1;
	int x = 0;

	memset(out, 0, sizeof *out);
	for (int c = 0; c < n; c++) {
		natural(ops, c, need[c], avail, &nat[c], &floor[c]);
		if (avail <= 0 && c < n - 1 && !ops->cols[c].right && nat[c] > PRINT_CAP)
			nat[c] = PRINT_CAP;
		out->w[c] = nat[c];
		total += nat[c];
	}
	out->natural = total;   /* a meter needs only its floor: it is elastic */
	for (int c = 0; c < n; c++)
		if (is_meter(ops, c))
			out->natural -= nat[c] - floor[c];
	for (int c = 0; c < n && avail > 0 && total > avail; c++)
		if (is_meter(ops, c)) {          /* a meter gives way first */
			int take = nat[c] - floor[c] < total - avail ? nat[c] - floor[c]
								     : total - avail;
			nat[c] -= take;
			out->w[c] = nat[c];
			total -= take;
		}
	if (avail > 0 && total < avail)
		share_rest(ops, avail - total, out->w);    /* the rest: free text */
	else if (avail > 0 && total > avail)
		fit(nat, floor, n, avail - (n - 1), out->w);
	for (int c = 0; c < n; c++) {
		out->x[c] = x;
		x += out->w[c] + (c < n - 1);
	}
	out->width = x;
}

void view_meter(double fill, const char *label, int width, struct strbuf *out)
{
	int inner = width - 2, lw = (int)mt_text_width(label), bars;

	if (inner < lw) {                 /* no room for a bar: the value */
		strbuf_puts(out, label);
		return;
	}
	if (fill < 0)
		fill = 0;
	if (fill > 1)
		fill = 1;
	bars = (int)(fill * inner + 0.5);
	if (bars == 0 && fill > 0)
		bars = 1;                 /* a share above zero shows */
	if (bars > inner - lw)
		bars = inner - lw;        /* htop: the value is drawn over the bar */
	strbuf_putc(out, '[');
	for (int i = 0; i < bars; i++)
		strbuf_putc(out, '|');
	for (int i = bars; i < inner - lw; i++)
		strbuf_putc(out, ' ');
	strbuf_puts(out, label);
	strbuf_putc(out, ']');
}
