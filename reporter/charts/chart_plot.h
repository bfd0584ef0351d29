/*
 * The gnuplot commands of a share chart over time: the axes (y in
 * percent, x the periods, tics that fit the width), the series' end
 * labels moved apart, and the plot itself as lines or as stacked bars,
 * with rings on periods not complete and diamonds on live ones.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_PLOT_H
#define TOKENSHARE_CHART_PLOT_H

#include <stdint.h>

struct buf;
struct chart_data;
struct chart_frame;

/* The axes' settings at f's size; *xmin and *xmax get the x range (UTC seconds). */
void chart_write_axes(struct buf *b, const struct chart_data *c, const struct chart_frame *f,
                      int64_t *xmin, int64_t *xmax);
/* x tics that fit: month starts (or days for short spans), as many as the width holds. */
void chart_write_tics(struct buf *b, const struct chart_frame *f, int64_t xmin, int64_t xmax);

/* Each series' end label at the right of the plot, none touching another. */
void chart_write_end_labels(struct buf *b, struct chart_data *c, const struct chart_frame *f);
/* Pixels the widest end label takes at font size font (px). */
double chart_widest_end_label(const struct chart_data *c, double font);

/*
 * The plot of the lines chart, reading base.dat (c->index: its block).
 * Every plot of series s is titled "sS" (no key is drawn): the SVG names
 * its groups so, and the dashboard page toggles a series by them.
 */
void chart_write_lines_plot(struct buf *b, const struct chart_data *c, const struct chart_frame *f,
                            const char *base);
/* The plot of the stacked chart: a bar per period, series stacked to 100 %. */
void chart_write_stacked_plot(struct buf *b, const struct chart_data *c,
                              const struct chart_frame *f, const char *base);

#endif
