/*
 * Reading stored rankings for reports (see rank_read.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "store/rank_read.h"
#include "store/store.h"

struct day_walk {
	int (*fn)(void *ctx, const struct rank_read_day *d);
	void *ctx;
};

static int day_row(void *arg, sqlite3_stmt *q)
{
	const struct day_walk *w = arg;
	struct rank_read_day d = {
		.day = store_column_text(q, 0),
		.has_as_of = sqlite3_column_type(q, 1) != SQLITE_NULL,
		.as_of = sqlite3_column_int64(q, 1),
		.rows = sqlite3_column_int64(q, 2),
		.has_other = sqlite3_column_int(q, 3) != 0,
	};
	return w->fn(w->ctx, &d);
}

int rank_read_days(struct store *st, const char *from, const char *to,
                   int (*fn)(void *ctx, const struct rank_read_day *d), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT d.day, d.as_of, d.rows, EXISTS (SELECT 1 FROM rank_row o WHERE o.day = d.day "
		"AND o.model = 'other') FROM rank_day d WHERE d.day BETWEEN ?1 AND ?2 ORDER BY d.day");
	if (!q)
		return -1;
	store_bind_text(q, 1, from);
	store_bind_text(q, 2, to);
	struct day_walk w = {fn, ctx};
	return store_each_row(st, q, day_row, &w, "cannot read the rankings days");
}

struct row_walk {
	int (*fn)(void *ctx, const struct rank_read_row *r);
	void *ctx;
};

static int rank_row(void *arg, sqlite3_stmt *q)
{
	const struct row_walk *w = arg;
	struct rank_read_row r = {
		.day = store_column_text(q, 0),
		.has_as_of = sqlite3_column_type(q, 1) != SQLITE_NULL,
		.as_of = sqlite3_column_int64(q, 1),
		.model = store_column_text(q, 2),
		.tokens = sqlite3_column_int64(q, 3),
	};
	return w->fn(w->ctx, &r);
}

int rank_read_rows(struct store *st, const char *from, const char *to,
                   int (*fn)(void *ctx, const struct rank_read_row *r), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT r.day, d.as_of, r.model, r.tokens FROM rank_row r "
		"JOIN rank_day d ON d.day = r.day WHERE r.day BETWEEN ?1 AND ?2 "
		"ORDER BY r.day, r.model");
	if (!q)
		return -1;
	store_bind_text(q, 1, from);
	store_bind_text(q, 2, to);
	struct row_walk w = {fn, ctx};
	return store_each_row(st, q, rank_row, &w, "cannot read the rankings");
}

struct restatement_walk {
	int (*fn)(void *ctx, const struct rank_read_restatement *r);
	void *ctx;
};

static int restatement_row(void *arg, sqlite3_stmt *q)
{
	const struct restatement_walk *w = arg;
	struct rank_read_restatement r = {
		.day = store_column_text(q, 0),
		.model = store_column_text(q, 1),
		.has_old_tokens = sqlite3_column_type(q, 2) != SQLITE_NULL,
		.has_new_tokens = sqlite3_column_type(q, 3) != SQLITE_NULL,
		.has_old_as_of = sqlite3_column_type(q, 4) != SQLITE_NULL,
		.has_new_as_of = sqlite3_column_type(q, 5) != SQLITE_NULL,
		.has_noticed_at = sqlite3_column_type(q, 6) != SQLITE_NULL,
		.old_tokens = sqlite3_column_int64(q, 2),
		.new_tokens = sqlite3_column_int64(q, 3),
		.old_as_of = sqlite3_column_int64(q, 4),
		.new_as_of = sqlite3_column_int64(q, 5),
		.noticed_at = sqlite3_column_int64(q, 6),
	};
	return w->fn(w->ctx, &r);
}

int rank_read_restatements(struct store *st,
                           int (*fn)(void *ctx, const struct rank_read_restatement *r),
                           void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT r.day, r.model, r.old_tokens, r.new_tokens, r.old_as_of, r.new_as_of, "
		"b.started_at FROM restatement r JOIN batch b ON b.id = r.batch_id ORDER BY r.id");
	if (!q)
		return -1;
	struct restatement_walk w = {fn, ctx};
	return store_each_row(st, q, restatement_row, &w, "cannot read restatements");
}
