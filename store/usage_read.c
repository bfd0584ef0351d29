/*
 * Reading stored router-log usage for reports (see usage_read.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "store/usage_read.h"

/*
 * The datasets whose rows are UTC-day snapshots: a store-level list, so a
 * report need not know the collector's log formats. It names the datasets
 * whose format writes only usage_day (flush_daily in usage_store.c, the
 * formats marked daily in collector/logs/: today openrouter-activity);
 * a new daily format adds its dataset here. A list rather than "a source
 * with no 15-minute cells", which would also call an empty source daily.
 */
static const char *const daily_datasets[] = {"openrouter-activity"};

static bool dataset_daily(const char *name)
{
	for (size_t i = 0; i < sizeof daily_datasets / sizeof daily_datasets[0]; i++) {
		if (strcmp(daily_datasets[i], name) == 0)
			return true;
	}
	return false;
}

int usage_read_sources(struct store *st, const char *wanted, struct usage_source **out)
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
		(*out)[n++] = (struct usage_source){sqlite3_column_int64(q, 0), xstrdup(name),
		                                    dataset_daily(name)};
	}
	sqlite3_finalize(q);
	return (int)n;
}

void usage_sources_free(struct usage_source *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* Largest id a table of n rows may hold: ids are rowids, given in order and
 * never deleted, so a much larger one means a damaged file, not data. */
static bool id_plausible(int64_t max_id, int64_t rows)
{
	return max_id >= 0 && rows >= 0 && max_id <= rows + 1024 && max_id < UINT32_MAX;
}

int usage_read_names(struct store *st, struct usage_names *out)
{
	*out = (struct usage_names){0};
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
	out->n_models = (size_t)max_id[0] + 1;
	out->n_providers = (size_t)max_id[1] + 1;
	out->models = xcalloc(out->n_models, sizeof *out->models);
	out->permaslugs = xcalloc(out->n_models, sizeof *out->permaslugs);
	out->providers = xcalloc(out->n_providers, sizeof *out->providers);
	int rc = SQLITE_DONE;
	q = store_prepare(st, "SELECT id, slug, permaslug FROM model_dim");
	while (q && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		if (id < 0 || (size_t)id >= out->n_models || out->models[id]) {
			rc = SQLITE_CORRUPT;
			break;
		}
		out->models[id] = xstrdup(store_column_text(q, 1));
		out->permaslugs[id] = xstrdup(store_column_text(q, 2));
	}
	sqlite3_finalize(q);
	q = rc == SQLITE_DONE ? store_prepare(st, "SELECT id, name FROM provider_dim") : NULL;
	while (q && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		if (id < 0 || (size_t)id >= out->n_providers || out->providers[id]) {
			rc = SQLITE_CORRUPT;
			break;
		}
		out->providers[id] = xstrdup(store_column_text(q, 1));
	}
	sqlite3_finalize(q);
	for (size_t i = 0; i < out->n_models; i++) {
		if (!out->models[i]) {
			out->models[i] = xstrdup("");
			out->permaslugs[i] = xstrdup("");
		}
	}
	for (size_t i = 0; i < out->n_providers; i++) {
		if (!out->providers[i])
			out->providers[i] = xstrdup("");
	}
	if (rc == SQLITE_CORRUPT) {
		log_error("%s: corrupt database: a model or provider id out of range", st->path);
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot read model and provider names");
}

int usage_read_days(struct store *st, int64_t source_id, int32_t from, int32_t to,
                    int (*fn)(void *ctx, const struct usage_read_day *d), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT day, model_id, provider_id, requests, prompt_tokens + completion_tokens, "
		"cost_micro, cost_requests FROM usage_day WHERE source_id = ?1 AND day BETWEEN ?2 AND ?3");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, source_id);
	sqlite3_bind_int64(q, 2, from);
	sqlite3_bind_int64(q, 3, to);
	int rc, stop = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct usage_read_day d = {
			.day = (int32_t)sqlite3_column_int64(q, 0),
			.model_id = sqlite3_column_int64(q, 1),
			.provider_id = sqlite3_column_int64(q, 2),
			.requests = sqlite3_column_int64(q, 3),
			.tokens = sqlite3_column_int64(q, 4),
			.cost_micro = sqlite3_column_int64(q, 5),
			.cost_requests = sqlite3_column_int64(q, 6),
		};
		if ((stop = fn(ctx, &d)) != 0)
			break;
	}
	sqlite3_finalize(q);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot read usage");
}

int usage_read_buckets(struct store *st, int64_t source_id, int64_t lo, int64_t hi,
                       int (*fn)(void *ctx, int64_t bucket, const struct usage_cell *cells,
                                 size_t n),
                       void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT bucket, cells FROM usage_q WHERE source_id = ?1 AND bucket BETWEEN ?2 AND ?3");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, source_id);
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
		if ((err = fn(ctx, bucket, cells, n)) != 0)
			break;
	}
	free(cells);
	sqlite3_finalize(q);
	if (!err && rc != SQLITE_DONE)
		err = store_fail(st, "cannot read usage");
	return err;
}

int64_t usage_read_overlap_days(struct store *st, int64_t source_a, int64_t source_b,
                                int32_t from, int32_t to)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT count(*) FROM (SELECT day FROM usage_day WHERE source_id = ?1 AND day BETWEEN "
		"?3 AND ?4 INTERSECT SELECT day FROM usage_day WHERE source_id = ?2 AND day BETWEEN "
		"?3 AND ?4)");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, source_a);
	sqlite3_bind_int64(q, 2, source_b);
	sqlite3_bind_int64(q, 3, from);
	sqlite3_bind_int64(q, 4, to);
	int64_t days = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	if (days < 0)
		return store_fail(st, "cannot compare the log sources");
	return days;
}
