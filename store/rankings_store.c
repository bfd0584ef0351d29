/*
 * Rankings batches into the store (see rankings_store.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/rankings_store.h"
#include "store/store.h"

#define REPORT_MAX 50   // restatement lines printed per ingest

int64_t store_new_batch(struct store *st, const char *command)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO batch (started_at, command) VALUES (?1, ?2)");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (int64_t)time(NULL));
	store_bind_text(stmt, 2, command);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, "cannot record the batch");
	return sqlite3_last_insert_rowid(st->db);
}

struct have_days {
	int32_t first, last;
	bool *have;
};

static int stored_day_row(void *arg, sqlite3_stmt *q)
{
	const struct have_days *h = arg;
	int32_t d;
	const char *t = store_column_text(q, 0);
	if (date_parse(t, strlen(t), &d) && d >= h->first && d <= h->last)
		h->have[d - h->first] = true;
	return 0;
}

int rank_days_stored(struct store *st, int32_t first, int32_t last, bool *have)
{
	char a[DATE_LEN + 1], b[DATE_LEN + 1];
	date_format(first, a);
	date_format(last, b);
	sqlite3_stmt *q = store_prepare(st, "SELECT day FROM rank_day WHERE day BETWEEN ?1 AND ?2");
	if (!q)
		return -1;
	store_bind_text(q, 1, a);
	store_bind_text(q, 2, b);
	struct have_days h = {first, last, have};
	return store_each_row(st, q, stored_day_row, &h, "cannot read the stored days");
}

struct stored_row {
	char *model;
	uint64_t tokens;
};

struct statements {
	sqlite3_stmt *get_day, *get_rows, *put_day, *del_rows, *put_row, *put_restatement;
};

static void finalize_all(struct statements *s)
{
	sqlite3_finalize(s->get_day);
	sqlite3_finalize(s->get_rows);
	sqlite3_finalize(s->put_day);
	sqlite3_finalize(s->del_rows);
	sqlite3_finalize(s->put_row);
	sqlite3_finalize(s->put_restatement);
}

static int prepare_all(struct store *st, struct statements *s)
{
	*s = (struct statements){0};
	s->get_day = store_prepare(st, "SELECT as_of FROM rank_day WHERE day = ?1");
	s->get_rows = store_prepare(st,
		"SELECT model, tokens FROM rank_row WHERE day = ?1 ORDER BY model");
	s->put_day = store_prepare(st,
		"INSERT INTO rank_day (day, as_of, rows, batch_id, first_batch_id) "
		"VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (day) DO UPDATE SET "
		"as_of = excluded.as_of, rows = excluded.rows, batch_id = excluded.batch_id");
	s->del_rows = store_prepare(st, "DELETE FROM rank_row WHERE day = ?1");
	s->put_row = store_prepare(st,
		"INSERT INTO rank_row (day, model, tokens) VALUES (?1, ?2, ?3)");
	s->put_restatement = store_prepare(st,
		"INSERT INTO restatement (day, model, old_tokens, new_tokens, old_as_of, "
		"new_as_of, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (s->get_day && s->get_rows && s->put_day && s->del_rows && s->put_row &&
	    s->put_restatement)
		return 0;
	finalize_all(s);
	return -1;
}

static void bind_as_of(sqlite3_stmt *stmt, int idx, int64_t as_of)
{
	if (as_of == RANK_AS_OF_UNKNOWN)
		sqlite3_bind_null(stmt, idx);
	else
		sqlite3_bind_int64(stmt, idx, as_of);
}

static int step_done(struct store *st, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(st, what);
}

/* One day's rows in b: [lo, hi), duplicates still in. */
struct day_span {
	const char *day;                // "YYYY-MM-DD"
	const struct rank_row *rows;
	size_t n;
	int64_t as_of;                  // latest as-of of the rows, or unknown
};

static int record_change(struct store *st, struct statements *s, const struct day_span *ds,
                         const char *model, const uint64_t *old, const uint64_t *new_,
                         int64_t old_as_of, int64_t batch_id, struct rank_apply_stats *stats,
                         FILE *report)
{
	sqlite3_stmt *q = s->put_restatement;
	store_bind_text(q, 1, ds->day);
	store_bind_text(q, 2, model);
	if (old)
		sqlite3_bind_int64(q, 3, (int64_t)*old);
	else
		sqlite3_bind_null(q, 3);
	if (new_)
		sqlite3_bind_int64(q, 4, (int64_t)*new_);
	else
		sqlite3_bind_null(q, 4);
	bind_as_of(q, 5, old_as_of);
	bind_as_of(q, 6, ds->as_of);
	sqlite3_bind_int64(q, 7, batch_id);
	if (step_done(st, q, "cannot record a restatement") != 0)
		return -1;
	if (report && stats->restatements < REPORT_MAX) {
		char o[24] = "absent", n[24] = "absent";
		if (old)
			snprintf(o, sizeof o, "%llu", (unsigned long long)*old);
		if (new_)
			snprintf(n, sizeof n, "%llu", (unsigned long long)*new_);
		fprintf(report, "restated %s %s: %s -> %s tokens\n", ds->day, model, o, n);
	}
	stats->restatements++;
	return 0;
}

/* Compares the stored rows of a day with the new ones, recording changes. */
static int diff_day(struct store *st, struct statements *s, const struct day_span *ds,
                    int64_t old_as_of, int64_t batch_id, struct rank_apply_stats *stats,
                    FILE *report, bool *changed, bool record)
{
	sqlite3_stmt *q = s->get_rows;
	store_bind_text(q, 1, ds->day);
	struct stored_row *old = NULL;
	size_t n_old = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		xgrow(&old, &cap, n_old + 1, sizeof *old);
		old[n_old].model = xstrdup(store_column_text(q, 0));
		old[n_old].tokens = (uint64_t)sqlite3_column_int64(q, 1);
		n_old++;
	}
	sqlite3_reset(q);
	int err = rc == SQLITE_DONE ? 0 : store_fail(st, "cannot read a stored day");
	// Merge the two sorted lists (SQLite's ORDER BY model uses the same
	// byte order as strcmp for TEXT with the default BINARY collation).
	size_t i = 0, j = 0;
	*changed = false;
	while (!err && (i < n_old || j < ds->n)) {
		if (j < ds->n && j > 0 && strcmp(ds->rows[j].model, ds->rows[j - 1].model) == 0) {
			j++;    // an identical duplicate
			continue;
		}
		int c = i == n_old ? 1 : j == ds->n ? -1 : strcmp(old[i].model, ds->rows[j].model);
		if (c < 0) {
			err = !record ? 0 : record_change(st, s, ds, old[i].model, &old[i].tokens, NULL, old_as_of,
			                    batch_id, stats, report);
			*changed = true;
			i++;
		} else if (c > 0) {
			err = !record ? 0 : record_change(st, s, ds, ds->rows[j].model, NULL, &ds->rows[j].tokens,
			                    old_as_of, batch_id, stats, report);
			*changed = true;
			j++;
		} else {
			if (old[i].tokens != ds->rows[j].tokens) {
				err = !record ? 0 : record_change(st, s, ds, old[i].model, &old[i].tokens,
				                    &ds->rows[j].tokens, old_as_of, batch_id, stats, report);
				*changed = true;
			}
			i++;
			j++;
		}
	}
	for (size_t k = 0; k < n_old; k++)
		free(old[k].model);
	free(old);
	return err;
}

static int write_day(struct store *st, struct statements *s, const struct day_span *ds,
                     int64_t as_of, int64_t batch_id, size_t *rows)
{
	size_t n = 0;
	store_bind_text(s->del_rows, 1, ds->day);
	if (step_done(st, s->del_rows, "cannot replace a day") != 0)
		return -1;
	for (size_t j = 0; j < ds->n; j++) {
		if (j > 0 && strcmp(ds->rows[j].model, ds->rows[j - 1].model) == 0)
			continue;
		// The day row must exist before its rows (foreign key); insert it first
		// with a provisional count, fixed below.
		if (n == 0) {
			store_bind_text(s->put_day, 1, ds->day);
			bind_as_of(s->put_day, 2, as_of);
			sqlite3_bind_int64(s->put_day, 3, 0);
			sqlite3_bind_int64(s->put_day, 4, batch_id);
			if (step_done(st, s->put_day, "cannot store a day") != 0)
				return -1;
		}
		store_bind_text(s->put_row, 1, ds->day);
		store_bind_text(s->put_row, 2, ds->rows[j].model);
		sqlite3_bind_int64(s->put_row, 3, (int64_t)ds->rows[j].tokens);
		if (step_done(st, s->put_row, "cannot store a row") != 0)
			return -1;
		n++;
	}
	store_bind_text(s->put_day, 1, ds->day);
	bind_as_of(s->put_day, 2, as_of);
	sqlite3_bind_int64(s->put_day, 3, (int64_t)n);
	sqlite3_bind_int64(s->put_day, 4, batch_id);
	*rows += n;
	return step_done(st, s->put_day, "cannot store a day");
}

static int apply_day(struct store *st, struct statements *s, const struct day_span *ds,
                     int64_t batch_id, struct rank_apply_stats *stats, FILE *report)
{
	store_bind_text(s->get_day, 1, ds->day);
	int rc = sqlite3_step(s->get_day);
	bool exists = rc == SQLITE_ROW;
	int64_t old_as_of = RANK_AS_OF_UNKNOWN;
	if (exists && sqlite3_column_type(s->get_day, 0) != SQLITE_NULL)
		old_as_of = sqlite3_column_int64(s->get_day, 0);
	sqlite3_reset(s->get_day);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "cannot read a stored day");
	size_t unique = 0;
	for (size_t j = 0; j < ds->n; j++) {
		if (j == 0 || strcmp(ds->rows[j].model, ds->rows[j - 1].model) != 0)
			unique++;
		else
			stats->duplicates++;
	}
	stats->rows += unique;
	if (!exists) {
		size_t rows = 0;
		stats->days_new++;
		return write_day(st, s, ds, ds->as_of, batch_id, &rows);
	}
	if (old_as_of != RANK_AS_OF_UNKNOWN && ds->as_of == RANK_AS_OF_UNKNOWN) {
		// Whether an undated input is newer cannot be known, and replacing
		// the day would erase the date its citation gives.
		bool changed;
		if (diff_day(st, s, ds, old_as_of, batch_id, stats, NULL, &changed, false) != 0)
			return -1;
		if (!changed) {
			stats->days_unchanged++;
			return 0;
		}
		stats->days_kept++;
		char o[TIMESTAMP_LEN + 1];
		date_format_timestamp(old_as_of, o);
		log_warning("%s: kept the stored day (as of %s); this input differs but states no "
		            "as-of time, so it cannot be known to be newer (give --as-of)", ds->day, o);
		return 0;
	}
	if (old_as_of != RANK_AS_OF_UNKNOWN && ds->as_of != RANK_AS_OF_UNKNOWN &&
	    ds->as_of < old_as_of) {
		stats->days_kept++;
		char o[TIMESTAMP_LEN + 1], n[TIMESTAMP_LEN + 1];
		date_format_timestamp(old_as_of, o);
		date_format_timestamp(ds->as_of, n);
		log_warning("%s: kept the stored day (as of %s); this input is older (as of %s)",
		            ds->day, o, n);
		return 0;
	}
	bool changed;
	if (diff_day(st, s, ds, old_as_of, batch_id, stats, report, &changed, true) != 0)
		return -1;
	if (changed) {
		size_t rows = 0;
		stats->days_restated++;
		return write_day(st, s, ds, ds->as_of, batch_id, &rows);
	}
	stats->days_unchanged++;
	// Same values confirmed later: the later as-of is the better citation.
	if (ds->as_of != RANK_AS_OF_UNKNOWN && (old_as_of == RANK_AS_OF_UNKNOWN || ds->as_of > old_as_of)) {
		sqlite3_stmt *q = store_prepare(st, "UPDATE rank_day SET as_of = ?2 WHERE day = ?1");
		if (!q)
			return -1;
		store_bind_text(q, 1, ds->day);
		sqlite3_bind_int64(q, 2, ds->as_of);
		int err = step_done(st, q, "cannot update a day");
		sqlite3_finalize(q);
		return err;
	}
	return 0;
}

int rank_batch_apply(struct store *st, const struct rank_batch *b, int64_t batch_id,
                     struct rank_apply_stats *stats, FILE *report,
                     const volatile sig_atomic_t *stop)
{
	*stats = (struct rank_apply_stats){0};
	struct statements s;
	if (prepare_all(st, &s) != 0)
		return -1;
	int err = 0;
	for (size_t lo = 0; !err && lo < b->n;) {
		if (stop && *stop) {
			err = 1;
			break;
		}
		size_t hi = lo;
		int64_t as_of = RANK_AS_OF_UNKNOWN;
		while (hi < b->n && b->rows[hi].day == b->rows[lo].day) {
			if (b->rows[hi].as_of > as_of)
				as_of = b->rows[hi].as_of;
			hi++;
		}
		char day[DATE_LEN + 1];
		date_format(b->rows[lo].day, day);
		struct day_span ds = {day, &b->rows[lo], hi - lo, as_of};
		err = apply_day(st, &s, &ds, batch_id, stats, report);
		lo = hi;
	}
	finalize_all(&s);
	if (report && stats->restatements > REPORT_MAX)
		fprintf(report, "... and %zu more restatements (tokenshare report restatements)\n",
		        stats->restatements - REPORT_MAX);
	return err;
}
