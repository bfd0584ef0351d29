/*
 * The headline block of the dashboard page (see page_headline.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/num.h"
#include "core/xalloc.h"
#include "reporter/publish/csvtable.h"
#include "reporter/publish/dashboard_def.h"
#include "reporter/publish/html_text.h"
#include "reporter/publish/page_headline.h"
#include "reporter/views/labels.h"

/* One period of the share CSV: its shares of CN and US in 1/10000 %. */
struct hl_period {
	const char *label, *start_text;
	int32_t start, end;     // UTC days
	int days;
	const char *share[2];   // CN, US as written ("" = not in the period)
	long long e4[2];
};

static long long e4_of(const char *v)
{
	int64_t e4 = 0;
	return num_parse_e4(v, &e4) ? e4 : 0;
}

/* One decimal, half away from zero, with a true minus sign. */
static void tenths(struct buf *o, long long e4, bool sign)
{
	char text[32];
	num_format_tenths(e4, sign, text);
	buf_printf(o, "%s%s", text[0] == '-' ? "\xe2\x88\x92" : "", text + (text[0] == '-'));
}

static bool full(const struct hl_period *p)
{
	return p->days == p->end - p->start + 1;
}

static void human_range(struct buf *o, int32_t a, int32_t b)
{
	static const char *const month[] = {"January", "February", "March", "April", "May",
	                                    "June", "July", "August", "September", "October",
	                                    "November", "December"};
	int y1, m1, d1, y2, m2, d2;
	date_to_civil(a, &y1, &m1, &d1);
	date_to_civil(b, &y2, &m2, &d2);
	if (a == b)
		buf_printf(o, "%d %s %d", d1, month[m1 - 1], y1);
	else if (y1 != y2)
		buf_printf(o, "%d %s %d to %d %s %d", d1, month[m1 - 1], y1, d2, month[m2 - 1], y2);
	else if (m1 != m2)
		buf_printf(o, "%d %s to %d %s %d", d1, month[m1 - 1], d2, month[m2 - 1], y2);
	else
		buf_printf(o, "%d to %d %s %d", d1, d2, month[m2 - 1], y2);
}

/* The view the headline reads: the first all-token country share. */
static const struct dash_view *headline_view(const struct dashboard *d)
{
	for (size_t i = 0; i < d->n_views; i++) {
		const struct dash_view *v = &d->views[i];
		if ((v->kind == VIEW_SHARE || v->kind == VIEW_CHART_SHARE) && !v->query.top &&
		    v->query.by == SHARE_BY_AUTHOR_COUNTRY && v->query.period != PERIOD_DAY)
			return v;
	}
	return NULL;
}

static int group_index(const char *g)
{
	if (!strcmp(g, "CN") || !strcmp(g, "China"))
		return 0;
	if (!strcmp(g, "US") || !strcmp(g, "United States"))
		return 1;
	return -1;
}

static const struct hl_period *find_start(const struct hl_period *p, size_t n, int32_t start)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i].start == start)
			return &p[i];
	}
	return NULL;
}

static void change_line(struct buf *o, const struct hl_period *now, const struct hl_period *then,
                        int g, const char *what)
{
	if (!then)
		return;
	long long d = now->e4[g] - then->e4[g];
	buf_printf(o, "<p class=\"delta\" data-base=\"%s\" data-change-e4=\"%lld\">", then->label,
	           d);
	tenths(o, d, true);
	buf_printf(o, " pp on %s (%s)</p>\n", what, then->label);
}

int page_headline(struct buf *o, const char *dir, const struct dashboard *d, char **sentence)
{
	*sentence = NULL;
	const struct dash_view *v = headline_view(d);
	if (!v)
		return 0;
	char *path = xasprintf("%s/%s.csv", dir, v->stem);
	struct table t;
	int rc = table_read(path, &t);
	free(path);
	if (rc)
		return -1;
	size_t c_period = table_column(&t, "period"), c_start = table_column(&t, "start"),
	       c_end = table_column(&t, "end"), c_days = table_column(&t, "days"),
	       c_group = table_column(&t, "group"), c_share = table_column(&t, "share");
	const char *measure = t.widths[0] > 5 ? t.rows[0][5] : "tokens";
	struct hl_period *p = xcalloc(t.n ? t.n : 1, sizeof *p);
	size_t n = 0;
	for (size_t i = 1; c_share != (size_t)-1 && c_group != (size_t)-1 && i < t.n; i++) {
		char **r = t.rows[i];
		if (t.widths[i] != t.widths[0])
			continue;
		if (!n || strcmp(p[n - 1].label, r[c_period]) != 0) {
			struct hl_period *q = &p[n++];
			q->label = r[c_period];
			q->start_text = r[c_start];
			q->days = atoi(r[c_days]);
			q->share[0] = q->share[1] = "0.0000";
			if (!date_parse(r[c_start], strlen(r[c_start]), &q->start) ||
			    !date_parse(r[c_end], strlen(r[c_end]), &q->end))
				q->start = q->end = 0, q->days = -1;
		}
		int g = group_index(r[c_group]);
		if (g >= 0) {
			p[n - 1].share[g] = r[c_share];
			p[n - 1].e4[g] = e4_of(r[c_share]);
		}
	}
	size_t last = n;
	while (last-- > 0 && !full(&p[last]))
		;
	if (last >= n) {
		table_finish(&t);
		free(p);
		return 0;
	}
	const struct hl_period *now = &p[last], *prev = last ? &p[last - 1] : NULL;
	const char *kind = period_kind_name(v->query.period);
	if (prev && prev->end + 1 != now->start)
		prev = NULL;
	int y, m, dd;
	date_to_civil(now->start, &y, &m, &dd);
	// A year before: 52 weeks, or the same month, quarter or year.
	const struct hl_period *year = v->query.period == PERIOD_WEEK
	                               ? find_start(p, n, now->start - 364)
	                               : find_start(p, n, date_from_civil(y - 1, m, dd));
	// The run of full periods, back from the last, with the same leader.
	int lead = now->e4[0] > now->e4[1] ? 0 : 1;
	size_t since = last;
	for (size_t i = last; i-- > 0;) {
		if (!full(&p[i]))
			continue;
		if (p[i].e4[lead] <= p[i].e4[1 - lead])
			break;
		since = i;
	}
	static const char *const from[] = {"China", "the US"};
	buf_printf(o, "<section id=\"headline\" aria-labelledby=\"headline-title\">\n"
	           "<h2 id=\"headline-title\">%s, the last full %s: ", now->label, kind);
	human_range(o, now->start, now->end);
	buf_printf(o, "</h2>\n<div class=\"figures\" data-csv=\"%s.csv\" data-period=\"%s\">\n",
	           v->stem, now->label);
	for (int g = 0; g < 2; g++) {
		buf_printf(o, "<div class=\"figure g%d\" data-group=\"%s\" data-share=\"%s\">\n"
		           "<p class=\"big\">", g, g ? "US" : "CN", now->share[g]);
		tenths(o, now->e4[g], false);
		buf_printf(o, "&#8239;%%</p>\n<p class=\"who\">of all %s went to models from %s</p>\n",
		           strcmp(measure, "cost") ? measure : "dollars", from[g]);
		char *before = xasprintf("the %s before", kind);
		change_line(o, now, prev, g, before);
		free(before);
		change_line(o, now, year, g, "a year before");
		buf_append_str(o, "</div>\n");
	}
	struct buf s = {0};
	if (now->e4[0] == now->e4[1]) {
		buf_printf(&s, "Models from China and the US had the same share in %s.", now->label);
	} else if (since == last) {
		buf_printf(&s, "Models from %s took the lead in %s.", from[lead], now->label);
	} else {
		size_t first_full = 0;
		while (first_full < n && !full(&p[first_full]))
			first_full++;
		buf_printf(&s, "Models from %s have had a larger share than those from %s in every "
		           "full %s %s %s.", from[lead], from[1 - lead], kind,
		           since == first_full ? "shown, from" : "since", p[since].label);
	}
	buf_printf(o, "</div>\n<p class=\"cross\" data-since=\"%s\">%s</p>\n</section>\n",
	           p[since].label, s.data);
	*sentence = s.data;
	table_finish(&t);
	free(p);
	return 0;
}

const char page_headline_style[] =
	"#headline{background:#f6f4ef;border-radius:6px;padding:.6rem 1rem 1rem;margin:1rem 0 2rem}"
	"#headline h2{margin:.3rem 0 .6rem;font-size:1.1rem}"
	".figures{display:flex;flex-wrap:wrap;gap:.5rem 2.5rem}"
	".figure{flex:1 1 14rem}.figure p{margin:.1rem 0}"
	".big{font-size:2.6rem;font-weight:bold;line-height:1.1}"
	".g0 .big{color:#b34700}.g1 .big{color:#005a8c}"
	".delta{font-size:.95rem;color:#333}.cross{margin:.8rem 0 0;font-weight:bold}";
