/*
 * Request ids seen, so each log record is counted once. An id is stored as
 * a key (seen_request: the UTC day and 46 bits of its hash, then the rest
 * of the hash); the rare second id under one key goes to
 * seen_request_more (schema/0002_logs.sql).
 *
 * Every function that writes runs inside the caller's transaction.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_USAGE_DEDUP_H
#define TOKENSHARE_USAGE_DEDUP_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

struct usage_id_key {
	int64_t key;                        // seen_request.key
	uint64_t rest;                      // seen_request.rest
	uint32_t low;                       // seen_request.low
};

/* The key of request id (len bytes) in namespace ns (a dataset), dated day
 * (UTC day number): day << 46 | the top 46 bits of XXH3-128("ns\0id")'s
 * high half. */
void usage_id_key_make(struct usage_id_key *k, const char *ns, const char *id, size_t len,
                       int64_t day);

struct usage_dedup {
	struct store *st;
	sqlite3_stmt *ins_seen, *get_seen, *ins_more, *get_more;
	bool legacy_keys;                   // the database holds keys from before schema 5
};

/* Prepares the statements and reads whether legacy keys are stored.
 * Returns 0, or -1 after logging (call usage_dedup_finish either way). */
int usage_dedup_init(struct usage_dedup *d, struct store *st);
void usage_dedup_finish(struct usage_dedup *d);

/*
 * Records id unless it was seen before. legacy (NULL if none) is the key
 * the same id had before schema 5; it counts as seen when the database
 * holds legacy keys and has it. Returns 1 if the id is new (and now
 * recorded), 0 if seen before, -1 on error (logged).
 */
int usage_dedup_first(struct usage_dedup *d, const struct usage_id_key *id,
                      const struct usage_id_key *legacy);

#endif
