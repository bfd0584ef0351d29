/*
 * Rankings as the Data API returns them: GET /api/v1/datasets/rankings-daily
 * gives {"data":[{date, model_permaslug, total_tokens}], "meta":{as_of,
 * version, start_date, end_date}}; total_tokens is a decimal string (it can
 * exceed 2^53). meta.as_of is kept for the citation. Rows must fall inside
 * meta's date range; a day of that range without rows is worth a warning,
 * since the API never has a day with no traffic.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "collector/rankings/rankings.h"
#include "core/date.h"
#include "core/log.h"
#include "core/text.h"
#include "core/xalloc.h"

static bool detect(struct rank_input *in)
{
	json_t *root = rank_input_json(in);
	return json_is_object(root) && json_is_array(json_object_get(root, "data")) &&
	       !json_object_get(root, "date");
}

#define MISSING_SHOWN 31    // days without rows named one by one; then a count

/* Reads meta.<key> as a date into *day; false (with a message) if present but bad. */
static bool meta_date(struct rank_input *in, json_t *meta, const char *key, int32_t *day,
                      bool *present, struct diag *d)
{
	json_t *v = json_object_get(meta, key);
	*present = v && !json_is_null(v);
	if (!*present)
		return true;
	if (!json_is_string(v) || !date_parse(json_string_value(v), json_string_length(v), day)) {
		struct jsonloc_step path[2] = {{"meta", 0}, {key, 0}};
		diag_add(d, jsonloc_line(in->data, in->len, path, 2),
		         "meta.%s is not a date in the form YYYY-MM-DD", key);
		return false;
	}
	return true;
}

static void parse(struct rank_input *in, struct rank_batch *out, struct diag *d)
{
	json_t *root = rank_input_json(in);
	if (!root) {
		diag_add(d, (unsigned long)(in->json_error.line > 0 ? in->json_error.line : 1),
		         "invalid JSON: %s", in->json_error.text);
		return;
	}
	json_t *data = json_object_get(root, "data");
	if (!json_is_object(root) || !json_is_array(data)) {
		diag_add(d, 1, "expected an object with a \"data\" array (the Data API response)");
		return;
	}
	json_t *meta = json_object_get(root, "meta");
	int64_t as_of = in->as_of_default;
	int32_t start = 0, end = 0;
	bool has_start = false, has_end = false;
	if (meta && !json_is_null(meta)) {
		struct jsonloc_step path[2] = {{"meta", 0}, {"as_of", 0}};
		if (!json_is_object(meta)) {
			diag_add(d, jsonloc_line(in->data, in->len, path, 1), "meta is not an object");
			return;
		}
		json_t *v = json_object_get(meta, "as_of");
		int64_t t;
		if (json_is_string(v)) {
			if (!date_parse_timestamp(json_string_value(v), json_string_length(v), &t)) {
				diag_add(d, jsonloc_line(in->data, in->len, path, 2),
				         "meta.as_of %s is not an ISO 8601 time stamp",
				         text_quoted(json_string_value(v), json_string_length(v)));
				return;
			}
			// An explicit --as-of wins over what the file says.
			if (in->as_of_default == RANK_AS_OF_UNKNOWN)
				as_of = t;
		} else if (v && !json_is_null(v)) {
			diag_add(d, jsonloc_line(in->data, in->len, path, 2), "meta.as_of is not a string");
			return;
		}
		if (!meta_date(in, meta, "start_date", &start, &has_start, d) ||
		    !meta_date(in, meta, "end_date", &end, &has_end, d))
			return;
	}
	size_t first = out->n;
	rank_parse_json_rows(in, data, NULL, as_of, out, d);
	if (json_array_size(data) == 0 && !(has_start && has_end))
		log_warning("%s: the response holds no rows: no day is stored from it", in->name);
	if (!has_start || !has_end)
		return;
	// Rows outside the range the response claims to cover mean a corrupt or
	// hand-edited file; days inside it without rows are only suspicious.
	// Only days a row may have (2025-01-01 to today) can lack one: a meta
	// range of millions of days must not mean millions of warnings.
	int32_t lo = start > RANK_FIRST_DAY ? start : RANK_FIRST_DAY;
	int32_t today = date_of_timestamp(date_now());
	int32_t hi = end < today ? end : today;
	size_t n_days = hi >= lo ? (size_t)(hi - lo + 1) : 0;
	bool *seen = xcalloc(n_days ? n_days : 1, 1);
	for (size_t i = first; i < out->n; i++) {
		const struct rank_row *r = &out->rows[i];
		if (r->day < start || r->day > end) {
			char day[DATE_LEN + 1];
			date_format(r->day, day);
			diag_add(d, r->line, "date %s is outside meta.start_date..end_date", day);
		} else if (r->day >= lo && r->day <= hi) {
			seen[r->day - lo] = true;
		}
	}
	size_t missing = 0;
	for (size_t k = 0; k < n_days; k++) {
		if (!seen[k] && ++missing <= MISSING_SHOWN) {
			char day[DATE_LEN + 1];
			date_format(lo + (int32_t)k, day);
			log_warning("%s: meta covers %s but no row has that date; the day is not "
			            "stored (nothing to replace it with)", in->name, day);
		}
	}
	if (missing > MISSING_SHOWN)
		log_warning("%s: and %zu more days in meta's range without rows", in->name,
		            missing - MISSING_SHOWN);
	free(seen);
}

const struct rank_format rank_format_api = {
	.name = "rankings-api",
	.summary = "Data API response {\"data\":[...],\"meta\":{...}} (GET /api/v1/datasets/rankings-daily)",
	.detect = detect,
	.parse = parse,
};
