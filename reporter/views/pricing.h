/*
 * The dollar view of rankings: tokens repriced at a dated OpenRouter price
 * sheet (the /models snapshots of prices_store.h). Rankings give prompt +
 * completion tokens together, so a model's price per token is the blend
 * of 3 prompt tokens to 1 completion token, the convention of published
 * price comparisons (Artificial Analysis' "blended 3:1"); ':free' variants
 * cost nothing; a model the sheet does not list, or lists without a fixed
 * price, is unpriced: counted as unpriced tokens, never as zero dollars.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_PRICING_H
#define TOKENSHARE_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/strmap.h"

struct store;

#define PRICING_BLEND_PROMPT 3          // prompt tokens per completion token in the blend

struct price_sheet {
	char taken_on[DATE_LEN + 1];
	int32_t day;
	struct strmap by_id, by_slug;   // -> index into blend
	uint64_t *blend;                // 3 * prompt + completion, pico-USD per token
	bool *paid;                     // the id has no ':variant' (preferred by slug)
	size_t n;
};

struct pricing {
	struct price_sheet *sheets;     // by taken_on
	size_t n;
};

/* Loads every snapshot; 0, or -1 after a message. */
int pricing_load(struct pricing *p, struct store *st);
void pricing_finish(struct pricing *p);

/* The sheet in force on day (the latest taken on or before it), or NULL. */
const struct price_sheet *pricing_sheet_at(const struct pricing *p, int32_t day);

/*
 * The cost of tokens of a model (rankings permaslug, variant kept) at a
 * sheet, in micro-USD rounded half up; false when the model is unpriced.
 */
bool pricing_cost(const struct price_sheet *s, const char *model, uint64_t tokens,
                  uint64_t *micro_usd);

/* "0.000002" (USD) to pico-USD; false if not a non-negative decimal. */
bool pricing_parse_usd(const char *s, uint64_t *pico);

#endif
