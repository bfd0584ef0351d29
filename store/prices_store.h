/*
 * Price history from OpenRouter /models responses: each response is reduced
 * to its table (model id, canonical slug, prompt and completion price in
 * USD per token as published, the pricing object) and stored as the
 * snapshot of a UTC day when it differs from the snapshot in force on that
 * day; a price's effective date is thus the first snapshot that shows it.
 * A second different table on one day replaces that day's snapshot.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_PRICES_STORE_H
#define TOKENSHARE_PRICES_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

struct store;

enum prices_result {
	PRICES_STORED,
	PRICES_UNCHANGED,       // the snapshot in force already holds this table
	PRICES_BAD_INPUT,       // not a usable /models response (why says where)
	PRICES_STORE_ERROR,
};

/*
 * Checks the whole response, then stores it in one transaction. since is
 * the date of the identical snapshot when the result is PRICES_UNCHANGED.
 */
int prices_store_models(struct store *st, const char *json, size_t len, const char *day,
                        const char *origin, size_t *n_models, char since[DATE_LEN + 1],
                        char *why, size_t why_len);

/* One stored price snapshot. */
struct prices_snapshot {
	char *taken_on;                 // YYYY-MM-DD
	int64_t models;                 // price rows in it
	char *origin;                   // the file or URL it came from
};

/*
 * The stored snapshots, oldest first, as a new array in *out (free it with
 * prices_snapshots_free). Returns 0, or -1 when the query could not be
 * prepared (logged); a step that fails ends the list early.
 */
int prices_store_list(struct store *st, struct prices_snapshot **out, size_t *n);
void prices_snapshots_free(struct prices_snapshot *s, size_t n);

#endif
