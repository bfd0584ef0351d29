/*
 * Applying a parsed rankings batch to the store. A rankings day is a
 * snapshot: a day in the batch replaces the stored day as a whole, and
 * every value that differs from what was stored is recorded as a
 * restatement (old value, new value, both as-of times, the batch). Stored
 * data with a later as-of time than the batch's is kept.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_RANKINGS_STORE_H
#define TOKENSHARE_RANKINGS_STORE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store/rank_batch.h"

struct store;

struct rank_apply_stats {
	size_t rows;                    // rows in the batch, duplicates dropped
	size_t duplicates;              // identical rows given twice
	size_t days_new;
	size_t days_unchanged;
	size_t days_restated;
	size_t days_kept;               // stored data newer than the batch's
	size_t restatements;            // rows whose value changed
};

/*
 * Writes b into the store inside the caller's transaction, as batch
 * batch_id. Each restatement is also printed to report (unless NULL).
 * Returns 0, -1 (logged), or 1 when *stop was set between two days (the
 * caller rolls back). stop may be NULL.
 */
int rank_batch_apply(struct store *st, const struct rank_batch *b, int64_t batch_id,
                     struct rank_apply_stats *stats, FILE *report,
                     const volatile sig_atomic_t *stop);

/* Marks the stored rankings days of [first, last] (UTC day numbers) in
 * have[day - first]. Returns 0, or -1 (logged). */
int rank_days_stored(struct store *st, int32_t first, int32_t last, bool *have);

/* Adds a row to the batch table and returns its id, or -1. */
int64_t store_new_batch(struct store *st, const char *command);

#endif
