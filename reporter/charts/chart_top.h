/*
 * The top-N models chart: for the last period of a --by model --top N
 * share table, one horizontal bar per model, largest at the top, coloured
 * by its maker's country (the share chart's colours, and the country in
 * the label for readers who cannot tell them apart), named by its display
 * name (model-families.csv), the share printed at the end of each bar, and
 * a last bar for every model outside the top N.
 * The period is chosen with --from/--to.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_TOP_H
#define TOKENSHARE_CHART_TOP_H

struct chart_look;
struct refdata;
struct share_query;
struct share_table;

#define TOP_CHART_DEFAULT 10    // models in the top chart without --top

/* Makes q the top chart's query (--by model, --top N); -1 if it asks for another view. */
int chart_top_query(struct share_query *q);

/* Writes dir/BASE.dat, .gp, .png, .svg; 0, -1 (logged) or -2 (wrong table). */
int chart_top_draw(const struct share_table *t, const struct refdata *rd, const char *dir,
                   const char *base, const struct chart_look *look);

#endif
