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

bool usage_dataset_daily(const char *name)
{
	for (size_t i = 0; i < sizeof daily_datasets / sizeof daily_datasets[0]; i++) {
		if (strcmp(daily_datasets[i], name) == 0)
			return true;
	}
	return false;
}

struct source_list {
	struct usage_source **out;
	size_t n, cap;
};

static int source_row(void *arg, sqlite3_stmt *q)
{
	struct source_list *l = arg;
	xgrow(l->out, &l->cap, l->n + 1, sizeof **l->out);
	const char *name = store_column_text(q, 1);
	(*l->out)[l->n++] = (struct usage_source){sqlite3_column_int64(q, 0), xstrdup(name),
	                                          usage_dataset_daily(name)};
	return 0;
}

int usage_read_sources(struct store *st, const char *wanted, struct usage_source **out)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT id, name FROM log_source WHERE ?1 = 'logs' OR name = ?1 ORDER BY name");
	if (!q)
		return -1;
	store_bind_text(q, 1, wanted);
	struct source_list l = {.out = out};
	store_each_row(st, q, source_row, &l, NULL);  // a failed step ends the list
	return (int)l.n;
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

/* The names of one id table: names[id] (and more[id] from column 2). */
struct name_walk {
	char **names, **more;
	size_t n;
};

/* 1 for an id out of range or seen twice (a corrupt file). */
static int name_row(void *arg, sqlite3_stmt *q)
{
	const struct name_walk *w = arg;
	int64_t id = sqlite3_column_int64(q, 0);
	if (id < 0 || (size_t)id >= w->n || w->names[id])
		return 1;
	w->names[id] = xstrdup(store_column_text(q, 1));
	if (w->more)
		w->more[id] = xstrdup(store_column_text(q, 2));
	return 0;
}

/* store_each_row over sql, or 0 when it cannot be prepared (said). */
static int read_names(struct store *st, const char *sql, struct name_walk *w)
{
	sqlite3_stmt *q = store_prepare(st, sql);
	return q ? store_each_row(st, q, name_row, w, "cannot read model and provider names")
	         : 0;
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
	struct name_walk models = {out->models, out->permaslugs, out->n_models};
	struct name_walk providers = {out->providers, NULL, out->n_providers};
	int err = read_names(st, "SELECT id, slug, permaslug FROM model_dim", &models);
	if (!err)
		err = read_names(st, "SELECT id, name FROM provider_dim", &providers);
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
	if (err == 1) {
		log_error("%s: corrupt database: a model or provider id out of range", st->path);
		return -1;
	}
	return err;
}

struct day_walk {
	int (*fn)(void *ctx, const struct usage_read_day *d);
	void *ctx;
};

static int day_row(void *arg, sqlite3_stmt *q)
{
	const struct day_walk *w = arg;
	struct usage_read_day d = {
		.day = (int32_t)sqlite3_column_int64(q, 0),
		.model_id = sqlite3_column_int64(q, 1),
		.provider_id = sqlite3_column_int64(q, 2),
		.requests = sqlite3_column_int64(q, 3),
		.tokens = sqlite3_column_int64(q, 4),
		.cost_micro = sqlite3_column_int64(q, 5),
		.cost_requests = sqlite3_column_int64(q, 6),
	};
	return w->fn(w->ctx, &d);
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
	struct day_walk w = {fn, ctx};
	return store_each_row(st, q, day_row, &w, "cannot read usage");
}

struct bucket_walk {
	struct store *st;
	int (*fn)(void *ctx, int64_t bucket, const struct usage_cell *cells, size_t n);
	void *ctx;
	struct usage_cell *cells;       // the decoded cells of one bucket
	size_t cap;
};

static int bucket_row(void *arg, sqlite3_stmt *q)
{
	struct bucket_walk *w = arg;
	int64_t bucket = sqlite3_column_int64(q, 0);
	size_t n = 0;
	if (!usage_cells_decode(sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1),
	                        bucket, &w->cells, &n, &w->cap)) {
		log_error("%s: corrupt database: a stored 15-minute bucket cannot be decoded",
		          w->st->path);
		return -1;
	}
	return w->fn(w->ctx, bucket, w->cells, n);
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
	struct bucket_walk w = {.st = st, .fn = fn, .ctx = ctx};
	int err = store_each_row(st, q, bucket_row, &w, "cannot read usage");
	free(w.cells);
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
	return store_int(st, q, "cannot compare the log sources");
}
