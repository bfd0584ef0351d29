/*
 * Rankings archived one UTC day per file, as community collectors keep them
 * (e.g. pickmiu/llm-market-data data/openrouter/rankings_daily/<date>.json):
 * {"date":"YYYY-MM-DD", "fetched_at":..., "as_of":..., "data":[rows]}. Every
 * row must carry the file's date. The as-of time is "as_of" when set, else
 * "fetched_at" (the data was current when it was fetched).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "collector/rankings/rankings.h"
#include "core/date.h"
#include "core/text.h"

static bool detect(struct rank_input *in)
{
	json_t *root = rank_input_json(in);
	return json_is_object(root) && json_is_string(json_object_get(root, "date")) &&
	       json_is_array(json_object_get(root, "data"));
}

static void parse(struct rank_input *in, struct rank_batch *out, struct diag *d)
{
	json_t *root = rank_input_json(in);
	if (!root) {
		diag_add(d, (unsigned long)(in->json_error.line > 0 ? in->json_error.line : 1),
		         "invalid JSON: %s", in->json_error.text);
		return;
	}
	json_t *date = json_object_get(root, "date");
	json_t *data = json_object_get(root, "data");
	if (!json_is_object(root) || !json_is_string(date) || !json_is_array(data)) {
		diag_add(d, 1, "expected an object with a \"date\" string and a \"data\" array "
		         "(an archived rankings day)");
		return;
	}
	struct jsonloc_step path[1] = {{"date", 0}};
	int32_t day;
	if (!date_parse(json_string_value(date), json_string_length(date), &day)) {
		diag_add(d, jsonloc_line(in->data, in->len, path, 1),
		         "date %s is not a calendar date in the form YYYY-MM-DD",
		         text_quoted(json_string_value(date), json_string_length(date)));
		return;
	}
	int64_t as_of = in->as_of_default;
	static const char *const stamps[] = {"as_of", "fetched_at"};
	for (size_t k = 0; k < 2 && as_of == RANK_AS_OF_UNKNOWN; k++) {
		json_t *v = json_object_get(root, stamps[k]);
		if (!v || json_is_null(v))
			continue;
		path[0].key = stamps[k];
		if (!json_is_string(v) ||
		    !date_parse_timestamp(json_string_value(v), json_string_length(v), &as_of)) {
			diag_add(d, jsonloc_line(in->data, in->len, path, 1),
			         "%s is not an ISO 8601 time stamp", stamps[k]);
			return;
		}
	}
	rank_parse_json_rows(in, data, json_string_value(date), as_of, out, d);
}

const struct rank_format rank_format_archive = {
	.name = "rankings-archive",
	.summary = "one archived day {\"date\":...,\"fetched_at\":...,\"data\":[...]}",
	.detect = detect,
	.parse = parse,
};
