/*
 * The compare chart: the token shares and the dollar shares of the same
 * country view in two panels on one scale (chart_compare.c);
 * chart_compare_draw in chart.h is the way in.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_COMPARE_H
#define TOKENSHARE_CHART_COMPARE_H

struct chart_look;
struct share_table;

/* Writes dir/BASE.dat, .gp, .png, .svg; 0, or -1 (logged). */
int chart_compare_lines_draw(const struct share_table *tokens, const struct share_table *dollars,
                             const char *dir, const char *base, const struct chart_look *look);

#endif
