/*
 * Facts for the share report (see facts.h): stored rankings rows, or the
 * UTC-day rollup and 15-minute cells of router logs (read through
 * store/rank_read.h and store/usage_read.h), turned into (local day,
 * model, provider, value).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "core/strmap.h"
#include "core/tz.h"
#include "core/xalloc.h"
#include "reporter/views/facts.h"
#include "reporter/views/pricing.h"
#include "store/rank_batch.h"
#include "store/rank_read.h"
#include "store/store.h"
#include "store/usage_read.h"

/* Interns a name into a growing list of owned strings. */
static uint32_t intern(struct strmap *map, char ***names, char ***perma, size_t *n, size_t *cap,
                       const char *name)
{
	int64_t id;
	if (strmap_get(map, name, strlen(name), &id))
		return (uint32_t)id;
	xgrow(names, cap, *n + 1, sizeof **names);
	*perma = xrealloc(*perma, *cap * sizeof **perma);
	(*names)[*n] = xstrdup(name);
	(*perma)[*n] = xstrdup("");
	strmap_put(map, name, strlen(name), (int64_t)*n);
	return (uint32_t)(*n)++;
}

/* Notes tokens of model on day that the price sheet does not price. */
static void add_unpriced(struct share_table *t, struct strmap *seen, size_t *cap_days,
                         size_t *cap_models, int32_t day, const char *model, uint64_t tokens)
{
	if (!t->n_unpriced || t->unpriced[t->n_unpriced - 1].day != day) {
		xgrow(&t->unpriced, cap_days, t->n_unpriced + 1, sizeof *t->unpriced);
		t->unpriced[t->n_unpriced++] = (struct unpriced_day){day, 0};
	}
	t->unpriced[t->n_unpriced - 1].tokens += tokens;
	int64_t ignored;
	if (!strmap_get(seen, model, strlen(model), &ignored)) {
		strmap_put(seen, model, strlen(model), 0);
		xgrow(&t->unpriced_models, cap_models, t->n_unpriced_models + 1,
		      sizeof *t->unpriced_models);
		t->unpriced_models[t->n_unpriced_models++] = xstrdup(model);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct day_flags {
	struct share_table *t;
	size_t cap_p, cap_i;
};

/*
 * A day of the range that is not final: provisional (as of a time before
 * the day ended: the API's live current day) or incomplete (fewer than 50
 * model rows, or no 'other' row: a truncated copy).
 */
static int day_flag(void *ctx, const struct rank_read_day *d)
{
	struct day_flags *f = ctx;
	struct share_table *t = f->t;
	int32_t day;
	if (!date_parse(d->day, strlen(d->day), &day))
		return 0;       // reported by the rows' reader
	int64_t models = d->rows - d->has_other;
	if (d->has_as_of && d->as_of < ((int64_t)day + 1) * 86400) {
		xgrow(&t->provisional_days, &f->cap_p, t->n_provisional + 1,
		      sizeof *t->provisional_days);
		t->provisional_days[t->n_provisional++] = day;
	} else if (!d->has_other || models < RANK_FULL_DAY_MODELS) {
		xgrow(&t->incomplete_days, &f->cap_i, t->n_incomplete + 1, sizeof *t->incomplete_days);
		t->incomplete_days[t->n_incomplete++] = day;
	}
	return 0;
}

struct rank_facts {
	struct store *st;
	const struct share_query *q;
	struct share_table *t;
	struct dims *dims;
	const struct pricing *pricing;
	const struct facts_sink *sink;
	struct strmap names;
	size_t cap;
	int32_t last_day;
	struct strmap unpriced_seen;
	size_t cap_unpriced, cap_models;
};

static int rank_fact(void *ctx, const struct rank_read_row *r)
{
	struct rank_facts *f = ctx;
	struct share_table *t = f->t;
	int32_t day;
	if (!date_parse(r->day, strlen(r->day), &day)) {
		log_error("%s: stored day '%s' is not a date", f->st->path, r->day);
		return -1;
	}
	if (day != f->last_day) {
		f->last_day = day;
		if (!r->has_as_of) {
			t->days_without_as_of++;
		} else {
			if (r->as_of < t->as_of_min)
				t->as_of_min = r->as_of;
			if (r->as_of > t->as_of_max)
				t->as_of_max = r->as_of;
		}
	}
	uint64_t value = (uint64_t)r->tokens;
	if (f->pricing) {
		const struct price_sheet *sheet = pricing_sheet_at(
			f->pricing, f->q->prices == PRICES_EACH_DAY ? day : f->q->prices);
		uint64_t tokens = value;
		if (!sheet || !pricing_cost(sheet, r->model, tokens, &value)) {
			// The query's range is the read's: every row is inside it.
			add_unpriced(t, &f->unpriced_seen, &f->cap_unpriced, &f->cap_models, day,
			             r->model, tokens);
			return 0;
		}
	}
	struct dims *dims = f->dims;
	uint32_t model = intern(&f->names, &dims->models, &dims->permaslugs, &dims->n_models,
	                        &f->cap, r->model);
	f->sink->add(f->sink->ctx, day, model, 0, value);
	return 0;
}

int facts_rankings(struct store *st, const struct share_query *q, struct share_table *t,
                   struct dims *dims, const struct pricing *pricing,
                   const struct facts_sink *sink)
{
	char from[DATE_LEN + 1] = "0000-00-00", to[DATE_LEN + 1] = "9999-99-99";
	if (q->from != INT32_MIN)
		date_format(q->from, from);
	if (q->to != INT32_MAX)
		date_format(q->to, to);
	struct day_flags flags = {.t = t};
	if (rank_read_days(st, from, to, day_flag, &flags) != 0)
		return -1;
	dims->providers = xcalloc(1, sizeof *dims->providers);
	dims->providers[0] = xstrdup("");
	dims->n_providers = 1;
	struct rank_facts f = {
		.st = st, .q = q, .t = t, .dims = dims, .pricing = pricing, .sink = sink,
		.last_day = INT32_MIN,
	};
	int err = rank_read_rows(st, from, to, rank_fact, &f);
	strmap_finish(&f.names);
	strmap_finish(&f.unpriced_seen);
	if (t->n_unpriced_models)
		xqsort(t->unpriced_models, t->n_unpriced_models, sizeof *t->unpriced_models, cmp_str);
	return err;
}

/* True if a stored usage row's ids name loaded dimensions; logs if not. */
static bool ids_known(struct store *st, const struct dims *dims, int64_t model, int64_t provider)
{
	if (model >= 0 && (uint64_t)model < dims->n_models && provider >= 0 &&
	    (uint64_t)provider < dims->n_providers)
		return true;
	log_error("%s: corrupt database: usage refers to model id %lld or provider id %lld, "
	          "which do not exist", st->path, (long long)model, (long long)provider);
	return false;
}

static uint64_t measure_value(const struct share_query *q, uint64_t requests, uint64_t tokens,
                              uint64_t cost)
{
	switch (q->measure) {
	case MEASURE_REQUESTS:
		return requests;
	case MEASURE_COST:
		return cost;
	case MEASURE_TOKENS:
	case MEASURE_COUNT:
		break;
	}
	return tokens;
}

/* What the log readers share while they read one query's sources. */
struct log_facts {
	struct store *st;
	const struct share_query *q;
	struct share_table *t;
	const struct dims *dims;
	const struct facts_sink *sink;
};

static int day_fact(void *ctx, const struct usage_read_day *d)
{
	struct log_facts *f = ctx;
	if (!ids_known(f->st, f->dims, d->model_id, d->provider_id))
		return -1;
	if (d->requests < 0 || d->tokens < 0 || d->cost_micro < 0 || d->cost_requests < 0) {
		log_error("%s: corrupt database: a negative count in usage_day", f->st->path);
		return -1;
	}
	uint64_t requests = (uint64_t)d->requests;
	f->t->requests += requests;
	f->t->requests_priced += (uint64_t)d->cost_requests;
	f->sink->add(f->sink->ctx, d->day, (uint32_t)d->model_id, (uint32_t)d->provider_id,
	             measure_value(f->q, requests, (uint64_t)d->tokens, (uint64_t)d->cost_micro));
	return 0;
}

/* A 15-minute bucket's cells, counted on its local day in the --tz zone. */
static int bucket_facts(void *ctx, int64_t bucket, const struct usage_cell *cells, size_t n)
{
	struct log_facts *f = ctx;
	int32_t day = tz_local_day(bucket * BUCKET_SECONDS);
	if (day < f->q->from || day > f->q->to)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!ids_known(f->st, f->dims, cells[i].model_id, cells[i].provider_id))
			return -1;
		const struct usage_counts *c = &cells[i].c;
		f->t->requests += c->requests;
		f->t->requests_priced += c->cost_requests;
		f->sink->add(f->sink->ctx, day, cells[i].model_id, cells[i].provider_id,
		             measure_value(f->q, c->requests, c->prompt + c->completion,
		                           c->cost_micro));
	}
	return 0;
}

static int read_buckets(struct log_facts *f, const struct usage_source *src)
{
	const int64_t per_day = 86400 / BUCKET_SECONDS;
	// One day of margin either side: no zone is more than 14 hours off UTC.
	int64_t lo = f->q->from == INT32_MIN ? INT64_MIN : ((int64_t)f->q->from - 1) * per_day;
	int64_t hi = f->q->to == INT32_MAX ? INT64_MAX : ((int64_t)f->q->to + 2) * per_day;
	return usage_read_buckets(f->st, src->id, lo, hi, bucket_facts, f);
}

/*
 * A daily snapshot (activity) and per-request records of the same days are
 * two accounts of the same requests when they come from one OpenRouter
 * account: added up they count each twice. Their ids cannot tell, so the
 * overlap is shown instead. 0 or -1.
 */
static int warn_overlap(struct store *st, const struct share_query *q,
                        const struct usage_source *daily, const struct usage_source *other)
{
	int64_t days = usage_read_overlap_days(st, daily->id, other->id, q->from, q->to);
	if (days < 0)
		return -1;
	if (days > 0)
		log_warning("%s (daily totals) and %s (requests) both hold %lld of the same days: if "
		            "they describe the same account, each request is counted in both; report "
		            "one with --source", daily->name, other->name, (long long)days);
	return 0;
}

int facts_logs(struct store *st, const struct share_query *q, struct share_table *t,
               struct dims *dims, const struct facts_sink *sink)
{
	struct usage_source *src = NULL;
	int n = usage_read_sources(st, q->source, &src);
	if (n < 0)
		return -1;
	if (n == 0) {
		log_error("no log source named '%s' in %s (see 'tokenshare status')", q->source,
		          st->path);
		free(src);
		return -2;
	}
	struct usage_names names;
	int err = usage_read_names(st, &names);
	*dims = (struct dims){
		.models = names.models,
		.permaslugs = names.permaslugs,
		.n_models = names.n_models,
		.providers = names.providers,
		.n_providers = names.n_providers,
	};
	struct log_facts f = {.st = st, .q = q, .t = t, .dims = dims, .sink = sink};
	struct buf label = {0};
	bool zoned = q->tz && strcmp(q->tz, "UTC") != 0;
	for (int i = 0; i < n && !err; i++) {
		buf_printf(&label, "%s%s", i ? "," : "", src[i].name);
		t->daily_source |= src[i].daily;
		err = zoned && !src[i].daily ? read_buckets(&f, &src[i])
		                              : usage_read_days(st, src[i].id, q->from, q->to,
		                                                day_fact, &f);
	}
	t->source_label = label.data ? label.data : xstrdup("");
	for (int i = 0; i < n && !err; i++) {
		for (int k = 0; k < n && !err; k++) {
			if (src[i].daily && !src[k].daily)
				err = warn_overlap(st, q, &src[i], &src[k]);
		}
	}
	usage_sources_free(src, (size_t)n);
	return err;
}
