/*
 * The top-N models chart (see chart_top.h).
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
#include "core/num.h"
#include "core/period.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "reporter/charts/chart_layout.h"
#include "reporter/charts/chart_run.h"
#include "reporter/charts/chart_top.h"
#include "reporter/views/display.h"
#include "reporter/views/share.h"

enum bar_class { BAR_CN, BAR_US, BAR_REST, BAR_UNKNOWN, BAR_OUTSIDE, BAR_COUNT };

/* The colours and names of the share chart, so a country looks the same everywhere. */
static const struct {
	const char *colour;
	const char *title;
} bar_style[BAR_COUNT] = {
	[BAR_CN] = {"#D55E00", "China"},
	[BAR_US] = {"#0072B2", "United States"},
	[BAR_REST] = {"#009E73", "elsewhere"},
	[BAR_UNKNOWN] = {"#6f6f6f", "unknown"},
	[BAR_OUTSIDE] = {"#bdbdbd", NULL},      // muted: the models outside the top N
};

static enum bar_class class_of(const struct refdata *rd, const char *group, const char **country)
{
	*country = NULL;
	if (strncmp(group, SHARE_OUTSIDE_PREFIX, strlen(SHARE_OUTSIDE_PREFIX)) == 0)
		return BAR_OUTSIDE;
	struct model_origin o;
	refdata_resolve(rd, group, &o);
	*country = o.author_country;
	if (!o.author_country || !*o.author_country)
		return BAR_UNKNOWN;
	if (strcmp(o.author_country, "CN") == 0)
		return BAR_CN;
	return strcmp(o.author_country, "US") == 0 ? BAR_US : BAR_REST;
}

/* Rows of the last period: [*first, n_rows). */
static size_t last_period(const struct share_table *t)
{
	size_t first = t->n_rows - 1;
	while (first > 0 && strcmp(t->rows[first - 1].period.label, t->rows[first].period.label) == 0)
		first--;
	return first;
}

int chart_top_query(struct share_query *q)
{
	if (q->by != SHARE_BY_AUTHOR_COUNTRY && q->by != SHARE_BY_MODEL)
		return -1;
	q->by = SHARE_BY_MODEL;
	q->top = q->top ? q->top : TOP_CHART_DEFAULT;
	return 0;
}

int chart_top_draw(const struct share_table *t, const struct refdata *rd, const char *dir,
                   const char *base, const struct chart_look *look)
{
	if (t->query.by != SHARE_BY_MODEL || !t->query.top) {
		log_error("the top chart needs --by model and --top N");
		return -2;
	}
	if (t->n_rows == 0) {
		log_error("no data to chart in the requested range");
		return -1;
	}
	struct chart_look defaults;
	chart_look_defaults(&defaults);
	if (!look)
		look = &defaults;
	size_t first = last_period(t);
	const struct share_row *p = &t->rows[first];
	char start[DATE_LEN + 1], end[DATE_LEN + 1];
	date_format(p->period.start, start);
	date_format(p->period.end, end);
	int length = p->period.end - p->period.start + 1;
	const char *unit = t->query.period == PERIOD_WEEK ? "ISO week"
	                                                 : period_kind_name(t->query.period);

	struct buf title = {0}, subtitle = {0}, footer = {0};
	buf_printf(&title, "The %u largest models on %s, %s %s", t->query.top,
	           t->rankings ? "OpenRouter" : "the router", unit, p->period.label);
	buf_printf(&subtitle, "Share of all tokens, %s to %s", start, end);
	if (p->days < length)
		buf_printf(&subtitle, " (partial: %d of %d days)", p->days, length);
	buf_append_str(&subtitle, ". Colour = the maker's country.");
	chart_footer(&footer, t);

	// Rank, label (display name and country), share, class, the share as printed.
	struct bar {
		char *label;
		char share[24];
		enum bar_class c;
		uint64_t e4;
	} *bars = xcalloc(t->n_rows - first + 1, sizeof *bars);
	size_t n = 0;
	bool used[BAR_COUNT] = {0};
	uint64_t max_e4 = 0;
	for (size_t pass = 0; pass < 2; pass++) {
		// Models first, in the table's order (largest first), the outside bar last.
		for (size_t i = first; i < t->n_rows; i++) {
			const char *country;
			enum bar_class c = class_of(rd, t->rows[i].group, &country);
			if ((c == BAR_OUTSIDE) != (pass == 1))
				continue;
			struct bar *b = &bars[n++];
			b->c = c;
			b->e4 = t->rows[i].share_e4;
			num_format_e4(b->e4, b->share);
			used[c] = true;
			max_e4 = b->e4 > max_e4 ? b->e4 : max_e4;
			if (c == BAR_OUTSIDE)
				b->label = xasprintf("All other models");
			else
				b->label = xasprintf("%s%s%s%s", display_name(SHARE_BY_MODEL, t->rows[i].group, rd),
				                     country ? " (" : "", country ? country : "",
				                     country ? ")" : "");
		}
	}
	double font = chart_font(look), names = 0, legend = 1.3 * font;
	struct chart_frame f;
	for (size_t i = 0; i < n; i++)
		names = fmax(names, chart_text_width(bars[i].label, font));
	names = fmin(names, 0.45 * look->width);
	chart_frame_init(&f, look, title.data, subtitle.data, footer.data, legend,
	                 names + 0.8 * font, chart_text_width("100.0%", font));
	// x tics every 1, 2, 5, 10, 20 or 25 %: the first step whose labels do not touch.
	unsigned xmax = (unsigned)(max_e4 / 10000 + 1), xstep = 25;
	static const unsigned steps[] = {1, 2, 5, 10, 20, 25};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		double room = (f.plot_right - f.plot_left) * steps[i] / xmax;
		if (room >= chart_text_width("100%", font) + font) {
			xstep = steps[i];
			break;
		}
	}
	// Bars must be at least a line of text high; a shorter plot drops the last ranks.
	double row = (f.plot_bottom - f.plot_top) / (double)n;
	if (row < 1.35 * font)
		log_warning("the top chart at %dx%d has %.0f pixels per bar; its labels are tight "
		            "(give a larger --size or a smaller --top)", f.w, f.h, row);

	struct buf data = {0}, script = {0};
	buf_printf(&data, "# tokenshare %s chart data: the top %u models of %s %s (%s to %s) "
	           "by share of all tokens (%%)\n# rank\tmodel\tshare\tclass\tshare_text\n",
	           TOKENSHARE_VERSION, t->query.top, period_kind_name(t->query.period),
	           p->period.label, start, end);
	for (size_t i = 0; i < n; i++) {
		char pct[48];
		chart_percent_text(pct, sizeof pct, bars[i].e4);
		buf_printf(&data, "%zu\t", i + 1);
		chart_dat_string(&data, bars[i].label);
		buf_printf(&data, "\t%s\t%d\t\"%s\"\n", bars[i].share, (int)bars[i].c, pct);
	}
	chart_script_header(&script, base);
	chart_script_prelude(&script, false);
	buf_printf(&script,
		"set datafile separator '\\t'\n"
		"unset key\n"
		"set style fill solid 0.92 noborder\n"
		"set yrange [%zu.6:0.4]\n"
		"set xrange [0:%llu]\n"
		"set ytics nomirror scale 0 noenhanced tc rgb '#333333'\n"
		"set xtics 0, %u nomirror out scale 0.5 format '%%g%%%%' tc rgb '#444444'\n"
		"set grid xtics lc rgb '#e3e3e3'\n"
		"set border 0\n", n, (unsigned long long)xmax, xstep);
	chart_frame_write(&script, &f);
	// The colour key: one row of coloured words under the subtitle.
	double x = f.font, y = f.top + 0.5 * f.font + legend / 2;
	int tag = 80;
	for (int c = 0; c < BAR_COUNT; c++) {
		if (!used[c] || c == BAR_OUTSIDE)
			continue;
		const char *word = bar_style[c].title;
		buf_printf(&script, "set label %d ", tag++);
		chart_gp_bold(&script, word);
		buf_printf(&script, " at screen %.5f, screen %.5f left enhanced font 'DejaVu Sans,%g' "
		           "tc rgb '%s' front\n", chart_sx(&f, x), chart_sy(&f, y), f.font,
		           bar_style[c].colour);
		x += chart_text_width(word, f.font) * 1.1 + f.font;
	}
	struct buf plot = {0};
	// The tic labels come from an invisible first plot, so every row has one.
	buf_printf(&plot, "plot \\\n  '%s.dat' using (0):1:ytic(2) with dots lc rgb '#ffffff' notitle",
	           base);
	for (int c = 0; c < BAR_COUNT; c++) {
		if (used[c])
			buf_printf(&plot, ", \\\n  '%s.dat' using ($4 == %d ? $3 / 2 : NaN):1:($3 / 2):(0.36) "
			           "with boxxyerror lc rgb '%s' notitle", base, c, bar_style[c].colour);
	}
	buf_printf(&plot, ", \\\n  '%s.dat' using 3:1:5 with labels left offset 0.4,0 "
	           "noenhanced tc rgb '#333333' notitle\n", base);
	chart_frame_images(&script, &f, base, &plot);
	int rc = chart_render(dir, base, &data, &script);
	for (size_t i = 0; i < n; i++)
		free(bars[i].label);
	free(bars);
	chart_frame_finish(&f);
	buf_finish(&plot);
	buf_finish(&data);
	buf_finish(&script);
	buf_finish(&title);
	buf_finish(&subtitle);
	buf_finish(&footer);
	return rc;
}
