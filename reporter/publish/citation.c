/*
 * The citation texts of dashboards and bundles (see citation.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "reporter/publish/citation.h"
#include "reporter/publish/dashboard_def.h"
#include "reporter/views/share.h"

#define MAX_LISTED 12           // spans of missing days named in the text; the rest counted
// Who made the numbers: the tool cannot know the publisher's name, and naming
// OpenRouter would say it made (or endorsed) the aggregates, which CC BY 4.0
// forbids implying; OpenRouter is credited as the author of the source instead.
#define AUTHOR "tokenshare users"

static int cmp_span(const void *a, const void *b)
{
	const int32_t *x = a, *y = b;
	return (x[0] > y[0]) - (x[0] < y[0]);
}

/*
 * The spans of days without data strictly inside (first, last), in order and
 * merged: the days the periods shown lack, and the periods that have no data
 * at all (no row). Returns their number; *out (caller frees) holds [from, to].
 */
static size_t missing_spans(const struct share_table *t, int32_t first, int32_t last,
                            int32_t (**out)[2])
{
	int32_t (*s)[2] = xcalloc(t->n_missing + t->n_rows + 1, sizeof *s);
	size_t n = 0;
	for (size_t i = 0; i < t->n_missing; i++) {
		if (t->missing_days[i] > first && t->missing_days[i] < last) {
			s[n][0] = s[n][1] = t->missing_days[i];
			n++;
		}
	}
	// Rows are in period order: a jump past the last period's end is a gap.
	int32_t reach = first;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct period *p = &t->rows[i].period;
		if (p->start > reach + 1 && reach + 1 < last) {
			s[n][0] = reach + 1;
			s[n][1] = p->start - 1 < last ? p->start - 1 : last - 1;
			n++;
		}
		if (p->end > reach)
			reach = p->end;
	}
	xqsort(s, n, sizeof *s, cmp_span);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && s[i][0] <= s[m - 1][1] + 1) {
			if (s[i][1] > s[m - 1][1])
				s[m - 1][1] = s[i][1];
		} else {
			s[m][0] = s[i][0];
			s[m][1] = s[i][1];
			m++;
		}
	}
	*out = s;
	return m;
}

bool citation_range(const struct share_table *t, struct citation_range *r)
{
	*r = (struct citation_range){0};
	if (!t->n_rows)
		return false;
	r->first = t->rows[0].period.start;
	r->last = t->rows[0].period.end;
	for (size_t i = 1; i < t->n_rows; i++) {
		if (t->rows[i].period.start < r->first)
			r->first = t->rows[i].period.start;
		if (t->rows[i].period.end > r->last)
			r->last = t->rows[i].period.end;
	}
	// The periods may begin or end with days that hold no data (a week that
	// starts before the first day): the range is of the data.
	while (r->first < r->last && share_day_listed(t->missing_days, t->n_missing, r->first))
		r->first++;
	while (r->last > r->first && share_day_listed(t->missing_days, t->n_missing, r->last))
		r->last--;
	int32_t (*spans)[2];
	size_t n = missing_spans(t, r->first, r->last, &spans);
	for (size_t i = 0; i < n; i++)
		r->missing += (size_t)(spans[i][1] - spans[i][0] + 1);
	free(spans);
	r->days = t->n_days;
	return true;
}

/* The day the numbers stand for: the newest as-of of the rankings, else the
 * last day of the logs; "" without data. */
static void release_day(const struct share_table *t, size_t n, char out[DATE_LEN + 1])
{
	int32_t best = INT32_MIN;
	for (size_t i = 0; i < n; i++) {
		struct citation_range r;
		int32_t day = t[i].rankings && t[i].as_of_max != INT64_MIN
		              ? date_of_timestamp(t[i].as_of_max)
		              : citation_range(&t[i], &r) ? r.last : INT32_MIN;
		if (day > best)
			best = day;
	}
	out[0] = '\0';
	if (best != INT32_MIN)
		date_format(best, out);
}

static bool any_rankings(const struct share_table *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].rankings)
			return true;
	}
	return false;
}

/* "2025-01-01 to 2026-10-09 (UTC days): 645 days with data, 2 missing (A, B)". */
static void range_text(struct buf *c, const struct share_table *t)
{
	struct citation_range r;
	if (!citation_range(t, &r)) {
		buf_append_str(c, "no data");
		return;
	}
	char a[DATE_LEN + 1], b[DATE_LEN + 1];
	date_format(r.first, a);
	date_format(r.last, b);
	buf_printf(c, "%s to %s (UTC days): %zu day%s with data, %zu missing", a, b, r.days,
	           r.days == 1 ? "" : "s", r.missing);
	int32_t (*spans)[2];
	size_t n = missing_spans(t, r.first, r.last, &spans);
	for (size_t i = 0; i < n && i < MAX_LISTED; i++) {
		date_format(spans[i][0], a);
		date_format(spans[i][1], b);
		buf_printf(c, "%s%s", i ? ", " : " (", a);
		if (spans[i][1] != spans[i][0])
			buf_printf(c, " to %s", b);
	}
	if (n > MAX_LISTED)
		buf_printf(c, " and %zu more", n - MAX_LISTED);
	if (n)
		buf_append_str(c, ")");
	free(spans);
}

void citation_text(struct buf *c, const struct dashboard *d, const struct share_table *t,
                   size_t n, const char *as_of)
{
	// A title of one's own definition may hold anything: shown inert.
	text_terminal(c, d->title);
	buf_append_str(c, "\n\n");
	for (size_t i = 0; i < n; i++) {
		char *source = share_citation(&t[i]);
		text_terminal(c, source);       // logs: dataset names from the data
		buf_append_str(c, ".\nData: ");
		free(source);
		range_text(c, &t[i]);
		buf_append_str(c, ".\n");
		if (t[i].rankings)
			buf_append_str(c, "Licence: CC BY 4.0 (" CITATION_LICENCE_URL "), the rankings "
			               "being OpenRouter's. Aggregated and relabelled by tokenshare "
			               "(changes were made): each model's daily tokens are summed per "
			               "period and labelled with its author's country by the mapping "
			               "below.\n");
		buf_append_str(c, "\n");
	}
	const char *mapping = n ? t[0].mapping_version : "none";
	if (n)
		buf_printf(c, "Mapping: %s (sha256 %s), the tables in mapping/.\n", mapping,
		           t[0].mapping_sha256);
	buf_printf(c, "Made with: tokenshare %s.\n", TOKENSHARE_VERSION);
	buf_append_str(c, "\nCite these numbers as:\n\n  ");
	text_terminal(c, d->title);
	buf_append_str(c, ", ");
	struct citation_range r;
	if (n && citation_range(&t[0], &r)) {
		char a[DATE_LEN + 1], b[DATE_LEN + 1];
		date_format(r.first, a);
		date_format(r.last, b);
		buf_printf(c, "data %s to %s, ", a, b);
	}
	buf_printf(c, "as of %s. ", as_of);
	for (size_t i = 0; i < n; i++) {
		char *source = share_citation(&t[i]);
		// "Source: ..., as of DATE" without the as-of, said once above.
		char *cut = strstr(source, ", as of ");
		if (cut)
			*cut = '\0';
		buf_append_str(c, i ? "; " : "");
		text_terminal(c, i ? source + strlen("Source: ") : source);
		free(source);
	}
	buf_printf(c, "%s; aggregated and relabelled by tokenshare %s (changes were made), "
	           "mapping %s.\n", any_rankings(t, n) ? ", CC BY 4.0" : "", TOKENSHARE_VERSION,
	           mapping);
	buf_append_str(c, "\nBibTeX (CITATION.bib; CITATION.cff has the same in the Citation "
	               "File Format):\n\n");
	citation_bibtex(c, d, t, n);
}

/* s as BibTeX text inside braces: its special characters as commands, so
 * braces stay balanced and nothing is read as markup. */
static void bib_str(struct buf *c, const char *s)
{
	bool utf8 = text_is_utf8(s, strlen(s));
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\\': buf_append_str(c, "\\textbackslash{}"); break;
		case '{': buf_append_str(c, "\\textbraceleft{}"); break;
		case '}': buf_append_str(c, "\\textbraceright{}"); break;
		case '~': buf_append_str(c, "\\textasciitilde{}"); break;
		case '^': buf_append_str(c, "\\textasciicircum{}"); break;
		case '#': case '$': case '%': case '&': case '_':
			buf_printf(c, "\\%c", *p);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_append_str(c, " ");
			else if (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0 && utf8)  // C1 controls
				buf_append_str(c, " "), p++;
			else if (*p >= 0x80 && !utf8)
				buf_append_str(c, "?");
			else
				buf_append(c, p, 1);
		}
	}
}

/* The version of the numbers: the as-of day and the mapping. */
static void data_version(struct buf *c, const struct share_table *t, size_t n)
{
	char day[DATE_LEN + 1];
	release_day(t, n, day);
	buf_printf(c, "%s+mapping.%s", *day ? day : "no-data", n ? t[0].mapping_version : "none");
}

void citation_bibtex(struct buf *c, const struct dashboard *d, const struct share_table *t,
                     size_t n)
{
	char day[DATE_LEN + 1];
	release_day(t, n, day);
	buf_append_str(c, "@misc{tokenshare-");
	for (const char *p = d->name; *p; p++) {
		char ch = *p;
		bool word = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
		buf_append(c, word ? &ch : "-", 1);
	}
	buf_printf(c, "-%s,\n  author       = {{" AUTHOR "}},\n  title        = {{", *day ? day
	           : "no-data");
	bib_str(c, d->title);
	buf_append_str(c, "}},\n");
	if (*day)
		buf_printf(c, "  year         = {%.4s},\n  date         = {%s},\n", day, day);
	buf_append_str(c, "  version      = {");
	data_version(c, t, n);
	buf_printf(c, "},\n  howpublished = {Dataset made with tokenshare %s},\n  note         = {",
	           TOKENSHARE_VERSION);
	for (size_t i = 0; i < n; i++) {
		struct buf s = {0};
		char *source = share_citation(&t[i]);
		buf_printf(&s, "%s%s. Data ", i ? " " : "", source);
		free(source);
		range_text(&s, &t[i]);
		buf_append_str(&s, t[i].rankings ? ". Licence CC BY 4.0 (" CITATION_LICENCE_URL
		               "); aggregated and relabelled by tokenshare (changes were made)." : ".");
		buf_append(&s, "", 1);
		bib_str(c, s.data);
		buf_finish(&s);
	}
	buf_append_str(c, "}\n}\n");
}

/* s as a YAML double-quoted scalar: \ and " escaped, and every character YAML
 * may not hold raw (controls, DEL, C1) or that is not UTF-8 as an escape. */
static void yaml_str(struct buf *c, const char *s)
{
	buf_append_str(c, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t len = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
		if (len > 1 && (strnlen((const char *)p, len) < len || !text_is_utf8((const char *)p, len))) {
			buf_append_str(c, "\\uFFFD");
			p++;
			continue;
		}
		if (*p == '"' || *p == '\\')
			buf_printf(c, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(c, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] < 0xa0)         // U+0080..U+009F
			buf_printf(c, "\\u%04x", p[1]);
		else
			buf_append(c, p, len);
		p += len;
	}
	buf_append_str(c, "\"");
}

void citation_cff(struct buf *c, const struct dashboard *d, const struct share_table *t,
                  size_t n)
{
	char day[DATE_LEN + 1];
	release_day(t, n, day);
	bool rankings = any_rankings(t, n), only_rankings = rankings && n == 1;
	buf_append_str(c, "# How to cite this bundle, in the Citation File Format "
	               "(https://citation-file-format.github.io/).\ncff-version: 1.2.0\nmessage: ");
	yaml_str(c, rankings ? "If you use these numbers, cite them as below and credit the "
	         "source: OpenRouter (openrouter.ai/rankings), CC BY 4.0. '" AUTHOR "' stands "
	         "for whoever made this bundle: a publisher puts their own name there."
	         : "If you use these numbers, cite them as below. '" AUTHOR "' stands for "
	         "whoever made this bundle: a publisher puts their own name there.");
	buf_append_str(c, "\ntype: dataset\ntitle: ");
	yaml_str(c, d->title);
	if (*d->description) {
		buf_append_str(c, "\nabstract: ");
		yaml_str(c, d->description);
	}
	buf_append_str(c, "\nauthors:\n  - name: \"" AUTHOR "\"\nversion: \"");
	data_version(c, t, n);
	buf_append_str(c, "\"\n");
	if (*day)
		buf_printf(c, "date-released: \"%s\"\n", day);
	if (only_rankings)
		buf_append_str(c, "license: " CITATION_LICENCE_SPDX "\n");
	buf_append_str(c, "references:\n");
	for (size_t i = 0; i < n; i++) {
		struct buf note = {0};
		char *source = share_citation(&t[i]);
		buf_printf(&note, "%s. Data ", source);
		free(source);
		range_text(&note, &t[i]);
		buf_append_str(&note, t[i].rankings ? ". Aggregated and relabelled by tokenshare "
		               "(changes were made)." : ".");
		buf_append(&note, "", 1);
		if (t[i].rankings) {
			buf_append_str(c, "  - type: data\n    title: \"OpenRouter rankings "
			               "(rankings-daily)\"\n    authors:\n      - name: \"OpenRouter\"\n"
			               "    url: \"https://openrouter.ai/rankings\"\n"
			               "    license: " CITATION_LICENCE_SPDX "\n");
			if (t[i].as_of_max != INT64_MIN) {
				char as_of[DATE_LEN + 1];
				date_format(date_of_timestamp(t[i].as_of_max), as_of);
				buf_printf(c, "    date-accessed: \"%s\"\n", as_of);
			}
		} else {
			buf_append_str(c, "  - type: data\n    title: ");
			char *title = xasprintf("Router logs: %s", t[i].source_label);
			yaml_str(c, title);
			free(title);
			buf_append_str(c, "\n    authors:\n      - name: \"the operator of the router\"\n");
		}
		buf_append_str(c, "    notes: ");
		yaml_str(c, note.data);
		buf_append_str(c, "\n");
		buf_finish(&note);
	}
	buf_printf(c, "  - type: software\n    title: \"tokenshare\"\n    authors:\n"
	           "      - name: \"the tokenshare authors\"\n    version: \"%s\"\n"
	           "    license: MIT\n", TOKENSHARE_VERSION);
}
