/*
 * The share and stacked charts (chart_lines.c), and the texts around
 * them; chart_draw in chart.h is the way in.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_LINES_H
#define TOKENSHARE_CHART_LINES_H

#include "reporter/charts/chart_kind.h"

struct buf;
struct chart_data;
struct chart_look;
struct event_list;
struct share_table;

/* Writes dir/BASE.dat, .gp, .png, .svg of t; 0, or -1 (logged). */
int chart_lines_draw(const struct share_table *t, enum chart_kind kind, const char *dir,
                     const char *base, const struct event_list *events,
                     const struct chart_look *look);

/*
 * Appends the title, the subtitle (what, when, how sampled) and the footer
 * (citation, marks, releases of events (NULL: none), mapping, version).
 */
void chart_lines_texts(const struct chart_data *c, const struct event_list *events,
                       struct buf *title, struct buf *subtitle, struct buf *footer);

#endif
