/*
 * Change tables (see change.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/log.h"
#include "core/num.h"
#include "core/xalloc.h"
#include "reporter/publish/output.h"
#include "reporter/views/change.h"
#include "reporter/views/share.h"
#include "reporter/views/share_index.h"

__extension__ typedef __int128 i128;

struct change {
	const struct share_row *row;
	const struct share_row *prev, *year;    // NULL: no data then
	int32_t prev_start, year_start;
	int64_t share_pp_e4, share_yoy_e4;      // share change, 0.0001 percentage points
	bool tokens_pct_known, tokens_yoy_known;
	int64_t tokens_pct_e4, tokens_yoy_e4;   // measure change, 0.0001 %
};

/* The start of the period a year before p: 52 weeks, 364 days, or the same
 * month, quarter or year's start a calendar year before. */
static int32_t year_before(enum period_kind kind, const struct period *p)
{
	if (kind == PERIOD_DAY || kind == PERIOD_WEEK)
		return p->start - 364;
	int y, m, d;
	date_to_civil(p->start, &y, &m, &d);
	return date_from_civil(y - 1, m, 1);
}

int64_t change_percent_e4(uint64_t now, uint64_t then)
{
	i128 num = ((i128)now - (i128)then) * 1000000;
	i128 half = (i128)then / 2;
	i128 q = num >= 0 ? (num + half) / (i128)then : (num - half) / (i128)then;
	return (int64_t)q;
}

void change_format_e4(bool known, int64_t v, char out[32])
{
	char digits[24];
	if (!known) {
		out[0] = '\0';
		return;
	}
	num_format_e4((uint64_t)(v < 0 ? -v : v), digits);
	snprintf(out, 32, "%s%s", v < 0 ? "-" : v > 0 ? "+" : "", digits);
}

static void fill(const struct share_index *ix, const struct share_row *r, struct change *c)
{
	const struct share_table *t = ix->t;
	struct period prev;
	period_of(t->query.period, r->period.start - 1, &prev);
	*c = (struct change){.row = r, .prev_start = prev.start,
	                     .year_start = year_before(t->query.period, &r->period)};
	// A group absent from a period that has data had a share of zero then.
	static const struct share_row zero = {0};
	c->prev = share_index_find(ix, c->prev_start, r->group);
	if (!c->prev && share_index_has_period(ix, c->prev_start))
		c->prev = &zero;
	c->year = share_index_find(ix, c->year_start, r->group);
	if (!c->year && share_index_has_period(ix, c->year_start))
		c->year = &zero;
	if (c->prev) {
		c->share_pp_e4 = (int64_t)r->share_e4 - (int64_t)c->prev->share_e4;
		c->tokens_pct_known = c->prev->value > 0;
		if (c->tokens_pct_known)
			c->tokens_pct_e4 = change_percent_e4(r->value, c->prev->value);
	}
	if (c->year) {
		c->share_yoy_e4 = (int64_t)r->share_e4 - (int64_t)c->year->share_e4;
		c->tokens_yoy_known = c->year->value > 0;
		if (c->tokens_yoy_known)
			c->tokens_yoy_e4 = change_percent_e4(r->value, c->year->value);
	}
}

static int by_movement(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	int64_t mx = x->share_pp_e4 < 0 ? -x->share_pp_e4 : x->share_pp_e4;
	int64_t my = y->share_pp_e4 < 0 ? -y->share_pp_e4 : y->share_pp_e4;
	if (mx != my)
		return mx > my ? -1 : 1;
	return strcmp(x->row->group, y->row->group);
}

/* The rows to print: all, or the movers among the last period's groups. */
static struct change *collect(const struct share_table *t, unsigned movers, size_t *n)
{
	struct change *c = xcalloc(t->n_rows ? t->n_rows : 1, sizeof *c);
	*n = 0;
	int32_t last = t->n_rows ? t->rows[t->n_rows - 1].period.start : 0;
	struct share_index ix;
	share_index_build(&ix, t);
	for (size_t i = 0; i < t->n_rows; i++) {
		if (movers && t->rows[i].period.start != last)
			continue;
		fill(&ix, &t->rows[i], &c[*n]);
		// A mover moved from somewhere: the previous period must have data.
		if (!movers || c[*n].prev)
			(*n)++;
	}
	share_index_finish(&ix);
	if (movers && !*n && t->n_rows)
		log_warning("the period before %s has no data: no movers to show",
		            t->rows[t->n_rows - 1].period.label);
	if (movers) {
		if (*n)
			xqsort(c, *n, sizeof *c, by_movement);
		if (*n > movers)
			*n = movers;
	}
	return c;
}

static int write_csv(const struct share_table *t, const struct change *c, size_t n, FILE *fp)
{
	fprintf(fp, "period,start,end,group,%s,share,previous_start,share_change_pp,%s_change_pct,"
	        "year_ago_start,share_change_yoy_pp,%s_change_yoy_pct\n",
	        share_measure_column(t->query.measure), share_measure_column(t->query.measure),
	        share_measure_column(t->query.measure));
	for (size_t i = 0; i < n; i++) {
		const struct share_row *r = c[i].row;
		char start[DATE_LEN + 1], end[DATE_LEN + 1], ps[DATE_LEN + 1] = "", ys[DATE_LEN + 1] = "";
		char share[24], pp[32], pct[32], ypp[32], ypct[32];
		date_format(r->period.start, start);
		date_format(r->period.end, end);
		if (c[i].prev)
			date_format(c[i].prev_start, ps);
		if (c[i].year)
			date_format(c[i].year_start, ys);
		num_format_e4(r->share_e4, share);
		change_format_e4(c[i].prev != NULL, c[i].share_pp_e4, pp);
		change_format_e4(c[i].tokens_pct_known, c[i].tokens_pct_e4, pct);
		change_format_e4(c[i].year != NULL, c[i].share_yoy_e4, ypp);
		change_format_e4(c[i].tokens_yoy_known, c[i].tokens_yoy_e4, ypct);
		fprintf(fp, "%s,%s,%s,", r->period.label, start, end);
		csv_write_text(fp, r->group);  // a log's model name may hold a comma or a formula
		fprintf(fp, ",%llu,%s,%s,%s,%s,%s,%s,%s\n", (unsigned long long)r->value, share, ps,
		        pp, pct, ys, ypp, ypct);
	}
	return ferror(fp) ? -1 : 0;
}

static json_t *number_or_null(bool known, int64_t e4)
{
	return known ? json_real((double)e4 / 1e4) : json_null();
}

static int write_json(const struct share_table *t, const struct change *c, size_t n,
                      unsigned movers, FILE *fp)
{
	json_t *root = json_object();
	json_t *meta = share_json_meta(t);
	json_object_set_new(meta, "format", json_string("tokenshare-change"));
	json_object_set_new(meta, "change_rule", json_string(
		"share_change_pp: the share minus the previous period's (percentage points; a group "
		"absent from a period with data had 0); *_change_pct: the measure's change in "
		"percent; year ago: 52 weeks, the same month, or 364 days before"));
	json_object_set_new(meta, "movers", movers ? json_integer(movers) : json_null());
	json_object_set_new(root, "meta", meta);
	json_t *rows = json_array();
	const char *col = share_measure_column(t->query.measure);
	for (size_t i = 0; i < n; i++) {
		const struct share_row *r = c[i].row;
		json_t *o = json_object();
		char start[DATE_LEN + 1], key[64];
		date_format(r->period.start, start);
		json_object_set_new(o, "period", json_string(r->period.label));
		json_object_set_new(o, "start", json_string(start));
		json_object_set_new(o, "group", json_string(r->group));
		json_object_set_new(o, col, json_integer((json_int_t)r->value));
		json_object_set_new(o, "share", json_real((double)r->share_e4 / 1e4));
		json_object_set_new(o, "share_change_pp", number_or_null(c[i].prev, c[i].share_pp_e4));
		snprintf(key, sizeof key, "%s_change_pct", col);
		json_object_set_new(o, key, number_or_null(c[i].tokens_pct_known, c[i].tokens_pct_e4));
		json_object_set_new(o, "share_change_yoy_pp",
		                    number_or_null(c[i].year, c[i].share_yoy_e4));
		snprintf(key, sizeof key, "%s_change_yoy_pct", col);
		json_object_set_new(o, key, number_or_null(c[i].tokens_yoy_known, c[i].tokens_yoy_e4));
		json_array_append_new(rows, o);
	}
	json_object_set_new(root, "rows", rows);
	int err = json_dumpf(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(7));
	json_decref(root);
	fputc('\n', fp);
	return err || ferror(fp) ? -1 : 0;
}

int change_write(const struct share_table *t, unsigned movers, int json, FILE *fp)
{
	size_t n;
	struct change *c = collect(t, movers, &n);
	int rc = json ? write_json(t, c, n, movers, fp) : write_csv(t, c, n, fp);
	free(c);
	return rc;
}

int change_write_job(const void *job, FILE *fp)
{
	const struct change_job *j = job;
	return change_write(j->t, j->movers, j->json, fp);
}
