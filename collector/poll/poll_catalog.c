/*
 * Polling /providers and /models (see poll.h): dated snapshots, so that a
 * provider's country and a model's price have a history (prices_store.h).
 * A response is checked whole before anything is stored.
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "collector/poll/poll.h"
#include "core/buf.h"
#include "core/cli.h"
#include "core/config.h"
#include "core/date.h"
#include "core/jsonloc.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/prices_store.h"
#include "store/provsnap.h"
#include "store/store.h"

/* Parses a response body as a JSON object with a "data" array; NULL after a message. */
static json_t *load_data(enum poll_source s, const struct buf *body, struct poll_outcome *out)
{
	json_error_t err;
	json_t *root = jsonloc_load(body->data ? body->data : "", body->len, 0, &err);
	const char *what = poll_source_name(s);
	if (!root) {
		poll_fail(out, s, "GET /%s: line %d: invalid JSON: %s; nothing stored", what,
		          err.line, err.text);
	} else if (!json_is_array(json_object_get(root, "data"))) {
		poll_fail(out, s, "GET /%s: the response has no \"data\" array; nothing stored",
		          what);
		json_decref(root);
		root = NULL;
	}
	return root;
}

static void today(char out[DATE_LEN + 1])
{
	date_format(date_of_timestamp(poll_now()), out);
}

int poll_providers(struct poll_ctx *pc, struct poll_outcome *out)
{
	struct http_response resp;
	int rc = poll_fetch(pc, POLL_PROVIDERS, "/providers", pc->api_key, &resp, out);
	if (rc == TS_EXIT_OK) {
		json_t *root = load_data(POLL_PROVIDERS, &resp.body, out);
		if (!root) {
			rc = TS_EXIT_BAD_RESPONSE;
		} else {
			out->rows = json_array_size(json_object_get(root, "data"));
			json_decref(root);
			char day[DATE_LEN + 1];
			today(day);
			char *origin = xasprintf("%s/providers", pc->cfg->api_base);
			int stored = -1;
			if (store_begin(pc->st) != 0 ||
			    (stored = provsnap_store(pc->st, resp.body.data, resp.body.len, day,
			                             origin)) < 0 ||
			    store_commit(pc->st) != 0) {
				store_rollback(pc->st);
				poll_fail(out, POLL_PROVIDERS, "cannot store the /providers snapshot");
				rc = TS_EXIT_STORE;
			} else if (stored == 1) {
				log_info("providers: %llu providers, the same as a stored snapshot",
				         (unsigned long long)out->rows);
			} else {
				log_info("providers: %llu providers, snapshot of %s",
				         (unsigned long long)out->rows, day);
			}
			free(origin);
		}
	}
	buf_finish(&resp.body);
	return rc;
}

int poll_models(struct poll_ctx *pc, struct poll_outcome *out)
{
	struct http_response resp;
	int rc = poll_fetch(pc, POLL_MODELS, "/models", pc->api_key, &resp, out);
	if (rc != TS_EXIT_OK) {
		buf_finish(&resp.body);
		return rc;
	}
	char day[DATE_LEN + 1], since[DATE_LEN + 1], why[200];
	today(day);
	char *origin = xasprintf("%s/models", pc->cfg->api_base);
	size_t n = 0;
	int res = prices_store_models(pc->st, resp.body.data ? resp.body.data : "", resp.body.len,
	                              day, origin, &n, since, why, sizeof why);
	out->rows = n;
	if (res == PRICES_BAD_INPUT) {
		poll_fail(out, POLL_MODELS, "GET /models: %s; nothing stored", why);
		rc = TS_EXIT_BAD_RESPONSE;
	} else if (res == PRICES_STORE_ERROR) {
		poll_fail(out, POLL_MODELS, "cannot store the /models snapshot");
		rc = TS_EXIT_STORE;
	} else if (res == PRICES_UNCHANGED) {
		log_info("models: %zu models, prices unchanged since %s", n, since);
	} else {
		log_info("models: %zu models, prices stored as of %s", n, day);
	}
	free(origin);
	buf_finish(&resp.body);
	return rc;
}
