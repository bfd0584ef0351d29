/*
 * A chart's files read back, for the dashboard page: from STEM.gp the
 * image's size, the plot area, the axes' ranges, the title and each
 * series' colour; from STEM.dat the numbers drawn. The formats are the
 * ones reporter/charts writes (a comment "# title: STRING", the series'
 * names in the .dat's "# x ... | NAME | NAME" line).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_FILES_H
#define TOKENSHARE_CHART_FILES_H

#include <stdbool.h>
#include <stddef.h>

#define MAX_SERIES 12           // series whose colour is read (the page's switches)

/* Where the chart's .gp put things. SVG pixels have their origin top left. */
struct chart_geom {
	double w, h;                    // image, pixels
	double lm, rm, bm, tm;          // plot area, gnuplot screen fractions
	double x0, x1, y0, y1;          // the axes' ranges
	unsigned have;                  // GEOM_* found
	char *title;
	char colour[MAX_SERIES][8];     // series s: "#RRGGBB" of its line, or ""
};

/* path's geometry and title; 0, or -1 after a message. */
int chart_geom_read(const char *path, struct chart_geom *g);

/* The numbers a chart drew, from its .dat. */
struct chart_dat_row {
	double x;               // lines, stacked: UTC seconds; top: the rank
	char *label;            // the period, or the model
	int days, length, provisional;
	char **v;               // n_names values ("NaN": none); top: one, the share
};

struct chart_dat {
	char **names;           // lines, stacked: the series (columns 6..)
	size_t n_names, n_values;       // values per row: n_names, or top's one
	struct chart_dat_row *rows;
	size_t n, cap;
};

/* path's rows (top: a bar chart's); 0, or -1 after a message. */
int chart_dat_read(const char *path, bool top, struct chart_dat *d);
void chart_dat_finish(struct chart_dat *d);

#endif
