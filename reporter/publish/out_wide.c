/*
 * The share table wide, for spreadsheets: one row per period and one share
 * column per group, period,start,end,days,CN,US,... CN and US come first,
 * then the other groups by their measure over the whole table (ties by
 * name); a group without data in a period has 0.0000 there. With --labels
 * names the column heads are the display names.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/num.h"
#include "core/strmap.h"
#include "core/xalloc.h"
#include "reporter/publish/output.h"
#include "reporter/views/share.h"

struct column {
	const char *group, *head;
	uint64_t total;         // of the measure, over every period
};

/* CN, then US, then by total (largest first), then by group. */
static int rank(const struct column *c)
{
	return strcmp(c->group, "CN") == 0 ? 0 : strcmp(c->group, "US") == 0 ? 1 : 2;
}

static int by_order(const void *a, const void *b)
{
	const struct column *x = a, *y = b;
	if (rank(x) != rank(y))
		return rank(x) - rank(y);
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->group, y->group);
}

static int write_wide(const struct share_table *t, FILE *fp)
{
	struct column *cols = NULL;
	size_t n = 0, cap = 0;
	struct strmap seen = {0};
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		int64_t k;
		if (!strmap_get(&seen, r->group, strlen(r->group), &k)) {
			k = (int64_t)n;
			strmap_put(&seen, r->group, strlen(r->group), k);
			xgrow(&cols, &cap, n + 1, sizeof *cols);
			cols[n++] = (struct column){r->group, t->query.names && r->name ? r->name
			                                                                : r->group, 0};
		}
		cols[k].total += r->value;
	}
	strmap_finish(&seen);
	if (n)
		xqsort(cols, n, sizeof *cols, by_order);
	struct strmap at = {0};        // group -> column
	fputs("period,start,end,days", fp);
	for (size_t c = 0; c < n; c++) {
		strmap_put(&at, cols[c].group, strlen(cols[c].group), (int64_t)c);
		fputc(',', fp);
		csv_write_text(fp, cols[c].head);
	}
	fputc('\n', fp);
	uint64_t *share = xcalloc(n ? n : 1, sizeof *share);
	for (size_t i = 0; i < t->n_rows;) {
		const struct share_row *first = &t->rows[i];
		memset(share, 0, (n ? n : 1) * sizeof *share);
		for (; i < t->n_rows && t->rows[i].period.start == first->period.start; i++) {
			int64_t c;
			strmap_get(&at, t->rows[i].group, strlen(t->rows[i].group), &c);
			share[c] = t->rows[i].share_e4;
		}
		char start[DATE_LEN + 1], end[DATE_LEN + 1];
		date_format(first->period.start, start);
		date_format(first->period.end, end);
		fprintf(fp, "%s,%s,%s,%d", first->period.label, start, end, first->days);
		for (size_t c = 0; c < n; c++) {
			char text[24];
			num_format_e4(share[c], text);
			fprintf(fp, ",%s", text);
		}
		fputc('\n', fp);
	}
	free(share);
	strmap_finish(&at);
	free(cols);
	return ferror(fp) ? -1 : 0;
}

const struct share_writer share_writer_wide = {"wide", write_wide};
