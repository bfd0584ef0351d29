/*
 * The share and stacked charts (chart_lines.c); chart_draw in chart.h is
 * the way in.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_LINES_H
#define TOKENSHARE_CHART_LINES_H

#include "reporter/charts/chart.h"

struct chart_look;

int chart_lines_draw(const struct share_table *t, enum chart_kind kind, const char *dir,
                     const char *base, const struct event_list *events,
                     const struct chart_look *look);
int chart_compare_lines_draw(const struct share_table *tokens, const struct share_table *dollars,
                             const char *dir, const char *base, const struct chart_look *look);

#endif
