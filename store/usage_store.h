/*
 * Counting log records into the store, exactly once, in two halves that can
 * run on two threads. The interner turns records into pending entries:
 * names interned to local ids, the request id hashed (XXH3-128 of
 * "dataset\0request id"). The writer takes a batch of them, decides in one
 * sorted pass which ids are new, then adds the new records to the
 * 15-minute cells (usage_q) and the UTC-day rollup (usage_day). Daily
 * snapshot sources (activity) have no ids: their rows replace the stored
 * days they cover.
 *
 * Every function that writes runs inside the caller's transaction, so the
 * caller commits the counts together with how far it has read. Returns are
 * 0 or -1 after logging.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_USAGE_STORE_H
#define TOKENSHARE_USAGE_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collector/logs/logfmt.h"
#include "core/strmap.h"

struct store;

#define BUCKET_SECONDS 900              // 15 minutes

struct usage_counts {
	uint64_t requests;
	uint64_t prompt, completion, reasoning, cached;  // tokens
	uint64_t cost_micro;                // USD micro-units, known costs only
	uint64_t cost_requests;             // requests whose cost is known
};

struct usage_cell {
	int64_t bucket;                     // UTC seconds / BUCKET_SECONDS (daily: the day)
	uint32_t model_id, provider_id;
	struct usage_counts c;
};

struct usage_id_key {
	int64_t key;                        // seen_request.key
	uint64_t rest;                      // seen_request.rest
	uint32_t low;                       // seen_request.low
};

struct usage_pending {
	struct usage_id_key id;
	struct usage_id_key legacy;         // gen- ids: the key before schema 5
	bool has_legacy;
	struct usage_cell cell;
};

/*
 * The parsing side: turns records into pending entries (hashed id, key,
 * cell) without the database. An id is unique within its dataset, except an
 * OpenRouter generation id (gen-<unix seconds>-...), which names the same
 * request in every dataset that carries it: its key is shared across
 * datasets and dated by the id itself, so a request delivered as a
 * generation record and as a Broadcast span is counted once. Model and provider names get local ids;
 * names first seen go into the batch, for the writer to store.
 */
struct usage_name {
	bool provider;
	uint32_t id;                        // local id
	char *slug;                         // model slug, or provider name
	char *permaslug;                    // models only
};

struct usage_batch {
	struct usage_pending *pending;      // ids in cells are local ids
	size_t n_pending, cap_pending;
	struct usage_name *names;           // first seen in this batch
	size_t n_names, cap_names;
};

void usage_batch_clear(struct usage_batch *b);
void usage_batch_finish(struct usage_batch *b);

struct usage_interner {
	const struct log_format *format;
	struct strmap models, providers;    // "slug\x1fpermaslug" / name -> local id
	struct strmap daily_keys;           // daily rows seen in this input
	uint32_t n_models, n_providers;
};

void usage_interner_init(struct usage_interner *in, const struct log_format *fmt);
void usage_interner_finish(struct usage_interner *in);
/* Adds rec to b. Returns 0, or 1 if it repeats a row of a daily snapshot. */
int usage_interner_add(struct usage_interner *in, struct usage_batch *b,
                       const struct usage_record *rec);

/* The writing side: names to database ids, the dedup verdict, the cells. */
struct usage_writer {
	struct store *st;
	const struct log_format *format;
	int64_t source_id;
	int64_t *model_ids, *provider_ids;  // local id -> database id
	size_t cap_models, cap_providers;
	sqlite3_stmt *ins_seen, *get_seen, *ins_more, *get_more, *get_q, *put_q, *put_day, *del_day,
		*ins_model, *ins_provider;
	uint32_t *order;                    // scratch: pending indices in key order
	bool *dup;                          // scratch: pending[i] was seen before
	size_t cap_order;
	bool legacy_keys;                   // the database holds keys from before schema 5
	uint64_t added;                     // records counted (new)
	uint64_t duplicates;                // records whose id was already seen
};

int usage_writer_init(struct usage_writer *w, struct store *st, const struct log_format *fmt);
void usage_writer_finish(struct usage_writer *w);
/*
 * Writes a batch inside the caller's transaction and clears it: stores new
 * names, records ids, adds the new records' counts (a daily snapshot
 * replaces the days it holds).
 */
int usage_writer_write(struct usage_writer *w, struct usage_batch *b);

/* The packed cell format of usage_q (schema/0002_logs.sql). */
size_t usage_cells_encode(const struct usage_cell *cells, size_t n, unsigned char *out);
/* Decodes blob into *cells (grown with xgrow); false if the blob is corrupt. */
bool usage_cells_decode(const unsigned char *blob, size_t len, int64_t bucket,
                        struct usage_cell **cells, size_t *n, size_t *cap);
/* Largest encoding of one cell. */
#define USAGE_CELL_MAX_BYTES (9 * 10)

#endif
