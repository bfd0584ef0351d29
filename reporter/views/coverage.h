/*
 * The coverage table that goes with every share: per period, the days with
 * data and missing, the tokens whose author (or country) is unknown, the
 * tokens OpenRouter does not attribute ('other'), and with --top N the
 * share of all tokens inside the N largest models; with --prices, the
 * unpriced tokens; and the largest models whose maker's country is not
 * known. Built from share tables of the same query: the author-country
 * view, with --top the top-N view, and the model view.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_COVERAGE_H
#define TOKENSHARE_COVERAGE_H

#include <stdio.h>

#include "mapping/refdata.h"
#include "reporter/views/share.h"

struct store;

/* The model view of a query and the mapping that labels it. */
struct coverage_models {
	struct share_table t;
	struct refdata rd;
};

#define COVERAGE_UNKNOWN_LISTED 3       // models named per period

/* Computes the model view of q (0, or as share_compute). */
int coverage_models_load(struct store *st, const struct share_query *q, struct coverage_models *m);
void coverage_models_finish(struct coverage_models *m);

/* base: the author-country view; top: the --top N view or NULL; models: the model view. */
int coverage_write_csv(const struct share_table *base, const struct share_table *top,
                       const struct coverage_models *models, FILE *fp);

#endif
