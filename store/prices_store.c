/*
 * Price snapshots from /models responses (see prices_store.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jsonloc.h"
#include "core/sha256.h"
#include "core/xalloc.h"
#include "store/prices_store.h"
#include "store/store.h"

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

/* The /models table, sorted by id; -1 with why when a row is unusable. */
static int price_rows(json_t *data, struct price_row **rows_out, size_t *n_out, char *why,
                      size_t why_len)
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
			snprintf(why, why_len, "data[%zu] has no \"id\" string or a \"pricing\" that "
			         "is not an object", i);
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

/* 1 when the snapshot in force on day holds this table, 0 if not, -1 on error. */
static int in_force_is(struct store *st, const char *day, const char *hash,
                       char since[DATE_LEN + 1])
{
	sqlite3_stmt *q = store_prepare(st, "SELECT sha256, taken_on FROM model_snapshot "
	                                "WHERE taken_on <= ?1 ORDER BY taken_on DESC LIMIT 1");
	if (!q)
		return -1;
	store_bind_text(q, 1, day);
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

int prices_store_models(struct store *st, const char *json, size_t len, const char *day,
                        const char *origin, size_t *n_models, char since[DATE_LEN + 1],
                        char *why, size_t why_len)
{
	json_error_t err;
	json_t *root = jsonloc_load(json, len, 0, &err);
	json_t *data = json_object_get(root, "data");
	struct price_row *rows = NULL;
	size_t n = 0;
	int rc = PRICES_BAD_INPUT;
	*n_models = 0;
	if (!root) {
		snprintf(why, why_len, "line %d: invalid JSON: %s", err.line, err.text);
		goto done;
	}
	if (!json_is_array(data)) {
		snprintf(why, why_len, "no \"data\" array (not a /models response)");
		goto done;
	}
	if (price_rows(data, &rows, &n, why, why_len) != 0)
		goto done;
	*n_models = n;
	char hash[SHA256_HEX_LEN + 1];
	table_hash(rows, n, hash);
	int same = -1;
	if (store_begin(st) == 0 && (same = in_force_is(st, day, hash, since)) == 0 &&
	    store_prices(st, day, origin, hash, rows, n) != 0)
		same = -1;
	if (same < 0 || store_commit(st) != 0) {
		store_rollback(st);
		rc = PRICES_STORE_ERROR;
	} else {
		rc = same ? PRICES_UNCHANGED : PRICES_STORED;
	}
done:
	for (size_t i = 0; i < n; i++)
		free(rows[i].pricing);
	free(rows);
	json_decref(root);
	return rc;
}

struct snapshot_list {
	struct prices_snapshot **out;
	size_t *n, cap;
};

static int snapshot_row(void *arg, sqlite3_stmt *q)
{
	struct snapshot_list *l = arg;
	xgrow(l->out, &l->cap, *l->n + 1, sizeof **l->out);
	(*l->out)[(*l->n)++] = (struct prices_snapshot){
		.taken_on = xstrdup(store_column_text(q, 0)),
		.models = sqlite3_column_int64(q, 1),
		.origin = xstrdup(store_column_text(q, 2)),
	};
	return 0;
}

int prices_store_list(struct store *st, struct prices_snapshot **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q = store_prepare(st,
		"SELECT s.taken_on, count(p.model), s.origin FROM model_snapshot s "
		"LEFT JOIN model_price p ON p.snapshot_id = s.id GROUP BY s.id ORDER BY s.taken_on");
	if (!q)
		return -1;
	struct snapshot_list l = {out, n, 0};
	store_each_row(st, q, snapshot_row, &l, NULL);  // a failed step ends the list
	return 0;
}

void prices_snapshots_free(struct prices_snapshot *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].taken_on);
		free(s[i].origin);
	}
	free(s);
}
