/*
 * The gnuplot commands of a share chart over time (see chart_plot.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "reporter/charts/chart_layout.h"
#include "reporter/charts/chart_plot.h"
#include "reporter/charts/chart_run.h"
#include "reporter/charts/chart_series.h"
#include "reporter/views/share_table.h"

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void chart_write_tics(struct buf *b, const struct chart_frame *f, int64_t xmin, int64_t xmax)
{
	double width = f->plot_right - f->plot_left, per_second = width / (double)(xmax - xmin);
	double room = chart_text_width("May 2026", f->font) + 1.2 * f->font;
	int32_t first = (int32_t)(xmin / 86400), last = (int32_t)(xmax / 86400);
	buf_append_str(b, "set xtics (");
	bool any = false;
	if (last - first <= 62) {
		int step = 1;
		while (step * 86400.0 * per_second < room)
			step = step < 7 ? step + 1 : step * 2;
		for (int32_t d = first + 1; d <= last; d += step) {
			int y, m, dd;
			date_to_civil(d, &y, &m, &dd);
			buf_printf(b, "%s\"%s %d\" %lld", any ? ", " : "", month_abbr[m - 1], dd,
			           (long long)d * 86400);
			any = true;
		}
	} else {
		static const int steps[] = {1, 2, 3, 6, 12, 24, 60};
		int step = 60;
		for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
			double r = steps[i] >= 12 ? chart_text_width("2026", f->font) + 1.2 * f->font : room;
			if (steps[i] * 30.4 * 86400.0 * per_second >= r) {
				step = steps[i];
				break;
			}
		}
		int y, m, d;
		date_to_civil(first, &y, &m, &d);
		// The first month start inside the axis that is a multiple of the step.
		int idx = y * 12 + (m - 1) + (d > 1);
		while (idx % step)
			idx++;
		for (;; idx += step) {
			int32_t day = date_from_civil(idx / 12, idx % 12 + 1, 1);
			if (day > last)
				break;
			if (step >= 12)
				buf_printf(b, "%s\"%d\" %lld", any ? ", " : "", idx / 12, (long long)day * 86400);
			else
				buf_printf(b, "%s\"%s %d\" %lld", any ? ", " : "", month_abbr[idx % 12],
				           idx / 12, (long long)day * 86400);
			any = true;
		}
	}
	buf_append_str(b, ")\n");
}

/* The y tic step in percent: 10, or 20 or 25 where the plot is short. */
static int y_step(const struct chart_frame *f)
{
	double height = f->plot_bottom - f->plot_top;
	return height / 10 >= 2.2 * f->font ? 10 : height / 5 >= 2.2 * f->font ? 20 : 25;
}

void chart_write_axes(struct buf *b, const struct chart_data *c, const struct chart_frame *f,
                      int64_t *xmin, int64_t *xmax)
{
	buf_append_str(b,
		"unset key\n"
		"set border 1 lc rgb '#666666'\n"
		"set tics nomirror out scale 0.5 tc rgb '#444444'\n"
		"set ytics scale 0\n");
	buf_printf(b, "set yrange [0:100]\nset ytics 0, %d, 100 format '%%g%%%%'\n"
	           "set grid ytics lc rgb '#e3e3e3' lw 1 dt 1\n", y_step(f));
	int64_t pad = (int64_t)period_length(c->p[0].period) * 86400 / 2;
	*xmin = chart_mid_seconds(c->p[0].period) - pad;
	*xmax = chart_mid_seconds(c->p[c->n_points - 1].period) + pad;
	buf_printf(b, "set xrange [%lld:%lld]\n", (long long)*xmin, (long long)*xmax);
}

/* The vertical middle of series s in the last bar, in percent (stacked). */
static double stacked_middle(const struct chart_data *c, size_t s)
{
	const struct chart_point *p = &c->p[c->n_points - 1];
	double below = 0;
	for (size_t k = 0; k < s; k++)
		below += (double)p->share_e4[k] / 10000.0;
	return below + (double)p->share_e4[s] / 20000.0;
}

void chart_write_end_labels(struct buf *b, struct chart_data *c, const struct chart_frame *f)
{
	double *y = xmalloc((c->n_series + 1) * sizeof *y);
	double height = f->plot_bottom - f->plot_top;
	for (size_t s = 0; s < c->n_series; s++) {
		double pct = c->kind == CHART_STACKED ? stacked_middle(c, s)
		                                      : (double)c->p[c->n_points - 1].share_e4[s] / 10000.0;
		y[s] = f->plot_bottom - height * pct / 100.0;
	}
	chart_spread(y, c->n_series, f->font * 1.3, f->plot_top, f->plot_bottom);
	for (size_t s = 0; s < c->n_series; s++) {
		char text[160];
		chart_end_label(c, s, text, sizeof text);
		buf_printf(b, "set label %zu ", 60 + s);
		if (c->s[s].muted)
			chart_gp_string(b, text);
		else
			chart_gp_bold(b, text);
		buf_printf(b, " at screen %.5f, screen %.5f left %s font 'DejaVu Sans,%g' "
		           "tc rgb '%s' front\n", chart_sx(f, f->plot_right + 0.5 * f->font),
		           chart_sy(f, y[s]), c->s[s].muted ? "noenhanced" : "enhanced", f->font,
		           c->s[s].colour);
	}
	free(y);
}

double chart_widest_end_label(const struct chart_data *c, double font)
{
	double w = 0;
	for (size_t s = 0; s < c->n_series; s++) {
		char text[160];
		chart_end_label(c, s, text, sizeof text);
		w = fmax(w, chart_text_width(text, font) * 1.2);        // bold, and cairo draws wider
	}
	return w;
}

void chart_write_lines_plot(struct buf *b, const struct chart_data *c, const struct chart_frame *f,
                            const char *base)
{
	buf_append_str(b, "plot \\\n");
	const char *ps = "PS";  // points: set per image (chart_frame_images)
	for (size_t s = c->n_series; s-- > 0;) {        // the rest first, under the others
		const struct chart_series *se = &c->s[s];
		double lw = se->muted ? f->font / 9.0 : f->font / 5.5;
		buf_printf(b, "  '%s.dat'%s using 1:%zu with lines lc rgb '%s' lw %.2f title 's%zu', \\\n",
		           base, c->index, s + 6, se->colour, lw, s);
		if (c->gappy)           // sampled: a marker on every period, so lone ones show
			buf_printf(b, "  '%s.dat'%s using 1:%zu with points lc rgb '%s' pt 7 "
			           "ps (%s * 0.8) title 's%zu', \\\n", base, c->index, s + 6, se->colour, ps,
			           s);
	}
	// Rings on partial periods, diamonds on provisional ones, over every series.
	bool partial, provisional;
	chart_period_marks(c, &partial, &provisional);
	for (size_t s = 0; s < c->n_series; s++) {
		if (partial)
			buf_printf(b, "  '%s.dat'%s using 1:($3 < $4 && $5 == 0 ? $%zu : NaN) with points "
			           "pt 6 ps (%s * 1.9) lw %.2f lc rgb '%s' title 's%zu', \\\n", base,
			           c->index, s + 6, ps, f->font / 10.0, c->s[s].colour, s);
		if (provisional)
			buf_printf(b, "  '%s.dat'%s using 1:($5 == 1 ? $%zu : NaN) with points pt 12 "
			           "ps (%s * 2.3) lw %.2f lc rgb '%s' title 's%zu', \\\n", base,
			           c->index, s + 6, ps, f->font / 10.0, c->s[s].colour, s);
	}
	buf_append_str(b, "  NaN notitle\n");
}

void chart_write_stacked_plot(struct buf *b, const struct chart_data *c,
                              const struct chart_frame *f, const char *base)
{
	const struct share_table *t = c->t;
	// 80 % of a period wide (months: of 30 days, quarters 91, years 365), in
	// seconds on the time axis.
	enum period_kind kind = t->query.period;
	int64_t width = (int64_t)(kind == PERIOD_MONTH     ? 30
	                          : kind == PERIOD_QUARTER ? 91
	                          : kind == PERIOD_YEAR    ? 365
	                                                   : period_length(c->p[0].period)) *
	                86400 * 4 / 5;
	buf_printf(b, "set boxwidth %lld absolute\nset style fill solid 0.92 noborder\nplot \\\n",
	           (long long)width);
	// Each series as the sum of itself and those below it, top first, so the
	// later (lower) bars cover the lower part.
	for (size_t s = c->n_series; s-- > 0;) {
		struct buf sum = {0};
		for (size_t k = 0; k <= s; k++)
			buf_printf(&sum, "%s$%zu", k ? "+" : "", k + 6);
		buf_printf(b, "  '%s.dat' using 1:(%s) with boxes lc rgb '%s' notitle, \\\n", base,
		           sum.data, c->s[s].colour);
		buf_finish(&sum);
	}
	// Over the bar: a ring if days are missing, a diamond if a day is live.
	bool partial, provisional;
	chart_period_marks(c, &partial, &provisional);
	if (partial)
		buf_printf(b, "  '%s.dat' using 1:($3 < $4 && $5 == 0 ? 101.5 : NaN) with points pt 6 "
		           "ps (PS * 1.4) lc rgb '#333333' notitle, \\\n", base);
	if (provisional)
		buf_printf(b, "  '%s.dat' using 1:($5 == 1 ? 101.5 : NaN) with points pt 12 "
		           "ps (PS * 1.8) lc rgb '#333333' notitle, \\\n", base);
	buf_append_str(b, "  NaN notitle\n");
}
