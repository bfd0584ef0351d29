/*
 * Counted usage as the store keeps it: a cell is the counts of one model
 * and provider in one 15-minute bucket (usage_q) or one UTC day
 * (usage_day), and usage_q holds the cells of a bucket packed in one blob
 * (schema/0002_logs.sql). This module is that packed format.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_USAGE_CELLS_H
#define TOKENSHARE_USAGE_CELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* Packs n cells (their bucket left out) into out, which holds at least
 * n * USAGE_CELL_MAX_BYTES bytes. Returns the bytes written. */
size_t usage_cells_encode(const struct usage_cell *cells, size_t n, unsigned char *out);
/* Decodes blob into *cells (grown with xgrow), each given bucket; false if
 * the blob is corrupt. */
bool usage_cells_decode(const unsigned char *blob, size_t len, int64_t bucket,
                        struct usage_cell **cells, size_t *n, size_t *cap);
/* Largest encoding of one cell. */
#define USAGE_CELL_MAX_BYTES (9 * 10)

#endif
