/*
 * A chart on the dashboard page: its SVG drawn into the page (so it reads
 * at the page's width and answers the mouse), a phone variant for narrow
 * screens, a hover band per period or bar whose <title> holds the exact
 * values, a switch per series of a line chart, and the numbers the chart
 * shows in a <details> table. No script: the switches are checkboxes that
 * a CSS :has() rule reads; the hover values are SVG <title> elements.
 *
 * Everything is read back from the files the chart wrote: STEM.gp (the
 * image size, the plot area, the axes' ranges, the title, each series'
 * colour), STEM.dat (the numbers drawn, with the series' names) and
 * STEM.svg / STEM-phone.svg (gnuplot's drawing). So what the page shows is
 * what the files beside it say.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_PAGE_CHART_H
#define TOKENSHARE_PAGE_CHART_H

#include <stdbool.h>

struct buf;
struct dash_view;

/* The CSS the chart parts need (once per page). */
extern const char page_chart_style[];

/*
 * Appends view v's chart section body (figure, caption, details table) to
 * o, reading its files in dir; phone: a STEM-phone drawing exists. Sets
 * *title (caller frees) to the chart's own title. 0, or -1 after a message.
 */
int page_chart(struct buf *o, const char *dir, const struct dash_view *v, bool phone,
               char **title);

/*
 * The chart's summary (its title and key numbers: the alt text), HTML
 * escaped, e.g. for og:description; NULL if the chart's files cannot be
 * read. Caller frees.
 */
char *page_chart_summary(const char *dir, const struct dash_view *v);

#endif
