/*
 * A batch of OpenRouter daily rankings rows: what every rankings input
 * yields (collector/rankings) and what the store applies as the snapshot
 * of each day it holds (rankings_store.h). The store defines the rows it
 * stores; the parsers fill them.
 *
 * A batch owns its rows and their model strings; rank_batch_finish() frees
 * them.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_RANK_BATCH_H
#define TOKENSHARE_RANK_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

#define RANK_AS_OF_UNKNOWN INT64_MIN
#define RANK_FULL_DAY_MODELS 50 // a full day: OpenRouter's top 50 model rows and 'other'

struct rank_row {
	int32_t day;            // UTC day number
	uint64_t tokens;        // prompt + completion tokens (provider tokenizers)
	int64_t as_of;          // UTC seconds the source states, or RANK_AS_OF_UNKNOWN
	char *model;            // model_permaslug as published ("other" = long tail)
	const char *file;       // borrowed: input name, for messages
	unsigned long line;     // where the row starts in file
	size_t seq;             // order of arrival, to keep sorts stable
};

struct rank_batch {
	struct rank_row *rows;
	size_t n, cap;
};

/* Frees the rows and their models; b is empty afterwards. */
void rank_batch_finish(struct rank_batch *b);

/*
 * Sorts b and checks that no day and model is given twice with different
 * values (each conflict is reported in the diag of the file that gave the
 * later row; diags[i] belongs to files[i]). Returns the number of conflicts.
 */
size_t rank_batch_check(struct rank_batch *b, struct diag *diags, const char *const *files,
                        size_t n_files);

/*
 * Warns about the days of sorted b that are not final: provisional (as of
 * a time before the day ended) or incomplete (fewer than 50 model rows or
 * no 'other' row). They are stored; reports flag them. Returns how many.
 */
size_t rank_batch_warn_days(const struct rank_batch *b);

#endif
