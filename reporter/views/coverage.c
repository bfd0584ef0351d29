/*
 * The coverage table (see coverage.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <string.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/num.h"
#include "core/period.h"
#include "reporter/views/coverage.h"
#include "reporter/views/share.h"
#include "reporter/views/share_index.h"
#include "store/mapping_store.h"
#include "store/store.h"

struct cover {
	uint64_t total, unknown, unattributed, outside, unpriced;
	bool has_top;
};

static void scan(const struct share_table *t, size_t first, size_t end, struct cover *c)
{
	for (size_t i = first; i < end; i++) {
		const struct share_row *r = &t->rows[i];
		c->total += r->value;
		if (strcmp(r->group, SHARE_GROUP_UNKNOWN) == 0)
			c->unknown += r->value;
		else if (strcmp(r->group, SHARE_GROUP_UNATTRIBUTED) == 0)
			c->unattributed += r->value;
	}
}

/* The tokens outside the top N in the period starting on start. */
static uint64_t outside_top(const struct share_index *top, int32_t start)
{
	char group[32];
	snprintf(group, sizeof group, SHARE_OUTSIDE_PREFIX "%u", top->t->query.top);
	const struct share_row *r = share_index_find(top, start, group);
	return r ? r->value : 0;
}

static uint64_t unpriced_in(const struct share_table *t, const struct period *p)
{
	uint64_t n = 0;
	for (size_t i = 0; i < t->n_unpriced; i++) {
		if (t->unpriced[i].day >= p->start && t->unpriced[i].day <= p->end)
			n += t->unpriced[i].tokens;
	}
	return n;
}

/* How many of the sorted days fall in p. */
static int days_in(const int32_t *days, size_t n, const struct period *p)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += days[i] >= p->start && days[i] <= p->end;
	return k;
}

int coverage_models_load(struct store *st, const struct share_query *q, struct coverage_models *m)
{
	*m = (struct coverage_models){0};
	struct share_query qm = *q;
	qm.by = SHARE_BY_MODEL;
	qm.top = 0;
	qm.groups = NULL;
	qm.names = false;
	int err = share_compute(st, &qm, &m->t);
	if (err)
		return err;
	if (mapping_store_load(&m->rd, st, m->t.mapping_version) != 0) {
		share_table_finish(&m->t);
		return -1;
	}
	m->rd.known_at = q->known_at;
	return 0;
}

void coverage_models_finish(struct coverage_models *m)
{
	share_table_finish(&m->t);
	refdata_finish(&m->rd);
}

/* The largest unknown-country models of the period starting on start: "slug share%; ...". */
static void largest_unknown(const struct coverage_models *m, int32_t start, FILE *fp)
{
	struct buf b = {0};
	size_t listed = 0;
	for (size_t i = 0; i < m->t.n_rows && listed < COVERAGE_UNKNOWN_LISTED; i++) {
		const struct share_row *r = &m->t.rows[i];
		if (r->period.start != start)
			continue;
		struct model_origin o;
		refdata_resolve(&m->rd, r->group, &o);
		if (o.unattributed || o.author_country)
			continue;
		char share[24];
		num_format_e4(r->share_e4, share);
		buf_printf(&b, "%s%s %s%%", listed++ ? "; " : "", r->group, share);
	}
	csv_write_text(fp, b.data ? b.data : "");
	buf_finish(&b);
}

static void share_text(uint64_t part, uint64_t total, char out[24])
{
	num_format_e4(num_share_e4(part, total), out);
}

int coverage_write_csv(const struct share_table *base, const struct share_table *top,
                       const struct coverage_models *models, FILE *fp)
{
	const char *col = share_measure_column(base->query.measure);
	bool priced = base->query.prices != PRICES_NONE;
	fprintf(fp, "period,start,end,days,length,missing_days,%s%s,unknown_%s,unknown_share,"
	        "largest_unknown,unattributed_%s,unattributed_share", base->rankings ?
	        "provisional_days,incomplete_days," : "", col, col, col);
	if (top)
		fprintf(fp, ",top_n,top_n_%s,top_n_share", col);
	if (priced)
		fputs(",unpriced_tokens", fp);
	fputc('\n', fp);
	struct share_index top_ix = {0};
	if (top)
		share_index_build(&top_ix, top);
	for (size_t i = 0; i < base->n_rows;) {
		size_t end = i;
		while (end < base->n_rows && base->rows[end].period.start == base->rows[i].period.start)
			end++;
		const struct share_row *r = &base->rows[i];
		struct cover c = {0};
		scan(base, i, end, &c);
		char start[DATE_LEN + 1], last[DATE_LEN + 1], unk[24], una[24];
		date_format(r->period.start, start);
		date_format(r->period.end, last);
		share_text(c.unknown, c.total, unk);
		share_text(c.unattributed, c.total, una);
		int length = period_length(&r->period);
		int prov = days_in(base->provisional_days, base->n_provisional, &r->period);
		int inc = days_in(base->incomplete_days, base->n_incomplete, &r->period);
		fprintf(fp, "%s,%s,%s,%d,%d,%d,", r->period.label, start, last, r->days, length,
		        length - r->days - prov - inc);
		if (base->rankings)
			fprintf(fp, "%d,%d,", prov, inc);
		fprintf(fp, "%" PRIu64 ",%" PRIu64 ",%s,", c.total, c.unknown, unk);
		largest_unknown(models, r->period.start, fp);
		fprintf(fp, ",%" PRIu64 ",%s", c.unattributed, una);
		if (top) {
			uint64_t inside = c.total - outside_top(&top_ix, r->period.start);
			char in[24];
			share_text(inside, c.total, in);
			fprintf(fp, ",%u,%" PRIu64 ",%s", top->query.top, inside, in);
		}
		if (priced)
			fprintf(fp, ",%" PRIu64, unpriced_in(base, &r->period));
		fputc('\n', fp);
		i = end;
	}
	share_index_finish(&top_ix);
	return ferror(fp) ? -1 : 0;
}
