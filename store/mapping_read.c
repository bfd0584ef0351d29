/*
 * What "tokenshare reference" reads (see mapping_read.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "store/mapping_read.h"
#include "store/store.h"

int mapping_read_versions(struct store *st,
                          void (*fn)(void *ctx, const struct mapping_version *v), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT version, origin, loaded_at FROM mapping ORDER BY id");
	if (!q)
		return -1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct mapping_version v = {
			.version = store_column_text(q, 0),
			.origin = store_column_text(q, 1),
			.loaded_at = sqlite3_column_int64(q, 2),
		};
		fn(ctx, &v);
	}
	sqlite3_finalize(q);
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
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct mapping_model_use m = {
			.model = store_column_text(q, 0),
			.tokens = sqlite3_column_int64(q, 1),
			.rows = sqlite3_column_int64(q, 2),
		};
		fn(ctx, &m);
	}
	sqlite3_finalize(q);
	return 0;
}
