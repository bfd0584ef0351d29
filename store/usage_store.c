/*
 * The writing side of counting log records (see usage_store.h): names to
 * database ids, the dedup verdict, the cells merged into usage_q and
 * usage_day.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "store/usage_store.h"

/* Database id of a model or provider name, inserting it if new. */
static int64_t dim_id(struct store *st, sqlite3_stmt *ins, const char *a, const char *b)
{
	sqlite3_reset(ins);
	store_bind_text(ins, 1, a);
	if (b)
		store_bind_text(ins, 2, b);
	// ON CONFLICT DO UPDATE (a no-op) makes RETURNING answer for old rows too.
	int rc = sqlite3_step(ins);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(ins, 0) : -1;
	sqlite3_reset(ins);
	if (id < 0)
		store_fail(st, "cannot store a model or provider name");
	return id;
}

static int64_t source_id(struct store *st, const char *name)
{
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO log_source (name) VALUES (?1) ON CONFLICT (name) DO UPDATE SET "
		"name = excluded.name RETURNING id");
	if (!q)
		return -1;
	store_bind_text(q, 1, name);
	return store_int(st, q, "cannot register the log source");
}

int usage_writer_init(struct usage_writer *w, struct store *st, const char *dataset, bool daily)
{
	*w = (struct usage_writer){.st = st, .daily = daily};
	w->source_id = source_id(st, dataset);
	if (w->source_id < 0)
		return -1;
	// Ingest writes a lot at once: a bigger page cache keeps the tables' hot
	// pages in memory instead of spilling them mid-transaction.
	store_exec(st, "PRAGMA cache_size = -20480");
	// Checkpoint the WAL every 32 MiB instead of 4: hot pages are copied to
	// the database file fewer times during a long ingest.
	store_exec(st, "PRAGMA wal_autocheckpoint = 8192");
	int got = usage_dedup_init(&w->ids, st);
	w->get_q = store_prepare(st, "SELECT cells FROM usage_q WHERE source_id = ?1 AND bucket = ?2");
	w->put_q = store_prepare(st,
		"INSERT OR REPLACE INTO usage_q (source_id, bucket, cells) VALUES (?1, ?2, ?3)");
	w->put_day = store_prepare(st,
		"INSERT INTO usage_day (source_id, day, model_id, provider_id, requests, "
		"prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, cost_micro, "
		"cost_requests) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		"ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, "
		"prompt_tokens = prompt_tokens + excluded.prompt_tokens, "
		"completion_tokens = completion_tokens + excluded.completion_tokens, "
		"reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, "
		"cached_tokens = cached_tokens + excluded.cached_tokens, "
		"cost_micro = cost_micro + excluded.cost_micro, "
		"cost_requests = cost_requests + excluded.cost_requests");
	w->del_day = store_prepare(st, "DELETE FROM usage_day WHERE source_id = ?1 AND day = ?2");
	w->ins_model = store_prepare(st,
		"INSERT INTO model_dim (slug, permaslug) VALUES (?1, ?2) ON CONFLICT DO UPDATE "
		"SET slug = excluded.slug RETURNING id");
	w->ins_provider = store_prepare(st,
		"INSERT INTO provider_dim (name) VALUES (?1) ON CONFLICT DO UPDATE "
		"SET name = excluded.name RETURNING id");
	if (got != 0 || !w->get_q || !w->put_q || !w->put_day || !w->del_day || !w->ins_model ||
	    !w->ins_provider) {
		usage_writer_finish(w);
		return -1;
	}
	return 0;
}

void usage_writer_finish(struct usage_writer *w)
{
	usage_dedup_finish(&w->ids);
	sqlite3_finalize(w->get_q);
	sqlite3_finalize(w->put_q);
	sqlite3_finalize(w->put_day);
	sqlite3_finalize(w->del_day);
	sqlite3_finalize(w->ins_model);
	sqlite3_finalize(w->ins_provider);
	free(w->model_ids);
	free(w->provider_ids);
	free(w->order);
	free(w->dup);
	*w = (struct usage_writer){0};
}

/* Set when a sum passed what a stored count holds; the batch then fails. */
static bool counts_overflow;

/* a += b, each count kept below 2^63 (usage_day stores SQLite integers);
 * a sum that would pass it sets counts_overflow and leaves a as it was. */
static void add_counts(struct usage_counts *a, const struct usage_counts *b)
{
	uint64_t *x[7] = {&a->requests, &a->prompt, &a->completion, &a->reasoning, &a->cached,
	                  &a->cost_micro, &a->cost_requests};
	const uint64_t y[7] = {b->requests, b->prompt, b->completion, b->reasoning, b->cached,
	                       b->cost_micro, b->cost_requests};
	for (int k = 0; k < 7; k++) {
		if (y[k] > (uint64_t)INT64_MAX - *x[k]) {
			counts_overflow = true;
			return;
		}
	}
	for (int k = 0; k < 7; k++)
		*x[k] += y[k];
}

/* Orders pending records by their seen_request key (the array being sorted
 * is set before each sort; only the writing thread sorts). */
static const struct usage_pending *sort_base;

static int cmp_order(const void *a, const void *b)
{
	const struct usage_id_key *x = &sort_base[*(const uint32_t *)a].id;
	const struct usage_id_key *y = &sort_base[*(const uint32_t *)b].id;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->rest != y->rest)
		return x->rest < y->rest ? -1 : 1;
	return x->low < y->low ? -1 : x->low > y->low;
}

static int cmp_cell(const void *a, const void *b)
{
	const struct usage_cell *x = a, *y = b;
	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	if (x->model_id != y->model_id)
		return x->model_id < y->model_id ? -1 : 1;
	return x->provider_id < y->provider_id ? -1 : x->provider_id > y->provider_id;
}

/* Merges the neighbours of sorted cells that are equal by cmp_cell; returns
 * how many cells are left. */
static size_t merge_equal(struct usage_cell *c, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (out && cmp_cell(&c[out - 1], &c[i]) == 0)
			add_counts(&c[out - 1].c, &c[i].c);
		else
			c[out++] = c[i];
	}
	return out;
}

/* Merges the cells of one bucket into its stored blob. */
static int write_bucket(struct usage_writer *w, const struct usage_cell *cells, size_t n)
{
	int64_t bucket = cells[0].bucket;
	sqlite3_stmt *q = w->get_q;
	sqlite3_bind_int64(q, 1, w->source_id);
	sqlite3_bind_int64(q, 2, bucket);
	struct usage_cell *all = NULL;
	size_t n_all = 0, cap = 0;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW &&
	    !usage_cells_decode(sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0),
	                        bucket, &all, &n_all, &cap)) {
		sqlite3_reset(q);
		free(all);
		log_error("%s: corrupt database: a stored 15-minute bucket cannot be decoded", w->st->path);
		return -1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(all);
		return store_fail(w->st, "cannot read a bucket");
	}
	bool stored = n_all > 0;
	for (size_t i = 0; i < n; i++) {
		xgrow(&all, &cap, n_all + 1, sizeof *all);
		all[n_all++] = cells[i];
	}
	if (stored)
		xqsort(all, n_all, sizeof *all, cmp_cell);  // else already in order
	size_t out = merge_equal(all, n_all);
	unsigned char *blob = xmalloc(out * USAGE_CELL_MAX_BYTES + 1);
	size_t len = usage_cells_encode(all, out, blob);
	q = w->put_q;
	sqlite3_bind_int64(q, 1, w->source_id);
	sqlite3_bind_int64(q, 2, bucket);
	sqlite3_bind_blob(q, 3, blob, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	free(blob);
	free(all);
	return rc == SQLITE_DONE ? 0 : store_fail(w->st, "cannot write a bucket");
}

static int put_day(struct usage_writer *w, int64_t day, const struct usage_cell *c)
{
	sqlite3_stmt *q = w->put_day;
	sqlite3_bind_int64(q, 1, w->source_id);
	sqlite3_bind_int64(q, 2, day);
	sqlite3_bind_int64(q, 3, c->model_id);
	sqlite3_bind_int64(q, 4, c->provider_id);
	const uint64_t v[7] = {c->c.requests, c->c.prompt, c->c.completion, c->c.reasoning,
	                       c->c.cached, c->c.cost_micro, c->c.cost_requests};
	for (int k = 0; k < 7; k++)
		sqlite3_bind_int64(q, 5 + k, (int64_t)v[k]);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : store_fail(w->st, "cannot write a day");
}

/* Adds counted cells (sorted) to usage_q and usage_day. */
static int write_cells(struct usage_writer *w, struct usage_cell *cells, size_t n)
{
	for (size_t lo = 0; lo < n;) {
		size_t hi = lo;
		while (hi < n && cells[hi].bucket == cells[lo].bucket)
			hi++;
		if (write_bucket(w, &cells[lo], hi - lo) != 0)
			return -1;
		lo = hi;
	}
	// Roll up by day: cells of one day are adjacent; sum per (model, provider).
	for (size_t lo = 0; lo < n;) {
		int64_t day = cells[lo].bucket * BUCKET_SECONDS / 86400;
		size_t hi = lo;
		while (hi < n && cells[hi].bucket * BUCKET_SECONDS / 86400 == day)
			hi++;
		struct usage_cell *d = xmalloc((hi - lo) * sizeof *d);
		memcpy(d, &cells[lo], (hi - lo) * sizeof *d);
		for (size_t i = 0; i < hi - lo; i++)
			d[i].bucket = 0;
		xqsort(d, hi - lo, sizeof *d, cmp_cell);
		int err = 0;
		for (size_t i = 0; i < hi - lo && !err;) {
			struct usage_cell sum = d[i];
			size_t j = i + 1;
			for (; j < hi - lo && cmp_cell(&d[j], &sum) == 0; j++)
				add_counts(&sum.c, &d[j].c);
			err = put_day(w, day, &sum);
			i = j;
		}
		free(d);
		if (err)
			return -1;
		lo = hi;
	}
	return 0;
}

static int flush_daily(struct usage_writer *w, struct usage_batch *b)
{
	size_t n = b->n_pending;
	struct usage_cell *cells = xmalloc((n ? n : 1) * sizeof *cells);
	w->added += n;
	for (size_t i = 0; i < n; i++)
		cells[i] = b->pending[i].cell;
	xqsort(cells, n, sizeof *cells, cmp_cell);
	int err = 0;
	for (size_t i = 0; i < n && !err;) {
		int64_t day = cells[i].bucket;
		// A snapshot replaces the day as a whole.
		sqlite3_bind_int64(w->del_day, 1, w->source_id);
		sqlite3_bind_int64(w->del_day, 2, day);
		int rc = sqlite3_step(w->del_day);
		sqlite3_reset(w->del_day);
		if (rc != SQLITE_DONE) {
			err = store_fail(w->st, "cannot replace a day");
			break;
		}
		for (; i < n && cells[i].bucket == day && !err;) {
			struct usage_cell sum = cells[i];
			size_t j = i + 1;
			for (; j < n && cmp_cell(&cells[j], &sum) == 0; j++)
				add_counts(&sum.c, &cells[j].c);
			err = put_day(w, day, &sum);
			i = j;
		}
	}
	free(cells);
	return err;
}

/* Orders the cells of one bucket by (model, provider), merging equal ones. */
static size_t merge_small(struct usage_cell *c, size_t n)
{
	// Insertion sort is quadratic: fine for a quiet bucket, not for a busy one.
	bool sorted = n > 64;
	if (sorted)
		xqsort(c, n, sizeof *c, cmp_cell);
	for (size_t i = 1; !sorted && i < n; i++) {
		struct usage_cell x = c[i];
		size_t j = i;
		while (j > 0 && cmp_cell(&c[j - 1], &x) > 0) {
			c[j] = c[j - 1];
			j--;
		}
		c[j] = x;
	}
	return merge_equal(c, n);
}

static int flush(struct usage_writer *w, struct usage_batch *b);

/* Stores the names first seen in b and maps b's local ids to database ids. */
static int map_names(struct usage_writer *w, struct usage_batch *b)
{
	for (size_t i = 0; i < b->n_names; i++) {
		const struct usage_name *nm = &b->names[i];
		int64_t id = nm->provider ? dim_id(w->st, w->ins_provider, nm->slug, NULL)
		                          : dim_id(w->st, w->ins_model, nm->slug, nm->permaslug);
		if (id < 0)
			return -1;
		int64_t **ids = nm->provider ? &w->provider_ids : &w->model_ids;
		size_t *cap = nm->provider ? &w->cap_providers : &w->cap_models;
		size_t old = *cap;
		xgrow(ids, cap, (size_t)nm->id + 1, sizeof **ids);
		memset(*ids + old, 0, (*cap - old) * sizeof **ids);
		(*ids)[nm->id] = id;
	}
	for (size_t i = 0; i < b->n_pending; i++) {
		struct usage_cell *c = &b->pending[i].cell;
		c->model_id = (uint32_t)w->model_ids[c->model_id];
		c->provider_id = (uint32_t)w->provider_ids[c->provider_id];
	}
	return 0;
}

int usage_writer_write(struct usage_writer *w, struct usage_batch *b)
{
	counts_overflow = false;
	int err = map_names(w, b);
	if (!err)
		err = w->daily ? flush_daily(w, b) : flush(w, b);
	if (!err && counts_overflow) {
		log_error("%s: a stored count would pass 2^63-1; the batch is not stored",
		          w->st->path);
		err = -1;
	}
	usage_batch_clear(b);
	return err;
}

static int flush(struct usage_writer *w, struct usage_batch *b)
{
	size_t n = b->n_pending;
	if (n == 0)
		return 0;
	xgrow(&w->order, &w->cap_order, n, sizeof *w->order);
	w->dup = xrealloc(w->dup, w->cap_order * sizeof *w->dup);
	for (size_t i = 0; i < n; i++)
		w->order[i] = (uint32_t)i;
	// Sorted keys make the inserts walk the id table in order.
	sort_base = b->pending;
	xqsort(w->order, n, sizeof *w->order, cmp_order);
	for (size_t i = 0; i < n; i++) {
		const struct usage_pending *p = &b->pending[w->order[i]];
		int fresh = usage_dedup_first(&w->ids, &p->id, p->has_legacy ? &p->legacy : NULL);
		if (fresh < 0)
			return -1;
		w->dup[w->order[i]] = !fresh;
		if (fresh)
			w->added++;
		else
			w->duplicates++;
	}
	// New records in arrival order: time-ordered logs give runs of one bucket,
	// each small enough to sort in place. Out-of-order records only make
	// more runs; each run is merged with what the bucket already holds.
	struct usage_cell *cells = xmalloc(n * sizeof *cells);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!w->dup[i])
			cells[m++] = b->pending[i].cell;
	}
	size_t out = 0;
	for (size_t lo = 0; lo < m;) {
		size_t hi = lo + 1;
		while (hi < m && cells[hi].bucket == cells[lo].bucket)
			hi++;
		size_t k = merge_small(&cells[lo], hi - lo);
		memmove(&cells[out], &cells[lo], k * sizeof *cells);
		out += k;
		lo = hi;
	}
	int err = write_cells(w, cells, out);
	free(cells);
	return err;
}
