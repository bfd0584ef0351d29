/*
 * Model releases on a chart's time axis: a dotted vertical line at noon
 * UTC of each release day inside the axis, labelled along its length.
 * Releases closer than 1/60 of the axis share one line, their labels
 * joined, so labels never print over each other.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_EVENTS_H
#define TOKENSHARE_CHART_EVENTS_H

#include <stdint.h>

struct buf;
struct event_list;

/* gnuplot commands for the events between xmin and xmax (UTC seconds). */
void chart_write_events(struct buf *b, const struct event_list *ev, int64_t xmin, int64_t xmax);

#endif
