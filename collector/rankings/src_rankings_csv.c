/*
 * Rankings as CSV with the header date,model_permaslug,total_tokens (the
 * columns of the Data API, as analysts export them). Columns may come in
 * any order; other columns are ignored. An optional as_of column gives each
 * row the time its value was fetched (ISO 8601; empty: unknown), so a
 * series collected day by day keeps each day's citation date; --as-of, when
 * given, wins over it, as over an archived day's own.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "collector/rankings/rankings.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/text.h"

static const char *const columns[3] = {"date", "model_permaslug", "total_tokens"};

/* Finds the three columns in the current record; false if one is missing. */
static bool map_header(const struct csv_reader *r, size_t map[3])
{
	for (int c = 0; c < 3; c++) {
		map[c] = r->count;
		for (size_t f = 0; f < r->count; f++) {
			if (strcmp(csv_field(r, f, NULL), columns[c]) == 0)
				map[c] = f;
		}
		if (map[c] == r->count)
			return false;
	}
	return true;
}

/* The column named as_of, or r->count if there is none. */
static size_t as_of_column(const struct csv_reader *r)
{
	for (size_t f = 0; f < r->count; f++)
		if (strcmp(csv_field(r, f, NULL), "as_of") == 0)
			return f;
	return r->count;
}

/* The row's as-of time: --as-of, else its as_of cell; false (said) if bad. */
static bool row_as_of(const struct csv_reader *r, size_t col, const struct rank_input *in,
                      unsigned long line, int64_t *as_of, struct diag *d)
{
	*as_of = in->as_of_default;
	if (*as_of != RANK_AS_OF_UNKNOWN || col == r->count)
		return true;
	size_t len;
	const char *s = csv_field(r, col, &len);
	if (len == 0)
		return true;
	if (!date_parse_timestamp(s, len, as_of)) {
		diag_add(d, line, "as_of %s is not an ISO 8601 time such as 2026-03-02T04:05:06Z",
		         text_quoted(s, len));
		return false;
	}
	return true;
}

static bool detect(struct rank_input *in)
{
	struct csv_reader r;
	csv_reader_init(&r, in->data, in->len);
	unsigned long line;
	const char *err;
	size_t map[3];
	bool ok = csv_next(&r, &line, &err) == 1 && map_header(&r, map);
	csv_reader_finish(&r);
	return ok;
}

static void parse(struct rank_input *in, struct rank_batch *out, struct diag *d)
{
	struct csv_reader r;
	csv_reader_init(&r, in->data, in->len);
	unsigned long line;
	const char *err;
	size_t map[3];
	int rc = csv_next(&r, &line, &err);
	if (rc != 1 || !map_header(&r, map)) {
		diag_add(d, rc < 0 ? line : 1,
		         "expected a header line naming date,model_permaslug,total_tokens");
		csv_reader_finish(&r);
		return;
	}
	const char *twice = csv_repeated_field(&r);
	if (twice) {
		diag_add(d, line, "the header names the column %s twice: which one holds the "
		         "data cannot be known", text_quoted(twice, strlen(twice)));
		csv_reader_finish(&r);
		return;
	}
	size_t width = r.count, as_of_col = as_of_column(&r);
	while ((rc = csv_next(&r, &line, &err)) != 0) {
		if (rc < 0) {
			diag_add(d, line, "%s", err);
			continue;
		}
		if (r.count != width) {
			diag_add(d, line, "%zu fields, but the header has %zu", r.count, width);
			continue;
		}
		size_t len[3];
		const char *text[3];
		for (int c = 0; c < 3; c++)
			text[c] = csv_field(&r, map[c], &len[c]);
		int64_t as_of;
		if (row_as_of(&r, as_of_col, in, line, &as_of, d))
			rank_add_row(out, in, line, text[0], len[0], text[1], len[1], text[2], len[2],
			             as_of, d);
	}
	csv_reader_finish(&r);
}

const struct rank_format rank_format_csv = {
	.name = "rankings-csv",
	.summary = "CSV with the header date,model_permaslug,total_tokens[,as_of]",
	.detect = detect,
	.parse = parse,
};
