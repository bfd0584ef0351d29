/*
 * The coverage table that goes with every share: per period, the days with
 * data and missing, the tokens whose author (or country) is unknown, the
 * tokens OpenRouter does not attribute ('other'), and with --top N the
 * share of all tokens inside the N largest models; with --prices, the
 * unpriced tokens. Built from two share tables of the same query: the
 * author-country view and, with --top, the top-N view.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_COVERAGE_H
#define TOKENSHARE_COVERAGE_H

#include <stdio.h>

struct share_table;

/* base: the author-country view; top: the --top N view or NULL. */
int coverage_write_csv(const struct share_table *base, const struct share_table *top,
                       FILE *fp);

#endif
