/*
 * A chosen base: each group's share in a base period against its share in
 * the compared period (the last full period of the range, or with --to the
 * last period in range), the change in percentage points and the measure's
 * change in percent; optionally only the N largest gainers and the N
 * largest losers, apart. A group absent from a period with data had a
 * share of zero then. "Which 10 families gained most since 2026-W33?"
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHANGE_BASE_H
#define TOKENSHARE_CHANGE_BASE_H

#include <stdio.h>

#include "core/period.h"

struct share_table;

struct change_base {
	const struct share_table *t;
	struct period base, now;        // the periods compared
	unsigned gainers, losers;       // 0 and 0: every group, by change
	int json;
};

/*
 * Sets b->base and b->now for t: base_label names the base period (NULL:
 * the period before the compared one). Returns 0, or -1 after a usage
 * message for command cmd saying why (not a period of the query's kind, no
 * data then, not before the compared period).
 */
int change_base_plan(struct change_base *b, const struct share_table *t, const char *base_label,
                     const char *cmd);

/* Writes the comparison as CSV or JSON (b->json): change_base_write(b, fp)
 * through output_emit(). 0 or -1. */
int change_base_write(const void *b, FILE *fp);

#endif
