/*
 * Facts for the share report: stored rankings rows, or the UTC-day rollup
 * and 15-minute cells of router logs, turned into (local day, model,
 * provider, value) and handed to a sink, one call per fact. The readers
 * also note on the table what the facts say about themselves (as-of times,
 * days not final, unpriced tokens, the log datasets read).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_FACTS_H
#define TOKENSHARE_FACTS_H

#include <stdint.h>

#include "reporter/views/labels.h"
#include "reporter/views/share_table.h"

struct pricing;
struct store;

/* Where facts go: add(ctx, ...) for each, model and provider indexing dims. */
struct facts_sink {
	void (*add)(void *ctx, int32_t day, uint32_t model, uint32_t provider,
	            uint64_t value);        // day: local day number; value: of q's measure
	void *ctx;
};

/*
 * Rankings of q's days as facts (provider 0, ""); fills dims with the
 * models met, and t's as-of range and provisional and incomplete days.
 * With pricing, the value is the tokens' cost at q's prices; the tokens no
 * sheet prices go to t's unpriced list. 0 or -1 (logged).
 */
int facts_rankings(struct store *st, const struct share_query *q, struct share_table *t,
                   struct dims *dims, const struct pricing *pricing,
                   const struct facts_sink *sink);

/*
 * The log datasets of q as facts, by UTC day or, with --tz, by local day
 * from the 15-minute cells; fills dims with every stored name, and t's
 * request counts, source label and daily flag. 0, -1 (logged), or -2 (no
 * such source, logged).
 */
int facts_logs(struct store *st, const struct share_query *q, struct share_table *t,
               struct dims *dims, const struct facts_sink *sink);

#endif
