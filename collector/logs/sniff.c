/*
 * Telling rankings from logs (see sniff.h). Rankings arrive as CSV with the
 * rankings header, or as JSON whose data rows carry model_permaslug and
 * total_tokens; logs are JSON lines or JSON documents of request records.
 * Text that is neither goes to the rankings parser, whose errors explain
 * what was expected.
 *
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <string.h>

#include "collector/logs/sniff.h"
#include "core/jsonloc.h"

/* A rankings document: the Data API response or an archived day. */
static bool is_rankings_json(json_t *v)
{
	if (!json_is_object(v))
		return false;
	json_t *data = json_object_get(v, "data");
	if (!json_is_array(data))
		return false;
	if (json_is_string(json_object_get(v, "date")))
		return true;
	json_t *first = json_array_get(data, 0);
	if (!first) {
		// No rows: the Data API's meta (as_of, the dates asked) still says so.
		json_t *meta = json_object_get(v, "meta");
		return json_object_get(meta, "as_of") || json_object_get(meta, "start_date");
	}
	return json_object_get(first, "model_permaslug") && json_object_get(first, "total_tokens") &&
	       !json_object_get(first, "endpoint_id");
}

/* True if the line at p looks like the header of rankings CSV. */
static bool rankings_header(const char *p, size_t len)
{
	static const char key[] = "model_permaslug";
	for (size_t i = 0; i + sizeof key - 1 <= len; i++) {
		if (memcmp(p + i, key, sizeof key - 1) == 0)
			return true;
	}
	return false;
}

enum input_kind sniff_input(struct log_input *in)
{
	const char *p;
	size_t n = log_input_peek(in, &p);
	if (log_is_gzip((const unsigned char *)p, n))
		return INPUT_LOG_LINES;
	// NUL bytes are what a crash leaves in a file being appended to: blanks
	// here, rejected at their line by the log reader; rankings never have them.
	size_t i = 0;
	while (i < n && (p[i] == '\0' || strchr(" \t\r\n", p[i])))
		i++;
	if (i == n)
		return INPUT_RANKINGS;        // empty: the rankings parser says so
	if (p[i] != '{' && p[i] != '[') {
		// Text first: rankings CSV (its header names model_permaslug), or a
		// log whose first lines are noise (LiteLLM's start-up lines on the
		// same stdout): any JSON line in what is buffered makes it a log.
		const char *nl = memchr(p + i, '\n', n - i);
		if (rankings_header(p + i, nl ? (size_t)(nl - (p + i)) : n - i))
			return INPUT_RANKINGS;
		for (size_t at = i; at < n;) {
			while (at < n && (p[at] == ' ' || p[at] == '\t' || p[at] == '\0'))
				at++;
			if (at < n && (p[at] == '{' || p[at] == '['))
				return INPUT_LOG_LINES;
			nl = memchr(p + at, '\n', n - at);
			if (!nl)
				break;
			at = (size_t)(nl - p) + 1;
		}
		return INPUT_RANKINGS;    // text the rankings parser explains
	}
	const char *nl = memchr(p + i, '\n', n - i);
	size_t line_len = nl ? (size_t)(nl - (p + i)) : n - i;
	json_t *first = jsonloc_load(p + i, line_len, 0, NULL);
	if (!first)
		return INPUT_LOG_DOCUMENT;    // a document over several lines (or bad JSON)
	bool rankings = is_rankings_json(first);
	json_decref(first);
	return rankings ? INPUT_RANKINGS : INPUT_LOG_LINES;
}

bool sniff_rankings_document(json_t *doc)
{
	return is_rankings_json(doc);
}
