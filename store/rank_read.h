/*
 * Reading stored rankings for reports: the days (their as-of time, how
 * many rows, whether the 'other' row is there), the rows of a range of
 * days, and the restatements. Rows are streamed: a callback per row, with
 * the caller's context pointer; strings are valid during the callback only.
 *
 * Return convention: 0 when every row was given, the callback's value when
 * it returned nonzero (the walk stops there; nothing more is logged), or -1
 * after logging why the database could not be read.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_RANK_READ_H
#define TOKENSHARE_RANK_READ_H

#include <stdbool.h>
#include <stdint.h>

struct store;

/* A stored rankings day (rank_day). */
struct rank_read_day {
	const char *day;                // YYYY-MM-DD as stored (UTC day)
	bool has_as_of;                 // an as-of time is recorded
	int64_t as_of;                  // UTC seconds, when has_as_of
	int64_t rows;                   // rows stored, the 'other' row included (a full
	                                // day: RANK_FULL_DAY_MODELS and 'other', rank_batch.h)
	bool has_other;                 // the 'other' row is stored
};

/*
 * Calls fn for each stored day from..to (YYYY-MM-DD, inclusive), in day
 * order. Failure is logged as "cannot read the rankings days".
 */
int rank_read_days(struct store *st, const char *from, const char *to,
                   int (*fn)(void *ctx, const struct rank_read_day *d), void *ctx);

/* A stored rankings row (rank_row) with its day's as-of time. */
struct rank_read_row {
	const char *day;                // YYYY-MM-DD as stored (UTC day)
	bool has_as_of;                 // the day has an as-of time
	int64_t as_of;                  // UTC seconds, when has_as_of
	const char *model;              // permaslug, "other" = the long tail
	int64_t tokens;                 // tokens
};

/*
 * Calls fn for each stored row of the days from..to (YYYY-MM-DD,
 * inclusive), ordered by day, then model. Failure is logged as "cannot
 * read the rankings".
 */
int rank_read_rows(struct store *st, const char *from, const char *to,
                   int (*fn)(void *ctx, const struct rank_read_row *r), void *ctx);

/* A stored restatement: a value of a day that a later batch changed. */
struct rank_read_restatement {
	const char *day;                // YYYY-MM-DD (UTC day)
	const char *model;
	bool has_old_tokens, has_new_tokens, has_old_as_of, has_new_as_of, has_noticed_at;
	int64_t old_tokens, new_tokens; // tokens
	int64_t old_as_of, new_as_of;   // UTC seconds
	int64_t noticed_at;             // UTC seconds: when the batch that restated it started
};

/*
 * Calls fn for each restatement, in the order they were recorded. Failure
 * is logged as "cannot read restatements".
 */
int rank_read_restatements(struct store *st,
                           int (*fn)(void *ctx, const struct rank_read_restatement *r),
                           void *ctx);

#endif
