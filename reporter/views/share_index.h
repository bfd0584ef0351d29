/*
 * Rows of a share table found by period and group in constant time, for
 * the reports that look one row up for every other (change, the lineage
 * difference, coverage): a scan there is quadratic in the rows, and a
 * daily report by model has tens of thousands.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_SHARE_INDEX_H
#define TOKENSHARE_SHARE_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/strmap.h"

struct share_row;
struct share_table;

struct share_index {
	const struct share_table *t;
	struct strmap rows;     // period start + group -> row
	struct strmap periods;  // period start -> 1
};

void share_index_build(struct share_index *ix, const struct share_table *t);
void share_index_finish(struct share_index *ix);
/* The row of group in the period starting on start (a day number), or NULL. */
const struct share_row *share_index_find(const struct share_index *ix, int32_t start,
                                         const char *group);
/* True if the table has a period starting on start. */
bool share_index_has_period(const struct share_index *ix, int32_t start);

#endif
