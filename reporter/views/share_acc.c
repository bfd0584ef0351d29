/*
 * Sums of facts per period (see share_acc.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "core/xalloc.h"
#include "reporter/views/share_acc.h"
#include "reporter/views/share_table.h"

/* The accumulator of the period holding day, created if needed. */
static struct share_period_acc *period_for(struct share_acc *a, int32_t day)
{
	size_t lo = 0, hi = a->n_periods;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->periods[mid].p.end < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->n_periods && a->periods[lo].p.start <= day)
		return &a->periods[lo];
	xgrow(&a->periods, &a->cap_periods, a->n_periods + 1, sizeof *a->periods);
	memmove(&a->periods[lo + 1], &a->periods[lo], (a->n_periods - lo) * sizeof *a->periods);
	a->n_periods++;
	struct share_period_acc *acc = &a->periods[lo];
	*acc = (struct share_period_acc){0};
	period_of(a->q->period, day, &acc->p);
	return acc;
}

/* The slot of a (model << 32 | provider) key in a table of cap slots (a
 * power of two): XXH3, as the string maps use, moves every bit of the hash
 * with every bit of the key, so models sharing a provider do not pile up
 * in a few slots, which made --by model grow faster than its models. */
static size_t pair_slot(uint64_t key, size_t cap)
{
	return (size_t)XXH3_64bits(&key, sizeof key) & (cap - 1);
}

static void pairs_grow(struct share_period_acc *acc)
{
	struct share_pair_sum *old = acc->pairs;
	size_t old_cap = acc->cap;
	acc->cap = old_cap ? old_cap * 2 : 64;
	acc->pairs = xmalloc(acc->cap * sizeof *acc->pairs);
	for (size_t i = 0; i < acc->cap; i++)
		acc->pairs[i].key = UINT64_MAX;
	for (size_t i = 0; i < old_cap; i++) {
		if (old[i].key == UINT64_MAX)
			continue;
		size_t j = pair_slot(old[i].key, acc->cap);
		while (acc->pairs[j].key != UINT64_MAX)
			j = (j + 1) & (acc->cap - 1);
		acc->pairs[j] = old[i];
	}
	free(old);
}

void share_acc_add(struct share_acc *a, int32_t day, uint32_t model, uint32_t provider,
                   uint64_t value)
{
	if (day < a->q->from || day > a->q->to)
		return;
	struct share_period_acc *acc = period_for(a, day);
	unsigned bit = (unsigned)(day - acc->p.start);
	acc->day_bits[bit / 64] |= UINT64_C(1) << bit % 64;
	if (acc->total > UINT64_MAX - value) {
		a->overflow = true;
		return;
	}
	acc->total += value;
	if ((acc->n + 1) * 2 > acc->cap)
		pairs_grow(acc);
	uint64_t key = (uint64_t)model << 32 | provider;
	size_t j = pair_slot(key, acc->cap);
	while (acc->pairs[j].key != UINT64_MAX && acc->pairs[j].key != key)
		j = (j + 1) & (acc->cap - 1);
	if (acc->pairs[j].key == UINT64_MAX) {
		acc->pairs[j] = (struct share_pair_sum){key, 0};
		acc->n++;
	}
	acc->pairs[j].value += value;   // bounded by the total, checked above
}

bool share_acc_has_day(const struct share_period_acc *acc, int32_t day)
{
	unsigned bit = (unsigned)(day - acc->p.start);
	return acc->day_bits[bit / 64] >> bit % 64 & 1;
}

int share_acc_day_count(const struct share_period_acc *acc)
{
	int n = 0;
	for (int w = 0; w < SHARE_ACC_DAY_WORDS; w++)
		n += __builtin_popcountll(acc->day_bits[w]);
	return n;
}

void share_acc_finish(struct share_acc *a)
{
	for (size_t i = 0; i < a->n_periods; i++)
		free(a->periods[i].pairs);
	free(a->periods);
	a->periods = NULL;
	a->n_periods = a->cap_periods = 0;
}
