/*
 * Sums of facts per period: the share report adds each fact (local day,
 * model, provider, value) to the period holding its day, per model and
 * provider pair, and ranks and labels the sums afterwards (share.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_SHARE_ACC_H
#define TOKENSHARE_SHARE_ACC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/period.h"

struct share_query;

/* A model/provider pair's value in one period. */
struct share_pair_sum {
	uint64_t key;           // model << 32 | provider; UINT64_MAX = empty slot
	uint64_t value;         // of the query's measure
};

/* Words of day bits a period needs: a year has at most 366 days. */
#define SHARE_ACC_DAY_WORDS 6

struct share_period_acc {
	struct period p;
	uint64_t day_bits[SHARE_ACC_DAY_WORDS]; // bit d set = data on p.start + d
	uint64_t total;         // of the query's measure
	struct share_pair_sum *pairs;   // open addressing
	size_t cap, n;
};

struct share_acc {
	const struct share_query *q;    // periods and --from/--to
	struct share_period_acc *periods;       // sorted by start
	size_t n_periods, cap_periods;
	bool overflow;          // a period's total passed 2^64-1 (its facts are dropped)
};

/* Counts value for (model, provider) on a local day, if inside --from/--to. */
void share_acc_add(struct share_acc *a, int32_t day, uint32_t model, uint32_t provider,
                   uint64_t value);
/* True if the period has data on day (inside the period). */
bool share_acc_has_day(const struct share_period_acc *acc, int32_t day);
/* Days of the period with data. */
int share_acc_day_count(const struct share_period_acc *acc);
/* Frees the sums (a->q is kept). */
void share_acc_finish(struct share_acc *a);

#endif
