/*
 * The share report's query and table (see share_table.h): the measures,
 * the query's defaults, the list helpers, freeing a table, its citation.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "reporter/views/share_table.h"

static const struct {
	const char *name, *column;
} measures[MEASURE_COUNT] = {
	[MEASURE_TOKENS] = {"tokens", "tokens"},
	[MEASURE_REQUESTS] = {"requests", "requests"},
	[MEASURE_COST] = {"cost", "cost_microusd"},
};

bool share_measure_parse(const char *name, enum share_measure *m)
{
	for (int i = 0; i < MEASURE_COUNT; i++) {
		if (strcmp(name, measures[i].name) == 0) {
			*m = (enum share_measure)i;
			return true;
		}
	}
	return false;
}

const char *share_measure_name(enum share_measure m)
{
	return measures[m].name;
}

const char *share_measure_column(enum share_measure m)
{
	return measures[m].column;
}

void share_query_defaults(struct share_query *q)
{
	*q = (struct share_query){
		.period = PERIOD_WEEK,
		.by = SHARE_BY_AUTHOR_COUNTRY,
		.measure = MEASURE_TOKENS,
		.from = INT32_MIN,
		.to = INT32_MAX,
		.source = SHARE_SOURCE_RANKINGS,
		.prices = PRICES_NONE,
		.known_at = INT32_MAX,
	};
}

bool share_day_listed(const int32_t *days, size_t n, int32_t day)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && days[lo] == day;
}

bool share_group_kept(const char *list, const char *group)
{
	if (!list)
		return true;
	size_t n = strlen(group);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, group, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

void share_table_finish(struct share_table *t)
{
	for (size_t i = 0; i < t->n_rows; i++) {
		free(t->rows[i].group);
		free(t->rows[i].name);
	}
	free(t->rows);
	for (size_t i = 0; i < t->n_partial; i++)
		free(t->partial_periods[i]);
	free(t->partial_periods);
	free(t->missing_days);
	free(t->provisional_days);
	free(t->incomplete_days);
	free(t->mapping_origin);
	free(t->source_label);
	free(t->unpriced);
	for (size_t i = 0; i < t->n_unpriced_models; i++)
		free(t->unpriced_models[i]);
	free(t->unpriced_models);
	*t = (struct share_table){0};
}

char *share_as_of_text(const struct share_table *t)
{
	if (t->as_of_max == INT64_MIN)
		return xstrdup("an unrecorded date");
	char lo[DATE_LEN + 1], hi[DATE_LEN + 1];
	date_format(date_of_timestamp(t->as_of_min), lo);
	date_format(date_of_timestamp(t->as_of_max), hi);
	struct buf b = {0};
	if (strcmp(lo, hi) == 0)
		buf_append_str(&b, hi);
	else
		buf_printf(&b, "%s to %s", lo, hi);
	if (t->days_without_as_of)
		buf_printf(&b, " (%zu day%s without a recorded date)", t->days_without_as_of,
		           t->days_without_as_of == 1 ? "" : "s");
	return b.data;
}

char *share_citation(const struct share_table *t)
{
	if (!t->rankings)
		return xasprintf("Source: own router logs (%s)", t->source_label);
	char *as_of = share_as_of_text(t);
	char *s = xasprintf("Source: OpenRouter (openrouter.ai/rankings), as of %s", as_of);
	free(as_of);
	return s;
}
