/*
 * Polling rankings-daily (see poll.h). The days wanted are every completed
 * UTC day from rankings_start (at the earliest 2025-01-01, where the
 * dataset begins) to yesterday that is not stored yet, plus the last
 * rankings_refetch days even if stored, because OpenRouter may still
 * restate them. Today is live and never stored. The wanted days are fetched
 * in runs of consecutive days of at most 366 (the API's limit), oldest
 * first; each run is one request and one transaction, so a run is stored
 * whole or not at all, and a failure leaves earlier runs stored (exit 1
 * when some were, else the failure's status).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "collector/ingest.h"
#include "collector/poll/poll.h"
#include "core/cli.h"
#include "core/config.h"
#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/rankings_store.h"

#define API_FIRST_DAY 20089     // 2025-01-01 as a UTC day number
#define API_MAX_SPAN 366        // days per request

/* Drops the rows of days that are not over yet (today, or later). */
static void drop_live_days(struct rank_batch *b, int32_t today)
{
	size_t kept = 0, dropped = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (b->rows[i].day < today) {
			b->rows[kept++] = b->rows[i];
		} else {
			free(b->rows[i].model);
			dropped++;
		}
	}
	b->n = kept;
	if (dropped)
		log_info("rankings: %zu rows of today (live, not final) left for a later poll",
		         dropped);
}

/* Says which days of [a, b] the answer holds no row for: they stay missing
 * (an empty answer must not pass for a fetched day). */
static void warn_days_without_rows(const struct rank_batch *batch, int32_t a, int32_t b)
{
	if (b < a)
		return;
	bool *seen = xcalloc((size_t)(b - a + 1), sizeof *seen);
	for (size_t i = 0; i < batch->n; i++) {
		if (batch->rows[i].day >= a && batch->rows[i].day <= b)
			seen[batch->rows[i].day - a] = true;
	}
	size_t missing = 0;
	for (int32_t d = a; d <= b; d++) {
		if (seen[d - a])
			continue;
		if (missing++ < 10) {
			char day[DATE_LEN + 1];
			date_format(d, day);
			log_warning("rankings: %s: the answer has no row for this day; it stays missing "
			            "(tokenshare status lists missing days)", day);
		}
	}
	if (missing > 10)
		log_warning("rankings: %zu more days without rows", missing - 10);
	free(seen);
}

/* Fetches and stores the days [a, b]; returns a TS_EXIT_* status. */
static int fetch_run(struct poll_ctx *pc, int32_t a, int32_t b, int32_t today,
                     struct poll_outcome *out)
{
	char from[DATE_LEN + 1], to[DATE_LEN + 1];
	date_format(a, from);
	date_format(b, to);
	char *path = xasprintf("/datasets/rankings-daily?start_date=%s&end_date=%s", from, to);
	struct http_response resp;
	int rc = poll_fetch(pc, POLL_RANKINGS, path, pc->api_key, &resp, out);
	if (rc != TS_EXIT_OK) {
		buf_finish(&resp.body);
		free(path);
		return rc;
	}
	char *name = xasprintf("GET %s", path);
	struct rank_input in = {
		.name = name,
		.data = resp.body.data ? resp.body.data : "",
		.len = resp.body.len,
		.as_of_default = RANK_AS_OF_UNKNOWN,
	};
	struct rank_batch batch = {0};
	struct ingest_options opt = {
		.format = &rank_format_api,
		.command = "poll rankings",
		.report = pc->report,
		.stop = pc->stop,
	};
	struct rank_apply_stats stats = {0};
	enum ingest_result res = ingest_parse(&in, 1, &opt, &batch);
	// A stop asked for during the parse: store nothing, end now.
	if (res == INGEST_OK && pc->stop && *pc->stop)
		res = INGEST_STOPPED;
	if (res == INGEST_OK) {
		drop_live_days(&batch, today);
		warn_days_without_rows(&batch, a, b < today ? b : today - 1);
		res = ingest_apply(pc->st, &batch, &opt, &stats);
	}
	if (res == INGEST_OK) {
		out->rows += stats.rows;
		out->restatements += stats.restatements;
		log_info("rankings: %s to %s: %zu rows; %zu days new, %zu unchanged, %zu restated "
		         "(%zu values changed)", from, to, stats.rows, stats.days_new,
		         stats.days_unchanged, stats.days_restated, stats.restatements);
	} else if (res == INGEST_STOPPED) {
		log_info("rankings: %s to %s: stopped before it was stored; it waits for the next "
		         "poll", from, to);
	} else if (res == INGEST_REJECTED) {
		rc = TS_EXIT_BAD_RESPONSE;
		poll_fail(out, POLL_RANKINGS, "%s: the response is not a usable rankings-daily "
		          "answer; nothing stored", name);
	} else {
		rc = TS_EXIT_STORE;
		poll_fail(out, POLL_RANKINGS, "%s: the database failed; nothing stored", name);
	}
	rank_batch_finish(&batch);
	buf_finish(&resp.body);
	free(name);
	free(path);
	return rc;
}

int poll_rankings(struct poll_ctx *pc, struct poll_outcome *out)
{
	const struct config *c = pc->cfg;
	int32_t today = date_of_timestamp(poll_now());
	int32_t first = c->rankings_start > API_FIRST_DAY ? c->rankings_start : API_FIRST_DAY;
	int32_t last = today - 1;
	if (first > last) {
		log_info("rankings: no completed day since rankings_start yet");
		return TS_EXIT_OK;
	}
	size_t n = (size_t)(last - first + 1);
	bool *have = xcalloc(n, sizeof *have);
	if (rank_days_stored(pc->st, first, last, have) != 0) {
		free(have);
		poll_fail(out, POLL_RANKINGS, "cannot read the stored days");
		return TS_EXIT_STORE;
	}
	// Recent days again: they may still be restated.
	for (int64_t k = 0; k < c->rankings_refetch && k < (int64_t)n; k++)
		have[n - 1 - (size_t)k] = false;
	int rc = TS_EXIT_OK;
	size_t runs = 0, stored_runs = 0;
	for (size_t i = 0; i < n && rc == TS_EXIT_OK;) {
		if (have[i]) {
			i++;
			continue;
		}
		size_t j = i;
		while (j + 1 < n && !have[j + 1] && j + 1 - i < API_MAX_SPAN)
			j++;
		runs++;
		rc = fetch_run(pc, first + (int32_t)i, first + (int32_t)j, today, out);
		if (rc == TS_EXIT_OK)
			stored_runs++;
		if (pc->stop && *pc->stop && j + 1 < n) {
			log_info("rankings: stopped; the remaining days wait for the next poll");
			break;
		}
		i = j + 1;
	}
	free(have);
	if (runs == 0)
		log_info("rankings: every completed day is stored; nothing to fetch");
	// Some runs stored, then a failure: the poll is partial.
	if (rc != TS_EXIT_OK && rc != TS_EXIT_STORE && stored_runs > 0)
		rc = TS_EXIT_REJECTED;
	return rc;
}
