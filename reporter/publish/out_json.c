/*
 * The share table as JSON: {"meta": {...}, "rows": [...]}. The rows hold
 * the same fields as the CSV columns; meta says what they mean (format
 * version, period rule, mapping version, citation with its as-of date,
 * coverage). Shares are JSON numbers with at most four decimals.
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/date.h"
#include "core/num.h"
#include "core/xalloc.h"
#include "reporter/publish/output.h"
#include "reporter/views/share.h"
#include "reporter/views/share_index.h"

static json_t *date_or_null(int32_t day, int32_t open)
{
	if (day == open)
		return json_null();
	char s[DATE_LEN + 1];
	date_format(day, s);
	return json_string(s);
}

static json_t *timestamp_or_null(int64_t t, int64_t none)
{
	if (t == none)
		return json_null();
	char s[TIMESTAMP_LEN + 1];
	date_format_timestamp(t, s);
	return json_string(s);
}

static const char *measure_definition(enum share_measure m)
{
	switch (m) {
	case MEASURE_REQUESTS:
		return "requests (one per generation; daily sources give counts)";
	case MEASURE_COST:
		return "cost in USD micro-units as the source charged it; requests without a known "
		       "cost are left out (see coverage)";
	case MEASURE_TOKENS:
	case MEASURE_COUNT:
		break;
	}
	return "prompt + completion tokens, each counted by its provider's own tokenizer "
	       "(reasoning tokens are inside completion, cached inside prompt)";
}

/* The price sheet used and what it could not price, per period. */
static json_t *prices_meta(const struct share_table *t)
{
	json_t *p = json_object();
	json_object_set_new(p, "sheet", json_string(
		t->price_sheet[0] ? t->price_sheet : "each day's own (as-of-period)"));
	json_object_set_new(p, "blend", json_string("3 prompt : 1 completion"));
	json_t *by_period = json_object();
	uint64_t total = 0;
	for (size_t i = 0; i < t->n_unpriced; i++) {
		struct period per;
		period_of(t->query.period, t->unpriced[i].day, &per);
		json_t *v = json_object_get(by_period, per.label);
		json_int_t sum = (v ? json_integer_value(v) : 0) + (json_int_t)t->unpriced[i].tokens;
		json_object_set_new(by_period, per.label, json_integer(sum));
		total += t->unpriced[i].tokens;
	}
	json_object_set_new(p, "unpriced_tokens", json_integer((json_int_t)total));
	json_object_set_new(p, "unpriced_tokens_by_period", by_period);
	json_t *models = json_array();
	for (size_t i = 0; i < t->n_unpriced_models; i++)
		json_array_append_new(models, json_string(t->unpriced_models[i]));
	json_object_set_new(p, "unpriced_models", models);
	return p;
}

static const char *group_definition(enum share_by by)
{
	switch (by) {
	case SHARE_BY_AUTHOR_COUNTRY:
	case SHARE_BY_LINEAGE_COUNTRY:
		break;
	case SHARE_BY_AUTHOR:
		return "the model author's slug (the text before '/' in the model id, or the "
		       "author a model-override names); 'unknown' = not in the mapping; "
		       "'unattributed' = OpenRouter's 'other' row";
	case SHARE_BY_MODEL:
		return "the model id as the source spells it (variants such as ':free' kept); "
		       "'other' = OpenRouter's long tail outside the daily top 50";
	case SHARE_BY_PROVIDER:
		return "the serving provider's slug (providers.csv), or its name as the log "
		       "spells it; 'unknown' = the log does not say who served it";
	case SHARE_BY_PROVIDER_COUNTRY:
		return "ISO 3166-1 alpha-2 code of the serving provider's owner (providers.csv, "
		       "ultimate parent); 'unknown' = provider or its country not known";
	case SHARE_BY_PROVIDER_ENTITY_COUNTRY:
		return "ISO 3166-1 alpha-2 code of the serving provider's headquarters as "
		       "OpenRouter's /providers snapshot states it (the contracting entity)";
	case SHARE_BY_VARIANT:
		return "'paid' = a model id without a variant suffix; 'free' = OpenRouter's "
		       "':free' variants; 'variant' = any other ':suffix' (':nitro', ':thinking' "
		       "...); 'unattributed' = OpenRouter's 'other' row";
	case SHARE_BY_WEIGHTS:
		return "'open' = the model's weights can be downloaded (any licence), 'closed' = API "
		       "only, as data/reference/model-weights.csv says today (weights released later "
		       "count as open for the whole history); 'unknown' = not known; 'unattributed' "
		       "= OpenRouter's 'other' row";
	case SHARE_BY_FAMILY:
		return "the model family: the permaslug without a leading '~', its ':variant' and "
		       "one trailing -YYYYMMDD release date, then folded as "
		       "data/reference/model-families.csv says; 'unattributed' = OpenRouter's "
		       "'other' row";
	case SHARE_BY_WEIGHTS_ORIGIN:
		return "'closed' = API-only weights (any country); 'open-CN' = downloadable weights "
		       "from a Chinese author; 'open-rest' = downloadable weights from any other "
		       "known country; 'open-unknown' = open weights, author country not known; "
		       "'unknown' = weights not known (model-weights.csv); 'unattributed' = "
		       "OpenRouter's 'other' row";
	case SHARE_BY_COUNT:
		break;
	}
	return by == SHARE_BY_LINEAGE_COUNTRY
	       ? "ISO 3166-1 alpha-2 code of the country of the base model's author "
	         "(model-overrides.csv lineage_country; else the author's country); 'unknown' "
	         "= not known; 'unattributed' = OpenRouter's 'other' row"
	       : "ISO 3166-1 alpha-2 code of the country of the model's author; 'unknown' = "
	         "author not in the mapping or its country not known; 'unattributed' = "
	         "OpenRouter's 'other' row (models outside the daily top 50)";
}

/* The share of group in the period starting on start, in 0.0001 % (0 when absent). */
static int64_t share_of(const struct share_index *ix, int32_t start, const char *group)
{
	const struct share_row *r = share_index_find(ix, start, group);
	return r ? (int64_t)r->share_e4 : 0;
}

static void add_difference(json_t *diff, const char *period, const char *group,
                           int64_t author, int64_t lineage)
{
	json_t *d = json_object();
	json_object_set_new(d, "period", json_string(period));
	json_object_set_new(d, "group", json_string(group));
	json_object_set_new(d, "author_country_share", json_real((double)author / 1e4));
	json_object_set_new(d, "lineage_country_share", json_real((double)lineage / 1e4));
	json_object_set_new(d, "difference", json_real((double)(lineage - author) / 1e4));
	json_array_append_new(diff, d);
}

/*
 * Lineage view: every (period, group) whose share differs from the author
 * view, with both shares and the difference in percentage points: first
 * the lineage rows, then groups only the author view has.
 */
static json_t *lineage_difference(const struct share_table *t)
{
	const struct share_table *a = t->author_view;
	struct share_index lineage, author;
	share_index_build(&lineage, t);
	share_index_build(&author, a);
	json_t *diff = json_array();
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		int64_t share = share_of(&author, r->period.start, r->group);
		if (share != (int64_t)r->share_e4)
			add_difference(diff, r->period.label, r->group, share, (int64_t)r->share_e4);
	}
	for (size_t i = 0; i < a->n_rows; i++) {
		const struct share_row *r = &a->rows[i];
		if (r->share_e4 && share_of(&lineage, r->period.start, r->group) == 0)
			add_difference(diff, r->period.label, r->group, (int64_t)r->share_e4, 0);
	}
	share_index_finish(&lineage);
	share_index_finish(&author);
	return diff;
}

json_t *share_json_meta(const struct share_table *t)
{
	const struct share_query *q = &t->query;
	json_t *meta = json_object();
	json_object_set_new(meta, "format", json_string("tokenshare-share"));
	json_object_set_new(meta, "format_version", json_integer(SHARE_FORMAT_VERSION));
	json_object_set_new(meta, "tool", json_string("tokenshare " TOKENSHARE_VERSION));
	json_object_set_new(meta, "dataset", json_string(t->source_label));
	json_object_set_new(meta, "by", json_string(share_by_name(q->by)));
	json_object_set_new(meta, "measure", json_string(share_measure_name(q->measure)));
	json_object_set_new(meta, "column", json_string(share_measure_column(q->measure)));
	json_object_set_new(meta, "definition", json_string(
		t->rankings && q->measure == MEASURE_COST
		? "tokens repriced in USD micro-units at OpenRouter's published prices (GET "
		  "/api/v1/models snapshots): a blend of 3 prompt to 1 completion token per model, "
		  "':free' variants at zero; unpriced tokens are left out and listed in prices"
		: measure_definition(q->measure)));
	if (t->rankings && q->measure == MEASURE_COST)
		json_object_set_new(meta, "prices", prices_meta(t));
	json_object_set_new(meta, "period", json_string(period_kind_name(q->period)));
	if (q->tz && strcmp(q->tz, "UTC") != 0) {
		char *rule = xasprintf("%s; days are local days in %s%s", period_rule(q->period), q->tz,
		                       t->daily_source ? " (daily sources keep their UTC days)" : "");
		json_object_set_new(meta, "period_rule", json_string(rule));
		free(rule);
	} else {
		json_object_set_new(meta, "period_rule", json_string(period_rule(q->period)));
	}
	json_object_set_new(meta, "tz", json_string(q->tz ? q->tz : "UTC"));
	json_object_set_new(meta, "from", date_or_null(q->from, INT32_MIN));
	json_object_set_new(meta, "to", date_or_null(q->to, INT32_MAX));
	json_object_set_new(meta, "top", q->top ? json_integer(q->top) : json_null());
	json_object_set_new(meta, "share", json_string(
		"percent of all tokens of the period, the 'other' row included, rounded half up "
		"to four decimals"));
	char *groups = xasprintf("%s%s", group_definition(q->by), q->top ?
	                         "; 'outside-top-N' = every model outside the period's N largest, "
	                         "'other' included" : "");
	json_object_set_new(meta, "groups", json_string(groups));
	free(groups);
	json_object_set_new(meta, "groups_kept", q->groups ? json_string(q->groups) : json_null());
	if (q->groups)
		json_object_set_new(meta, "rest", json_string(
			"'" SHARE_GROUP_REST "' = every group not in groups_kept, folded into one"));
	json_object_set_new(meta, "known_at", date_or_null(q->known_at, INT32_MAX));
	if (q->known_at != INT32_MAX)
		json_object_set_new(meta, "known_at_rule", json_string(
			"authors and model overrides whose known_since is after known_at count as "
			"'unknown': the labels as they were public on that day"));
	if (t->author_view)
		json_object_set_new(meta, "difference_to_author_country", lineage_difference(t));

	json_t *mapping = json_object();
	json_object_set_new(mapping, "version", json_string(t->mapping_version));
	json_object_set_new(mapping, "sha256", json_string(t->mapping_sha256));
	json_object_set_new(mapping, "origin", json_string(t->mapping_origin));
	json_object_set_new(meta, "mapping", mapping);

	if (t->provider_snapshot[0])
		json_object_set_new(meta, "provider_snapshot", json_string(t->provider_snapshot));

	json_t *source = json_object();
	char *citation = share_citation(t);
	if (t->rankings) {
		char *as_of = share_as_of_text(t);
		json_object_set_new(source, "name", json_string("OpenRouter daily rankings"));
		json_object_set_new(source, "url", json_string("https://openrouter.ai/rankings"));
		json_object_set_new(source, "api", json_string("GET https://openrouter.ai/api/v1/datasets/rankings-daily"));
		json_object_set_new(source, "licence", json_string("CC BY 4.0"));
		json_object_set_new(source, "as_of", json_string(as_of));
		json_object_set_new(source, "as_of_first", timestamp_or_null(t->as_of_min, INT64_MAX));
		json_object_set_new(source, "as_of_last", timestamp_or_null(t->as_of_max, INT64_MIN));
		free(as_of);
	} else {
		json_object_set_new(source, "name", json_string(t->source_label));
	}
	json_object_set_new(source, "citation", json_string(citation));
	json_object_set_new(meta, "source", source);
	free(citation);

	json_t *coverage = json_object();
	json_object_set_new(coverage, "days_with_data", json_integer((json_int_t)t->n_days));
	if (!t->rankings) {
		json_object_set_new(coverage, "requests", json_integer((json_int_t)t->requests));
		json_object_set_new(coverage, "requests_without_cost",
		                    json_integer((json_int_t)(t->requests - t->requests_priced)));
	}
	json_t *missing = json_array(), *partial = json_array();
	for (size_t i = 0; i < t->n_missing; i++)
		json_array_append_new(missing, date_or_null(t->missing_days[i], INT32_MIN));
	for (size_t i = 0; i < t->n_partial; i++)
		json_array_append_new(partial, json_string(t->partial_periods[i]));
	json_object_set_new(coverage, "missing_days", missing);
	json_object_set_new(coverage, "partial_periods", partial);
	if (t->rankings) {
		json_t *prov = json_array(), *inc = json_array();
		for (size_t i = 0; i < t->n_provisional; i++)
			json_array_append_new(prov, date_or_null(t->provisional_days[i], INT32_MIN));
		for (size_t i = 0; i < t->n_incomplete; i++)
			json_array_append_new(inc, date_or_null(t->incomplete_days[i], INT32_MIN));
		json_object_set_new(coverage, "provisional_days", prov);
		json_object_set_new(coverage, "incomplete_days", inc);
		json_object_set_new(coverage, "day_rules", json_string(
			"'days' counts final, full days only. provisional = the day's as-of time is "
			"before the day ended (OpenRouter's current day updates live; a later ingest "
			"restates it); incomplete = fewer than 50 model rows or no 'other' row (a "
			"truncated copy). Their tokens are in the figures; the periods holding them "
			"are partial."));
	}
	json_object_set_new(meta, "coverage", coverage);
	return meta;
}

static int write_json(const struct share_table *t, FILE *fp)
{
	json_t *root = json_object();
	json_object_set_new(root, "meta", share_json_meta(t));
	json_t *rows = json_array();
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		char start[DATE_LEN + 1], end[DATE_LEN + 1];
		date_format(r->period.start, start);
		date_format(r->period.end, end);
		json_t *row = json_object();
		json_object_set_new(row, "period", json_string(r->period.label));
		json_object_set_new(row, "start", json_string(start));
		json_object_set_new(row, "end", json_string(end));
		json_object_set_new(row, "days", json_integer(r->days));
		json_object_set_new(row, "group", json_string(r->group));
		if (r->name)
			json_object_set_new(row, "name", json_string(r->name));
		json_object_set_new(row, share_measure_column(t->query.measure),
		                    json_integer((json_int_t)r->value));
		// The decimal text is exact; a double of it prints back the same with
		// 7 significant digits (shares are at most 100.0000).
		json_object_set_new(row, "share", json_real((double)r->share_e4 / 10000.0));
		json_array_append_new(rows, row);
	}
	json_object_set_new(root, "rows", rows);
	int err = json_dumpf(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(7));
	json_decref(root);
	fputc('\n', fp);
	return err || ferror(fp) ? -1 : 0;
}

const struct share_writer share_writer_json = {"json", write_json};
