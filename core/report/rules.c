/* core/report/rules.c: triage rules. Each finding has a rule id, a
 * severity, one line of text, and the rows that prove it; findings are kept
 * worst first. Thresholds are in struct mt_thresholds. */
#include "core/report/internal.h"
#include "core/report/jget.h"
#include "core/report/rules.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <string.h>

#define MAX_PROOF_ROWS 12

void mt_thresholds_default(struct mt_thresholds *t)
{
	t->heap_warn = 0.85;
	t->heap_crit = 0.95;
	t->leak_warn = 50;
	t->leak_crit = 250;
	t->pileup_warn = 50;
	t->pileup_crit = 250;
	t->cpu_user_pct = 80;
	t->cpu_kernel_ratio = 0.1;
	t->fd_warn = 0.8;
	t->fd_crit = 0.95;
	t->long_timer_ms = 600000;
}

struct mt_finding *rule_add(struct mt_report *r, const char *rule, enum mt_severity sev,
			    const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	r->findings = xreallocarray(r->findings, r->nfindings + 1, sizeof *r->findings);
	struct mt_finding *f = &r->findings[r->nfindings++];
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->severity = sev;
	va_start(ap, fmt);
	strbuf_vprintf(&msg, fmt, ap);
	va_end(ap);
	f->message = strbuf_detach(&msg);
	return f;
}

void rule_row(struct mt_finding *f, const char *fmt, ...)
{
	struct strbuf row = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(&row, fmt, ap);
	va_end(ap);
	f->rows = xreallocarray(f->rows, f->nrows + 1, sizeof *f->rows);
	f->rows[f->nrows++] = strbuf_detach(&row);
}

void rule_handle_row(struct mt_finding *f, const struct mt_handle *h)
{
	char l[300], rm[300];

	rule_row(f, "%s fd %lld %s -> %s%s%s", h->type, (long long)h->fd,
		 mt_endpoint_text(&h->local, l, sizeof l),
		 mt_endpoint_text(&h->remote, rm, sizeof rm),
		 h->active == 1 ? " active" : "", h->referenced == 1 ? " ref" : "");
}

/* The members of a group as proof, at most MAX_PROOF_ROWS of them. */
static void rule_group_rows(struct mt_finding *f, const struct mt_report *r,
			    const struct mt_handle_group *g)
{
	for (size_t i = 0; i < g->count && i < MAX_PROOF_ROWS; i++)
		rule_handle_row(f, &r->handles[g->members[i]]);
	if (g->count > MAX_PROOF_ROWS)
		rule_row(f, "... %zu more", g->count - MAX_PROOF_ROWS);
}

static void rule_connections(struct mt_report *r, const struct mt_thresholds *t)
{
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct mt_handle_group *g = &r->groups[i];
		struct mt_finding *f;
		if (g->dir == MT_DIR_OUTBOUND && g->count >= t->leak_warn)
			f = rule_add(r, "connection-leak",
				     g->count >= t->leak_crit ? MT_SEV_CRITICAL : MT_SEV_WARNING,
				     "connection leak: %zu %s connections open to %s",
				     g->count, g->type, g->endpoint);
		else if (g->dir == MT_DIR_INBOUND && g->count >= t->pileup_warn)
			f = rule_add(r, "inbound-pileup",
				     g->count >= t->pileup_crit ? MT_SEV_CRITICAL : MT_SEV_WARNING,
				     "inbound pile-up: %zu accepted connections held open on port %s",
				     g->count, strrchr(g->endpoint, ':') ?
				     strrchr(g->endpoint, ':') + 1 : g->endpoint);
		else
			continue;
		rule_group_rows(f, r, g);
	}
}

static void rule_fds(struct mt_report *r, const struct mt_thresholds *t)
{
	uint64_t soft = 0;
	size_t fds = 0;

	for (size_t i = 0; i < r->nlimits; i++)
		if (strcmp(r->limits[i].name, "open_files") == 0 &&
		    jval_u64(r->limits[i].soft, &soft) != 1)
			soft = 0;
	if (!soft)
		return;
	for (size_t i = 0; i < r->nhandles; i++)
		fds += r->handles[i].fd >= 0;
	double share = (double)fds / (double)soft;
	if (share < t->fd_warn)
		return;
	struct mt_finding *f = rule_add(r, "fd-limit",
		share >= t->fd_crit ? MT_SEV_CRITICAL : MT_SEV_WARNING,
		"file descriptors near the limit: %zu handles hold fds, open_files is %llu (%.0f%%)",
		fds, (unsigned long long)soft, share * 100);
	rule_row(f, "open_files soft limit %llu", (unsigned long long)soft);
	for (size_t i = 0; i < r->ngroups && f->nrows < MAX_PROOF_ROWS; i++) {
		size_t with_fd = 0;
		for (size_t m = 0; m < r->groups[i].count; m++)
			with_fd += r->handles[r->groups[i].members[m]].fd >= 0;
		if (with_fd)
			rule_row(f, "%zu fds: %s", with_fd, r->groups[i].key);
	}
}

/* Timers are summed into one finding per kind, with each timer as a row. */
static void rule_timers(struct mt_report *r, const struct mt_thresholds *t)
{
	struct mt_finding *overdue = NULL, *longer = NULL;

	for (size_t i = 0; i < r->nhandles; i++) {
		const struct mt_handle *h = &r->handles[i];
		struct mt_finding **f;
		if (!h->has_timer || h->active != 1)
			continue;
		if (h->fires_in_ms < 0 || h->expired)
			f = &overdue;
		else if (h->referenced == 1 && h->fires_in_ms >= t->long_timer_ms)
			f = &longer;
		else
			continue;
		if (!*f && f == &overdue)
			*f = rule_add(r, "timer-expired", MT_SEV_WARNING,
				      "timer overdue by %lld ms: the event loop is not getting to it",
				      (long long)-h->fires_in_ms);
		else if (!*f)
			*f = rule_add(r, "long-timer", MT_SEV_INFO,
				      "a referenced timer fires in %lld s and keeps the process alive",
				      (long long)(h->fires_in_ms / 1000));
		if ((*f)->nrows < MAX_PROOF_ROWS)
			rule_row(*f, "timer %s fires in %lld ms%s", h->address ? h->address : "?",
				 (long long)h->fires_in_ms, h->expired ? " (expired)" : "");
	}
}

void mt_report_free_findings(struct mt_report *r)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		free(r->findings[i].message);
		for (size_t j = 0; j < r->findings[i].nrows; j++)
			free(r->findings[i].rows[j]);
		free(r->findings[i].rows);
	}
	free(r->findings);
	r->findings = NULL;
	r->nfindings = 0;
}

void mt_report_triage(struct mt_report *r, const struct mt_thresholds *t)
{
	mt_report_free_findings(r);
	rule_process(r, t);
	rule_connections(r, t);
	rule_fds(r, t);
	rule_timers(r, t);
	rule_versions(r);
	/* worst first, stable (insertion sort: findings are few) */
	for (size_t i = 1; i < r->nfindings; i++)
		for (size_t j = i; j > 0 && r->findings[j].severity > r->findings[j - 1].severity; j--) {
			struct mt_finding tmp = r->findings[j];
			r->findings[j] = r->findings[j - 1];
			r->findings[j - 1] = tmp;
		}
}

enum mt_severity mt_report_max_severity(const struct mt_report *r)
{
	enum mt_severity worst = MT_SEV_NONE;

	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity > worst)
			worst = r->findings[i].severity;
	for (size_t i = 0; i < r->nworkers; i++) {
		enum mt_severity w = mt_report_max_severity(r->workers[i]);
		if (w > worst)
			worst = w;
	}
	return worst;
}
