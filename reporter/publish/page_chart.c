/*
 * A chart on the dashboard page (see page_chart.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/num.h"
#include "core/period.h"
#include "core/xalloc.h"
#include "reporter/publish/chart_files.h"
#include "reporter/publish/dashboard_def.h"
#include "reporter/publish/html_text.h"
#include "reporter/publish/page_chart.h"

#define FILE_MAX (16u << 20)    // bytes of an SVG read back


const char page_chart_style[] =
	".chart{margin:1rem 0}.chart svg.plot{display:block;width:100%;height:auto}"
	".chart .narrow{display:none}"
	"@media (max-width:40rem){.chart .wide{display:none}.chart .narrow{display:block}}"
	".hover rect{fill:#000;fill-opacity:0}.hover rect:hover{fill-opacity:.08}"
	".toggles{display:flex;flex-wrap:wrap;gap:.3rem 1rem;border:0;padding:0;margin:0 0 .4rem}"
	".toggles label{cursor:pointer;white-space:nowrap}"
	".sw{display:inline-block;width:.9em;height:.9em;margin:0 .3em;vertical-align:-.1em;"
	"border-radius:2px}"
	".chart:has(.t0:not(:checked)) .s0,.chart:has(.t1:not(:checked)) .s1,"
	".chart:has(.t2:not(:checked)) .s2,.chart:has(.t3:not(:checked)) .s3,"
	".chart:has(.t4:not(:checked)) .s4,.chart:has(.t5:not(:checked)) .s5,"
	".chart:has(.t6:not(:checked)) .s6,.chart:has(.t7:not(:checked)) .s7,"
	".chart:has(.t8:not(:checked)) .s8,.chart:has(.t9:not(:checked)) .s9,"
	".chart:has(.t10:not(:checked)) .s10,.chart:has(.t11:not(:checked)) .s11{display:none}";

static double px(const struct chart_geom *g, double x)
{
	return g->w * (g->lm + (x - g->x0) / (g->x1 - g->x0) * (g->rm - g->lm));
}

static double py(const struct chart_geom *g, double y)
{
	return g->h * (1 - (g->bm + (y - g->y0) / (g->y1 - g->y0) * (g->tm - g->bm)));
}

static bool is_number(const char *v)
{
	return strcmp(v, "NaN") != 0;
}

/* "69.3716" as "69.4" (num_format_tenths). */
static void one_decimal(struct buf *o, const char *v)
{
	int64_t e4 = 0;
	char text[32];
	num_format_tenths(num_parse_e4(v, &e4) ? e4 : 0, false, text);
	buf_append_str(o, text);
}

static const char *series_name(const struct chart_dat *d, size_t k)
{
	return strcmp(d->names[k], "rest") == 0 ? "Rest" : d->names[k];
}

/* The last full, final period (or the last one). */
static size_t last_full(const struct chart_dat *d)
{
	for (size_t i = d->n; i-- > 0;) {
		if (d->rows[i].days == d->rows[i].length && !d->rows[i].provisional)
			return i;
	}
	return d->n - 1;
}

static void summary(struct buf *o, const struct dash_view *v, const struct chart_geom *g,
                    const struct chart_dat *d)
{
	html_escape_str(o, g->title);
	if (v->kind == VIEW_CHART_TOP) {
		buf_append_str(o, ":");
		for (size_t i = 0; i < d->n && i < 3; i++) {
			buf_printf(o, "%s %zu. ", i ? "," : "", i + 1);
			html_escape_str(o, d->rows[i].label);
			buf_append_str(o, " ");
			one_decimal(o, d->rows[i].v[0]);
			buf_append_str(o, " %");
		}
		buf_append_str(o, d->n > 3 ? ", and more in the table." : ".");
		return;
	}
	const struct chart_dat_row *r = &d->rows[last_full(d)];
	bool full = r->days == r->length && !r->provisional;
	buf_printf(o, ". %s %s, ", full ? "Last full" : "Last", period_kind_name(v->query.period));
	html_escape_str(o, r->label);
	buf_append_str(o, ":");
	for (size_t k = 0; k < d->n_names; k++) {
		buf_printf(o, "%s ", k ? "," : "");
		html_escape_str(o, series_name(d, k));
		buf_append_str(o, " ");
		if (is_number(r->v[k])) {
			one_decimal(o, r->v[k]);
			buf_append_str(o, " %");
		} else {
			buf_append_str(o, "none");
		}
	}
	buf_append_str(o, ".");
}

/* The hover bands: one per period (lines, stacked) or bar (top). */
static void hover(struct buf *o, const struct dash_view *v, const struct chart_geom *g,
                  const struct chart_dat *d)
{
	double left = px(g, g->x0), right = px(g, g->x1);
	double top = py(g, g->y1 > g->y0 ? g->y1 : g->y0), bottom = py(g, g->y1 > g->y0 ? g->y0 : g->y1);
	buf_append_str(o, "<g class=\"hover\">\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct chart_dat_row *r = &d->rows[i];
		double x = left, y = top, w = right - left, h = bottom - top;
		if (v->kind == VIEW_CHART_TOP) {
			double a = py(g, r->x - 0.5), b = py(g, r->x + 0.5);
			y = a < b ? a : b;
			h = a < b ? b - a : a - b;
		} else {
			// Half-way to the neighbours, at most half the period's length.
			double c = px(g, r->x), half = px(g, r->x + r->length * 43200.0) - c;
			double lo = i ? (px(g, d->rows[i - 1].x) + c) / 2 : c - half;
			double hi = i + 1 < d->n ? (px(g, d->rows[i + 1].x) + c) / 2 : c + half;
			lo = lo < c - half ? c - half : lo;
			hi = hi > c + half ? c + half : hi;
			x = lo < left ? left : lo;
			w = (hi > right ? right : hi) - x;
		}
		if (w <= 0 || h <= 0)
			continue;
		buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>", x,
		           y, w, h);
		if (v->kind == VIEW_CHART_TOP) {
			buf_printf(o, "%zu. ", i + 1);
			html_escape_str(o, r->label);
			buf_append_str(o, ": ");
			html_escape_str(o, r->v[0]);
			buf_append_str(o, " %");
		} else {
			html_escape_str(o, r->label);
			buf_append_str(o, ":");
			for (size_t k = 0; k < d->n_names; k++) {
				if (!is_number(r->v[k]))
					continue;
				buf_printf(o, " %s", k ? "| " : "");
				html_escape_str(o, series_name(d, k));
				buf_append_str(o, " ");
				html_escape_str(o, r->v[k]);
				buf_append_str(o, " %");
			}
			if (r->days < r->length)
				buf_printf(o, " (%d of %d days)", r->days, r->length);
			if (r->provisional)
				buf_append_str(o, " (holds a provisional day)");
		}
		buf_append_str(o, "</title></rect>\n");
	}
	buf_append_str(o, "</g>\n");
}

static bool starts(const char *p, const char *s)
{
	return strncmp(p, s, strlen(s)) == 0;
}

/*
 * gnuplot's SVG at path, drawn into the page: its ids prefixed (two charts,
 * or a chart and its phone variant, share none), its <title> the chart's
 * summary, each series' group classed "sK" for its switch and titled with
 * its name, and the hover bands over the plot.
 */
static int inline_svg(struct buf *o, const char *path, const char *prefix, const char *label,
                      const struct dash_view *v, const struct chart_geom *g, const struct chart_dat *d)
{
	struct buf text = {0};
	if (file_read_all(path, FILE_MAX, &text) != 0) {
		log_error("%s: cannot be read back for the page", path);
		return -1;
	}
	char *p = strstr(text.data, "<svg"), *end = strstr(text.data, "</svg>");
	char *tag_end = p ? strchr(p, '>') : NULL;
	if (!p || !end || !tag_end || tag_end > end) {
		log_error("%s: not an SVG image", path);
		buf_finish(&text);
		return -1;
	}
	buf_printf(o, "<svg class=\"plot\" role=\"img\" aria-labelledby=\"%s-t\"", prefix);
	buf_append(o, p + 4, (size_t)(tag_end - p - 4));
	buf_append_str(o, ">");
	bool in_tag = false;
	for (p = tag_end + 1; p < end;) {
		if (!in_tag && starts(p, "<title>")) {
			char *close = strstr(p, "</title>");
			if (!close || close > end)
				break;
			const char *t = p + 7;
			size_t len = (size_t)(close - t);
			unsigned k;
			char tail;
			if (len == 7 && starts(t, "Gnuplot")) {
				buf_printf(o, "<title id=\"%s-t\">%s</title>", prefix, label);
			} else if (d && v->kind == VIEW_CHART_SHARE &&
			           sscanf(t, "s%u%c", &k, &tail) == 2 && tail == '<' && k < d->n_names &&
			           o->len > 0 && o->data[o->len - 1] == '>') {
				o->len--;
				buf_printf(o, "class=\"s%u\"><title>", k);
				html_escape_str(o, series_name(d, k));
				buf_append_str(o, "</title>");
			}
			// Any other title (gnuplot_plot_N) is dropped.
			p = close + 8;
			continue;
		}
		if (*p == '<')
			in_tag = true;
		else if (*p == '>')
			in_tag = false;
		if (in_tag && (starts(p, " id=\"") || starts(p, " id='"))) {
			buf_printf(o, " id=%c%s-", p[4], prefix);
			p += 5;
		} else if (in_tag && (starts(p, "href=\"#") || starts(p, "href='#"))) {
			buf_printf(o, "href=%c#%s-", p[5], prefix);
			p += 7;
		} else if (in_tag && starts(p, "url(#")) {
			buf_printf(o, "url(#%s-", prefix);
			p += 5;
		} else {
			buf_append(o, p++, 1);
		}
	}
	if (d)
		hover(o, v, g, d);
	buf_append_str(o, "</svg>\n");
	buf_finish(&text);
	return 0;
}

static void toggles(struct buf *o, const struct chart_geom *g, const struct chart_dat *d)
{
	buf_append_str(o, "<fieldset class=\"toggles\"><legend class=\"vh\">Series shown</legend>\n");
	for (size_t k = 0; k < d->n_names && k < MAX_SERIES; k++) {
		buf_printf(o, "<label><input type=\"checkbox\" class=\"t%zu\" checked>"
		           "<span class=\"sw\" style=\"background:%s\"></span>", k,
		           g->colour[k][0] ? g->colour[k] : "#9a9a9a");
		html_escape_str(o, series_name(d, k));
		buf_append_str(o, "</label>\n");
	}
	buf_append_str(o, "</fieldset>\n");
}

/* The numbers the chart shows, as drawn. */
static void numbers(struct buf *o, const struct dash_view *v, const struct chart_dat *d)
{
	bool top = v->kind == VIEW_CHART_TOP;
	buf_printf(o, "<details><summary>The numbers in this chart (%zu %s%s)</summary>\n"
	           "<div class=\"scroll\"><table data-dat=\"%s.dat\">\n<thead><tr>", d->n,
	           top ? "models" : period_kind_name(v->query.period), top || d->n == 1 ? "" : "s",
	           v->stem);
	if (top) {
		buf_append_str(o, "<th>rank</th><th>model</th><th class=\"n\">share (%)</th>");
	} else {
		buf_append_str(o, "<th>period</th><th class=\"n\">days</th>");
		for (size_t k = 0; k < d->n_names; k++) {
			buf_append_str(o, "<th class=\"n\">");
			html_escape_str(o, series_name(d, k));
			buf_append_str(o, " (%)</th>");
		}
	}
	buf_append_str(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct chart_dat_row *r = &d->rows[i];
		if (top) {
			buf_printf(o, "<tr><th>%zu</th><td>", i + 1);
			html_escape_str(o, r->label);
			buf_append_str(o, "</td><td class=\"n\">");
			html_escape_str(o, r->v[0]);
			buf_append_str(o, "</td></tr>\n");
			continue;
		}
		buf_append_str(o, "<tr><th>");
		html_escape_str(o, r->label);
		buf_printf(o, "</th><td class=\"n\">%d</td>", r->days);
		for (size_t k = 0; k < d->n_names; k++) {
			buf_append_str(o, "<td class=\"n\">");
			if (is_number(r->v[k]))
				html_escape_str(o, r->v[k]);
			buf_append_str(o, "</td>");
		}
		buf_append_str(o, "</tr>\n");
	}
	buf_append_str(o, "</tbody>\n</table></div>\n</details>\n");
}

int page_chart(struct buf *o, const char *dir, const struct dash_view *v, bool phone,
               char **title)
{
	*title = NULL;
	bool top = v->kind == VIEW_CHART_TOP;
	struct chart_geom g[2];
	struct chart_dat d;
	char *gp = xasprintf("%s/%s.gp", dir, v->stem), *dat = xasprintf("%s/%s.dat", dir, v->stem);
	int rc = chart_geom_read(gp, &g[0]);
	if (!rc && (rc = chart_dat_read(dat, top, &d)) != 0)
		free(g[0].title);
	free(gp);
	free(dat);
	if (rc)
		return -1;
	if (phone) {
		gp = xasprintf("%s/%s-phone.gp", dir, v->stem);
		if (chart_geom_read(gp, &g[1]) != 0)
			phone = false, rc = -1;
		free(gp);
	}
	struct buf label = {0};
	summary(&label, v, &g[0], &d);
	buf_printf(o, "<figure class=\"chart\">\n");
	if (v->kind == VIEW_CHART_SHARE && d.n_names > 1)
		toggles(o, &g[0], &d);
	for (int k = 0; !rc && k < (phone ? 2 : 1); k++) {
		char *svg = xasprintf("%s/%s%s.svg", dir, v->stem, k ? "-phone" : "");
		char *prefix = xasprintf("%s%s", v->stem, k ? "-phone" : "");
		buf_printf(o, "<div class=\"%s\">\n", k ? "narrow" : "wide");
		rc = inline_svg(o, svg, prefix, label.data, v, &g[k], &d);
		buf_append_str(o, "</div>\n");
		free(svg);
		free(prefix);
	}
	buf_printf(o, "<figcaption>%s %s</figcaption>\n</figure>\n", label.data,
	           top ? "Hover over a bar for its exact share."
	           : v->kind == VIEW_CHART_SHARE ? "Hover over the chart for a period's exact values; "
	                                           "the boxes above it switch series on and off."
	           : "Hover over the chart for a period's exact values.");
	numbers(o, v, &d);
	*title = xstrdup(g[0].title);
	buf_finish(&label);
	for (int k = 0; k < (phone ? 2 : 1); k++)
		free(g[k].title);
	chart_dat_finish(&d);
	return rc;
}

char *page_chart_summary(const char *dir, const struct dash_view *v)
{
	struct chart_geom g;
	struct chart_dat d;
	char *gp = xasprintf("%s/%s.gp", dir, v->stem), *dat = xasprintf("%s/%s.dat", dir, v->stem);
	struct buf out = {0};
	if (chart_geom_read(gp, &g) == 0) {
		if (chart_dat_read(dat, v->kind == VIEW_CHART_TOP, &d) == 0) {
			summary(&out, v, &g, &d);
			chart_dat_finish(&d);
		}
		free(g.title);
	}
	free(gp);
	free(dat);
	return out.data;
}
