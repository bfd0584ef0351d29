/*
 * What the pollers remember between runs: the log of HTTP requests made to
 * each OpenRouter API (http_request, for the rate limits that cron runs and
 * a daemon share), and per source the outcome of the last polls
 * (poll_state, shown by "tokenshare status").
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_POLL_STATE_H
#define TOKENSHARE_POLL_STATE_H

#include <stdbool.h>
#include <stdint.h>

struct store;

/* The requests logged for api after t (UTC seconds), or -1 when the
 * database failed (logged when the query could not be prepared). */
int64_t poll_state_requests_since(struct store *st, const char *api, int64_t t);

/*
 * Logs a request to api at now (UTC seconds) and forgets those older than
 * two days, inside the caller's transaction. Returns 0, or -1 when the
 * database failed (logged only when a statement could not be prepared; the
 * caller says what failed).
 */
int poll_state_log_request(struct store *st, const char *api, int64_t now);

/* The outcome of one poll of a source. */
struct poll_state_outcome {
	int64_t at;                     // UTC seconds of the attempt
	bool ok;                        // it succeeded
	const char *error;              // why it failed, or NULL
	uint64_t rows;                  // rows stored (or checked unchanged)
	uint64_t rejects;               // records the store refused
	uint64_t restatements;          // stored values that changed
	bool counts;                    // rows and rejects replace the stored ones
};

/*
 * Records o as the latest poll of source, in a transaction of its own: the
 * attempt, the success or the error (each kept until the next of its
 * kind), restatements added up. A database failure is logged, not returned.
 */
void poll_state_record(struct store *st, const char *source, const struct poll_state_outcome *o);

/* Sets when the daemon polls source next (UTC seconds); a failure is logged. */
void poll_state_set_next_run(struct store *st, const char *source, int64_t when);
/* When source was last attempted (UTC seconds), or -1 (never, or the
 * database failed). */
int64_t poll_state_last_attempt(struct store *st, const char *source);

#endif
