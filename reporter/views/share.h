/*
 * The share report: per period and group, a measure (tokens, requests or
 * cost) and each group's share of the period's total, from the stored
 * rankings or router logs and the mapping chosen at report time.
 *
 * The query and table types are in share_table.h (included here).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_SHARE_H
#define TOKENSHARE_SHARE_H

#include "reporter/views/share_table.h"

struct store;

/*
 * Computes the table of q into *out (the caller's: share_table_finish).
 * Returns 0, or -1 after logging why (-2: the query does not fit the data,
 * e.g. provider groups on rankings, which have no provider).
 */
int share_compute(struct store *st, const struct share_query *q, struct share_table *out);

#endif
