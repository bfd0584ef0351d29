/*
 * The parsing side of counting log records: turns records into pending
 * entries (hashed id, key, cell) without the database, so it can run on a
 * thread of its own beside the writer (usage_store.h). An id is unique
 * within its dataset, except an OpenRouter generation id (gen-<unix
 * seconds>-...), which names the same request in every dataset that
 * carries it: its key is shared across datasets and dated by the id
 * itself, so a request delivered as a generation record and as a Broadcast
 * span is counted once. Model and provider names get local ids; names
 * first seen go into the batch, for the writer to store.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_USAGE_INTERN_H
#define TOKENSHARE_USAGE_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strmap.h"
#include "store/usage_cells.h"
#include "store/usage_dedup.h"
#include "store/usage_record.h"

struct usage_pending {
	struct usage_id_key id;
	struct usage_id_key legacy;         // gen- ids: the key before schema 5
	bool has_legacy;
	struct usage_cell cell;
};

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

/* Empties b (its arrays are kept for the next batch). */
void usage_batch_clear(struct usage_batch *b);
/* Frees b; it is empty and reusable afterwards. */
void usage_batch_finish(struct usage_batch *b);

struct usage_interner {
	const char *dataset;                // borrowed: the source the records go to
	bool daily;                         // rows are UTC-day snapshots (no ids)
	struct strmap models, providers;    // "slug\x1fpermaslug" / name -> local id
	struct strmap daily_keys;           // daily rows seen in this input
	uint32_t n_models, n_providers;
};

/* For the records of dataset (ids are unique within it); daily when its
 * rows are UTC-day snapshots. dataset is borrowed. */
void usage_interner_init(struct usage_interner *in, const char *dataset, bool daily);
void usage_interner_finish(struct usage_interner *in);
/* Adds rec to b. Returns 0, or 1 if it repeats a row of a daily snapshot. */
int usage_interner_add(struct usage_interner *in, struct usage_batch *b,
                       const struct usage_record *rec);

#endif
