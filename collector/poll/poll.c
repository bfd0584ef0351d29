/*
 * What every source's poll shares (see poll.h): the clock, the fetch with
 * its rate limit, and the poll_state record.
 *
 * The Data API allows 30 requests a minute and 500 a day per account. Every
 * request to it is written to http_request before it is made, in a write
 * transaction, so cron runs and a daemon sharing the database count
 * together; a request that would pass the minute's limit waits, one that
 * would pass the day's is not made.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/poll/poll.h"
#include "core/cli.h"
#include "core/config.h"
#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/poll_state.h"
#include "store/store.h"

static const char *const names[POLL_SOURCE_COUNT] = {
	[POLL_RANKINGS] = "rankings",
	[POLL_PROVIDERS] = "providers",
	[POLL_MODELS] = "models",
	[POLL_ACTIVITY] = "activity",
};

const char *poll_source_name(enum poll_source s)
{
	return names[s];
}

int poll_source_find(const char *name)
{
	for (int i = 0; i < POLL_SOURCE_COUNT; i++) {
		if (strcmp(names[i], name) == 0)
			return i;
	}
	return -1;
}

int64_t poll_interval(const struct config *c, enum poll_source s)
{
	switch (s) {
	case POLL_RANKINGS:
		return c->rankings_interval;
	case POLL_PROVIDERS:
		return c->providers_interval;
	case POLL_MODELS:
		return c->models_interval;
	case POLL_ACTIVITY:
		return c->activity_interval;
	case POLL_SOURCE_COUNT:
		break;
	}
	return 0;
}

int64_t poll_monotonic(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec;
}

int64_t poll_now(void)
{
	return date_now();
}

struct limiter {
	struct poll_ctx *pc;
	const char *api;                // "data" is limited; others only counted
	bool day_full;
};

/* http_options.before_attempt: waits for the minute's limit, refuses past the day's. */
static int before_attempt(void *ctx, char *why, size_t why_len)
{
	struct limiter *lim = ctx;
	struct store *st = lim->pc->st;
	const struct config *c = lim->pc->cfg;
	bool limited = strcmp(lim->api, "data") == 0;
	bool told = false;
	for (;;) {
		if (lim->pc->stop && *lim->pc->stop) {
			snprintf(why, why_len, "stopped by a signal");
			return -1;
		}
		int64_t now = (int64_t)time(NULL);
		if (store_begin(st) != 0) {
			snprintf(why, why_len, "the database is busy or failing; no request made");
			return -1;
		}
		int64_t day = poll_state_requests_since(st, lim->api, now - 86400);
		int64_t minute = poll_state_requests_since(st, lim->api, now - 60);
		if (day < 0 || minute < 0) {
			store_rollback(st);
			snprintf(why, why_len, "cannot read the request log");
			return -1;
		}
		if (limited && day >= c->rate_per_day) {
			store_rollback(st);
			lim->day_full = true;
			snprintf(why, why_len, "%lld Data API requests in the last 24 hours reach "
			         "rate_per_day; the rest waits for a later poll", (long long)day);
			return -1;
		}
		if (!limited || minute < c->rate_per_minute) {
			if (poll_state_log_request(st, lim->api, now) != 0 || store_commit(st) != 0) {
				store_rollback(st);
				snprintf(why, why_len, "cannot write the request log");
				return -1;
			}
			return 0;
		}
		store_rollback(st);
		if (!told)
			log_info("%lld Data API requests in the last minute reach rate_per_minute; "
			         "waiting", (long long)minute);
		told = true;
		struct timespec ts = {1, 0};
		nanosleep(&ts, NULL);
	}
}

void poll_fail(struct poll_outcome *out, enum poll_source s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->error, sizeof out->error, fmt, ap);
	va_end(ap);
	log_error("%s: %s", names[s], out->error);
}

int poll_fetch(struct poll_ctx *pc, enum poll_source s, const char *path, const char *key,
               struct http_response *resp, struct poll_outcome *out)
{
	const struct config *c = pc->cfg;
	struct limiter lim = {pc, s == POLL_RANKINGS ? "data" : "api", false};
	char *url = xasprintf("%s%s", c->api_base, path);
	char *label = xasprintf("%s: GET %s", names[s], url);
	long budget = (long)c->http_budget;
	if (pc->deadline) {
		int64_t left = pc->deadline - poll_monotonic();
		if (left < budget)
			budget = (long)left;
	}
	if (budget < 1) {
		*resp = (struct http_response){0};
		poll_fail(out, s, "GET %s: not tried: this run's time budget (http_budget %llds) "
		          "is spent; nothing stored", url, (long long)c->http_budget);
		free(label);
		free(url);
		return TS_EXIT_UNREACHABLE;
	}
	struct http_options opt = {
		.timeout = (long)c->http_timeout < budget ? (long)c->http_timeout : budget,
		.budget = budget,
		.max_body = (size_t)c->http_max_body,
		.key = key,
		.before_attempt = before_attempt,
		.ctx = &lim,
		.stop = pc->stop,
		.label = label,
	};
	enum http_result r = http_get(url, &opt, resp);
	free(label);
	int rc = TS_EXIT_OK;
	const char *hint = "";
	switch (r) {
	case HTTP_OK:
		break;
	case HTTP_UNREACHABLE:
	case HTTP_FAILED:
		rc = lim.day_full ? TS_EXIT_REJECTED : TS_EXIT_UNREACHABLE;
		break;
	case HTTP_DENIED:
		rc = TS_EXIT_DENIED;
		hint = s == POLL_ACTIVITY ? " (the management key was refused: check "
		                            "management_key_file or TOKENSHARE_MANAGEMENT_KEY)"
		                          : " (the API key was refused: check api_key_file or "
		                            "TOKENSHARE_API_KEY)";
		break;
	case HTTP_REFUSED:
	case HTTP_TOO_LARGE:
		rc = TS_EXIT_BAD_RESPONSE;
		break;
	}
	if (rc != TS_EXIT_OK) {
		// The URL holds no secret (the key travels in a header).
		poll_fail(out, s, "GET %s: %s%s; nothing stored", url, resp->error, hint);
	} else {
		log_debug("%s: GET %s: %zu bytes in %d attempt%s", names[s], url, resp->body.len,
		          resp->attempts, resp->attempts == 1 ? "" : "s");
	}
	free(url);
	return rc;
}

/* Writes the outcome of a poll; a database failure here is logged, not fatal. */
static void record(struct store *st, enum poll_source s, int rc, int64_t now,
                   const struct poll_outcome *out)
{
	bool ok = rc == TS_EXIT_OK;
	struct poll_state_outcome o = {
		.at = now,
		.ok = ok,
		.error = out->error[0] ? out->error : NULL,
		.rows = out->rows,
		.rejects = out->rejects,
		.restatements = out->restatements,
		.counts = ok || out->rows > 0,
	};
	poll_state_record(st, names[s], &o);
}

int poll_run(struct poll_ctx *pc, enum poll_source s)
{
	static int (*const run[POLL_SOURCE_COUNT])(struct poll_ctx *, struct poll_outcome *) = {
		[POLL_RANKINGS] = poll_rankings,
		[POLL_PROVIDERS] = poll_providers,
		[POLL_MODELS] = poll_models,
		[POLL_ACTIVITY] = poll_activity,
	};
	struct poll_outcome out = {0};
	int64_t now = (int64_t)time(NULL);
	int rc = run[s](pc, &out);
	record(pc->st, s, rc, now, &out);
	return rc;
}

void poll_set_next_run(struct store *st, enum poll_source s, int64_t when)
{
	poll_state_set_next_run(st, names[s], when);
}

int64_t poll_last_attempt(struct store *st, enum poll_source s)
{
	return poll_state_last_attempt(st, names[s]);
}
