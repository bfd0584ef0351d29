/*
 * Reading the stored price snapshots (see pricing_read.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "store/pricing_read.h"
#include "store/store.h"

struct snapshot_walk {
	int (*fn)(void *ctx, const struct pricing_read_snapshot *s);
	void *ctx;
};

static int snapshot_row(void *arg, sqlite3_stmt *q)
{
	const struct snapshot_walk *w = arg;
	struct pricing_read_snapshot s = {
		.id = sqlite3_column_int64(q, 0),
		.taken_on = store_column_text(q, 1),
	};
	return w->fn(w->ctx, &s);
}

int pricing_read_snapshots(struct store *st,
                           int (*fn)(void *ctx, const struct pricing_read_snapshot *s), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT id, taken_on FROM model_snapshot "
	                                "ORDER BY taken_on");
	if (!q)
		return -1;
	struct snapshot_walk w = {fn, ctx};
	return store_each_row(st, q, snapshot_row, &w, "cannot read the price snapshots");
}

struct price_walk {
	int (*fn)(void *ctx, const struct pricing_read_price *p);
	void *ctx;
};

static int price_row(void *arg, sqlite3_stmt *q)
{
	const struct price_walk *w = arg;
	struct pricing_read_price p = {
		.model = store_column_text(q, 0),
		.canonical_slug = store_column_text(q, 1),
		.prompt = store_column_text(q, 2),
		.completion = store_column_text(q, 3),
	};
	return w->fn(w->ctx, &p);
}

int pricing_read_prices(struct store *st, int64_t snapshot_id,
                        int (*fn)(void *ctx, const struct pricing_read_price *p), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT model, canonical_slug, prompt, completion "
	                                "FROM model_price WHERE snapshot_id = ?1 ORDER BY model");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, snapshot_id);
	struct price_walk w = {fn, ctx};
	return store_each_row(st, q, price_row, &w, "cannot read prices");
}
