/*
 * Reading the stored price snapshots (see pricing_read.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "store/pricing_read.h"
#include "store/store.h"

int pricing_read_snapshots(struct store *st,
                           int (*fn)(void *ctx, const struct pricing_read_snapshot *s), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, taken_on FROM model_snapshot "
	                                "ORDER BY taken_on");
	if (!q)
		return -1;
	int rc = SQLITE_DONE, err = 0;
	while (!err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct pricing_read_snapshot s = {
			.id = sqlite3_column_int64(q, 0),
			.taken_on = store_column_text(q, 1),
		};
		err = fn(ctx, &s);
	}
	if (!err && rc != SQLITE_DONE)
		err = store_fail(st, "cannot read the price snapshots");
	sqlite3_finalize(q);
	return err;
}

int pricing_read_prices(struct store *st, int64_t snapshot_id,
                        int (*fn)(void *ctx, const struct pricing_read_price *p), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT model, canonical_slug, prompt, completion "
	                                "FROM model_price WHERE snapshot_id = ?1 ORDER BY model");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, snapshot_id);
	int rc, stop = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct pricing_read_price p = {
			.model = store_column_text(q, 0),
			.canonical_slug = store_column_text(q, 1),
			.prompt = store_column_text(q, 2),
			.completion = store_column_text(q, 3),
		};
		if ((stop = fn(ctx, &p)) != 0)
			break;
	}
	sqlite3_finalize(q);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot read prices");
}
