/*
 * One poll of one OpenRouter source: fetch over HTTPS (http.h), check the
 * whole response, store it in one transaction, and record the outcome in
 * poll_state for "tokenshare status". Used by "tokenshare poll" (cron) and
 * by the collect daemon's timers. A failed or rejected fetch stores nothing.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_POLL_H
#define TOKENSHARE_POLL_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "collector/poll/http.h"

struct config;
struct store;

enum poll_source {
	POLL_RANKINGS,          // GET /datasets/rankings-daily (Data API, rate-limited)
	POLL_PROVIDERS,         // GET /providers: dated snapshot of provider countries
	POLL_MODELS,            // GET /models: dated snapshot of ids, slugs and prices
	POLL_ACTIVITY,          // GET /activity: the account's own usage (management key)
	POLL_SOURCE_COUNT,
};

struct poll_ctx {
	struct store *st;
	const struct config *cfg;
	const char *api_key;            // NULL: none configured
	const char *management_key;     // NULL: none configured
	FILE *report;                   // restatement lines, or NULL
	const volatile sig_atomic_t *stop;
	int64_t deadline;               // poll_monotonic() seconds when the run's
	                                // time budget ends; 0 = http_budget per fetch
};

/* What one poll did, for the summary line and poll_state. */
struct poll_outcome {
	uint64_t rows;                  // rows stored (or checked unchanged)
	uint64_t rejects;               // records the store refused
	uint64_t restatements;          // stored values that changed
	char error[320];                // why it failed; never holds a key
};

const char *poll_source_name(enum poll_source s);
/* The source named name, or -1. */
int poll_source_find(const char *name);
/* The configured interval of s in seconds (0 = off). */
int64_t poll_interval(const struct config *c, enum poll_source s);

/* Now in UTC seconds: $TOKENSHARE_NOW when set (tests), else the clock. */
int64_t poll_now(void);

/* Polls s once and records the outcome; returns a TS_EXIT_* status. */
int poll_run(struct poll_ctx *pc, enum poll_source s);

/* Seconds of a clock that never jumps (for time budgets). */
int64_t poll_monotonic(void);

/* Sets when the daemon will poll s next (UTC seconds). */
void poll_set_next_run(struct store *st, enum poll_source s, int64_t when);
/* When s was last attempted (UTC seconds), or -1. */
int64_t poll_last_attempt(struct store *st, enum poll_source s);

/* Module-internal: the steps the sources share (poll.c). */
/* Sets out->error and logs it as "source: message". */
void poll_fail(struct poll_outcome *out, enum poll_source s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int poll_fetch(struct poll_ctx *pc, enum poll_source s, const char *path, const char *key,
               struct http_response *resp, struct poll_outcome *out);
int poll_rankings(struct poll_ctx *pc, struct poll_outcome *out);
int poll_providers(struct poll_ctx *pc, struct poll_outcome *out);
int poll_models(struct poll_ctx *pc, struct poll_outcome *out);
int poll_activity(struct poll_ctx *pc, struct poll_outcome *out);

#endif
