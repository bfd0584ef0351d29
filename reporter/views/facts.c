/*
 * Facts for the share report (see share_build.h): stored rankings rows, or
 * the UTC-day rollup and 15-minute cells of router logs, turned into
 * (local day, model, provider, value).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collector/logs/logfmt.h"
#include "collector/rankings/rankings.h"
#include "store/usage_store.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "store/store.h"
#include "core/strmap.h"
#include "core/tz.h"
#include "core/xalloc.h"
#include "reporter/views/pricing.h"
#include "reporter/views/share_build.h"

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

/*
 * The days of the range that are not final: provisional (as of a time
 * before the day ended: the API's live current day) or incomplete (fewer
 * than 50 model rows, or no 'other' row: a truncated copy).
 */
static int day_flags(struct store *st, struct share_table *t, const char *from, const char *to)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT d.day, d.as_of, d.rows, EXISTS (SELECT 1 FROM rank_row o WHERE o.day = d.day "
		"AND o.model = 'other') FROM rank_day d WHERE d.day BETWEEN ?1 AND ?2 ORDER BY d.day");
	if (!q)
		return -1;
	store_bind_text(q, 1, from);
	store_bind_text(q, 2, to);
	size_t cap_p = 0, cap_i = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *text = store_column_text(q, 0);
		int32_t day;
		if (!date_parse(text, strlen(text), &day))
			continue;       // reported by the rows' reader
		bool has_other = sqlite3_column_int(q, 3) != 0;
		int64_t models = sqlite3_column_int64(q, 2) - has_other;
		if (sqlite3_column_type(q, 1) != SQLITE_NULL &&
		    sqlite3_column_int64(q, 1) < ((int64_t)day + 1) * 86400) {
			xgrow(&t->provisional_days, &cap_p, t->n_provisional + 1,
			      sizeof *t->provisional_days);
			t->provisional_days[t->n_provisional++] = day;
		} else if (!has_other || models < RANK_FULL_DAY_MODELS) {
			xgrow(&t->incomplete_days, &cap_i, t->n_incomplete + 1, sizeof *t->incomplete_days);
			t->incomplete_days[t->n_incomplete++] = day;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot read the rankings days");
}

int facts_rankings(struct store *st, struct builder *b, struct dims *dims,
                   const struct pricing *pricing)
{
	struct share_table *t = b->t;
	char from[DATE_LEN + 1] = "0000-00-00", to[DATE_LEN + 1] = "9999-99-99";
	if (b->q->from != INT32_MIN)
		date_format(b->q->from, from);
	if (b->q->to != INT32_MAX)
		date_format(b->q->to, to);
	if (day_flags(st, t, from, to) != 0)
		return -1;
	sqlite3_stmt *q = store_prepare(st,
		"SELECT r.day, d.as_of, r.model, r.tokens FROM rank_row r "
		"JOIN rank_day d ON d.day = r.day WHERE r.day BETWEEN ?1 AND ?2 "
		"ORDER BY r.day, r.model");
	if (!q)
		return -1;
	store_bind_text(q, 1, from);
	store_bind_text(q, 2, to);
	struct strmap names = {0};
	size_t cap = 0;
	dims->providers = xcalloc(1, sizeof *dims->providers);
	dims->providers[0] = xstrdup("");
	dims->n_providers = 1;
	int32_t last_day = INT32_MIN;
	struct strmap unpriced_seen = {0};
	size_t cap_unpriced = 0, cap_models = 0;
	int rc, err = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *day_text = store_column_text(q, 0);
		int32_t day;
		if (!date_parse(day_text, strlen(day_text), &day)) {
			log_error("%s: stored day '%s' is not a date", st->path, day_text);
			err = -1;
			break;
		}
		if (day != last_day) {
			last_day = day;
			if (sqlite3_column_type(q, 1) == SQLITE_NULL) {
				t->days_without_as_of++;
			} else {
				int64_t as_of = sqlite3_column_int64(q, 1);
				if (as_of < t->as_of_min)
					t->as_of_min = as_of;
				if (as_of > t->as_of_max)
					t->as_of_max = as_of;
			}
		}
		const char *name = store_column_text(q, 2);
		uint64_t value = (uint64_t)sqlite3_column_int64(q, 3);
		if (pricing) {
			const struct price_sheet *sheet = pricing_sheet_at(
				pricing, b->q->prices == PRICES_EACH_DAY ? day : b->q->prices);
			uint64_t tokens = value;
			if (!sheet || !pricing_cost(sheet, name, tokens, &value)) {
				// The query's range is the SQL's: every row is inside it.
				add_unpriced(t, &unpriced_seen, &cap_unpriced, &cap_models, day, name,
				             tokens);
				continue;
			}
		}
		uint32_t model = intern(&names, &dims->models, &dims->permaslugs, &dims->n_models, &cap,
		                        name);
		add_fact(b, day, model, 0, value);
	}
	if (!err && rc != SQLITE_DONE)
		err = store_fail(st, "cannot read the rankings");
	sqlite3_finalize(q);
	strmap_finish(&names);
	strmap_finish(&unpriced_seen);
	if (t->n_unpriced_models)
		xqsort(t->unpriced_models, t->n_unpriced_models, sizeof *t->unpriced_models, cmp_str);
	return err;
}

/* Largest id a table of n rows may hold: ids are rowids, given in order and
 * never deleted, so a much larger one means a damaged file, not data. */
static bool id_plausible(int64_t max_id, int64_t rows)
{
	return max_id >= 0 && rows >= 0 && max_id <= rows + 1024 && max_id < UINT32_MAX;
}

/* Loads model and provider names, indexed by their ids. 0 or -1 (logged). */
static int load_dims(struct store *st, struct dims *dims)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT coalesce(max(id), 0), count(*) FROM model_dim UNION ALL "
		"SELECT coalesce(max(id), 0), count(*) FROM provider_dim");
	if (!q)
		return -1;
	int64_t max_id[2] = {-1, -1}, rows[2] = {-1, -1};
	for (int k = 0; k < 2 && sqlite3_step(q) == SQLITE_ROW; k++) {
		max_id[k] = sqlite3_column_int64(q, 0);
		rows[k] = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	if (!id_plausible(max_id[0], rows[0]) || !id_plausible(max_id[1], rows[1])) {
		log_error("%s: corrupt database: model or provider ids out of range", st->path);
		return -1;
	}
	dims->n_models = (size_t)max_id[0] + 1;
	dims->n_providers = (size_t)max_id[1] + 1;
	dims->models = xcalloc(dims->n_models, sizeof *dims->models);
	dims->permaslugs = xcalloc(dims->n_models, sizeof *dims->permaslugs);
	dims->providers = xcalloc(dims->n_providers, sizeof *dims->providers);
	int rc = SQLITE_DONE;
	q = store_prepare(st, "SELECT id, slug, permaslug FROM model_dim");
	while (q && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		if (id < 0 || (size_t)id >= dims->n_models || dims->models[id]) {
			rc = SQLITE_CORRUPT;
			break;
		}
		dims->models[id] = xstrdup(store_column_text(q, 1));
		dims->permaslugs[id] = xstrdup(store_column_text(q, 2));
	}
	sqlite3_finalize(q);
	q = rc == SQLITE_DONE ? store_prepare(st, "SELECT id, name FROM provider_dim") : NULL;
	while (q && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		if (id < 0 || (size_t)id >= dims->n_providers || dims->providers[id]) {
			rc = SQLITE_CORRUPT;
			break;
		}
		dims->providers[id] = xstrdup(store_column_text(q, 1));
	}
	sqlite3_finalize(q);
	for (size_t i = 0; i < dims->n_models; i++) {
		if (!dims->models[i]) {
			dims->models[i] = xstrdup("");
			dims->permaslugs[i] = xstrdup("");
		}
	}
	for (size_t i = 0; i < dims->n_providers; i++) {
		if (!dims->providers[i])
			dims->providers[i] = xstrdup("");
	}
	if (rc == SQLITE_CORRUPT) {
		log_error("%s: corrupt database: a model or provider id out of range", st->path);
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot read model and provider names");
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

struct log_source {
	int64_t id;
	char *name;
	bool daily;
};

/* The log datasets the query names. Returns how many, or -1. */
static int log_sources(struct store *st, const char *wanted, struct log_source **out)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT id, name FROM log_source WHERE ?1 = 'logs' OR name = ?1 ORDER BY name");
	if (!q)
		return -1;
	store_bind_text(q, 1, wanted);
	size_t n = 0, cap = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		xgrow(out, &cap, n + 1, sizeof **out);
		const char *name = store_column_text(q, 1);
		bool daily = false;
		for (size_t i = 0; log_formats[i]; i++)
			daily |= log_formats[i]->daily && strcmp(log_formats[i]->dataset, name) == 0;
		(*out)[n++] = (struct log_source){sqlite3_column_int64(q, 0), xstrdup(name), daily};
	}
	sqlite3_finalize(q);
	return (int)n;
}

static int read_days(struct store *st, struct builder *b, const struct dims *dims,
                     const struct log_source *src)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT day, model_id, provider_id, requests, prompt_tokens + completion_tokens, "
		"cost_micro, cost_requests FROM usage_day WHERE source_id = ?1 AND day BETWEEN ?2 AND ?3");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, src->id);
	sqlite3_bind_int64(q, 2, b->q->from);
	sqlite3_bind_int64(q, 3, b->q->to);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t model = sqlite3_column_int64(q, 1), provider = sqlite3_column_int64(q, 2);
		int64_t v[4];
		for (int k = 0; k < 4; k++)
			v[k] = sqlite3_column_int64(q, 3 + k);
		if (!ids_known(st, dims, model, provider)) {
			sqlite3_finalize(q);
			return -1;
		}
		if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0) {
			log_error("%s: corrupt database: a negative count in usage_day", st->path);
			sqlite3_finalize(q);
			return -1;
		}
		uint64_t requests = (uint64_t)v[0];
		b->t->requests += requests;
		b->t->requests_priced += (uint64_t)v[3];
		add_fact(b, (int32_t)sqlite3_column_int64(q, 0), (uint32_t)model, (uint32_t)provider,
		         measure_value(b->q, requests, (uint64_t)v[1], (uint64_t)v[2]));
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot read usage");
}

/* 15-minute cells, each counted on its local day in the --tz zone. */
static int read_buckets(struct store *st, struct builder *b, const struct dims *dims,
                        const struct log_source *src)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT bucket, cells FROM usage_q WHERE source_id = ?1 AND bucket BETWEEN ?2 AND ?3");
	if (!q)
		return -1;
	const int64_t per_day = 86400 / BUCKET_SECONDS;
	// One day of margin either side: no zone is more than 14 hours off UTC.
	int64_t lo = b->q->from == INT32_MIN ? INT64_MIN : ((int64_t)b->q->from - 1) * per_day;
	int64_t hi = b->q->to == INT32_MAX ? INT64_MAX : ((int64_t)b->q->to + 2) * per_day;
	sqlite3_bind_int64(q, 1, src->id);
	sqlite3_bind_int64(q, 2, lo);
	sqlite3_bind_int64(q, 3, hi);
	struct usage_cell *cells = NULL;
	size_t cap = 0;
	int rc, err = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t bucket = sqlite3_column_int64(q, 0);
		size_t n = 0;
		if (!usage_cells_decode(sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1),
		                        bucket, &cells, &n, &cap)) {
			log_error("%s: corrupt database: a stored 15-minute bucket cannot be decoded", st->path);
			err = -1;
			break;
		}
		int32_t day = tz_local_day(bucket * BUCKET_SECONDS);
		if (day < b->q->from || day > b->q->to)
			continue;
		for (size_t i = 0; i < n && !err; i++) {
			if (!ids_known(st, dims, cells[i].model_id, cells[i].provider_id)) {
				err = -1;
				break;
			}
			const struct usage_counts *c = &cells[i].c;
			b->t->requests += c->requests;
			b->t->requests_priced += c->cost_requests;
			add_fact(b, day, cells[i].model_id, cells[i].provider_id,
			         measure_value(b->q, c->requests, c->prompt + c->completion, c->cost_micro));
		}
		if (err)
			break;
	}
	free(cells);
	sqlite3_finalize(q);
	if (!err && rc != SQLITE_DONE)
		err = store_fail(st, "cannot read usage");
	return err;
}

/*
 * A daily snapshot (activity) and per-request records of the same days are
 * two accounts of the same requests when they come from one OpenRouter
 * account: added up they count each twice. Their ids cannot tell, so the
 * overlap is shown instead. 0 or -1.
 */
static int warn_overlap(struct store *st, const struct builder *b, const struct log_source *daily,
                        const struct log_source *other)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT count(*) FROM (SELECT day FROM usage_day WHERE source_id = ?1 AND day BETWEEN "
		"?3 AND ?4 INTERSECT SELECT day FROM usage_day WHERE source_id = ?2 AND day BETWEEN "
		"?3 AND ?4)");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, daily->id);
	sqlite3_bind_int64(q, 2, other->id);
	sqlite3_bind_int64(q, 3, b->q->from);
	sqlite3_bind_int64(q, 4, b->q->to);
	int64_t days = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	if (days < 0)
		return store_fail(st, "cannot compare the log sources");
	if (days > 0)
		log_warning("%s (daily totals) and %s (requests) both hold %lld of the same days: if "
		            "they describe the same account, each request is counted in both; report "
		            "one with --source", daily->name, other->name, (long long)days);
	return 0;
}

int facts_logs(struct store *st, struct builder *b, struct dims *dims)
{
	struct log_source *src = NULL;
	int n = log_sources(st, b->q->source, &src);
	if (n < 0)
		return -1;
	if (n == 0) {
		log_error("no log source named '%s' in %s (see 'tokenshare status')", b->q->source,
		          st->path);
		free(src);
		return -2;
	}
	int err = load_dims(st, dims);
	struct buf label = {0};
	bool zoned = b->q->tz && strcmp(b->q->tz, "UTC") != 0;
	for (int i = 0; i < n && !err; i++) {
		buf_printf(&label, "%s%s", i ? "," : "", src[i].name);
		b->t->daily_source |= src[i].daily;
		err = zoned && !src[i].daily ? read_buckets(st, b, dims, &src[i])
		                              : read_days(st, b, dims, &src[i]);
	}
	b->t->source_label = label.data ? label.data : xstrdup("");
	for (int i = 0; i < n && !err; i++) {
		for (int k = 0; k < n && !err; k++) {
			if (src[i].daily && !src[k].daily)
				err = warn_overlap(st, b, &src[i], &src[k]);
		}
	}
	for (int i = 0; i < n; i++)
		free(src[i].name);
	free(src);
	return err;
}

