/*
 * The data of a share chart over time: the series (the groups of a share
 * table in drawing order, each with its colour; the folded rest last, in
 * grey) and the points (one per period, each series' share in it), the
 * .dat file gnuplot reads, and the texts of the series' end labels.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_SERIES_H
#define TOKENSHARE_CHART_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reporter/charts/chart_kind.h"

struct buf;
struct chart_look;
struct period;
struct share_table;

struct chart_series {
	const char *group;      // borrowed from the table
	const char *colour;
	bool muted;             // the folded rest
	double end_y;           // pixels: where its end label goes
	double end_share;       // percent, of the last period
};

struct chart_point {
	const struct period *period;
	int days;
	bool provisional;
	uint64_t *share_e4;     // per series
};

struct chart_data {
	const struct share_table *t;
	enum chart_kind kind;
	const struct chart_look *look;
	struct chart_series *s;
	size_t n_series;
	struct chart_point *p;
	size_t n_points;
	bool gappy;             // some periods are not adjacent
	const char *index;      // the .dat block plotted: "" or " index N" (compare)
};


/* Fills c's series and points from c->t (set t, kind, look and index first). */
void chart_data_build(struct chart_data *c);
/* Frees the series and points (the table is borrowed, not freed). */
void chart_data_finish(struct chart_data *c);

/* Noon of a period's middle day, UTC seconds: where its point is drawn. */
int64_t chart_mid_seconds(const struct period *p);

/* Appends c's .dat block: a header, then a line per point, blank lines at gaps. */
void chart_data_write(struct buf *b, const struct chart_data *c);

/* Whether any period has days missing (and none live), or a live day. */
void chart_period_marks(const struct chart_data *c, bool *partial, bool *provisional);

/* The end label of series s: its group as a reader sees it and its last share. */
void chart_end_label(const struct chart_data *c, size_t s, char *out, size_t n);

#endif
