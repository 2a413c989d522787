/* tests/unit/test_columns.c: the column layout every pane shares
 * (views/columns.c): a number column is never cut, text is cut widest
 * first and no lower than its floor, the rest goes to the free-text column,
 * a meter gives way first and is drawn with characters, and --print (no
 * width) caps long text. Widths are checked over every width from 20 to
 * 250 columns and a spread of cell widths, so no case is hand-picked. */
#include "views/view.h"
#include "tests/unit/check.h"

static const struct view_col cmp_cols[] = {
	{ "Class", 0, 0 },
	{ "# New", 9, 1 },
	{ "# Deleted", 9, 1 },
	{ "Size Delta", 12, 1 },
	{ "Held by", 30, 0 },
};
static const struct view_ops cmp_ops = { .name = "cmp", VIEW_COLS(cmp_cols) };

static const struct view_col meter_cols[] = {
	{ "space", 12, 0 },
	{ "used", 10, 1 },
	{ "use", 32, 0 },
};
static const struct view_ops meter_ops = {
	.name = "meter", VIEW_COLS(meter_cols), .meters = VIEW_METER(2),
};

static const struct view_col keep_cols[] = {
	{ "handle", 30, 0 },
	{ "count", 6, 1 },
	{ "active", 6, 1 },
	{ "detail", 0, 0 },
	{ "b", 0, 0 },
};
static const struct view_ops keep_ops = { .name = "keep", VIEW_COLS(keep_cols) };

/* Whatever the widths, a number column gets all it needs and the row
 * fills the pane or is wider (then it scrolls sideways); when it fits, the
 * free-text column has the rest. */
static void test_numbers_never_cut(void)
{
	static const int class_need[] = { 5, 12, 40, 90, 300 };
	static const int number_need[] = { 5, 9, 12, 15 };
	int bad = 0, fits = 0;

	for (size_t a = 0; a < sizeof class_need / sizeof class_need[0]; a++)
		for (size_t b = 0; b < sizeof number_need / sizeof number_need[0]; b++)
			for (int w = 20; w <= 250; w++) {
				int need[] = { class_need[a], number_need[b], 9, number_need[b] + 1, 28 };
				struct view_layout lay;
				view_layout(&cmp_ops, need, w, &lay);
				bad += lay.w[1] != need[1] || lay.w[2] != need[2] || lay.w[3] != need[3];
				bad += lay.width < w;          /* never narrower than the pane */
				bad += lay.natural > w && lay.width > lay.natural;
				if (lay.natural <= w) {        /* fits: nothing is cut */
					fits++;
					bad += lay.w[4] != need[4] || lay.w[0] < need[0];
					bad += lay.width != w;
				}
				for (int c = 1; c < 5; c++)  /* columns in order, one apart */
					bad += lay.x[c] != lay.x[c - 1] + lay.w[c - 1] + 1;
			}
	CHECK_INT(bad, 0);
	CHECK(fits > 100);
}

/* The widest text is cut first: at 160 columns a 300-column class name
 * leaves Held by whole and the numbers whole; the row is exactly 160. */
static void test_widest_cut_first(void)
{
	int need[] = { 300, 6, 10, 11, 28 };
	struct view_layout lay;

	view_layout(&cmp_ops, need, 160, &lay);
	CHECK_INT(lay.w[4], 28);
	CHECK_INT(lay.w[3], 11);
	CHECK_INT(lay.width, 160);
	CHECK_INT(lay.w[0], 160 - 4 - 6 - 10 - 11 - 28);
	CHECK_INT(lay.natural, 300 + 6 + 10 + 11 + 28 + 4);
	/* two long text columns share what is left evenly */
	int both[] = { 100, 6, 10, 11, 100 };
	view_layout(&cmp_ops, both, 160, &lay);
	CHECK(lay.w[0] - lay.w[4] <= 1 && lay.w[4] - lay.w[0] <= 1);
	CHECK_INT(lay.width, 160);
	/* a text column is not cut below its width (Held by: 30) */
	int tight[] = { 100, 6, 10, 11, 60 };
	view_layout(&cmp_ops, tight, 60, &lay);
	CHECK_INT(lay.w[4], 30);
	CHECK(lay.width > 60);
	/* the free-text column keeps a fifth of the pane */
	CHECK_INT(lay.w[0], 12);
}

/* A text column's width is kept: what the row exists for stays whole,
 * the counts scroll instead; the rest goes to the free-text columns,
 * shared. */
static void test_keep(void)
{
	int need[] = { 28, 6, 7, 6, 1 };
	struct view_layout lay;

	view_layout(&keep_ops, need, 39, &lay);
	CHECK_INT(lay.w[0], 28);
	CHECK_INT(lay.w[1], 6);
	CHECK(lay.width > 39);
	view_layout(&keep_ops, need, 80, &lay);
	CHECK_INT(lay.w[0], 28);
	CHECK_INT(lay.w[3] + lay.w[4], 80 - 4 - 28 - 6 - 7);
	CHECK((lay.w[3] - 6) - (lay.w[4] - 1) <= 1 && (lay.w[4] - 1) - (lay.w[3] - 6) <= 1);
}

/* A meter gives way before text is cut, down to 16; it needs only that. */
static void test_meter(void)
{
	int need[] = { 25, 10, 32 };
	struct view_layout lay;
	struct strbuf out = STRBUF_INIT;

	view_layout(&meter_ops, need, 200, &lay);
	CHECK_INT(lay.w[2], 32);
	CHECK_INT(lay.natural, 25 + 10 + 16 + 2);
	view_layout(&meter_ops, need, 60, &lay);
	CHECK_INT(lay.w[0], 25);
	CHECK_INT(lay.w[2], 60 - 25 - 10 - 2);
	view_layout(&meter_ops, need, 40, &lay);
	CHECK_INT(lay.w[2], 16);
	view_meter(0.5, "50%", 16, &out);
	CHECK_STR(strbuf_str(&out), "[|||||||    50%]");
	strbuf_reset(&out);
	view_meter(1.0, "100%", 12, &out);
	CHECK_STR(strbuf_str(&out), "[||||||100%]");
	strbuf_reset(&out);
	view_meter(0.001, "0%", 8, &out);
	CHECK_STR(strbuf_str(&out), "[|   0%]");
	strbuf_reset(&out);
	view_meter(0.0, "0%", 8, &out);
	CHECK_STR(strbuf_str(&out), "[    0%]");
	strbuf_reset(&out);
	view_meter(0.7, "70% of limit", 6, &out);   /* no room: the label */
	CHECK_STR(strbuf_str(&out), "70% of limit");
	strbuf_free(&out);
}

/* --print: no width; text capped at 64 except the last column. */
static void test_print(void)
{
	int need[] = { 300, 6, 10, 11, 200 };
	struct view_layout lay;

	view_layout(&cmp_ops, need, 0, &lay);
	CHECK_INT(lay.w[0], 64);
	CHECK_INT(lay.w[3], 11);
	CHECK_INT(lay.w[4], 200);
}

int main(void)
{
	test_numbers_never_cut();
	test_widest_cut_first();
	test_keep();
	test_meter();
	test_print();
	CHECK_DONE();
}
