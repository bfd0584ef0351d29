/*
 * Inside the share report: the builder that sums facts per period, and the
 * readers (facts.c) that turn stored rankings or logs into facts. Private
 * to reporter/share.c and reporter/facts.c.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_SHARE_BUILD_H
#define TOKENSHARE_SHARE_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reporter/views/labels.h"
#include "reporter/views/share.h"

struct store;

/* A model/provider pair's value in one period. */
struct pair_sum {
	uint64_t key;           // model << 32 | provider; UINT64_MAX = empty slot
	uint64_t value;
};

struct period_acc {
	struct period p;
	uint32_t day_bits;      // bit d set = data on p.start + d (periods are <= 31 days)
	uint64_t total;
	struct pair_sum *pairs; // open addressing
	size_t cap, n;
};

struct builder {
	const struct share_query *q;
	struct share_table *t;
	struct period_acc *periods;     // sorted by start
	size_t n_periods, cap_periods;
	bool overflow;
	uint64_t *model_sums;           // scratch of the top N: per model, zero between uses
	size_t cap_model_sums;
};

/* Counts value for (model, provider) on a local day, if inside --from/--to. */
void add_fact(struct builder *b, int32_t day, uint32_t model, uint32_t provider, uint64_t value);

/* Rankings as facts; fills dims with the models met. 0 or -1 (logged). */
struct pricing;
/* With pricing, the value is the tokens' cost at the query's prices; the
 * tokens no sheet prices go to the table's unpriced list. */
int facts_rankings(struct store *st, struct builder *b, struct dims *dims,
                   const struct pricing *pricing);
/* The log datasets of the query as facts, by UTC day or, with --tz, by
 * local day from the 15-minute cells. 0, -1, or -2 (no such source). */
int facts_logs(struct store *st, struct builder *b, struct dims *dims);

#endif
