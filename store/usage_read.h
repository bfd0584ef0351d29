/*
 * Reading stored router-log usage for reports: the log sources, the model
 * and provider names by id, the UTC-day rollup (usage_day), the 15-minute
 * cells (usage_q, decoded), and how many days two sources share. Rows are
 * streamed: a callback per row, with the caller's context pointer.
 *
 * Return convention: 0 when every row was given, the callback's value when
 * it returned nonzero (the walk stops there; nothing more is logged), or -1
 * after logging why the database could not be read. Other returns are
 * documented at the function.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_USAGE_READ_H
#define TOKENSHARE_USAGE_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/usage_cells.h"

struct store;

/* A stored log dataset (log_source). */
struct usage_source {
	int64_t id;
	char *name;                     // owned
	bool daily;                     // rows are UTC-day snapshots (no 15-minute cells)
};

/* True if dataset's rows are UTC-day snapshots (a store-level list; a test
 * checks it against the collector's formats marked daily). */
bool usage_dataset_daily(const char *dataset);

/*
 * The log datasets named wanted, or every one when wanted is "logs", by
 * name. Returns how many (*out is the caller's: usage_sources_free), or -1.
 */
int usage_read_sources(struct store *st, const char *wanted, struct usage_source **out);
void usage_sources_free(struct usage_source *v, size_t n);

/* Model and provider names, indexed by their ids; "" for an id not stored. */
struct usage_names {
	char **models;                  // slug
	char **permaslugs;              // "" when not known
	size_t n_models;
	char **providers;               // as the log names it
	size_t n_providers;
};

/*
 * Fills *out (owned by the caller, strings included, also on failure: free
 * what is there). 0, or -1 after logging (a corrupt id, a failing read).
 */
int usage_read_names(struct store *st, struct usage_names *out);

/* A row of the UTC-day rollup (usage_day), values as stored. */
struct usage_read_day {
	int32_t day;                    // UTC day number
	int64_t model_id, provider_id;
	int64_t requests;
	int64_t tokens;                 // prompt + completion tokens
	int64_t cost_micro;             // USD micro-units, known costs only
	int64_t cost_requests;          // requests whose cost is known
};

/*
 * Calls fn for each usage_day row of source_id from..to (UTC days,
 * inclusive), in no set order. Failure is logged as "cannot read usage".
 */
int usage_read_days(struct store *st, int64_t source_id, int32_t from, int32_t to,
                    int (*fn)(void *ctx, const struct usage_read_day *d), void *ctx);

/*
 * Calls fn for each stored 15-minute bucket of source_id from lo to hi
 * (bucket numbers, UTC seconds / BUCKET_SECONDS, inclusive), in no set
 * order, with its n decoded cells (valid during the call). A bucket that
 * cannot be decoded is logged as a corrupt database: -1.
 */
int usage_read_buckets(struct store *st, int64_t source_id, int64_t lo, int64_t hi,
                       int (*fn)(void *ctx, int64_t bucket, const struct usage_cell *cells,
                                 size_t n),
                       void *ctx);

/*
 * The number of UTC days from..to (inclusive) on which both sources hold
 * usage_day rows, or -1 after logging ("cannot compare the log sources").
 */
int64_t usage_read_overlap_days(struct store *st, int64_t source_a, int64_t source_b,
                                int32_t from, int32_t to);

#endif
