/*
 * What "tokenshare status" reads (see inventory.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>

#include "store/inventory.h"
#include "store/store.h"

/* A time column, or INVENTORY_NONE for NULL. */
static int64_t time_of(sqlite3_stmt *q, int col)
{
	return sqlite3_column_type(q, col) == SQLITE_NULL ? INVENTORY_NONE
	                                                   : sqlite3_column_int64(q, col);
}

struct rankings_walk {
	void (*fn)(void *ctx, const struct inventory_rankings *r);
	void *ctx;
};

static int rankings_row(void *arg, sqlite3_stmt *q)
{
	const struct rankings_walk *w = arg;
	struct inventory_rankings r = {
		.days = sqlite3_column_int64(q, 0),
		.first = store_column_text(q, 1),
		.last = store_column_text(q, 2),
		.rows = sqlite3_column_int64(q, 3),
		.restatements = sqlite3_column_int64(q, 4),
	};
	w->fn(w->ctx, &r);
	return 1;  // an aggregate: one row
}

int inventory_rankings(struct store *st,
                       void (*fn)(void *ctx, const struct inventory_rankings *r), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT count(*), min(day), max(day), sum(rows), "
		"(SELECT count(*) FROM restatement) FROM rank_day");
	if (!q)
		return -1;
	struct rankings_walk w = {fn, ctx};
	store_each_row(st, q, rankings_row, &w, NULL);
	return 0;
}

static int last_fetch_row(void *arg, sqlite3_stmt *q)
{
	int64_t *at = arg;
	*at = sqlite3_column_type(q, 0) == SQLITE_NULL ? INVENTORY_NONE : sqlite3_column_int64(q, 0);
	return 0;
}

int inventory_last_fetch(struct store *st, int64_t *at)
{
	*at = INVENTORY_NONE;
	sqlite3_stmt *q = store_prepare(st,
		"SELECT max(t) FROM (SELECT max(started_at) AS t FROM batch "
		"WHERE command <> 'reference load' UNION ALL SELECT max(updated_at) FROM input_file)");
	if (!q)
		return -1;
	return store_each_row(st, q, last_fetch_row, at, "last fetch") < 0 ? -1 : 0;
}

struct day_walk {
	void (*fn)(void *ctx, const char *day);
	void *ctx;
};

static int day_row(void *arg, sqlite3_stmt *q)
{
	const struct day_walk *w = arg;
	w->fn(w->ctx, store_column_text(q, 0));
	return 0;
}

int inventory_rank_days(struct store *st, void (*fn)(void *ctx, const char *day), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT day FROM rank_day ORDER BY day");
	if (!q)
		return -1;
	struct day_walk w = {fn, ctx};
	return store_each_row(st, q, day_row, &w, NULL);
}

struct poll_walk {
	void (*fn)(void *ctx, const struct inventory_poll *p);
	void *ctx;
};

static int poll_row(void *arg, sqlite3_stmt *q)
{
	const struct poll_walk *w = arg;
	struct inventory_poll p = {
		.source = store_column_text(q, 0),
		.last_success = time_of(q, 1),
		.last_error_at = time_of(q, 2),
		.last_error = sqlite3_column_type(q, 3) == SQLITE_NULL ? NULL
		                                                       : store_column_text(q, 3),
		.next_run = time_of(q, 4),
		.rows = sqlite3_column_int64(q, 5),
		.rejects = sqlite3_column_int64(q, 6),
		.restatements = sqlite3_column_int64(q, 7),
	};
	w->fn(w->ctx, &p);
	return 0;
}

int inventory_polls(struct store *st, void (*fn)(void *ctx, const struct inventory_poll *p),
                    void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT source, last_success, last_error_at, last_error, next_run, rows, rejects, "
		"restatements, last_attempt FROM poll_state ORDER BY source");
	if (!q)
		return -1;
	struct poll_walk w = {fn, ctx};
	store_each_row(st, q, poll_row, &w, NULL);
	return 0;
}

struct source_walk {
	void (*fn)(void *ctx, const struct inventory_log_source *s);
	void *ctx;
};

static int source_row(void *arg, sqlite3_stmt *q)
{
	const struct source_walk *w = arg;
	struct inventory_log_source s = {
		.name = store_column_text(q, 0),
		.requests = sqlite3_column_int64(q, 1),
		.tokens = sqlite3_column_int64(q, 2),
		.has_days = sqlite3_column_type(q, 3) != SQLITE_NULL,
		.first_day = (int32_t)sqlite3_column_int64(q, 3),
		.last_day = (int32_t)sqlite3_column_int64(q, 4),
	};
	w->fn(w->ctx, &s);
	return 0;
}

int inventory_log_sources(struct store *st,
                          void (*fn)(void *ctx, const struct inventory_log_source *s), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT s.name, sum(d.requests), sum(d.prompt_tokens + d.completion_tokens), "
		"min(d.day), max(d.day) FROM log_source s LEFT JOIN usage_day d ON d.source_id = s.id "
		"GROUP BY s.id ORDER BY s.name");
	if (!q)
		return -1;
	struct source_walk w = {fn, ctx};
	store_each_row(st, q, source_row, &w, NULL);
	return 0;
}

struct file_walk {
	void (*file)(void *ctx, const struct inventory_file *f);
	void (*reject)(void *ctx, const char *message);
	void *ctx;
	sqlite3_stmt *rejects;          // the file's rejects, by line
};

static int file_row(void *arg, sqlite3_stmt *q)
{
	const struct file_walk *w = arg;
	struct inventory_file f = {
		.path = store_column_text(q, 1),
		.format = store_column_text(q, 2),
		.lines = sqlite3_column_int64(q, 3),
		.records = sqlite3_column_int64(q, 4),
		.duplicates = sqlite3_column_int64(q, 5),
		.rejects = sqlite3_column_int64(q, 6),
		.offset = sqlite3_column_int64(q, 7),
		.size = sqlite3_column_int64(q, 8),
		.last_time = time_of(q, 9),
		.updated_at = time_of(q, 10),
	};
	w->file(w->ctx, &f);
	sqlite3_stmt *r = w->rejects;
	sqlite3_bind_int64(r, 1, sqlite3_column_int64(q, 0));
	while (sqlite3_step(r) == SQLITE_ROW)
		w->reject(w->ctx, store_column_text(r, 0));
	sqlite3_reset(r);
	return 0;
}

int inventory_files(struct store *st, void (*file)(void *ctx, const struct inventory_file *f),
                    void (*reject)(void *ctx, const char *message), void *ctx)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT id, path, format, lines, records, duplicates, rejects, offset, size, "
		"last_time, updated_at FROM input_file ORDER BY path");
	sqlite3_stmt *r = store_prepare(st,
		"SELECT message FROM input_reject WHERE file_id = ?1 ORDER BY line");
	if (!q || !r) {
		sqlite3_finalize(q);
		sqlite3_finalize(r);
		return -1;
	}
	struct file_walk w = {file, reject, ctx, r};
	store_each_row(st, q, file_row, &w, NULL);
	sqlite3_finalize(r);
	return 0;
}
