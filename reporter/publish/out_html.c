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
#include "reporter/publish/out_html.h"
#include "reporter/publish/output.h"

static void escape(struct buf *o, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': buf_append_str(o, "&amp;"); break;
		case '<': buf_append_str(o, "&lt;"); break;
		case '>': buf_append_str(o, "&gt;"); break;
		case '"': buf_append_str(o, "&quot;"); break;
		default: buf_append(o, &s[i], 1);
		}
	}
}

static void escape_str(struct buf *o, const char *s)
{
	escape(o, s, strlen(s));
}

/* One line of Markdown text: `code` and **strong**, the rest escaped. */
static void inline_md(struct buf *o, const char *s, size_t len)
{
	const char *end = s + len;
	while (s < end) {
		const char *mark = NULL, *open = NULL, *close = NULL;
		for (const char *p = s; p < end && !mark; p++) {
			if (*p == '`')
				mark = "`", open = "<code>", close = "</code>";
			else if (*p == '*' && p + 1 < end && p[1] == '*')
				mark = "**", open = "<strong>", close = "</strong>";
			if (mark) {
				size_t ml = strlen(mark);
				const char *stop = strstr(p + ml, mark);
				if (!stop || stop >= end) {
					mark = NULL;
					continue;
				}
				escape(o, s, (size_t)(p - s));
				buf_append_str(o, open);
				escape(o, p + ml, (size_t)(stop - p - ml));
				buf_append_str(o, close);
				s = stop + ml;
			}
		}
		if (!mark) {
			escape(o, s, (size_t)(end - s));
			s = end;
		}
	}
}

/*
 * The Markdown the method is written in: "# " and "## " headings (shown one
 * level down), "- " items, paragraphs split by blank lines.
 */
static void markdown(struct buf *o, const char *md)
{
	enum { NONE, PARA, LIST } open = NONE;
	static const char *const closers[] = {"", "</p>\n", "</li>\n</ul>\n"};
	for (const char *p = md, *nl; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == 0) {
			buf_append_str(o, closers[open]);
			open = NONE;
		} else if (p[0] == '#') {
			buf_append_str(o, closers[open]);
			open = NONE;
			bool sub = len > 1 && p[1] == '#';
			size_t skip = sub ? 3 : 2;
			buf_append_str(o, sub ? "<h3>" : "<h2>");
			inline_md(o, p + skip, len > skip ? len - skip : 0);
			buf_append_str(o, sub ? "</h3>\n" : "</h2>\n");
		} else if (len > 1 && p[0] == '-' && p[1] == ' ') {
			buf_append_str(o, open == LIST ? "</li>\n<li>" : closers[open]);
			if (open != LIST)
				buf_append_str(o, "<ul>\n<li>");
			open = LIST;
			inline_md(o, p + 2, len - 2);
		} else {
			if (open == NONE)
				buf_append_str(o, "<p>");
			else
				buf_append_str(o, "\n");
			open = open == NONE ? PARA : open;
			inline_md(o, p, len);
		}
	}
	buf_append_str(o, closers[open]);
}

static void cell(struct buf *o, const char *tag, const char *text, const char *title)
{
	buf_printf(o, "<%s%s", tag, text_is_number(text) ? " class=\"n\"" : "");
	if (title) {
		buf_append_str(o, " title=\"");
		escape_str(o, title);
		buf_append_str(o, "\"");
	}
	buf_printf(o, ">");
	escape_str(o, text);
	buf_printf(o, "</%s>", tag);
}

/* Every row as it is in the CSV. */
static void table_rows(struct buf *o, const struct table *t, const char *stem)
{
	buf_printf(o, "<table data-csv=\"%s.csv\" data-layout=\"rows\">\n<thead><tr>", stem);
	for (size_t k = 0; k < t->widths[0]; k++)
		cell(o, "th", t->rows[0][k], NULL);
	buf_append_str(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 1; i < t->n; i++) {
		buf_append_str(o, "<tr>");
		for (size_t k = 0; k < t->widths[i]; k++)
			cell(o, "td", t->rows[i][k], NULL);
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

/*
 * A share CSV (period,start,end,days,group,MEASURE,share) as one row per
 * period and one column per group, in the order groups first appear; each
 * cell the share, its MEASURE in the title. A group absent from a period
 * (outside its top N) has an empty cell.
 */
static void table_pivot(struct buf *o, const struct table *t, const char *stem)
{
	// Groups in the order they first appear; column[g] = group g's row in a period.
	struct strmap index = {0};
	const char **groups = NULL;
	size_t n_groups = 0, cap = 0;
	for (size_t i = 1; i < t->n; i++) {
		const char *g = t->rows[i][4];
		int64_t seen;
		if (!strmap_get(&index, g, strlen(g), &seen)) {
			strmap_put(&index, g, strlen(g), (int64_t)n_groups);
			xgrow(&groups, &cap, n_groups + 1, sizeof *groups);
			groups[n_groups++] = g;
		}
	}
	size_t *column = xcalloc(n_groups ? n_groups : 1, sizeof *column);
	const char *measure = t->rows[0][5];
	buf_printf(o, "<table data-csv=\"%s.csv\" data-layout=\"pivot\">\n"
	           "<caption>Share of %s (%%) per period and group</caption>\n"
	           "<thead><tr><th>period</th><th>start</th><th>end</th><th>days</th>", stem, measure);
	for (size_t g = 0; g < n_groups; g++)
		cell(o, "th", groups[g], NULL);
	buf_append_str(o, "</tr></thead>\n<tbody>\n");
	for (size_t i = 1, end; i < t->n; i = end) {
		memset(column, 0, n_groups * sizeof *column);
		for (end = i; end < t->n && strcmp(t->rows[end][0], t->rows[i][0]) == 0; end++) {
			int64_t g = 0;  // every group is in the index
			strmap_get(&index, t->rows[end][4], strlen(t->rows[end][4]), &g);
			column[g] = end;
		}
		buf_append_str(o, "<tr>");
		for (size_t k = 0; k < 4; k++)
			cell(o, k ? "td" : "th", t->rows[i][k], NULL);
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
	"body{font-family:'DejaVu Sans',sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;"
	"color:#1a1a1a;background:#fff;line-height:1.45}"
	"h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem}"
	"h3{font-size:1.05rem}"
	"nav ul{columns:2;padding-left:1.2rem}"
	"figure{margin:1rem 0}figure img{width:100%;height:auto;border:1px solid #ddd}"
	"figcaption,.files{font-size:.9rem;color:#444}"
	"code{font-family:'DejaVu Sans Mono',monospace;font-size:.9em;overflow-wrap:anywhere}"
	".scroll{max-height:28rem;overflow:auto;border:1px solid #ccc;margin:.5rem 0}"
	"table{border-collapse:collapse;font-size:.88rem;font-variant-numeric:tabular-nums}"
	"caption{text-align:left;padding:.3rem .5rem;font-weight:bold}"
	"th,td{padding:.2rem .55rem;border-bottom:1px solid #e4e4e4;text-align:left;"
	"white-space:nowrap}"
	"thead th{position:sticky;top:0;background:#f2f2f2}"
	".n{text-align:right}"
	"footer{margin-top:3rem;border-top:2px solid #999}"
	"pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.8rem}";

/* One view: how it was made, its files, its chart, the tables of its CSVs. */
static int view_section(struct buf *o, const char *dir, const struct dash_view *v)
{
	bool chart = VIEW_IS_CHART(v->kind), compare = v->kind == VIEW_CHART_COMPARE;
	buf_printf(o, "<section id=\"%s\" class=\"view\">\n<h2>%s</h2>\n", v->stem, v->stem);
	buf_append_str(o, "<p class=\"files\">Made by <code>tokenshare ");
	escape_str(o, v->command);
	buf_append_str(o, "</code>. Files: ");
	if (chart) {
		buf_printf(o, "<a href=\"%s.png\">%s.png</a>, <a href=\"%s.svg\">%s.svg</a>, "
		           "<a href=\"%s.gp\">%s.gp</a>, <a href=\"%s.dat\">%s.dat</a>, ", v->stem,
		           v->stem, v->stem, v->stem, v->stem, v->stem, v->stem, v->stem);
	}
	buf_printf(o, "<a href=\"%s.csv\">%s.csv</a>", v->stem, v->stem);
	if (compare)
		buf_printf(o, ", <a href=\"%s-dollars.csv\">%s-dollars.csv</a>", v->stem, v->stem);
	if (v->kind == VIEW_SHARE || v->kind == VIEW_CHANGE)
		buf_printf(o, ", <a href=\"%s.json\">%s.json</a>", v->stem, v->stem);
	buf_append_str(o, ".</p>\n");
	if (chart)
		buf_printf(o, "<figure><img class=\"chart\" src=\"%s.svg\" width=\"1400\" "
		           "height=\"788\" alt=\"Chart %s: the numbers are in the table below\">"
		           "<figcaption>The numbers behind the chart:</figcaption></figure>\n",
		           v->stem, v->stem);
	int rc = 0;
	for (int k = 0; !rc && k < (compare ? 2 : 1); k++) {
		char *name = xasprintf("%s%s", v->stem, k ? "-dollars" : "");
		char *csv = xasprintf("%s/%s.csv", dir, name);
		struct table t;
		rc = table_read(csv, &t);
		if (!rc) {
			buf_append_str(o, "<div class=\"scroll\">\n");
			if (is_share_table(&t))
				table_pivot(o, &t, name);
			else
				table_rows(o, &t, name);
			buf_append_str(o, "</div>\n");
			table_finish(&t);
		}
		free(csv);
		free(name);
	}
	buf_append_str(o, "</section>\n");
	return rc;
}

struct page {
	const struct dashboard *d;
	const char *dir, *method, *citation, *as_of, *mapping;
};

static int write_page(const void *ctx, FILE *fp)
{
	const struct page *pg = ctx;
	const struct dashboard *d = pg->d;
	struct buf o = {0};
	int rc = 0;
	buf_append_str(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                   "<meta name=\"generator\" content=\"tokenshare " TOKENSHARE_VERSION "\">\n"
	                   "<title>");
	escape_str(&o, d->title);
	buf_printf(&o, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", style);
	escape_str(&o, d->title);
	buf_append_str(&o, "</h1>\n<p>");
	escape_str(&o, d->description);
	buf_printf(&o, "</p>\n<p class=\"files\">Data as of %s. Mapping %s. Made by tokenshare %s "
	           "from the dashboard <code>", pg->as_of, pg->mapping, TOKENSHARE_VERSION);
	escape_str(&o, d->name);
	buf_append_str(&o, "</code>. <a href=\"#method\">Method</a> and "
	                   "<a href=\"#citation\">citation</a> at the bottom.</p>\n"
	                   "<nav><ul>\n");
	for (size_t i = 0; i < d->n_views; i++)
		buf_printf(&o, "<li><a href=\"#%s\">%s</a></li>\n", d->views[i].stem, d->views[i].stem);
	buf_append_str(&o, "</ul></nav>\n</header>\n<main>\n");
	for (size_t i = 0; !rc && i < d->n_views; i++)
		rc = view_section(&o, pg->dir, &d->views[i]);
	buf_append_str(&o, "</main>\n<footer>\n<section id=\"method\">\n");
	markdown(&o, pg->method);
	buf_append_str(&o, "</section>\n<section id=\"citation\">\n<h2>Citation</h2>\n<pre>");
	escape_str(&o, pg->citation);
	buf_append_str(&o, "</pre>\n</section>\n</footer>\n</body>\n</html>\n");
	if (!rc && fwrite(o.data, 1, o.len, fp) != o.len)
		rc = -1;
	buf_finish(&o);
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
