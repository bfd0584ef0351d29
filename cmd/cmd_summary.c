/*
 * "tokenshare" with no command: a few lines on the database, as vnstat
 * prints with no options: where it is, the rankings days held, when data
 * last came in, and the last full week's CN, US and rest shares of the
 * rankings and of the router logs, with their change since the week
 * before. Numbers for eyes: one decimal. The exact figures are the
 * reports' (report share, report change).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/commands.h"
#include "core/cli.h"
#include "core/date.h"
#include "core/log.h"
#include "core/num.h"
#include "reporter/views/query_opts.h"
#include "reporter/views/share.h"
#include "store/inventory.h"
#include "store/store.h"

static const char *const shown[] = {"CN", "US", SHARE_GROUP_REST};
#define N_SHOWN (sizeof shown / sizeof shown[0])

static bool is_partial(const struct share_table *t, const char *label)
{
	for (size_t i = 0; i < t->n_partial; i++) {
		if (strcmp(t->partial_periods[i], label) == 0)
			return true;
	}
	return false;
}

/* The shares of CN, US and rest in the period starting on start; false if
 * the table has no row of that period. */
static bool period_shares(const struct share_table *t, int32_t start, int64_t share[N_SHOWN])
{
	bool found = false;
	memset(share, 0, N_SHOWN * sizeof *share);
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		if (r->period.start != start)
			continue;
		found = true;
		for (size_t g = 0; g < N_SHOWN; g++) {
			if (strcmp(r->group, shown[g]) == 0)
				share[g] = (int64_t)r->share_e4;
		}
	}
	return found;
}

/* The last full week's shares of one source, and their change; 0, or -1. */
static int week_lines(struct store *st, const char *source, const char *what)
{
	struct share_query q;
	query_defaults(&q);
	q.source = source;
	q.groups = "CN,US";
	q.groups_given = true;
	struct share_table t;
	if (share_compute(st, &q, &t) != 0)
		return -1;
	const struct share_row *last = NULL;
	for (size_t i = t.n_rows; i-- > 0;) {
		if (!is_partial(&t, t.rows[i].period.label)) {
			last = &t.rows[i];
			break;
		}
	}
	if (!last) {
		printf("%-12s no full week yet\n", what);
		share_table_finish(&t);
		return 0;
	}
	int64_t now[N_SHOWN], before[N_SHOWN];
	period_shares(&t, last->period.start, now);
	bool has_before = period_shares(&t, last->period.start - 7, before);
	struct period prev;
	period_of(PERIOD_WEEK, last->period.start - 7, &prev);
	printf("%-12s %s:", what, last->period.label);
	for (size_t g = 0; g < N_SHOWN; g++) {
		char v[32];
		num_format_tenths(now[g], false, v);
		printf("%s %s %s %%", g ? "," : "", shown[g], v);
	}
	printf("\n");
	if (has_before) {
		printf("%-12s since %s:", "", prev.label);
		for (size_t g = 0; g < N_SHOWN; g++) {
			char v[32];
			num_format_tenths(now[g] - before[g], true, v);
			printf("%s %s %s pp", g ? "," : "", shown[g], v);
		}
		printf("\n");
	}
	share_table_finish(&t);
	return 0;
}

struct counts {
	struct inventory_rankings rankings;
	char first[DATE_LEN + 1], last[DATE_LEN + 1];
	size_t log_sources;
};

static void on_rankings(void *ctx, const struct inventory_rankings *r)
{
	struct counts *c = ctx;
	c->rankings = *r;
	snprintf(c->first, sizeof c->first, "%s", r->first);
	snprintf(c->last, sizeof c->last, "%s", r->last);
}

static void on_log_source(void *ctx, const struct inventory_log_source *s)
{
	struct counts *c = ctx;
	c->log_sources += s->has_days;
}

int command_summary(const struct cli_global *g)
{
	char *path = cli_db_path(g);
	struct stat sb;
	if (!path || stat(path, &sb) != 0) {
		free(path);
		return -1;
	}
	struct store st;
	if (store_open(&st, path, STORE_READ) != 0) {
		free(path);
		return TS_EXIT_STORE;
	}
	struct counts c = {0};
	int64_t fetched;
	int rc = inventory_rankings(&st, on_rankings, &c) != 0 ||
	         inventory_log_sources(&st, on_log_source, &c) != 0 ||
	         inventory_last_fetch(&st, &fetched) != 0 ? -1 : 0;
	if (rc == 0) {
		printf("%-12s %s\n", "database", path);
		if (c.rankings.days)
			printf("%-12s %lld days, %s to %s\n", "rankings", (long long)c.rankings.days,
			       c.first, c.last);
		else
			printf("%-12s none\n", "rankings");
		char ts[TIMESTAMP_LEN + 1];
		if (fetched != INVENTORY_NONE) {
			date_format_timestamp(fetched, ts);
			printf("%-12s %s\n", "updated", ts);
		}
		if (c.rankings.days)
			rc = week_lines(&st, SHARE_SOURCE_RANKINGS, "OpenRouter");
		if (rc == 0 && c.log_sources)
			rc = week_lines(&st, SHARE_SOURCE_LOGS, "router logs");
	}
	store_close(&st);
	free(path);
	if (rc != 0)
		return TS_EXIT_STORE;
	return fflush(stdout) == 0 ? TS_EXIT_OK : TS_EXIT_OUTPUT;
}
