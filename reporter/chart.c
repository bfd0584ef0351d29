/*
 * The share chart (see chart.h): lines for China, the US, the rest of the
 * world, and the groups nobody may drop (unknown, unattributed, outside the
 * top N), on a true date axis. Consecutive periods are joined; a gap in the
 * data breaks the line, so sampled weeks are never drawn as if adjacent.
 * Periods with missing days get an open ring. Okabe-Ito colours plus
 * distinct point shapes keep the lines apart for colour-blind readers.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "reporter/chart.h"
#include "reporter/chart_lines.h"
#include "reporter/chart_run.h"
#include "reporter/events.h"
#include "reporter/share.h"

enum series_id {
	SERIES_CN,
	SERIES_US,
	SERIES_REST,
	SERIES_UNKNOWN,
	SERIES_UNATTRIBUTED,
	SERIES_OUTSIDE,
	SERIES_COUNT,
};

static const struct {
	const char *title;
	const char *colour;
	int point;              // gnuplot point type
	int dash;               // gnuplot dash type
	int width;              // line width
} series_style[SERIES_COUNT] = {
	[SERIES_CN] = {"China (CN)", "#D55E00", 7, 1, 3},
	[SERIES_US] = {"United States (US)", "#0072B2", 5, 1, 3},
	[SERIES_REST] = {"rest of world", "#009E73", 9, 1, 2},
	[SERIES_UNKNOWN] = {"unknown country", "#7F7F7F", 13, 2, 2},
	[SERIES_UNATTRIBUTED] = {"unattributed ('other' row)", "#CC79A7", 11, 3, 2},
	[SERIES_OUTSIDE] = {"outside the top N", "#E69F00", 3, 4, 2},
};


/* What is drawn: the chart's kind and the file base name ("share"). */
struct chart_spec {
	enum chart_kind kind;
	const char *base;
	const struct event_list *events;        // releases to mark, or NULL
	const struct share_table *dollars;      // compare: the dollar table (index 1 of .dat)
	struct buf *labels;                     // compare: title and footer, set per image
	const char *index_text;                 // the .dat block plotted: "" = the only one
};

/* What a country view's groups are, for the title; NULL for other views. */
static const char *view_title(enum share_by by)
{
	switch (by) {
	case SHARE_BY_AUTHOR_COUNTRY: return "model-author country";
	case SHARE_BY_LINEAGE_COUNTRY: return "base-model (lineage) country";
	case SHARE_BY_PROVIDER_COUNTRY: return "serving-provider country (ownership)";
	case SHARE_BY_PROVIDER_ENTITY_COUNTRY: return "serving-provider country (headquarters)";
	default: return NULL;
	}
}

/* What the shares are shares of: "tokens", "requests" or "dollars". */
static const char *chart_measure(const struct share_table *t)
{
	const char *column = share_measure_column(t->query.measure);
	return strncmp(column, "cost", 4) == 0 ? "dollars" : column;
}

static const char *base_of(enum chart_kind kind)
{
	return kind == CHART_STACKED ? "stacked" : "share";
}

static enum series_id series_of(const char *group)
{
	if (strcmp(group, "CN") == 0)
		return SERIES_CN;
	if (strcmp(group, "US") == 0)
		return SERIES_US;
	if (strcmp(group, SHARE_GROUP_UNKNOWN) == 0)
		return SERIES_UNKNOWN;
	if (strcmp(group, SHARE_GROUP_UNATTRIBUTED) == 0)
		return SERIES_UNATTRIBUTED;
	if (strncmp(group, SHARE_OUTSIDE_PREFIX, strlen(SHARE_OUTSIDE_PREFIX)) == 0)
		return SERIES_OUTSIDE;
	return SERIES_REST;
}

/* One period of the chart. */
struct point {
	const struct period *period;
	int days;
	uint64_t share_e4[SERIES_COUNT];
};

static size_t collect(const struct share_table *t, struct point **out, bool used[SERIES_COUNT])
{
	size_t n = 0, cap = 0;
	struct point *pts = NULL;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		if (n == 0 || strcmp(pts[n - 1].period->label, r->period.label) != 0) {
			xgrow(&pts, &cap, n + 1, sizeof *pts);
			pts[n++] = (struct point){.period = &r->period, .days = r->days};
		}
		enum series_id s = series_of(r->group);
		pts[n - 1].share_e4[s] += r->share_e4;
		if (r->share_e4 > 0 || s == SERIES_CN || s == SERIES_US)
			used[s] = true;
	}
	used[SERIES_CN] = used[SERIES_US] = true;
	*out = pts;
	return n;
}

static int64_t mid_seconds(const struct period *p)
{
	// Noon of the middle day: days and weeks land on a day, months near the 15th.
	return ((int64_t)p->start + (p->end - p->start) / 2) * 86400 + 43200;
}

static void write_data(struct buf *b, const struct share_table *t, const struct point *pts,
                       size_t n)
{
	buf_printf(b, "# tokenshare %s chart data: share of all %s (%%) by %s, per %s\n",
	           TOKENSHARE_VERSION, chart_measure(t), view_title(t->query.by),
	           period_kind_name(t->query.period));
	buf_append_str(b, "# x (UTC seconds, middle of the period) | period | days with data | "
	               "days in period");
	for (int s = 0; s < SERIES_COUNT; s++)
		buf_printf(b, " | %s", series_style[s].title);
	buf_append_str(b, "\n# A blank line separates periods that are not adjacent.\n");
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			struct period next;
			period_of(t->query.period, pts[i - 1].period->end + 1, &next);
			if (next.start != pts[i].period->start)
				buf_append_str(b, "\n");
		}
		buf_printf(b, "%lld %s %d %d", (long long)mid_seconds(pts[i].period),
		           pts[i].period->label, pts[i].days, period_length(pts[i].period));
		for (int s = 0; s < SERIES_COUNT; s++)
			buf_printf(b, " %llu.%04llu", (unsigned long long)(pts[i].share_e4[s] / 10000),
			           (unsigned long long)(pts[i].share_e4[s] % 10000));
		buf_append_str(b, "\n");
	}
}

/* Explicit x tics at month starts (or days for short spans), about max_labels of them. */
static void write_tics(struct buf *b, int32_t first, int32_t last, int max_labels)
{
	buf_append_str(b, "set xtics (");
	bool any = false;
	if (last - first <= 62) {
		int step = last - first <= 14 ? 1 : 7;
		while ((last - first) / step >= max_labels)
			step *= 2;
		for (int32_t d = first; d <= last; d += step) {
			char s[DATE_LEN + 1];
			date_format(d, s);
			buf_printf(b, "%s\"%s\" %lld", any ? ", " : "", s, (long long)d * 86400);
			any = true;
		}
	} else {
		int y0, m0, d0, y1, m1, d1;
		date_to_civil(first, &y0, &m0, &d0);
		date_to_civil(last, &y1, &m1, &d1);
		int months = (y1 - y0) * 12 + (m1 - m0) + 1;
		static const int steps[] = {1, 2, 3, 6, 12, 24, 60};
		int step = 60;
		for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
			if (months / steps[i] <= max_labels) {
				step = steps[i];
				break;
			}
		}
		// Start at a month that is a multiple of the step, counted from January.
		int y = y0, m = m0 + 1;  // first month start after the first point
		if (m > 12) {
			m = 1;
			y++;
		}
		while ((m - 1) % step != 0) {
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
		for (; y < y1 || (y == y1 && m <= m1); ) {
			buf_printf(b, "%s\"%04d-%02d\" %lld", any ? ", " : "", y, m,
			           (long long)date_from_civil(y, m, 1) * 86400);
			any = true;
			m += step;
			while (m > 12) {
				m -= 12;
				y++;
			}
		}
	}
	buf_append_str(b, ")\n");
}

/* Titles, axes, tics and line styles. */
static void write_settings(struct buf *b, const struct share_table *t, const struct point *pts,
                           size_t n, const struct chart_spec *spec)
{
	const char *pname = period_kind_name(t->query.period);
	const char *unit = t->query.period == PERIOD_WEEK ? "ISO week" : pname;
	char first[DATE_LEN + 1], last[DATE_LEN + 1];
	date_format(pts[0].period->start, first);
	date_format(pts[n - 1].period->end, last);
	const char *measure = chart_measure(t);
	struct buf title = {0}, subtitle = {0}, footer = {0};
	if (spec->kind == CHART_COMPARE)
		buf_printf(&title, "Share of %s tokens and of dollars by %s, per %s",
		           t->rankings ? "OpenRouter" : "router", view_title(t->query.by), unit);
	else
		buf_printf(&title, "Share of %s %s by %s%s, per %s",
		           t->rankings ? "OpenRouter" : "router", measure, view_title(t->query.by),
		           spec->kind == CHART_STACKED ? " (stacked to 100%)" : "", unit);
	if (t->query.top)
		buf_printf(&title, " (top %u models per %s)", t->query.top, pname);
	chart_scope(&subtitle, t, first, last);
	chart_footer(&footer, t);

	chart_script_header(b, spec->base);
	chart_script_prelude(b, true);
	buf_append_str(b,
		"set yrange [0:100]\n"
		"set ytics 0, 10, 100 format '%g%%'\n"
		"set mytics 2\n"
		"set grid ytics mytics lc rgb '#e5e5e5' lw 1, lc rgb '#f2f2f2' lw 1\n"
		"set border 3 lc rgb '#444444'\n"
		"set tics nomirror out\n"
		// Outside the graph, so the legend never covers a point.
		"set key outside right top vertical Left reverse noenhanced samplen 3 spacing 1.4\n"
		"set lmargin 10\n"
		"set tmargin 5\n"
		"set bmargin 6\n");
	if (spec->kind == CHART_COMPARE) {
		// Two panels: the title and the scope lines over both, set again per image.
		struct buf dollars = {0};
		buf_printf(&dollars, "Dollars: tokens at OpenRouter /models prices %s%s, 3 prompt : 1 "
		           "completion token; tokens without a price are left out",
		           spec->dollars->price_sheet[0] ? "of " : "in force each day",
		           spec->dollars->price_sheet);
		buf_append_str(spec->labels, "set label 4 ");
		chart_gp_string(spec->labels, dollars.data);
		buf_append_str(spec->labels, " at screen 0.5, screen 0.895 center noenhanced "
		               "font ',11' tc rgb '#444444'\n");
		buf_finish(&dollars);
		buf_append_str(spec->labels, "set label 3 ");
		chart_gp_string(spec->labels, title.data);
		buf_append_str(spec->labels, " at screen 0.5, screen 0.965 center noenhanced "
		               "font ',15'\nset label 1 ");
		chart_gp_string(spec->labels, subtitle.data);
		buf_append_str(spec->labels, " at screen 0.5, screen 0.925 center noenhanced "
		               "font ',11' tc rgb '#444444'\nset label 2 ");
		chart_gp_string(spec->labels, footer.data);
		buf_append_str(spec->labels, " at screen 0.01, screen 0.025 noenhanced font ',10' tc "
		               "rgb '#444444'\n");
	} else {
		chart_labels(b, title.data, subtitle.data, footer.data);
	}
	if (spec->kind == CHART_COMPARE)
		buf_printf(b, "set xlabel '%s (UTC); a gap in a line = %ss without data' noenhanced\n",
		           unit, pname);
	else if (spec->kind == CHART_STACKED)
		buf_printf(b, "set xlabel '%s (UTC), one bar per %s with data; partial %ss are "
		           "marked in %s.dat' noenhanced\n", unit, pname, pname, spec->base);
	else
		buf_printf(b, "set xlabel '%s (UTC), plotted at the middle of each %s; a gap in a line "
		           "= %ss without data' noenhanced\n", unit, pname, pname);
	if (spec->kind == CHART_COMPARE)
		buf_append_str(b, "set ylabel 'Share (%)' noenhanced\n");
	else
		buf_printf(b, "set ylabel 'Share of all %s (%%)' noenhanced\n", measure);
	int64_t pad = (int64_t)period_length(pts[0].period) * 86400;
	int64_t xmin = mid_seconds(pts[0].period) - pad, xmax = mid_seconds(pts[n - 1].period) + pad;
	buf_printf(b, "set xrange [%lld:%lld]\n", (long long)xmin, (long long)xmax);
	// About 12 labels on a full-width axis, 5 on a half-width panel.
	write_tics(b, pts[0].period->start, pts[n - 1].period->end,
	           spec->kind == CHART_COMPARE ? 5 : 12);
	for (int s = 0; s < SERIES_COUNT; s++)
		buf_printf(b, "set style line %d lc rgb '%s' lw %d dt %d pt %d ps 1.3\n", s + 1,
		           series_style[s].colour, series_style[s].width, series_style[s].dash,
		           series_style[s].point);
	buf_finish(&title);
	buf_finish(&subtitle);
	buf_finish(&footer);
}

/* The series name in the legend. */
static void series_name(struct buf *name, const struct share_table *t, int s)
{
	if (s == SERIES_OUTSIDE)
		buf_printf(name, "outside the top %u (other included)", t->query.top);
	else
		buf_append_str(name, series_style[s].title);
}

/* The legend entry of the release markers, when there are any. */
static void write_events_key(struct buf *b, const struct chart_spec *spec)
{
	if (spec->events)
		buf_printf(b, ", \\\n  NaN with lines dt 3 lw 1 lc rgb '#555555' title "
		           "'dotted line: model release (%s)'", spec->events->origin);
}

/* The plot command: one line per series, then rings on partial periods. */
static void write_plot(struct buf *b, const struct share_table *t, const struct point *pts,
                       size_t n, const bool used[SERIES_COUNT], const struct chart_spec *spec)
{
	const char *pname = period_kind_name(t->query.period);
	buf_append_str(b, "plot \\\n");
	bool first_plot = true;
	for (int s = 0; s < SERIES_COUNT; s++) {
		if (!used[s])
			continue;
		struct buf name = {0};
		series_name(&name, t, s);
		buf_printf(b, "%s  '%s.dat'%s using 1:%d with linespoints ls %d title ",
		           first_plot ? "" : ", \\\n", spec->base, spec->index_text, s + 5, s + 1);
		chart_gp_string(b, name.data);
		buf_finish(&name);
		first_plot = false;
	}
	bool any_partial = false;
	for (size_t i = 0; i < n; i++)
		any_partial |= pts[i].days < period_length(pts[i].period);
	if (any_partial) {
		for (int s = 0; s < SERIES_COUNT; s++) {
			if (used[s])
				buf_printf(b, ", \\\n  '%s.dat'%s using 1:($3 < $4 ? $%d : NaN) with points "
				           "pt 6 ps 2.6 lw 1.5 lc rgb '#000000' notitle", spec->base,
				           spec->index_text, s + 5);
		}
		buf_printf(b, ", \\\n  NaN with points pt 6 ps 2.6 lw 1.5 lc rgb '#000000' title "
		           "'ring: partial %s (days missing)'", pname);
	}
	write_events_key(b, spec);
	buf_append_str(b, "\n");
}

/*
 * Two panels side by side on one y scale: the token shares (block 0 of the
 * data) and the dollar shares (block 1), the legend once, at the right.
 */
static void write_compare_script(struct buf *b, const struct share_table *t,
                                 const struct point *pts, size_t n, const bool used[SERIES_COUNT],
                                 const struct point *dpts, size_t dn,
                                 const bool dused[SERIES_COUNT], struct chart_spec *spec)
{
	struct buf labels = {0}, panels = {0};
	spec->labels = &labels;
	write_settings(b, t, pts, n, spec);
	buf_append_str(&panels,
		"set multiplot\n"
		"set tmargin at screen 0.82\nset bmargin at screen 0.16\n"
		"set lmargin at screen 0.06\nset rmargin at screen 0.375\n"
		"set title 'Tokens' font ',13'\n"
		"set key at screen 0.765, screen 0.82 left top vertical Left reverse noenhanced "
		"samplen 3 spacing 1.4\n");
	spec->index_text = " index 0";
	write_plot(&panels, t, pts, n, used, spec);
	buf_append_str(&panels,
		"unset label\n"
		"set lmargin at screen 0.43\nset rmargin at screen 0.745\n"
		"set title 'Dollars' font ',13'\n"
		"unset key\n");
	spec->index_text = " index 1";
	write_plot(&panels, spec->dollars, dpts, dn, dused, spec);
	buf_append_str(&panels, "unset multiplot\n");
	// The labels go before each image: the first panel's "unset label" clears them.
	buf_append(&labels, panels.data, panels.len);
	chart_images(b, spec->base, &labels);
	buf_finish(&labels);
	buf_finish(&panels);
}

int chart_compare_draw(const struct share_table *tokens, const struct share_table *dollars,
                       const char *dir, const char *base)
{
	struct chart_spec spec = {CHART_COMPARE, base ? base : "compare", NULL, dollars, NULL, ""};
	if (!view_title(tokens->query.by) || tokens->query.top) {
		log_error("the compare chart is drawn for the country views, without --top");
		return -2;
	}
	bool used[SERIES_COUNT] = {0}, dused[SERIES_COUNT] = {0};
	struct point *pts = NULL, *dpts = NULL;
	size_t n = collect(tokens, &pts, used), dn = collect(dollars, &dpts, dused);
	int rc = -1;
	if (n == 0 || dn == 0) {
		log_error("no %s to chart in the requested range", n ? "dollars" : "data");
	} else {
		struct buf data = {0}, script = {0};
		write_data(&data, tokens, pts, n);
		buf_append_str(&data, "\n\n");       // gnuplot's block separator: index 1 follows
		write_data(&data, dollars, dpts, dn);
		write_compare_script(&script, tokens, pts, n, used, dpts, dn, dused, &spec);
		rc = chart_render(dir, spec.base, &data, &script);
		buf_finish(&data);
		buf_finish(&script);
	}
	free(pts);
	free(dpts);
	return rc;
}

int chart_draw(const struct share_table *t, enum chart_kind kind, const char *dir,
               const char *base, const struct event_list *events, const struct chart_look *look)
{
	if (!view_title(t->query.by)) {
		log_error("charts are drawn for the country views only: --by author-country, "
		          "lineage-country, provider-country or provider-entity-country");
		return -2;
	}
	return chart_lines_draw(t, kind, dir, base ? base : base_of(kind), events, look);
}
