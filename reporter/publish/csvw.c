/*
 * CSVW sidecars of published CSVs (see csvw.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "reporter/publish/citation.h"
#include "reporter/publish/csvw.h"
#include "reporter/publish/dashboard_def.h"
#include "reporter/publish/output.h"
#include "reporter/views/share.h"

#define HEADER_MAX 4096         // bytes of a header line; ours are a few hundred

struct column_kind {
	const char *datatype;   // CSVW built-in datatype
	const char *unit;       // schema:unitText, or NULL
	const char *about;      // dc:description, or NULL
};

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && strcmp(s + n - k, tail) == 0;
}

/* What a column of ours holds, by its name (the names of out_csv.c, change.c,
 * coverage.c and the mapping tables); any other column is text. */
static struct column_kind column_kind(const char *name)
{
	static const char *const day_counts[] = {"days", "length", "missing_days",
	                                         "provisional_days", "incomplete_days"};
	if (strcmp(name, "period") == 0)
		return (struct column_kind){"string", NULL, "the period: an ISO 8601 week "
		        "(2026-W07), a month (2026-01) or a day"};
	if (strcmp(name, "start") == 0 || strcmp(name, "end") == 0)
		return (struct column_kind){"date", NULL, "the first or last day of the period "
		        "(UTC unless the view names a time zone)"};
	if (strcmp(name, "previous_start") == 0 || strcmp(name, "year_ago_start") == 0)
		return (struct column_kind){"date", NULL, "the first day of the period compared "
		        "with; empty when there is none"};
	if (strcmp(name, "group") == 0)
		return (struct column_kind){"string", NULL, "the group: by default the country "
		        "(ISO 3166-1 alpha-2) of the model's author, unknown, unattributed (the "
		        "rankings' other row), outside-top-N or rest; else what the view groups by"};
	if (strcmp(name, "known_since") == 0)
		return (struct column_kind){"date", NULL, "the first day the row's fact was public; "
		        "empty = from the start"};
	for (size_t i = 0; i < sizeof day_counts / sizeof day_counts[0]; i++) {
		if (strcmp(name, day_counts[i]) == 0)
			return (struct column_kind){"integer", "days", NULL};
	}
	if (strcmp(name, "top_n") == 0)
		return (struct column_kind){"integer", "models", "N of the press method: the "
		        "period's N largest models"};
	if (ends_with(name, "_pp"))
		return (struct column_kind){"decimal", "percentage points", NULL};
	if (strcmp(name, "share") == 0 || ends_with(name, "_share") || ends_with(name, "_pct"))
		return (struct column_kind){"decimal", "percent", NULL};
	if (strcmp(name, "tokens") == 0 || ends_with(name, "_tokens"))
		return (struct column_kind){"integer", "tokens", "prompt + completion tokens"};
	if (strcmp(name, "requests") == 0 || ends_with(name, "_requests"))
		return (struct column_kind){"integer", "requests", NULL};
	if (strcmp(name, "cost_microusd") == 0 || ends_with(name, "_cost_microusd"))
		return (struct column_kind){"integer", "USD micro-units (1e-6 US dollars)", NULL};
	return (struct column_kind){"string", NULL, NULL};
}

/* The fields of path's first line, as a JSON array of strings (new), or NULL
 * after a message. */
static json_t *read_header(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[HEADER_MAX];
	if (!fp || !fgets(line, sizeof line, fp)) {
		log_error("%s: cannot read its header: %s", path, fp ? "empty" : strerror(errno));
		if (fp)
			fclose(fp);
		return NULL;
	}
	fclose(fp);
	struct csv_reader r;
	unsigned long at;
	const char *why = "no fields";
	csv_reader_init(&r, line, strcspn(line, "\n"));
	json_t *names = NULL;
	if (csv_next(&r, &at, &why) == 1) {
		names = json_array();
		for (size_t i = 0; i < r.count; i++)
			json_array_append_new(names, json_string(csv_field(&r, i, NULL)));
	} else {
		log_error("%s: cannot read its header: %s", path, why);
	}
	csv_reader_finish(&r);
	return names;
}

static void set_text(json_t *o, const char *key, const char *value)
{
	if (value)
		json_object_set_new(o, key, json_string(value));
}

int csvw_write(const char *dir, const char *csv, const struct csvw_meta *m)
{
	char *path = xasprintf("%s/%s", dir, csv);
	json_t *names = read_header(path);
	free(path);
	if (!names)
		return -1;
	json_t *root = json_object(), *columns = json_array();
	json_object_set_new(root, "@context", json_string("http://www.w3.org/ns/csvw"));
	const char *base = strrchr(csv, '/') ? strrchr(csv, '/') + 1 : csv;
	json_object_set_new(root, "url", json_string(base));
	set_text(root, "dc:title", m->title);
	set_text(root, "dc:description", m->description);
	set_text(root, "dc:source", m->source);
	if (m->licence)
		json_object_set_new(root, "dc:license", json_pack("{s:s}", "@id", m->licence));
	set_text(root, "dc:created", m->created);
	set_text(root, "dc:temporal", m->temporal);
	size_t i;
	json_t *name;
	json_array_foreach(names, i, name) {
		struct column_kind k = column_kind(json_string_value(name));
		json_t *c = json_pack("{s:O, s:O, s:s}", "name", name, "titles", name,
		                      "datatype", k.datatype);
		set_text(c, "schema:unitText", k.unit);
		set_text(c, "dc:description", k.about);
		json_array_append_new(columns, c);
	}
	json_object_set_new(root, "tableSchema", json_pack("{s:o}", "columns", columns));
	char *text = json_dumps(root, JSON_INDENT(2));
	struct buf b = {0};
	buf_printf(&b, "%s\n", text);
	char *sidecar = xasprintf("%s" CSVW_SUFFIX, csv);
	int rc = output_write_buf(dir, sidecar, &b);
	free(sidecar);
	buf_finish(&b);
	free(text);
	json_decref(root);
	json_decref(names);
	return rc;
}

/* csvw_write for the CSV csv of view v made from t. */
static int write_view(const char *dir, const char *csv, const char *title,
                      const struct dash_view *v, const struct share_table *t)
{
	struct citation_range r;
	char created[DATE_LEN + 1] = "", first[DATE_LEN + 1], last[DATE_LEN + 1], temporal[32] = "";
	if (citation_range(t, &r)) {
		date_format(r.first, first);
		date_format(r.last, last);
		snprintf(temporal, sizeof temporal, "%s/%s", first, last);
		memcpy(created, last, sizeof created);
	}
	if (t->rankings && t->as_of_max != INT64_MIN)
		date_format(date_of_timestamp(t->as_of_max), created);
	char *source = share_citation(t);
	char *full = t->rankings ? xasprintf("%s; CC BY 4.0; aggregated and relabelled by "
	                                     "tokenshare (changes were made), mapping %s", source,
	                                     t->mapping_version)
	                         : xasprintf("%s; mapping %s", source, t->mapping_version);
	char *view_title = xasprintf("%s (view %s)", title, v->stem);
	struct csvw_meta m = {view_title, v->command, full, t->rankings ? CITATION_LICENCE_URL : NULL,
	                      *created ? created : NULL, *temporal ? temporal : NULL};
	int rc = csvw_write(dir, csv, &m);
	free(view_title);
	free(full);
	free(source);
	return rc;
}

int csvw_add_sidecars(const char *dir, char ***files, size_t *n, size_t from, const char *title,
                      const struct dash_view *v, const struct share_table *t)
{
	for (size_t i = from, end = *n; i < end; i++) {
		const char *dot = strrchr((*files)[i], '.');
		if (!dot || strcmp(dot, ".csv") != 0)
			continue;
		if (write_view(dir, (*files)[i], title, v, t) != 0)
			return -1;
		char *sidecar = xasprintf("%s" CSVW_SUFFIX, (*files)[i]);
		*files = xrealloc(*files, (*n + 1) * sizeof **files);
		(*files)[(*n)++] = sidecar;
	}
	return 0;
}
