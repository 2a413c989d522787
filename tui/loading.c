/* tui/loading.c: the screen that shows how far each file has come while
 * core/opener.c opens them on threads (heap snapshots take seconds). */
#include "tui/ui.h"
#include "tui/key.h"
#include "core/opener.h"
#include "core/termsafe.h"

#include <stdio.h>
#include <string.h>

/* ", 12.3 MiB/s" while bytes are being read. */
static void add_rate(struct strbuf *line, double rate)
{
	if (!rate)
		return;
	if (rate >= 1024.0 * 1024 * 1024)
		strbuf_printf(line, "  %.1f GiB/s", rate / (1024.0 * 1024 * 1024));
	else if (rate >= 1024.0 * 1024)
		strbuf_printf(line, "  %.1f MiB/s", rate / (1024.0 * 1024));
	else
		strbuf_printf(line, "  %.0f KiB/s", rate / 1024.0);
}

/* One line: path, phase, speed and a bar of how much is done. */
static void draw_job(struct screen *scr, struct mt_opening *j, int y)
{
	struct strbuf line = STRBUF_INIT, safe = STRBUF_INIT;
	struct mt_opening_state st;
	int barw = scr->cols / 3, fill, pct;

	mt_open_state(j, &st);
	pct = st.total ? (int)(st.done * 100 / st.total) : 0;
	strbuf_printf(&line, " %s: %s", st.finished ? "ready" : st.phase[0] ? st.phase : "opening",
		      j->path);
	add_rate(&line, st.rate);
	pct = pct > 100 ? 100 : pct;
	mt_termsafe(line.buf, line.len, &safe);
	strbuf_reset(&line);
	mt_text_fit(strbuf_str(&safe), (size_t)(scr->cols - barw - 7 > 0 ? scr->cols - barw - 7 : 0), &line);
	scr->ops->put(scr, y, 0, strbuf_str(&line), TA_NORMAL);
	fill = barw * pct / 100;
	scr->ops->blank(scr, y, scr->cols - barw - 6, fill, TA_BAR);
	scr->ops->blank(scr, y, scr->cols - barw - 6 + fill, barw - fill, TA_DIM | TA_SELECTED);
	strbuf_reset(&line);
	strbuf_printf(&line, "%4d%%", pct);
	scr->ops->put(scr, y, scr->cols - 5, strbuf_str(&line), TA_NORMAL);
	strbuf_free(&line);
	strbuf_free(&safe);
}

static int show_progress(struct screen *scr, struct mt_opening *jobs, int n, int *typed, int max)
{
	int ntyped = 0;

	while (!mt_open_all_finished(jobs, n)) {
		int key;
		scr->ops->clear(scr);
		scr->ops->put(scr, 0, 0, " mortem: loading", TA_TITLE);
		for (int i = 0; i < n; i++)
			draw_job(scr, &jobs[i], 2 + i);
		scr->ops->cursor(scr, -1, 0);
		scr->ops->flush(scr);
		key = scr->ops->poll_key(scr, 100);
		if (key == 'q' || key == TK_CTRL('c'))
			return -1;   /* quit at once: the caller does not wait */
		if (key != TK_NONE && key != TK_RESIZE && key != TK_MOUSE && ntyped < max)
			typed[ntyped++] = key;   /* typed ahead: used once the UI is up */
	}
	return ntyped;
}

int tui_load(struct screen *scr, struct mt_artifact *docs, int n,
	     const char *const *files, const struct mt_open_opts *open, int *typed, int max)
{
	struct mt_opening jobs[MT_MAX_FILES];
	int ntyped;

	n = n < MT_MAX_FILES ? n : MT_MAX_FILES;
	mt_open_start(jobs, n, docs, files, open);
	ntyped = show_progress(scr, jobs, n, typed, max);
	if (ntyped < 0)
		return -1;   /* the threads still run: the process ends now */
	mt_open_finish(jobs, n);
	return ntyped;
}
