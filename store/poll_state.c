/*
 * The pollers' request log and outcomes (see poll_state.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "store/poll_state.h"
#include "store/store.h"

int64_t poll_state_requests_since(struct store *st, const char *api, int64_t t)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT count(*) FROM http_request WHERE api = ?1 "
	                                "AND at > ?2");
	int64_t n = -1;
	if (q) {
		store_bind_text(q, 1, api);
		sqlite3_bind_int64(q, 2, t);
		if (sqlite3_step(q) == SQLITE_ROW)
			n = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	return n;
}

int poll_state_log_request(struct store *st, const char *api, int64_t now)
{
	sqlite3_stmt *ins = store_prepare(st, "INSERT INTO http_request (api, at) "
	                                  "VALUES (?1, ?2)");
	sqlite3_stmt *old = store_prepare(st, "DELETE FROM http_request WHERE at < ?1");
	int ok = ins && old;
	if (ok) {
		store_bind_text(ins, 1, api);
		sqlite3_bind_int64(ins, 2, now);
		sqlite3_bind_int64(old, 1, now - 2 * 86400);
		ok = sqlite3_step(ins) == SQLITE_DONE && sqlite3_step(old) == SQLITE_DONE;
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(old);
	return ok ? 0 : -1;
}

void poll_state_record(struct store *st, const char *source, const struct poll_state_outcome *o)
{
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO poll_state (source, last_attempt, last_success, last_error_at, "
		"last_error, rows, rejects, restatements) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
		"ON CONFLICT (source) DO UPDATE SET last_attempt = excluded.last_attempt, "
		"last_success = coalesce(excluded.last_success, last_success), "
		"last_error_at = coalesce(excluded.last_error_at, last_error_at), "
		"last_error = coalesce(excluded.last_error, last_error), "
		"rows = CASE WHEN ?9 THEN excluded.rows ELSE rows END, "
		"rejects = CASE WHEN ?9 THEN excluded.rejects ELSE rejects END, "
		"restatements = restatements + excluded.restatements");
	if (!q || store_begin(st) != 0) {
		sqlite3_finalize(q);
		return;
	}
	store_bind_text(q, 1, source);
	sqlite3_bind_int64(q, 2, o->at);
	if (o->ok)
		sqlite3_bind_int64(q, 3, o->at);
	if (o->error) {
		sqlite3_bind_int64(q, 4, o->at);
		store_bind_text(q, 5, o->error);
	}
	sqlite3_bind_int64(q, 6, (int64_t)o->rows);
	sqlite3_bind_int64(q, 7, (int64_t)o->rejects);
	sqlite3_bind_int64(q, 8, (int64_t)o->restatements);
	sqlite3_bind_int(q, 9, o->counts);
	if (sqlite3_step(q) != SQLITE_DONE || store_commit(st) != 0) {
		store_fail(st, "cannot record the poll");
		store_rollback(st);
	}
	sqlite3_finalize(q);
}

void poll_state_set_next_run(struct store *st, const char *source, int64_t when)
{
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO poll_state (source, next_run) VALUES (?1, ?2) "
		"ON CONFLICT (source) DO UPDATE SET next_run = excluded.next_run");
	if (q) {
		store_bind_text(q, 1, source);
		sqlite3_bind_int64(q, 2, when);
		if (sqlite3_step(q) != SQLITE_DONE)
			store_fail(st, "cannot record the next poll");
		sqlite3_finalize(q);
	}
}

int64_t poll_state_last_attempt(struct store *st, const char *source)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT last_attempt FROM poll_state WHERE source = ?1");
	int64_t t = -1;
	if (q) {
		store_bind_text(q, 1, source);
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
			t = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	return t;
}
