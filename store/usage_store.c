/*
 * Exactly-once counting of log records (see usage_store.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "store/usage_store.h"
#include "core/log.h"
#include "store/store.h"
#include "core/xalloc.h"

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
	int64_t id = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	if (id < 0)
		store_fail(st, "cannot register the log source");
	return id;
}

int usage_writer_init(struct usage_writer *w, struct store *st, const struct log_format *fmt)
{
	*w = (struct usage_writer){.st = st, .format = fmt};
	w->source_id = source_id(st, fmt->dataset);
	if (w->source_id < 0)
		return -1;
	// Ingest writes a lot at once: a bigger page cache keeps the tables' hot
	// pages in memory instead of spilling them mid-transaction.
	store_exec(st, "PRAGMA cache_size = -20480");
	// Checkpoint the WAL every 32 MiB instead of 4: hot pages are copied to
	// the database file fewer times during a long ingest.
	store_exec(st, "PRAGMA wal_autocheckpoint = 8192");
	w->ins_seen = store_prepare(st,
		"INSERT OR IGNORE INTO seen_request (key, rest, low) VALUES (?1, ?2, ?3)");
	w->get_seen = store_prepare(st, "SELECT rest, low FROM seen_request WHERE key = ?1");
	w->ins_more = store_prepare(st,
		"INSERT OR IGNORE INTO seen_request_more (key, rest, low) VALUES (?1, ?2, ?3)");
	w->get_more = store_prepare(st,
		"SELECT 1 FROM seen_request_more WHERE key = ?1 AND rest = ?2 AND low = ?3");
	char *legacy;
	int got = store_get_setting(st, "dedup.legacy_gen_keys", &legacy);
	w->legacy_keys = legacy != NULL;
	free(legacy);
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
	if (got != 0 || !w->ins_seen || !w->get_seen || !w->ins_more || !w->get_more ||
	    !w->get_q || !w->put_q || !w->put_day || !w->del_day || !w->ins_model ||
	    !w->ins_provider) {
		usage_writer_finish(w);
		return -1;
	}
	return 0;
}

void usage_writer_finish(struct usage_writer *w)
{
	sqlite3_finalize(w->ins_seen);
	sqlite3_finalize(w->get_seen);
	sqlite3_finalize(w->ins_more);
	sqlite3_finalize(w->get_more);
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

void usage_batch_clear(struct usage_batch *b)
{
	for (size_t i = 0; i < b->n_names; i++) {
		free(b->names[i].slug);
		free(b->names[i].permaslug);
	}
	b->n_names = 0;
	b->n_pending = 0;
}

void usage_batch_finish(struct usage_batch *b)
{
	usage_batch_clear(b);
	free(b->names);
	free(b->pending);
	*b = (struct usage_batch){0};
}

void usage_interner_init(struct usage_interner *in, const struct log_format *fmt)
{
	*in = (struct usage_interner){.format = fmt};
}

void usage_interner_finish(struct usage_interner *in)
{
	strmap_finish(&in->models);
	strmap_finish(&in->providers);
	strmap_finish(&in->daily_keys);
	*in = (struct usage_interner){0};
}

/* Local id of a name; a new one is announced in the batch. */
static uint32_t local_id(struct strmap *map, uint32_t *next, struct usage_batch *b,
                         bool provider, const char *key, size_t key_len, const char *slug,
                         size_t slug_len, const char *perma, size_t perma_len)
{
	int64_t id;
	if (strmap_get(map, key, key_len, &id))
		return (uint32_t)id;
	id = (*next)++;
	strmap_put(map, key, key_len, id);
	xgrow(&b->names, &b->cap_names, b->n_names + 1, sizeof *b->names);
	b->names[b->n_names++] = (struct usage_name){
		.provider = provider,
		.id = (uint32_t)id,
		.slug = xstrndup(slug, slug_len),
		.permaslug = provider ? NULL : xstrndup(perma, perma_len),
	};
	return (uint32_t)id;
}

#define SHARED_GEN_NAMESPACE "openrouter"

/* key = day << 46 | the top 46 bits of XXH3-128("namespace\0id")'s high half
 * (schema/0002_logs.sql). */
static void id_key(struct usage_id_key *k, const char *ns, const char *id, size_t len, int64_t day)
{
	char buf[1024];
	size_t n = strlen(ns) + 1;
	size_t id_len = n + len <= sizeof buf ? len : sizeof buf - n;
	memcpy(buf, ns, n);
	memcpy(buf + n, id, id_len);
	XXH128_hash_t h = XXH3_128bits(buf, n + id_len);
	if (day < 0 || day >= (1 << 17))
		day = 0;        // checked 2000..2099 before; keep the shift defined
	k->key = (int64_t)((uint64_t)day << 46 | h.high64 >> 18);
	k->low = (uint32_t)(h.high64 & 0x3FFFF);
	k->rest = h.low64;
}

/* True for an OpenRouter generation id, "gen-<unix seconds>-<random>", with
 * the time it holds (2000..2099; anything else is an ordinary id). */
static bool generation_id_time(const char *id, size_t len, int64_t *t)
{
	if (!id || len < 16 || memcmp(id, "gen-", 4) != 0)
		return false;
	int64_t v = 0;
	size_t i = 4;
	for (; i < len && i < 4 + 11 && id[i] >= '0' && id[i] <= '9'; i++)
		v = v * 10 + (id[i] - '0');
	if (i == 4 || i >= len || id[i] != '-' || v < 946684800 || v >= 4102444800)
		return false;
	*t = v;
	return true;
}

int usage_interner_add(struct usage_interner *in, struct usage_batch *b,
                       const struct usage_record *rec)
{
	char key[1024];
	// memcpy from NULL is undefined even for 0 bytes (and lets the compiler
	// assume the pointer is not NULL): give absent names a real empty string.
	const char *perma = rec->permaslug ? rec->permaslug : "";
	const char *prov = rec->provider ? rec->provider : "";
	size_t key_len = rec->model_len + 1 + rec->permaslug_len;
	if (key_len > sizeof key)
		key_len = sizeof key;   // names are checked shorter than this before
	memcpy(key, rec->model, rec->model_len);
	key[rec->model_len] = '\x1f';
	memcpy(key + rec->model_len + 1, perma, key_len - rec->model_len - 1);
	uint32_t model = local_id(&in->models, &in->n_models, b, false, key, key_len, rec->model,
	                          rec->model_len, perma, rec->permaslug_len);
	uint32_t provider = local_id(&in->providers, &in->n_providers, b, true, prov,
	                             rec->provider_len, prov, rec->provider_len, NULL, 0);
	struct usage_pending p = {
		.cell = {
			.model_id = model,
			.provider_id = provider,
			.c = {
				.requests = rec->requests,
				.prompt = rec->prompt,
				.completion = rec->completion,
				.reasoning = rec->reasoning,
				.cached = rec->cached,
				.cost_micro = rec->cost_micro == COST_UNKNOWN ? 0 : (uint64_t)rec->cost_micro,
				.cost_requests = rec->cost_micro == COST_UNKNOWN ? 0 : rec->requests,
			},
		},
	};
	if (in->format->daily) {
		// One row per day, model and endpoint: the same row twice is counted once.
		int64_t day = rec->time / 86400;
		char k[1200];
		int n = snprintf(k, sizeof k, "%lld\x1f%.*s\x1f%.*s", (long long)day, (int)key_len, key,
		                 (int)(rec->id ? rec->id_len : 0), rec->id ? rec->id : "");
		int64_t seen;
		if (n > 0 && strmap_get(&in->daily_keys, k, (size_t)n, &seen))
			return 1;
		if (n > 0)
			strmap_put(&in->daily_keys, k, (size_t)n, 1);
		p.cell.bucket = day;
	} else {
		// A record without a time of its own lands in day 0, so reading it
		// again later (with another file time) finds it.
		int64_t day = rec->time_guessed ? 0 : rec->time / 86400;
		int64_t id_time;
		if (generation_id_time(rec->id, rec->id_len, &id_time)) {
			id_key(&p.id, SHARED_GEN_NAMESPACE, rec->id, rec->id_len, id_time / 86400);
			id_key(&p.legacy, in->format->dataset, rec->id, rec->id_len, day);
			p.has_legacy = true;
		} else {
			id_key(&p.id, in->format->dataset, rec->id, rec->id_len, day);
		}
		p.cell.bucket = rec->time / BUCKET_SECONDS;
	}
	xgrow(&b->pending, &b->cap_pending, b->n_pending + 1, sizeof *b->pending);
	b->pending[b->n_pending++] = p;
	return 0;
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

/* 1 if seen_request's row for k's key is k's id, 0 if it is another's or
 * there is none (*row says which), -1 on error. */
static int seen_holds(struct usage_writer *w, const struct usage_id_key *k, bool *row)
{
	sqlite3_stmt *q = w->get_seen;
	sqlite3_bind_int64(q, 1, k->key);
	int rc = sqlite3_step(q);
	bool same = rc == SQLITE_ROW && (uint64_t)sqlite3_column_int64(q, 0) == k->rest &&
	            (uint32_t)sqlite3_column_int64(q, 1) == k->low;
	sqlite3_reset(q);
	*row = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(w->st, "cannot read a request id");
	return same;
}

/* 1 if the key is stored (in either table), 0 if not, -1 on error. */
static int key_known(struct usage_writer *w, const struct usage_id_key *k)
{
	bool row;
	int same = seen_holds(w, k, &row);
	if (same != 0 || !row)
		return same;
	sqlite3_stmt *q = w->get_more;
	sqlite3_bind_int64(q, 1, k->key);
	sqlite3_bind_int64(q, 2, (int64_t)k->rest);
	sqlite3_bind_int64(q, 3, k->low);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(w->st, "cannot read a request id");
	return rc == SQLITE_ROW;
}

/* 1 if the id is new (and now recorded), 0 if seen before, -1 on error. */
static int first_time(struct usage_writer *w, const struct usage_pending *pend)
{
	if (w->legacy_keys && pend->has_legacy) {
		int known = key_known(w, &pend->legacy);
		if (known)
			return known < 0 ? -1 : 0;
	}
	const struct usage_id_key *p = &pend->id;
	sqlite3_stmt *q = w->ins_seen;
	sqlite3_bind_int64(q, 1, p->key);
	sqlite3_bind_int64(q, 2, (int64_t)p->rest);
	sqlite3_bind_int64(q, 3, p->low);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(w->st, "cannot record a request id");
	if (sqlite3_changes(w->st->db) == 1)
		return 1;
	// The key is taken: by the same id, or (rarely) by another one.
	bool row;
	int same = seen_holds(w, p, &row);
	if (same != 0)
		return same < 0 ? -1 : 0;
	if (!row)
		return store_fail(w->st, "cannot read a request id");
	q = w->ins_more;
	sqlite3_bind_int64(q, 1, p->key);
	sqlite3_bind_int64(q, 2, (int64_t)p->rest);
	sqlite3_bind_int64(q, 3, p->low);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(w->st, "cannot record a request id");
	return sqlite3_changes(w->st->db) == 1;
}

static void put_varint(unsigned char **p, uint64_t v)
{
	while (v >= 0x80) {
		*(*p)++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*(*p)++ = (unsigned char)v;
}

static bool get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*p == end)
			return false;
		unsigned char b = *(*p)++;
		x |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return true;
		}
	}
	return false;
}

size_t usage_cells_encode(const struct usage_cell *cells, size_t n, unsigned char *out)
{
	unsigned char *p = out;
	for (size_t i = 0; i < n; i++) {
		const struct usage_cell *c = &cells[i];
		put_varint(&p, c->model_id);
		put_varint(&p, c->provider_id);
		put_varint(&p, c->c.requests);
		put_varint(&p, c->c.prompt);
		put_varint(&p, c->c.completion);
		put_varint(&p, c->c.reasoning);
		put_varint(&p, c->c.cached);
		put_varint(&p, c->c.cost_micro);
		put_varint(&p, c->c.cost_requests);
	}
	return (size_t)(p - out);
}

bool usage_cells_decode(const unsigned char *blob, size_t len, int64_t bucket,
                        struct usage_cell **cells, size_t *n, size_t *cap)
{
	const unsigned char *p = blob, *end = blob + len;
	while (p < end) {
		uint64_t v[9];
		for (int k = 0; k < 9; k++) {
			if (!get_varint(&p, end, &v[k]))
				return false;
		}
		if (v[0] > UINT32_MAX || v[1] > UINT32_MAX)
			return false;
		// Counts are stored below 2^63 (usage_day holds them as SQLite
		// integers), so sums of two never wrap.
		for (int k = 2; k < 9; k++) {
			if (v[k] > INT64_MAX)
				return false;
		}
		xgrow(cells, cap, *n + 1, sizeof **cells);
		(*cells)[(*n)++] = (struct usage_cell){
			.bucket = bucket,
			.model_id = (uint32_t)v[0],
			.provider_id = (uint32_t)v[1],
			.c = {v[2], v[3], v[4], v[5], v[6], v[7], v[8]},
		};
	}
	return true;
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
	size_t out = 0;
	for (size_t i = 0; i < n_all; i++) {
		if (out && cmp_cell(&all[out - 1], &all[i]) == 0)
			add_counts(&all[out - 1].c, &all[i].c);
		else
			all[out++] = all[i];
	}
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
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (out && cmp_cell(&c[out - 1], &c[i]) == 0)
			add_counts(&c[out - 1].c, &c[i].c);
		else
			c[out++] = c[i];
	}
	return out;
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
		err = w->format->daily ? flush_daily(w, b) : flush(w, b);
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
		int fresh = first_time(w, &b->pending[w->order[i]]);
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
