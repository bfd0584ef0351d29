/*
 * The dashboard page, index.html (see out_html.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/strmap.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "reporter/publish/csvtable.h"
#include "reporter/publish/dashboard_def.h"
#include "reporter/publish/html_text.h"
#include "reporter/publish/out_html.h"
#include "reporter/publish/output.h"
#include "reporter/publish/page_chart.h"
#include "reporter/publish/page_headline.h"
#include "reporter/views/labels.h"

#define SHOWN 12        // periods a table on the page shows (the CSV has all)

static void cell(struct buf *o, const char *tag, const char *text, const char *title)
{
	buf_printf(o, "<%s%s", tag, text_is_number(text) ? " class=\"n\"" : "");
	if (title) {
		buf_append_str(o, " title=\"");
		html_escape_str(o, title);
		buf_append_str(o, "\"");
	}
	buf_printf(o, ">");
	html_escape_str(o, text);
	buf_printf(o, "</%s>", tag);
}

/* The first row of the last SHOWN periods (column 0 is the period); *periods: all of them. */
static size_t shown_from(const struct table *t, size_t *periods)
{
	*periods = 0;
	for (size_t i = 1; i < t->n; i++)
		*periods += i == 1 || strcmp(t->rows[i][0], t->rows[i - 1][0]) != 0;
	size_t skip = *periods > SHOWN ? *periods - SHOWN : 0, seen = 0;
	for (size_t i = 1; i < t->n; i++) {
		if ((i == 1 || strcmp(t->rows[i][0], t->rows[i - 1][0]) != 0) && seen++ == skip)
			return i;
	}
	return 1;
}

/* The rows of the last SHOWN periods, as they are in the CSV. */
static void table_rows(struct buf *o, const struct table *t, const char *stem, size_t from)
{
	buf_printf(o, "<table data-csv=\"%s.csv\" data-layout=\"rows\" data-from=\"%zu\">\n"
	           "<thead><tr>", stem, from);
	for (size_t k = 0; k < t->widths[0]; k++)
		cell(o, "th", t->rows[0][k], NULL);
	buf_append_str(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = from; i < t->n; i++) {
		buf_append_str(o, "<tr>");
		for (size_t k = 0; k < t->widths[i]; k++)
			cell(o, k ? "td" : "th", t->rows[i][k], NULL);
		buf_append_str(o, "</tr>\n");
	}
	buf_append_str(o, "</tbody>\n</table>\n");
}

static bool is_share_table(const struct table *t)
{
	static const char *const head[] = {"period", "start", "end", "days", "group"};
	if (t->widths[0] != 7)
		return false;
	for (size_t k = 0; k < 5; k++) {
		if (strcmp(t->rows[0][k], head[k]) != 0)
			return false;
	}
	for (size_t i = 1; i < t->n; i++) {
		if (t->widths[i] != 7)
			return false;
	}
	return strcmp(t->rows[0][6], "share") == 0;
}

static int group_rank(const char *g)
{
	return !strcmp(g, "CN") || !strcmp(g, "China") ? 0
	       : !strcmp(g, "US") || !strcmp(g, "United States") ? 1 : 2;
}

/*
 * A share CSV (period,start,end,days,group,MEASURE,share) from row from on
 * as one row per period and one column per group: CN and US first, then
 * the others in the order they first appear; each cell the share, its
 * MEASURE in the title. A group absent from a period (outside its top N)
 * has an empty cell.
 */
static void table_pivot(struct buf *o, const struct table *t, const char *stem, size_t from)
{
	// Groups in column order; column[g] = group g's row in a period.
	struct strmap index = {0};
	const char **groups = NULL;
	size_t n_groups = 0, cap = 0;
	for (int rank = 0; rank < 3; rank++) {
		for (size_t i = from; i < t->n; i++) {
			const char *g = t->rows[i][4];
			int64_t seen;
			if (group_rank(g) == rank && !strmap_get(&index, g, strlen(g), &seen)) {
				strmap_put(&index, g, strlen(g), (int64_t)n_groups);
				xgrow(&groups, &cap, n_groups + 1, sizeof *groups);
				groups[n_groups++] = g;
			}
		}
	}
	size_t *column = xcalloc(n_groups ? n_groups : 1, sizeof *column);
	const char *measure = t->rows[0][5];
	buf_printf(o, "<table data-csv=\"%s.csv\" data-layout=\"pivot\" data-from=\"%zu\">\n"
	           "<caption>Share of %s (%%) per period and group</caption>\n"
	           "<thead><tr><th>period</th><th class=\"n\">days</th>", stem, from, measure);
	for (size_t g = 0; g < n_groups; g++)
		cell(o, "th", groups[g], NULL);
	buf_append_str(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = from, end; i < t->n; i = end) {
		memset(column, 0, n_groups * sizeof *column);
		for (end = i; end < t->n && strcmp(t->rows[end][0], t->rows[i][0]) == 0; end++) {
			int64_t g = 0;  // every group is in the index
			strmap_get(&index, t->rows[end][4], strlen(t->rows[end][4]), &g);
			column[g] = end;
		}
		char *span = xasprintf("%s to %s", t->rows[i][1], t->rows[i][2]);
		buf_append_str(o, "<tr>");
		cell(o, "th", t->rows[i][0], span);
		cell(o, "td", t->rows[i][3], NULL);
		free(span);
		for (size_t g = 0; g < n_groups; g++) {
			if (!column[g]) {
				buf_append_str(o, "<td></td>");
				continue;
			}
			char *title = xasprintf("%s %s", t->rows[column[g]][5], measure);
			cell(o, "td", t->rows[column[g]][6], title);
			free(title);
		}
		buf_append_str(o, "</tr>\n");
	}
	buf_append_str(o, "</tbody>\n</table>\n");
	free(column);
	free(groups);
	strmap_finish(&index);
}

static const char style[] =
	"*{box-sizing:border-box}"
	"body{font-family:'DejaVu Sans',sans-serif;margin:0 auto;max-width:72rem;"
	"padding:.5rem clamp(.75rem,3vw,2rem);color:#1a1a1a;background:#fff;line-height:1.45}"
	"h1{font-size:clamp(1.3rem,4vw,1.8rem);margin:.6rem 0 .3rem;line-height:1.2}"
	"h2{font-size:1.25rem;margin-top:2.2rem;line-height:1.25}h3{font-size:1.05rem}"
	"a{color:#0b57a4}"
	".lede{margin:.2rem 0;font-size:1.05rem}.meta,.files,figcaption{font-size:.9rem;color:#444}"
	"nav ul{padding-left:1.2rem;margin:.3rem 0;font-size:.95rem}"
	"code{font-family:'DejaVu Sans Mono',monospace;font-size:.9em;overflow-wrap:anywhere}"
	"details{margin:.5rem 0}summary{cursor:pointer;font-weight:bold;padding:.2rem 0}"
	".scroll{max-height:28rem;max-width:100%;overflow:auto;border:1px solid #ccc;margin:.5rem 0}"
	"table{border-collapse:separate;border-spacing:0;font-size:.88rem;"
	"font-variant-numeric:tabular-nums}"
	"caption{text-align:left;padding:.3rem .5rem;font-weight:bold}"
	"th,td{padding:.2rem .55rem;border-bottom:1px solid #e4e4e4;text-align:left;"
	"white-space:nowrap;background:#fff}"
	"thead th{position:sticky;top:0;background:#f2f2f2;z-index:1}"
	"tr>:first-child{position:sticky;left:0;z-index:1}thead tr>:first-child{z-index:2}"
	".n{text-align:right}"
	".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
	"footer{margin-top:3rem;border-top:2px solid #999}"
	"pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.8rem}";

/* A heading a reader understands, for a table view. */
static char *table_heading(const struct dash_view *v)
{
	static const struct {
		const char *by, *words;
	} phrases[] = {
		{"author-country", "the model maker's country"},
		{"provider-country", "the serving provider's country"},
		{"provider-entity-country", "the country of the provider's owner"},
		{"lineage-country", "the country of the model's lineage"},
		{"weights-origin", "open or closed weights and their origin"},
	};
	const char *by = share_by_name(v->query.by), *words = by;
	for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
		if (!strcmp(phrases[i].by, by))
			words = phrases[i].words;
	}
	const char *measure = v->query.measure == MEASURE_COST ? "dollars"
	                      : v->query.measure == MEASURE_REQUESTS ? "requests" : "tokens";
	const char *per = period_kind_name(v->query.period);
	if (v->kind == VIEW_CHANGE)
		return xasprintf("How the share by %s moved, %s by %s", words, per, per);
	if (v->kind == VIEW_COVERAGE)
		return xasprintf("What the figures cover, per %s: days, unknown and unattributed %s",
		                 per, measure);
	if (v->query.top && share_by_is_country(v->query.by))
		return xasprintf("Share of %s by %s, per %s: the press method (only the %u largest "
		                 "models counted by group)", measure, words, per, v->query.top);
	if (v->query.top)
		return xasprintf("Share of %s by %s, per %s: the %u largest", measure, words, per,
		                 v->query.top);
	return xasprintf("Share of all %s by %s, per %s", measure, words, per);
}

static void files_line(struct buf *o, const struct dash_view *v)
{
	bool chart = VIEW_IS_CHART(v->kind);
	buf_printf(o, "<p class=\"files\">Download: <a href=\"%s.csv\">%s.csv</a>%s", v->stem,
	           v->stem, chart ? " (every group, with its tokens)" : "");
	if (v->kind == VIEW_CHART_COMPARE)
		buf_printf(o, ", <a href=\"%s-dollars.csv\">%s-dollars.csv</a>", v->stem, v->stem);
	if (v->kind == VIEW_SHARE || v->kind == VIEW_CHANGE)
		buf_printf(o, ", <a href=\"%s.json\">%s.json</a> (with its metadata)", v->stem, v->stem);
	if (chart) {
		for (const char *const *x = (const char *const[]){"png", "svg", "gp", "dat", NULL}; *x;
		     x++)
			buf_printf(o, ", <a href=\"%s.%s\">%s.%s</a>", v->stem, *x, v->stem, *x);
	}
	buf_append_str(o, ". Made by <code>tokenshare ");
	html_escape_str(o, v->command);
	buf_append_str(o, "</code>.</p>\n");
}

/* The tables of a view's CSVs (a compare chart has two), the last SHOWN periods. */
static int view_tables(struct buf *o, const char *dir, const struct dash_view *v)
{
	int rc = 0;
	for (int k = 0; !rc && k < (v->kind == VIEW_CHART_COMPARE ? 2 : 1); k++) {
		char *name = xasprintf("%s%s", v->stem, k ? "-dollars" : "");
		char *csv = xasprintf("%s/%s.csv", dir, name);
		struct table t;
		rc = table_read(csv, &t);
		if (!rc) {
			size_t periods, from = shown_from(&t, &periods);
			buf_printf(o, "<details><summary>Table: %s%zu of %zu %ss</summary>\n"
			           "<div class=\"scroll\">\n", periods > SHOWN ? "the last " : "",
			           periods < SHOWN ? periods : SHOWN, periods,
			           period_kind_name(v->query.period));
			if (is_share_table(&t))
				table_pivot(o, &t, name, from);
			else
				table_rows(o, &t, name, from);
			buf_append_str(o, "</div>\n</details>\n");
			table_finish(&t);
		}
		free(csv);
		free(name);
	}
	return rc;
}

/* One view: its heading, its chart or table, its files. */
static int view_section(struct buf *o, const char *dir, const struct dash_view *v, char **heading)
{
	struct buf body = {0};
	int rc = 0;
	*heading = NULL;
	if (VIEW_IS_CHART(v->kind) && v->kind != VIEW_CHART_COMPARE) {
		rc = page_chart(&body, dir, v, true, heading);
	} else if (v->kind == VIEW_CHART_COMPARE) {
		*heading = xstrdup("Share of tokens and of dollars, side by side");
		buf_printf(&body, "<figure class=\"chart\"><img src=\"%s.svg\" width=\"1200\" "
		           "height=\"675\" style=\"width:100%%;height:auto\" alt=\"Two panels: the "
		           "share of tokens and the share of dollars by the maker's country; the "
		           "numbers are in the tables below\"></figure>\n", v->stem);
		rc = view_tables(&body, dir, v);
	} else {
		*heading = table_heading(v);
		rc = view_tables(&body, dir, v);
	}
	if (!rc) {
		buf_printf(o, "<section id=\"%s\" class=\"view\">\n<h2>", v->stem);
		html_escape_str(o, *heading);
		buf_append_str(o, "</h2>\n");
		buf_append(o, body.data, body.len);
		files_line(o, v);
		buf_append_str(o, "</section>\n");
	}
	buf_finish(&body);
	return rc;
}

struct page {
	const struct dashboard *d;
	const char *dir, *method, *citation, *as_of, *mapping;
};

/* The link preview: title, description, the first chart's PNG. */
static void preview_tags(struct buf *o, const struct page *pg, const char *description)
{
	const struct dashboard *d = pg->d;
	const struct dash_view *chart = NULL;
	for (size_t i = 0; i < d->n_views && !chart; i++)
		chart = VIEW_IS_CHART(d->views[i].kind) ? &d->views[i] : NULL;
	char *alt = chart && chart->kind != VIEW_CHART_COMPARE ? page_chart_summary(pg->dir, chart)
	                                                       : NULL;
	for (int tw = 0; tw < 2; tw++) {
		const char *attr = tw ? "name" : "property", *pre = tw ? "twitter" : "og";
		if (tw)
			buf_append_str(o, "<meta name=\"twitter:card\" content=\"summary_large_image\">\n");
		else
			buf_append_str(o, "<meta property=\"og:type\" content=\"website\">\n");
		buf_printf(o, "<meta %s=\"%s:title\" content=\"", attr, pre);
		html_escape_str(o, d->title);
		buf_printf(o, "\">\n<meta %s=\"%s:description\" content=\"%s\">\n", attr, pre,
		           description);
		if (chart) {
			buf_printf(o, "<meta %s=\"%s:image\" content=\"%s.png\">\n", attr, pre,
			           chart->stem);
			if (alt)
				buf_printf(o, "<meta %s=\"%s:image:alt\" content=\"%s\">\n", attr, pre, alt);
		}
	}
	free(alt);
}

static int write_page(const void *ctx, FILE *fp)
{
	const struct page *pg = ctx;
	const struct dashboard *d = pg->d;
	struct buf o = {0}, head = {0}, main = {0}, desc = {0};
	char *sentence = NULL;
	int rc = page_headline(&head, pg->dir, d, &sentence);
	html_escape_str(&desc, d->description);
	if (sentence)
		buf_printf(&desc, " %s", sentence);
	// The charts first, then the tables; each heading goes into the contents.
	struct buf nav = {0};
	for (int charts = 1; !rc && charts >= 0; charts--) {
		for (size_t i = 0; !rc && i < d->n_views; i++) {
			const struct dash_view *v = &d->views[i];
			if (VIEW_IS_CHART(v->kind) != charts)
				continue;
			char *heading;
			rc = view_section(&main, pg->dir, v, &heading);
			if (!rc) {
				buf_printf(&nav, "<li><a href=\"#%s\">", v->stem);
				html_escape_str(&nav, heading);
				buf_append_str(&nav, "</a></li>\n");
			}
			free(heading);
		}
	}
	buf_append_str(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                   "<meta name=\"generator\" content=\"tokenshare " TOKENSHARE_VERSION "\">\n"
	                   "<title>");
	html_escape_str(&o, d->title);
	buf_printf(&o, "</title>\n<meta name=\"description\" content=\"%s\">\n", desc.data);
	if (!rc)
		preview_tags(&o, pg, desc.data);
	buf_printf(&o, "<style>%s%s%s</style>\n</head>\n<body>\n<header>\n<h1>", style,
	           page_headline_style, page_chart_style);
	html_escape_str(&o, d->title);
	buf_append_str(&o, "</h1>\n<p class=\"lede\">");
	html_escape_str(&o, d->description);
	buf_printf(&o, "</p>\n<p class=\"meta\">Data as of %s. Mapping %s. Made by tokenshare %s "
	           "from the dashboard <code>", pg->as_of, pg->mapping, TOKENSHARE_VERSION);
	html_escape_str(&o, d->name);
	buf_append_str(&o, "</code>.</p>\n</header>\n<main>\n");
	if (head.len)
		buf_append(&o, head.data, head.len);
	buf_append_str(&o, "<nav aria-label=\"On this page\"><details class=\"toc\"><summary>"
	                   "On this page</summary><ul>\n");
	if (nav.len)
		buf_append(&o, nav.data, nav.len);
	buf_append_str(&o, "<li><a href=\"#method\">Method and coverage</a></li>\n"
	                   "<li><a href=\"#citation\">How to cite</a></li>\n</ul></details></nav>\n");
	if (main.len)
		buf_append(&o, main.data, main.len);
	buf_append_str(&o, "</main>\n<footer>\n<section id=\"method\">\n");
	html_markdown(&o, pg->method);
	buf_append_str(&o, "</section>\n<section id=\"citation\">\n<h2>How to cite</h2>\n<pre>");
	html_escape_str(&o, pg->citation);
	buf_append_str(&o, "</pre>\n</section>\n</footer>\n</body>\n</html>\n");
	if (!rc && fwrite(o.data, 1, o.len, fp) != o.len)
		rc = -1;
	free(sentence);
	buf_finish(&o);
	buf_finish(&head);
	buf_finish(&main);
	buf_finish(&nav);
	buf_finish(&desc);
	return rc;
}

int html_dashboard_write(const char *dir, const struct dashboard *d, const char *method,
                         const char *citation, const char *as_of, const char *mapping)
{
	struct page pg = {d, dir, method, citation, as_of, mapping};
	char *path = xasprintf("%s/index.html", dir);
	int rc = output_emit(path, write_page, &pg);
	free(path);
	return rc;
}
