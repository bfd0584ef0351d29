/*
 * Request ids seen (see usage_dedup.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "store/store.h"
#include "store/usage_dedup.h"

void usage_id_key_make(struct usage_id_key *k, const char *ns, const char *id, size_t len,
                       int64_t day)
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

int usage_dedup_init(struct usage_dedup *d, struct store *st)
{
	*d = (struct usage_dedup){.st = st};
	d->ins_seen = store_prepare(st,
		"INSERT OR IGNORE INTO seen_request (key, rest, low) VALUES (?1, ?2, ?3)");
	d->get_seen = store_prepare(st, "SELECT rest, low FROM seen_request WHERE key = ?1");
	d->ins_more = store_prepare(st,
		"INSERT OR IGNORE INTO seen_request_more (key, rest, low) VALUES (?1, ?2, ?3)");
	d->get_more = store_prepare(st,
		"SELECT 1 FROM seen_request_more WHERE key = ?1 AND rest = ?2 AND low = ?3");
	char *legacy;
	int got = store_get_setting(st, "dedup.legacy_gen_keys", &legacy);
	d->legacy_keys = legacy != NULL;
	free(legacy);
	return got != 0 || !d->ins_seen || !d->get_seen || !d->ins_more || !d->get_more ? -1 : 0;
}

void usage_dedup_finish(struct usage_dedup *d)
{
	sqlite3_finalize(d->ins_seen);
	sqlite3_finalize(d->get_seen);
	sqlite3_finalize(d->ins_more);
	sqlite3_finalize(d->get_more);
	*d = (struct usage_dedup){0};
}

/* 1 if seen_request's row for k's key is k's id, 0 if it is another's or
 * there is none (*row says which), -1 on error. */
static int seen_holds(struct usage_dedup *d, const struct usage_id_key *k, bool *row)
{
	sqlite3_stmt *q = d->get_seen;
	sqlite3_bind_int64(q, 1, k->key);
	int rc = sqlite3_step(q);
	bool same = rc == SQLITE_ROW && (uint64_t)sqlite3_column_int64(q, 0) == k->rest &&
	            (uint32_t)sqlite3_column_int64(q, 1) == k->low;
	sqlite3_reset(q);
	*row = rc == SQLITE_ROW;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d->st, "cannot read a request id");
	return same;
}

/* 1 if the key is stored (in either table), 0 if not, -1 on error. */
static int key_known(struct usage_dedup *d, const struct usage_id_key *k)
{
	bool row;
	int same = seen_holds(d, k, &row);
	if (same != 0 || !row)
		return same;
	sqlite3_stmt *q = d->get_more;
	sqlite3_bind_int64(q, 1, k->key);
	sqlite3_bind_int64(q, 2, (int64_t)k->rest);
	sqlite3_bind_int64(q, 3, k->low);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(d->st, "cannot read a request id");
	return rc == SQLITE_ROW;
}

int usage_dedup_first(struct usage_dedup *d, const struct usage_id_key *p,
                      const struct usage_id_key *legacy)
{
	if (d->legacy_keys && legacy) {
		int known = key_known(d, legacy);
		if (known)
			return known < 0 ? -1 : 0;
	}
	sqlite3_stmt *q = d->ins_seen;
	sqlite3_bind_int64(q, 1, p->key);
	sqlite3_bind_int64(q, 2, (int64_t)p->rest);
	sqlite3_bind_int64(q, 3, p->low);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(d->st, "cannot record a request id");
	if (sqlite3_changes(d->st->db) == 1)
		return 1;
	// The key is taken: by the same id, or (rarely) by another one.
	bool row;
	int same = seen_holds(d, p, &row);
	if (same != 0)
		return same < 0 ? -1 : 0;
	if (!row)
		return store_fail(d->st, "cannot read a request id");
	q = d->ins_more;
	sqlite3_bind_int64(q, 1, p->key);
	sqlite3_bind_int64(q, 2, (int64_t)p->rest);
	sqlite3_bind_int64(q, 3, p->low);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(d->st, "cannot record a request id");
	return sqlite3_changes(d->st->db) == 1;
}
