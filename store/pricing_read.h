/*
 * Reading the stored OpenRouter /models price snapshots (prices_store.h
 * writes them) for the dollar view: the snapshots by day, and each one's
 * prices as published. Rows are streamed: a callback per row, with the
 * caller's context pointer; strings are valid during the callback only.
 *
 * Return convention: 0 when every row was given, the callback's value when
 * it returned nonzero (the walk stops there; nothing more is logged), or -1
 * after logging why the database could not be read.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_PRICING_READ_H
#define TOKENSHARE_PRICING_READ_H

#include <stdint.h>

struct store;

/* A stored price snapshot (model_snapshot). */
struct pricing_read_snapshot {
	int64_t id;
	const char *taken_on;           // YYYY-MM-DD as stored (UTC day)
};

/*
 * Calls fn for each snapshot, ordered by taken_on. Failure is logged as
 * "cannot read the price snapshots".
 */
int pricing_read_snapshots(struct store *st,
                           int (*fn)(void *ctx, const struct pricing_read_snapshot *s), void *ctx);

/* A model's price in a snapshot (model_price), as published. */
struct pricing_read_price {
	const char *model;              // OpenRouter model id (variant kept)
	const char *canonical_slug;     // "" when not given
	const char *prompt;             // USD per prompt token, decimal text ("-1": variable)
	const char *completion;         // USD per completion token, decimal text
};

/*
 * Calls fn for each price of snapshot snapshot_id, ordered by model.
 * Failure is logged as "cannot read prices".
 */
int pricing_read_prices(struct store *st, int64_t snapshot_id,
                        int (*fn)(void *ctx, const struct pricing_read_price *p), void *ctx);

#endif
