/*
 * Polling /activity (see poll.h): the account's own usage of the last 30
 * completed UTC days, per day, model and provider. It needs a management
 * key. The response goes through the openrouter-activity log format, whose
 * days are snapshots: a day fetched again replaces the stored day, so daily
 * polls keep the whole history exactly once.
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>

#include "collector/logs/logfmt.h"
#include "collector/logs/logingest.h"
#include "collector/poll/poll.h"
#include "core/cli.h"
#include "core/jsonloc.h"
#include "core/log.h"

int poll_activity(struct poll_ctx *pc, struct poll_outcome *out)
{
	if (!pc->management_key) {
		poll_fail(out, POLL_ACTIVITY, "no management key: set management_key_file or "
		          "TOKENSHARE_MANAGEMENT_KEY");
		return TS_EXIT_USAGE;
	}
	struct http_response resp;
	int rc = poll_fetch(pc, POLL_ACTIVITY, "/activity", pc->management_key, &resp, out);
	if (rc != TS_EXIT_OK) {
		buf_finish(&resp.body);
		return rc;
	}
	json_error_t err;
	json_t *doc = jsonloc_load(resp.body.data ? resp.body.data : "", resp.body.len, 0, &err);
	if (!doc) {
		poll_fail(out, POLL_ACTIVITY, "GET /activity: line %d: invalid JSON: %s; nothing "
		          "stored", err.line, err.text);
		buf_finish(&resp.body);
		return TS_EXIT_BAD_RESPONSE;
	}
	struct log_options opt = {.format = &log_format_activity, .stop = pc->stop};
	struct log_file_stats stats;
	enum log_result res = log_ingest_document(pc->st, "GET /activity", resp.body.data,
	                                          resp.body.len, doc, NULL, NULL, &opt, &stats);
	json_decref(doc);
	buf_finish(&resp.body);
	out->rows = stats.added + stats.duplicates;
	out->rejects = stats.rejects;
	switch (res) {
	case LOG_OK:
		log_info("activity: %llu rows, %llu rejected", (unsigned long long)stats.records,
		         (unsigned long long)stats.rejects);
		if (stats.rejects) {
			poll_fail(out, POLL_ACTIVITY, "GET /activity: %llu rows rejected",
			          (unsigned long long)stats.rejects);
			return TS_EXIT_REJECTED;
		}
		return TS_EXIT_OK;
	case LOG_WRONG_FORMAT:
		poll_fail(out, POLL_ACTIVITY, "GET /activity: not an activity response; nothing "
		          "stored");
		return TS_EXIT_BAD_RESPONSE;
	case LOG_READ_ERROR:
	case LOG_STORE_ERROR:
		break;
	}
	poll_fail(out, POLL_ACTIVITY, "GET /activity: the database failed; nothing stored");
	return TS_EXIT_STORE;
}
