/*
 * Polling /providers and /models (see poll.h): dated snapshots, so that a
 * provider's country and a model's price have a history. A response is
 * checked whole before anything is stored. /models is reduced to its
 * table (id, canonical slug, prompt and completion price, the pricing
 * object) and stored only when that table differs from the latest
 * snapshot; a price's effective date is then the snapshot's date.
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "collector/poll.h"
#include "core/buf.h"
#include "core/cli.h"
#include "core/config.h"
#include "core/date.h"
#include "core/log.h"
#include "core/provsnap.h"
#include "core/sha256.h"
#include "core/store.h"
#include "core/xalloc.h"

/* Parses a response body as a JSON object with a "data" array; NULL after a message. */
static json_t *load_data(enum poll_source s, const struct buf *body, struct poll_outcome *out)
{
	json_error_t err;
	json_t *root = json_loadb(body->data ? body->data : "", body->len, 0, &err);
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

struct price_row {
	const char *model, *slug, *prompt, *completion;
	char *pricing;          // the pricing object, compact JSON with sorted keys
};

static int by_model(const void *a, const void *b)
{
	return strcmp(((const struct price_row *)a)->model, ((const struct price_row *)b)->model);
}

static const char *text_of(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "";
}

/* The /models table, sorted by id; -1 after a message when a row is unusable. */
static int price_rows(json_t *data, struct price_row **rows_out, size_t *n_out,
                      struct poll_outcome *out)
{
	size_t n = json_array_size(data);
	struct price_row *rows = xcalloc(n ? n : 1, sizeof *rows);
	size_t i;
	json_t *m;
	json_array_foreach(data, i, m) {
		json_t *id = json_object_get(m, "id");
		json_t *pricing = json_object_get(m, "pricing");
		if (!json_is_string(id) || !json_string_length(id) ||
		    (pricing && !json_is_object(pricing) && !json_is_null(pricing))) {
			poll_fail(out, POLL_MODELS, "GET /models: data[%zu] has no \"id\" string or a "
			          "\"pricing\" that is not an object; nothing stored", i);
			for (size_t k = 0; k < i; k++)
				free(rows[k].pricing);
			free(rows);
			return -1;
		}
		rows[i] = (struct price_row){
			.model = json_string_value(id),
			.slug = text_of(json_object_get(m, "canonical_slug")),
			.prompt = text_of(json_object_get(pricing, "prompt")),
			.completion = text_of(json_object_get(pricing, "completion")),
			.pricing = pricing ? json_dumps(pricing, JSON_COMPACT | JSON_SORT_KEYS) : NULL,
		};
		if (!rows[i].pricing)
			rows[i].pricing = xstrdup("{}");
	}
	if (n)
		xqsort(rows, n, sizeof *rows, by_model);
	*rows_out = rows;
	*n_out = n;
	return 0;
}

/* The sha256 of the table as text, so an unchanged table is recognised. */
static void table_hash(const struct price_row *rows, size_t n, char hex[SHA256_HEX_LEN + 1])
{
	struct sha256 *h = sha256_create();
	for (size_t i = 0; i < n; i++) {
		const char *f[] = {rows[i].model, rows[i].slug, rows[i].prompt, rows[i].completion,
		                   rows[i].pricing};
		for (size_t k = 0; k < 5; k++)
			sha256_update(h, f[k], strlen(f[k]) + 1);     // with the NUL: a separator
	}
	sha256_final_hex(h, hex);       // frees h
}

/* 1 when the latest snapshot holds this table, 0 if not, -1 on error. */
static int latest_is(struct store *st, const char *hash, char since[DATE_LEN + 1])
{
	sqlite3_stmt *q = store_prepare(st, "SELECT sha256, taken_on FROM model_snapshot "
	                                "ORDER BY taken_on DESC LIMIT 1");
	if (!q)
		return -1;
	int same = 0;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && strcmp(store_column_text(q, 0), hash) == 0) {
		same = 1;
		snprintf(since, DATE_LEN + 1, "%s", store_column_text(q, 1));
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? same : -1;
}

static int store_prices(struct store *st, const char *day, const char *origin, const char *hash,
                        const struct price_row *rows, size_t n)
{
	sqlite3_stmt *del_p = store_prepare(st, "DELETE FROM model_price WHERE snapshot_id IN "
	                                    "(SELECT id FROM model_snapshot WHERE taken_on = ?1)");
	sqlite3_stmt *del_s = store_prepare(st, "DELETE FROM model_snapshot WHERE taken_on = ?1");
	sqlite3_stmt *snap = store_prepare(st, "INSERT INTO model_snapshot (taken_on, origin, "
	                                   "sha256) VALUES (?1, ?2, ?3)");
	sqlite3_stmt *row = store_prepare(st, "INSERT OR REPLACE INTO model_price (snapshot_id, "
	                                  "model, canonical_slug, prompt, completion, pricing) "
	                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	int rc = -1;
	if (!del_p || !del_s || !snap || !row)
		goto done;
	// A second change on the same day replaces that day's snapshot.
	store_bind_text(del_p, 1, day);
	store_bind_text(del_s, 1, day);
	store_bind_text(snap, 1, day);
	store_bind_text(snap, 2, origin);
	store_bind_text(snap, 3, hash);
	if (sqlite3_step(del_p) != SQLITE_DONE || sqlite3_step(del_s) != SQLITE_DONE ||
	    sqlite3_step(snap) != SQLITE_DONE) {
		store_fail(st, "cannot store a /models snapshot");
		goto done;
	}
	int64_t id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(row, 1, id);
		store_bind_text(row, 2, rows[i].model);
		store_bind_text(row, 3, rows[i].slug);
		store_bind_text(row, 4, rows[i].prompt);
		store_bind_text(row, 5, rows[i].completion);
		store_bind_text(row, 6, rows[i].pricing);
		if (sqlite3_step(row) != SQLITE_DONE) {
			store_fail(st, "cannot store a model price");
			goto done;
		}
		sqlite3_reset(row);
	}
	rc = 0;
done:
	sqlite3_finalize(del_p);
	sqlite3_finalize(del_s);
	sqlite3_finalize(snap);
	sqlite3_finalize(row);
	return rc;
}

int poll_models(struct poll_ctx *pc, struct poll_outcome *out)
{
	struct http_response resp;
	int rc = poll_fetch(pc, POLL_MODELS, "/models", pc->api_key, &resp, out);
	json_t *root = NULL;
	struct price_row *rows = NULL;
	size_t n = 0;
	if (rc != TS_EXIT_OK)
		goto done;
	root = load_data(POLL_MODELS, &resp.body, out);
	if (!root || price_rows(json_object_get(root, "data"), &rows, &n, out) != 0) {
		rc = TS_EXIT_BAD_RESPONSE;
		goto done;
	}
	char hash[SHA256_HEX_LEN + 1], day[DATE_LEN + 1], since[DATE_LEN + 1];
	table_hash(rows, n, hash);
	today(day);
	char *origin = xasprintf("%s/models", pc->cfg->api_base);
	out->rows = n;
	int same = -1;
	if (store_begin(pc->st) == 0 && (same = latest_is(pc->st, hash, since)) == 0 &&
	    store_prices(pc->st, day, origin, hash, rows, n) != 0)
		same = -1;
	if (same < 0 || store_commit(pc->st) != 0) {
		store_rollback(pc->st);
		poll_fail(out, POLL_MODELS, "cannot store the /models snapshot");
		rc = TS_EXIT_STORE;
	} else if (same) {
		log_info("models: %zu models, prices unchanged since %s", n, since);
	} else {
		log_info("models: %zu models, prices stored as of %s", n, day);
	}
	free(origin);
done:
	for (size_t i = 0; i < n; i++)
		free(rows[i].pricing);
	free(rows);
	json_decref(root);
	buf_finish(&resp.body);
	return rc;
}
