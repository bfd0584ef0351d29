/*
 * What "tokenshare reference" reads (see mapping_read.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>

#include "store/mapping_read.h"
#include "store/store.h"

struct version_walk {
	void (*fn)(void *ctx, const struct mapping_version *v);
	void *ctx;
};

static int version_row(void *arg, sqlite3_stmt *q)
{
	const struct version_walk *w = arg;
	struct mapping_version v = {
		.version = store_column_text(q, 0),
		.origin = store_column_text(q, 1),
		.loaded_at = sqlite3_column_int64(q, 2),
	};
	w->fn(w->ctx, &v);
	return 0;
}

int mapping_read_versions(struct store *st,
                          void (*fn)(void *ctx, const struct mapping_version *v), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT version, origin, loaded_at FROM mapping ORDER BY id");
	if (!q)
		return -1;
	struct version_walk w = {fn, ctx};
	store_each_row(st, q, version_row, &w, NULL);
	return 0;
}

struct model_walk {
	void (*fn)(void *ctx, const struct mapping_model_use *m);
	void *ctx;
};

static int model_row(void *arg, sqlite3_stmt *q)
{
	const struct model_walk *w = arg;
	struct mapping_model_use m = {
		.model = store_column_text(q, 0),
		.tokens = sqlite3_column_int64(q, 1),
		.rows = sqlite3_column_int64(q, 2),
	};
	w->fn(w->ctx, &m);
	return 0;
}

int mapping_read_ranked_models(struct store *st,
                               void (*fn)(void *ctx, const struct mapping_model_use *m),
                               void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT model, sum(tokens), count(*) FROM rank_row GROUP BY model ORDER BY model");
	if (!q)
		return -1;
	struct model_walk w = {fn, ctx};
	store_each_row(st, q, model_row, &w, NULL);
	return 0;
}
