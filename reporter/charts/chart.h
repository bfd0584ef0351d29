/*
 * Share charts drawn by gnuplot: a data file and a script are written next
 * to the images, so "gnuplot share.gp" in the output directory redraws them
 * without tokenshare. Everything is drawn in a work directory first; only
 * when gnuplot succeeded are the four files moved into place, images last.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_H
#define TOKENSHARE_CHART_H

#include "reporter/charts/chart_kind.h"

struct chart_look;
struct event_list;
struct share_table;

/*
 * Writes dir/NAME.png, NAME.svg, NAME.gp and NAME.dat for t (a country
 * view), NAME being base, or share or stacked when base is NULL, with the
 * releases of events marked (NULL: none), at look's size and titles (NULL:
 * the defaults). Creates dir if needed.
 * Returns 0, or -1 after logging why (gnuplot missing or failing, disk
 * errors); on error no file in dir was replaced.
 */
int chart_draw(const struct share_table *t, enum chart_kind kind, const char *dir,
               const char *base, const struct event_list *events, const struct chart_look *look);

/*
 * compare.*: the share lines of tokens and of dollars (the same query with
 * --measure cost) in two panels on one scale, side by side (one above the
 * other on a portrait image). Returns as chart_draw.
 */
int chart_compare_draw(const struct share_table *tokens, const struct share_table *dollars,
                       const char *dir, const char *base, const struct chart_look *look);

#endif
