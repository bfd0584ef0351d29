/*
 * Model releases on a chart's time axis: a dotted vertical line at noon
 * UTC of each release day inside the axis, its label in the band between
 * the subtitle and the plot, where no data is drawn. Labels go into the
 * first row of the band where they touch no other label or line; one that
 * fits no row is left out, with its line, and counted in a script comment.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_EVENTS_H
#define TOKENSHARE_CHART_EVENTS_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct chart_frame;
struct chart_look;
struct event_list;

/* Rows of labels the band holds at a frame's size, and the band's height. */
int chart_events_rows(const struct chart_look *look);
double chart_events_band(const struct chart_look *look, int rows);

/*
 * gnuplot commands for the events between xmin and xmax (UTC seconds, the
 * plot's x range) in the band of f (from band_top, rows rows). Returns the
 * number of releases drawn.
 */
size_t chart_write_events(struct buf *b, const struct event_list *ev, const struct chart_frame *f,
                          int64_t xmin, int64_t xmax, double band_top, int rows);

#endif
