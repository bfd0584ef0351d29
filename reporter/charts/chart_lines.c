/*
 * The share and stacked charts (see chart.h), laid out for a reader:
 * the groups the query kept (by default CN and US) drawn in strong
 * colours and labelled at their line ends with the last value, the rest
 * folded into one muted grey series, no legend box; the title block, the
 * release labels and the footer placed by chart_layout so that no text
 * touches another at any size.
 *
 * Lines break where periods are not adjacent (a blank line in the .dat);
 * gappy or sampled series get point markers and say so in the subtitle.
 * Periods with days missing or not final get an open ring, periods with a
 * provisional (live) day a diamond.
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "reporter/charts/chart.h"
#include "reporter/charts/chart_events.h"
#include "reporter/charts/chart_layout.h"
#include "reporter/charts/chart_lines.h"
#include "reporter/charts/chart_run.h"
#include "reporter/charts/events.h"
#include "reporter/views/share.h"

#define REST_COLOUR "#9a9a9a"

/* Colours of the groups a reader looks for first; the others take the palette in turn. */
static const struct {
	const char *group, *colour;
} known_colours[] = {
	{"CN", "#D55E00"}, {"US", "#0072B2"}, {"unknown", "#6f6f6f"}, {"unattributed", "#b07aa1"},
};
static const char *const palette[] = {"#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8c564b",
                                      "#000000"};

struct series {
	const char *group;      // borrowed from the table
	const char *colour;
	bool muted;             // the folded rest
	double end_y;           // pixels: where its end label goes
	double end_share;       // percent, of the last period
};

struct point {
	const struct period *period;
	int days;
	bool provisional;
	uint64_t *share_e4;     // per series
};

struct chart {
	const struct share_table *t;
	enum chart_kind kind;
	const struct chart_look *look;
	struct series *s;
	size_t n_series;
	struct point *p;
	size_t n_points;
	bool gappy;             // some periods are not adjacent
	const char *index;      // the .dat block plotted: "" or " index N" (compare)
};

static size_t series_index(struct chart *c, const char *group)
{
	for (size_t i = 0; i < c->n_series; i++) {
		if (strcmp(c->s[i].group, group) == 0)
			return i;
	}
	return SIZE_MAX;
}

/* The series in drawing order: the kept groups as listed, the others by size, rest last. */
static void find_series(struct chart *c)
{
	const struct share_table *t = c->t;
	size_t cap = 0;
	const char *list = t->query.groups;
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		for (size_t i = 0; i < t->n_rows; i++) {
			if (strlen(t->rows[i].group) == len && strncmp(t->rows[i].group, p, len) == 0 &&
			    series_index(c, t->rows[i].group) == SIZE_MAX) {
				xgrow(&c->s, &cap, c->n_series + 1, sizeof *c->s);
				c->s[c->n_series++] = (struct series){.group = t->rows[i].group};
				break;
			}
		}
		p += len + (p[len] == ',');
	}
	// Rows are sorted by value within a period: the first period's order, then
	// any group that appears later.
	bool rest = false;
	for (size_t i = 0; i < t->n_rows; i++) {
		const char *g = t->rows[i].group;
		if (strcmp(g, SHARE_GROUP_REST) == 0 && t->query.groups) {
			rest = true;
			continue;
		}
		if (series_index(c, g) != SIZE_MAX)
			continue;
		xgrow(&c->s, &cap, c->n_series + 1, sizeof *c->s);
		c->s[c->n_series++] = (struct series){.group = g};
	}
	if (rest) {
		xgrow(&c->s, &cap, c->n_series + 1, sizeof *c->s);
		c->s[c->n_series++] = (struct series){.group = SHARE_GROUP_REST, .muted = true};
	}
	size_t next = 0;
	for (size_t i = 0; i < c->n_series; i++) {
		struct series *s = &c->s[i];
		if (s->muted) {
			s->colour = REST_COLOUR;
			continue;
		}
		for (size_t k = 0; k < sizeof known_colours / sizeof known_colours[0]; k++) {
			if (strcmp(s->group, known_colours[k].group) == 0)
				s->colour = known_colours[k].colour;
		}
		if (!s->colour)
			s->colour = palette[next++ % (sizeof palette / sizeof palette[0])];
	}
}

static void collect(struct chart *c)
{
	const struct share_table *t = c->t;
	size_t cap = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		if (c->n_points == 0 || c->p[c->n_points - 1].period->start != r->period.start) {
			xgrow(&c->p, &cap, c->n_points + 1, sizeof *c->p);
			struct point *pt = &c->p[c->n_points++];
			*pt = (struct point){.period = &r->period, .days = r->days,
			                     .share_e4 = xcalloc(c->n_series, sizeof *pt->share_e4)};
			for (int32_t d = r->period.start; d <= r->period.end; d++)
				pt->provisional |= share_day_listed(t->provisional_days, t->n_provisional, d);
		}
		size_t s = series_index(c, r->group);
		if (s != SIZE_MAX)
			c->p[c->n_points - 1].share_e4[s] += r->share_e4;
	}
	for (size_t i = 1; i < c->n_points; i++) {
		struct period next;
		period_of(t->query.period, c->p[i - 1].period->end + 1, &next);
		c->gappy |= next.start != c->p[i].period->start;
	}
}

static void chart_finish(struct chart *c)
{
	for (size_t i = 0; i < c->n_points; i++)
		free(c->p[i].share_e4);
	free(c->p);
	free(c->s);
}

static int64_t mid_seconds(const struct period *p)
{
	// Noon of the middle day: days and weeks land on a day, months near the 15th.
	return ((int64_t)p->start + (p->end - p->start) / 2) * 86400 + 43200;
}

/* A group as a reader sees it: its code, or with --labels names its name. */
static const char *group_text(const struct chart *c, const char *group)
{
	if (!c->t->query.names) {
		if (strcmp(group, SHARE_GROUP_REST) == 0)
			return "Rest";
		return group;
	}
	for (size_t i = 0; i < c->t->n_rows; i++) {
		if (strcmp(c->t->rows[i].group, group) == 0 && c->t->rows[i].name)
			return c->t->rows[i].name;
	}
	return group;
}

static void write_data(struct buf *b, const struct chart *c)
{
	const struct share_table *t = c->t;
	buf_printf(b, "# tokenshare %s chart data: share of all %s (%%) by %s, per %s\n",
	           TOKENSHARE_VERSION, share_measure_column(t->query.measure),
	           share_by_name(t->query.by), period_kind_name(t->query.period));
	buf_append_str(b, "# x (UTC seconds, middle of the period) | period | final days with "
	               "data | days in period | provisional (1 = holds a live day)");
	for (size_t s = 0; s < c->n_series; s++)
		buf_printf(b, " | %s", c->s[s].group);
	buf_append_str(b, "\n# A blank line separates periods that are not adjacent.\n");
	for (size_t i = 0; i < c->n_points; i++) {
		const struct point *p = &c->p[i];
		if (i > 0) {
			struct period next;
			period_of(t->query.period, c->p[i - 1].period->end + 1, &next);
			if (next.start != p->period->start)
				buf_append_str(b, "\n");
		}
		buf_printf(b, "%lld %s %d %d %d", (long long)mid_seconds(p->period), p->period->label,
		           p->days, period_length(p->period), p->provisional);
		for (size_t s = 0; s < c->n_series; s++)
			buf_printf(b, " %llu.%04llu", (unsigned long long)(p->share_e4[s] / 10000),
			           (unsigned long long)(p->share_e4[s] % 10000));
		buf_append_str(b, "\n");
	}
}

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* x tics that fit: month starts (or days for short spans), as many as the width holds. */
static void write_tics(struct buf *b, const struct chart_frame *f, int64_t xmin, int64_t xmax)
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

/* Whether any period has days missing (and none live), or a live day. */
static void period_marks(const struct chart *c, bool *partial, bool *provisional)
{
	*partial = *provisional = false;
	for (size_t i = 0; i < c->n_points; i++) {
		*partial |= c->p[i].days < period_length(c->p[i].period) && !c->p[i].provisional;
		*provisional |= c->p[i].provisional;
	}
}

static void chart_texts(const struct chart *c, const struct event_list *events,
                        struct buf *title, struct buf *subtitle, struct buf *footer)
{
	const struct share_table *t = c->t;
	const char *pname = period_kind_name(t->query.period);
	const char *unit = t->query.period == PERIOD_WEEK ? "ISO week" : pname;
	const char *what = share_by_name(t->query.by);
	if (t->query.by == SHARE_BY_AUTHOR_COUNTRY)
		what = "the model maker's country";
	else if (t->query.by == SHARE_BY_LINEAGE_COUNTRY)
		what = "the base model's country";
	else if (t->query.by == SHARE_BY_PROVIDER_COUNTRY)
		what = "the serving provider's country (owner)";
	else if (t->query.by == SHARE_BY_PROVIDER_ENTITY_COUNTRY)
		what = "the serving provider's country (headquarters)";
	const char *measure = share_measure_column(t->query.measure);
	if (strncmp(measure, "cost", 4) == 0)
		measure = "dollars";
	buf_printf(title, "Share of %s %s by %s%s", t->rankings ? "OpenRouter" : "router",
	           measure, what, c->kind == CHART_STACKED ? " (stacked to 100%)" : "");
	char first[DATE_LEN + 1], last[DATE_LEN + 1];
	date_format(c->p[0].period->start, first);
	date_format(c->p[c->n_points - 1].period->end, last);
	buf_printf(subtitle, "Per %s, %s to %s. ", unit, first, last);
	if (t->rankings)
		buf_append_str(subtitle, "Top 50 models a day plus the 'other' row. ");
	else
		buf_printf(subtitle, "Own router logs (%s), every request. ", t->source_label);
	if (t->query.top)
		buf_printf(subtitle, "Only each %s's %u largest models count by group. ", pname,
		           t->query.top);
	if (c->gappy)
		buf_printf(subtitle, "Sampled: %zu %ss with data; lines break where %ss are missing.",
		           c->n_points, pname, pname);
	char *citation = share_citation(t);
	buf_printf(footer, "%s.%s", citation, t->rankings ? " CC BY 4.0." : "");
	free(citation);
	if (t->query.groups)
		buf_printf(footer, " Rest = every other group, unknown and unattributed included.");
	if (t->query.known_at != INT32_MAX) {
		char d[DATE_LEN + 1];
		date_format(t->query.known_at, d);
		buf_printf(footer, " Labels as known on %s.", d);
	}
	bool partial, provisional;
	period_marks(c, &partial, &provisional);
	if (events && events->n)
		buf_printf(footer, " Dotted lines: model releases (%s).", events->origin);
	if (partial)
		buf_printf(footer, " Open circle: a %s with days missing or not final.", pname);
	if (provisional)
		buf_printf(footer, " Diamond: a %s holding a provisional (live) day.", pname);
	buf_printf(footer, " Mapping %s. tokenshare %s.", t->mapping_version, TOKENSHARE_VERSION);
}

/* The last period's share of each series, and the text of its end label. */
static void end_label(const struct chart *c, size_t s, char *out, size_t n)
{
	char pct[48];
	chart_percent_text(pct, sizeof pct, c->p[c->n_points - 1].share_e4[s]);
	snprintf(out, n, "%s %s", group_text(c, c->s[s].group), pct);
}

/* The vertical middle of series s in the last bar, in percent (stacked). */
static double stacked_middle(const struct chart *c, size_t s)
{
	const struct point *p = &c->p[c->n_points - 1];
	double below = 0;
	for (size_t k = 0; k < s; k++)
		below += (double)p->share_e4[k] / 10000.0;
	return below + (double)p->share_e4[s] / 20000.0;
}

static void write_end_labels(struct buf *b, struct chart *c, const struct chart_frame *f)
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
		end_label(c, s, text, sizeof text);
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

static double widest_end_label(const struct chart *c, double font)
{
	double w = 0;
	for (size_t s = 0; s < c->n_series; s++) {
		char text[160];
		end_label(c, s, text, sizeof text);
		w = fmax(w, chart_text_width(text, font) * 1.2);        // bold, and cairo draws wider
	}
	return w;
}

static void write_lines_plot(struct buf *b, const struct chart *c, const struct chart_frame *f,
                             const char *base)
{
	buf_append_str(b, "plot \\\n");
	const char *ps = "PS";  // points: set per image (chart_frame_images)
	for (size_t s = c->n_series; s-- > 0;) {        // the rest first, under the others
		const struct series *se = &c->s[s];
		double lw = se->muted ? f->font / 9.0 : f->font / 5.5;
		buf_printf(b, "  '%s.dat'%s using 1:%zu with lines lc rgb '%s' lw %.2f notitle, \\\n",
		           base, c->index, s + 6, se->colour, lw);
		if (c->gappy)           // sampled: a marker on every period, so lone ones show
			buf_printf(b, "  '%s.dat'%s using 1:%zu with points lc rgb '%s' pt 7 "
			           "ps (%s * 0.8) notitle, \\\n", base, c->index, s + 6, se->colour, ps);
	}
	// Rings on partial periods, diamonds on provisional ones, over every series.
	bool partial, provisional;
	period_marks(c, &partial, &provisional);
	for (size_t s = 0; s < c->n_series; s++) {
		if (partial)
			buf_printf(b, "  '%s.dat'%s using 1:($3 < $4 && $5 == 0 ? $%zu : NaN) with points "
			           "pt 6 ps (%s * 1.9) lw %.2f lc rgb '%s' notitle, \\\n", base, c->index,
			           s + 6, ps, f->font / 10.0, c->s[s].colour);
		if (provisional)
			buf_printf(b, "  '%s.dat'%s using 1:($5 == 1 ? $%zu : NaN) with points pt 12 "
			           "ps (%s * 2.3) lw %.2f lc rgb '%s' notitle, \\\n", base, c->index,
			           s + 6, ps, f->font / 10.0, c->s[s].colour);
	}
	buf_append_str(b, "  NaN notitle\n");
}

static void write_stacked_plot(struct buf *b, const struct chart *c, const struct chart_frame *f,
                               const char *base)
{
	const struct share_table *t = c->t;
	// 80 % of a period wide (months: of 30 days), in seconds on the time axis.
	int64_t width = (int64_t)(t->query.period == PERIOD_MONTH ? 30
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
	period_marks(c, &partial, &provisional);
	if (partial)
		buf_printf(b, "  '%s.dat' using 1:($3 < $4 && $5 == 0 ? 101.5 : NaN) with points pt 6 "
		           "ps (PS * 1.4) lc rgb '#333333' notitle, \\\n", base);
	if (provisional)
		buf_printf(b, "  '%s.dat' using 1:($5 == 1 ? 101.5 : NaN) with points pt 12 "
		           "ps (PS * 1.8) lc rgb '#333333' notitle, \\\n", base);
	buf_append_str(b, "  NaN notitle\n");
}

/* The common settings of a time-axis share plot: y in percent, x the periods. */
static void write_axes(struct buf *b, const struct chart *c, const struct chart_frame *f,
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
	*xmin = mid_seconds(c->p[0].period) - pad;
	*xmax = mid_seconds(c->p[c->n_points - 1].period) + pad;
	buf_printf(b, "set xrange [%lld:%lld]\n", (long long)*xmin, (long long)*xmax);
}

static void write_script(struct buf *b, struct chart *c, const char *base,
                         const struct event_list *events)
{
	struct buf title = {0}, subtitle = {0}, footer = {0};
	chart_texts(c, events, &title, &subtitle, &footer);
	double font = chart_font(c->look), left = chart_text_width("100%", font);
	int rows = chart_events_rows(c->look);
	double band = events && events->n ? chart_events_band(c->look, rows) : 0;
	struct chart_frame f;
	chart_frame_init(&f, c->look, title.data, subtitle.data, footer.data, band, left,
	                 widest_end_label(c, font));

	chart_script_header(b, base);
	chart_script_prelude(b, true);
	int64_t xmin, xmax;
	write_axes(b, c, &f, &xmin, &xmax);
	if (c->kind == CHART_STACKED)
		buf_append_str(b, "set yrange [0:103]\n");     // room for the marks over the bars
	write_tics(b, &f, xmin, xmax);
	chart_frame_write(b, &f);
	if (band > 0)
		chart_write_events(b, events, &f, xmin, xmax, f.top + 0.5 * f.font, rows);
	write_end_labels(b, c, &f);
	struct buf plot = {0};
	if (c->kind == CHART_STACKED)
		write_stacked_plot(&plot, c, &f, base);
	else
		write_lines_plot(&plot, c, &f, base);
	chart_frame_images(b, &f, base, &plot);
	buf_finish(&plot);
	chart_frame_finish(&f);
	buf_finish(&title);
	buf_finish(&subtitle);
	buf_finish(&footer);
}

int chart_lines_draw(const struct share_table *t, enum chart_kind kind, const char *dir,
                     const char *base, const struct event_list *events,
                     const struct chart_look *look)
{
	struct chart_look defaults;
	chart_look_defaults(&defaults);
	struct chart c = {.t = t, .kind = kind, .look = look ? look : &defaults, .index = ""};
	find_series(&c);
	collect(&c);
	int rc = -1;
	if (c.n_points == 0 || c.n_series == 0) {
		log_error("no data to chart in the requested range");
	} else {
		struct buf data = {0}, script = {0};
		write_data(&data, &c);
		write_script(&script, &c, base, events);
		rc = chart_render(dir, base, &data, &script);
		buf_finish(&data);
		buf_finish(&script);
	}
	chart_finish(&c);
	return rc;
}

/*
 * compare: the token shares (block 0 of the .dat) and the dollar shares
 * (block 1) in two panels on one scale, side by side, or one above the
 * other on a portrait image; each panel named and its lines labelled at
 * their ends.
 */
static void write_compare_script(struct buf *b, struct chart *tok, struct chart *usd,
                                 const char *base)
{
	const struct share_table *t = tok->t;
	struct buf title = {0}, subtitle = {0}, footer = {0}, ignored = {0};
	chart_texts(tok, NULL, &ignored, &subtitle, &footer);
	buf_finish(&ignored);
	buf_printf(&title, "Share of %s tokens and of dollars by the model maker's country",
	           t->rankings ? "OpenRouter" : "router");
	while (subtitle.len && subtitle.data[subtitle.len - 1] == ' ')
		subtitle.data[--subtitle.len] = '\0';
	buf_printf(&subtitle, " Dollars: tokens at OpenRouter /models prices %s%s, 3 prompt : 1 "
	           "completion token; tokens without a price are left out.",
	           usd->t->price_sheet[0] ? "of " : "in force each day", usd->t->price_sheet);
	double font = chart_font(tok->look), left = chart_text_width("100%", font), head = 1.6 * font;
	struct chart_frame f;
	chart_frame_init(&f, tok->look, title.data, subtitle.data, footer.data, head, left, 0);
	double ends = fmax(widest_end_label(tok, font), widest_end_label(usd, font)) + 0.5 * font;
	struct chart_frame p[2] = {f, f};
	if (f.h > f.w) {                // portrait: one above the other
		double gap = 3.2 * font + head;     // the upper panel's tic labels, the lower's name
		double ph = (f.plot_bottom - f.plot_top - gap) / 2;
		for (int k = 0; k < 2; k++) {
			p[k].plot_right = f.plot_right - ends;
			p[k].plot_top = f.plot_top + k * (ph + gap);
			p[k].plot_bottom = p[k].plot_top + ph;
		}
	} else {
		double gap = 1.5 * font;
		double pw = (f.plot_right - f.plot_left - 2 * ends - left - gap) / 2;
		for (int k = 0; k < 2; k++) {
			p[k].plot_left = f.plot_left + k * (pw + ends + gap + left);
			p[k].plot_right = p[k].plot_left + pw;
		}
	}
	chart_script_header(b, base);
	chart_script_prelude(b, true);
	int64_t xmin, xmax;
	write_axes(b, tok, &p[0], &xmin, &xmax);        // the y step of a panel's height
	struct buf plot = {0};
	// Everything inside the multiplot, set again for each image: the first
	// panel's "unset label" clears the labels before the second.
	buf_append_str(&plot, "set multiplot\n");
	chart_frame_write(&plot, &f);
	struct chart *c[2] = {tok, usd};
	static const char *const names[2] = {"Tokens", "Dollars"};
	for (int k = 0; k < 2; k++) {
		c[k]->index = k ? " index 1" : " index 0";
		chart_frame_margins(&plot, &p[k]);
		write_tics(&plot, &p[k], xmin, xmax);
		buf_printf(&plot, "set label 50 ");
		chart_gp_bold(&plot, names[k]);
		buf_printf(&plot, " at screen %.5f, screen %.5f left enhanced font 'DejaVu Sans,%g' "
		           "tc rgb '#1a1a1a' front\n", chart_sx(&f, p[k].plot_left - left - 0.5 * font),
		           chart_sy(&f, p[k].plot_top - 0.6 * font - head / 2), font);
		write_end_labels(&plot, c[k], &p[k]);
		write_lines_plot(&plot, c[k], &p[k], base);
		if (k == 0)
			buf_append_str(&plot, "unset label\n");
	}
	buf_append_str(&plot, "unset multiplot\n");
	chart_frame_images(b, &f, base, &plot);
	buf_finish(&plot);
	chart_frame_finish(&f);
	buf_finish(&title);
	buf_finish(&subtitle);
	buf_finish(&footer);
}

int chart_compare_lines_draw(const struct share_table *tokens, const struct share_table *dollars,
                             const char *dir, const char *base, const struct chart_look *look)
{
	struct chart_look defaults;
	chart_look_defaults(&defaults);
	struct chart tok = {.t = tokens, .kind = CHART_COMPARE, .look = look ? look : &defaults,
	                    .index = ""};
	struct chart usd = tok;
	usd.t = dollars;
	find_series(&tok);
	collect(&tok);
	find_series(&usd);
	collect(&usd);
	int rc = -1;
	if (tok.n_points == 0 || usd.n_points == 0) {
		log_error("no %s to chart in the requested range", tok.n_points ? "dollars" : "data");
	} else {
		struct buf data = {0}, script = {0};
		write_data(&data, &tok);
		buf_append_str(&data, "\n\n");      // gnuplot's block separator: index 1 follows
		write_data(&data, &usd);
		write_compare_script(&script, &tok, &usd, base);
		rc = chart_render(dir, base, &data, &script);
		buf_finish(&data);
		buf_finish(&script);
	}
	chart_finish(&tok);
	chart_finish(&usd);
	return rc;
}
