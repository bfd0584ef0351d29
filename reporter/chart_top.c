/*
 * The top-N models chart (see chart_top.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "core/num.h"
#include "core/period.h"
#include "core/refdata.h"
#include "reporter/chart_run.h"
#include "reporter/chart_top.h"
#include "reporter/share.h"

enum bar_class { BAR_CN, BAR_US, BAR_REST, BAR_UNKNOWN, BAR_OUTSIDE, BAR_COUNT };

/* The colours and names of the share chart, so a country looks the same everywhere. */
static const struct {
	const char *colour;
	const char *title;
} bar_style[BAR_COUNT] = {
	[BAR_CN] = {"#D55E00", "made in China (CN)"},
	[BAR_US] = {"#0072B2", "made in the United States (US)"},
	[BAR_REST] = {"#009E73", "made elsewhere"},
	[BAR_UNKNOWN] = {"#7F7F7F", "maker's country unknown"},
	[BAR_OUTSIDE] = {"#E69F00", NULL},      // named with its N
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
                   const char *base)
{
	if (t->query.by != SHARE_BY_MODEL || !t->query.top) {
		log_error("the top chart needs --by model and --top N");
		return -2;
	}
	if (t->n_rows == 0) {
		log_error("no data to chart in the requested range");
		return -1;
	}
	size_t first = last_period(t);
	const struct share_row *p = &t->rows[first];
	char start[DATE_LEN + 1], end[DATE_LEN + 1];
	date_format(p->period.start, start);
	date_format(p->period.end, end);
	int length = p->period.end - p->period.start + 1;
	const char *unit = t->query.period == PERIOD_WEEK ? "ISO week"
	                                                 : period_kind_name(t->query.period);

	// Rank, model (with its maker's country), share, class, the share as printed.
	struct buf data = {0}, script = {0}, title = {0}, subtitle = {0}, footer = {0};
	bool used[BAR_COUNT] = {0};
	uint64_t max_e4 = 0;
	buf_printf(&data, "# tokenshare %s chart data: the top %u models of %s %s (%s to %s) "
	           "by share of all tokens (%%)\n# rank\tmodel\tshare\tclass\tshare_text\n",
	           TOKENSHARE_VERSION, t->query.top, period_kind_name(t->query.period),
	           p->period.label, start, end);
	size_t rank = 0;
	for (size_t pass = 0; pass < 2; pass++) {
		// Models first, in the table's order (largest first), the outside bar last.
		for (size_t i = first; i < t->n_rows; i++) {
			const char *country;
			enum bar_class c = class_of(rd, t->rows[i].group, &country);
			if ((c == BAR_OUTSIDE) != (pass == 1))
				continue;
			char share[24];
			num_format_e4(t->rows[i].share_e4, share);
			used[c] = true;
			max_e4 = t->rows[i].share_e4 > max_e4 ? t->rows[i].share_e4 : max_e4;
			struct buf label = {0};
			buf_printf(&label, "%s%s%s%s", t->rows[i].group, country ? " (" : "",
			           country ? country : "", country ? ")" : "");
			buf_printf(&data, "%zu\t", ++rank);
			chart_dat_string(&data, label.data);
			buf_printf(&data, "\t%s\t%d\t\"%s %%\"\n", share, (int)c, share);
			buf_finish(&label);
		}
	}

	buf_printf(&title, "The top %u models by share of %s tokens, %s %s", t->query.top,
	           t->rankings ? "OpenRouter" : "router", unit, p->period.label);
	chart_scope(&subtitle, t, start, end);
	if (p->days < length)
		buf_printf(&subtitle, " (partial: %d of %d days)", p->days, length);
	chart_footer(&footer, t);

	chart_script_header(&script, base);
	buf_printf(&script,
		"set encoding utf8\n"
		"set decimalsign '.'\n"
		"set datafile separator '\\t'\n"
		"set datafile missing 'NaN'\n"
		"set style fill solid 0.9 border lc rgb 'white'\n"
		"set yrange [%zu.6:0.4]\n"
		"set xrange [0:%llu]\n"
		"set ytics nomirror scale 0 noenhanced font ',11'\n"
		"set xtics nomirror out format '%%g%%%%'\n"
		"set grid xtics lc rgb '#e5e5e5'\n"
		"set border 3 lc rgb '#444444'\n"
		"set key outside right top vertical Left reverse noenhanced samplen 2 spacing 1.4\n"
		"set lmargin 44\n"
		"set tmargin 5\n"
		"set bmargin 6\n"
		"set xlabel 'Share of all tokens in the %s (%%), model and its maker''s country on the "
		"left' noenhanced\n", rank,
		// Room right of the longest bar for its label: a tenth more, in whole percent.
		(unsigned long long)(max_e4 * 115 / 100 / 10000 + 1), unit);
	chart_labels(&script, title.data, subtitle.data, footer.data);
	struct buf plot = {0};
	// The tic labels come from an invisible first plot, so every row has one.
	buf_printf(&plot, "plot \\\n  '%s.dat' using (0):1:ytic(2) with dots lc rgb '#ffffff' notitle",
	           base);
	for (int c = 0; c < BAR_COUNT; c++) {
		if (!used[c])
			continue;
		struct buf name = {0};
		if (c == BAR_OUTSIDE)
			buf_printf(&name, "every model outside the top %u (other included)", t->query.top);
		else
			buf_append_str(&name, bar_style[c].title);
		buf_printf(&plot, ", \\\n  '%s.dat' using ($4 == %d ? $3 / 2 : NaN):1:($3 / 2):(0.38) "
		           "with boxxyerror lc rgb '%s' title ", base, c, bar_style[c].colour);
		chart_gp_string(&plot, name.data);
		buf_finish(&name);
	}
	buf_printf(&plot, ", \\\n  '%s.dat' using 3:1:5 with labels left offset 0.6,0 font ',10' "
	           "noenhanced notitle\n", base);
	chart_images(&script, base, &plot);
	int rc = chart_render(dir, base, &data, &script);
	buf_finish(&plot);
	buf_finish(&data);
	buf_finish(&script);
	buf_finish(&title);
	buf_finish(&subtitle);
	buf_finish(&footer);
	return rc;
}
