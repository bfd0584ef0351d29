/*
 * Counting log records into the store, exactly once, in two halves that can
 * run on two threads. The interner (usage_intern.h) turns records into
 * pending entries: names interned to local ids, the request id hashed
 * (XXH3-128 of "dataset\0request id"). The writer takes a batch of them,
 * decides in one sorted pass which ids are new (usage_dedup.h), then adds
 * the new records to the 15-minute cells (usage_q, usage_cells.h) and the
 * UTC-day rollup (usage_day). Daily snapshot sources (activity) have no
 * ids: their rows replace the stored days they cover.
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

#include "store/usage_cells.h"
#include "store/usage_dedup.h"
#include "store/usage_intern.h"

struct store;

/* The writing side: names to database ids, the dedup verdict, the cells. */
struct usage_writer {
	struct store *st;
	bool daily;                         // rows are UTC-day snapshots (no ids)
	int64_t source_id;
	int64_t *model_ids, *provider_ids;  // local id -> database id
	size_t cap_models, cap_providers;
	struct usage_dedup ids;             // the request ids seen
	sqlite3_stmt *get_q, *put_q, *put_day, *del_day, *ins_model, *ins_provider;
	uint32_t *order;                    // scratch: pending indices in key order
	bool *dup;                          // scratch: pending[i] was seen before
	size_t cap_order;
	uint64_t added;                     // records counted (new)
	uint64_t duplicates;                // records whose id was already seen
};

/* For the records of dataset (registered as a log source if new); daily
 * when its rows are UTC-day snapshots. Returns 0 or -1 (logged). */
int usage_writer_init(struct usage_writer *w, struct store *st, const char *dataset, bool daily);
void usage_writer_finish(struct usage_writer *w);
/*
 * Writes a batch inside the caller's transaction and clears it: stores new
 * names, records ids, adds the new records' counts (a daily snapshot
 * replaces the days it holds). Returns 0 or -1 (logged).
 */
int usage_writer_write(struct usage_writer *w, struct usage_batch *b);

#endif
