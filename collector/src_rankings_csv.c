/*
 * Rankings as CSV with the header date,model_permaslug,total_tokens (the
 * columns of the Data API, as analysts export them). Columns may come in
 * any order; other columns are ignored. A CSV carries no as-of time, so the
 * citation date comes from --as-of (or stays unknown).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "collector/rankings.h"
#include "core/csv.h"
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
	size_t width = r.count;
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
		rank_add_row(out, in, line, text[0], len[0], text[1], len[1], text[2], len[2],
		             in->as_of_default, d);
	}
	csv_reader_finish(&r);
}

const struct rank_format rank_format_csv = {
	.name = "rankings-csv",
	.summary = "CSV with the header date,model_permaslug,total_tokens",
	.detect = detect,
	.parse = parse,
};
