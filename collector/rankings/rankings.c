/*
 * What all rankings formats share: input checks, format detection, and the
 * validation of one row (see rankings.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "collector/rankings/rankings.h"
#include "core/date.h"
#include "core/jsonloc.h"
#include "core/num.h"
#include "core/text.h"
#include "core/xalloc.h"

#define MODEL_MAX 256   // bytes; OpenRouter permaslugs are well under 100
// Tokens of one model on one day. All of OpenRouter did about 2e12 a day in
// 2026; a thousand times more is still plausible, 9e18 (a bug or an attack
// taking a period's whole share, or overflowing its sum) is not.
#define RANK_TOKENS_MAX 1000000000000000ull     // 10^15 tokens

const struct rank_format *const rank_formats[] = {
	&rank_format_api,
	&rank_format_archive,
	&rank_format_csv,
	NULL,
};

const struct rank_format *rank_format_find(const char *name)
{
	for (size_t i = 0; rank_formats[i]; i++) {
		if (strcmp(rank_formats[i]->name, name) == 0)
			return rank_formats[i];
	}
	return NULL;
}

json_t *rank_input_json(struct rank_input *in)
{
	if (!in->json_tried) {
		in->json_tried = true;
		in->json = jsonloc_load(in->data, in->len, JSON_REJECT_DUPLICATES, &in->json_error);
	}
	return in->json;
}

void rank_input_finish(struct rank_input *in)
{
	json_decref(in->json);
	in->json = NULL;
	in->json_tried = false;
	free(in->data_lines);
	in->data_lines = NULL;
	in->n_data_lines = 0;
	in->data_lines_found = false;
}

unsigned long rank_json_data_line(struct rank_input *in, size_t index)
{
	if (!in->data_lines_found) {
		struct jsonloc_step path[1] = {{"data", 0}};
		in->n_data_lines = jsonloc_elements(in->data, in->len, path, 1, &in->data_lines);
		in->data_lines_found = true;
	}
	return index < in->n_data_lines ? in->data_lines[index] : 1;
}

bool rank_add_row(struct rank_batch *out, const struct rank_input *in, unsigned long line,
                  const char *date, size_t date_len, const char *model, size_t model_len,
                  const char *tokens, size_t tokens_len, int64_t as_of, struct diag *d)
{
	int32_t day;
	if (!date_parse(date, date_len, &day)) {
		diag_add(d, line, "date %s is not a calendar date in the form YYYY-MM-DD",
		         text_quoted(date, date_len));
		return false;
	}
	if (day < RANK_FIRST_DAY) {
		diag_add(d, line, "date %s is before 2025-01-01, where OpenRouter's rankings begin",
		         text_quoted(date, date_len));
		return false;
	}
	if (day > date_of_timestamp(date_now())) {
		diag_add(d, line, "date %s is in the future (after today, UTC)",
		         text_quoted(date, date_len));
		return false;
	}
	if (model_len == 0) {
		diag_add(d, line, "model_permaslug is empty");
		return false;
	}
	if (model_len > MODEL_MAX || !text_is_utf8(model, model_len) ||
	    text_find_nul(model, model_len) != model_len) {
		diag_add(d, line, "model_permaslug %s is not a model id (longer than %d bytes "
		         "or not UTF-8 text)", text_quoted(model, model_len), MODEL_MAX);
		return false;
	}
	for (size_t i = 0; i < model_len; i++) {
		unsigned char c = (unsigned char)model[i];
		if (c <= ' ' || c == 0x7F) {
			diag_add(d, line, "model_permaslug %s contains white space or a control "
			         "character", text_quoted(model, model_len));
			return false;
		}
	}
	uint64_t n;
	enum num_error err = num_parse_u64(tokens, tokens_len, RANK_TOKENS_MAX, &n);
	if (err != NUM_OK) {
		if (err == NUM_TOO_BIG)
			diag_add(d, line, "total_tokens %s is larger than %llu, more than a model "
			         "can plausibly serve in a day", text_quoted(tokens, tokens_len),
			         (unsigned long long)RANK_TOKENS_MAX);
		else
			diag_add(d, line, "total_tokens %s: %s", text_quoted(tokens, tokens_len),
			         num_error_str(err));
		return false;
	}
	xgrow(&out->rows, &out->cap, out->n + 1, sizeof *out->rows);
	out->rows[out->n] = (struct rank_row){
		.day = day,
		.tokens = n,
		.as_of = as_of,
		.model = xstrndup(model, model_len),
		.file = in->name,
		.line = line,
		.seq = out->n,
	};
	out->n++;
	return true;
}

/* A JSON member as text: strings as they are, integers printed. */
static const char *member_text(json_t *obj, const char *key, char *scratch, size_t size,
                               size_t *len, const char **type_error)
{
	json_t *v = json_object_get(obj, key);
	*type_error = NULL;
	if (!v) {
		*type_error = "is missing";
		return NULL;
	}
	if (json_is_string(v)) {
		*len = json_string_length(v);
		return json_string_value(v);
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		int n = snprintf(scratch, size, "%lld", (long long)json_integer_value(v));
		*len = (size_t)n;
		return scratch;
	}
	*type_error = json_is_integer(v) ? "is negative"
	              : json_is_real(v)  ? "is not a whole number"
	              : json_is_null(v)  ? "is null"
	                                 : "has the wrong type";
	return NULL;
}

void rank_parse_json_rows(struct rank_input *in, json_t *data, const char *expect_date,
                          int64_t as_of, struct rank_batch *out, struct diag *d)
{
	size_t i;
	json_t *item;
	json_array_foreach(data, i, item) {
		unsigned long line = rank_json_data_line(in, i);
		if (!json_is_object(item)) {
			diag_add(d, line, "data[%zu] is not an object", i);
			continue;
		}
		static const char *const fields[3] = {"date", "model_permaslug", "total_tokens"};
		const char *text[3];
		size_t len[3] = {0, 0, 0};
		char scratch[3][32];
		bool ok = true;
		for (int f = 0; f < 3; f++) {
			const char *why;
			text[f] = member_text(item, fields[f], scratch[f], sizeof scratch[f], &len[f], &why);
			// Only the token count may be a JSON number; dates and ids are strings.
			if (text[f] && f < 2 && !json_is_string(json_object_get(item, fields[f])))
				why = "is not a string";
			if (why) {
				diag_add(d, line, "data[%zu].%s %s", i, fields[f], why);
				ok = false;
			}
		}
		if (!ok)
			continue;
		if (expect_date && (len[0] != strlen(expect_date) ||
		                    memcmp(text[0], expect_date, len[0]) != 0)) {
			diag_add(d, line, "data[%zu].date %s differs from the file's date \"%s\"", i,
			         text_quoted(text[0], len[0]), expect_date);
			continue;
		}
		rank_add_row(out, in, line, text[0], len[0], text[1], len[1], text[2], len[2], as_of, d);
	}
}

bool rank_parse_input(struct rank_input *in, const struct rank_format *forced,
                      struct rank_batch *out, struct diag *d)
{
	size_t nul = text_find_nul(in->data, in->len);
	if (nul != in->len) {
		diag_add(d, text_line_of(in->data, nul), "binary data (a NUL byte at offset %zu), "
		         "not rankings text", nul);
		return false;
	}
	if (!text_is_utf8(in->data, in->len)) {
		diag_add(d, 1, "not UTF-8 text, so not rankings data");
		return false;
	}
	size_t i = 0;
	while (i < in->len && strchr(" \t\r\n", in->data[i]))
		i++;
	if (i == in->len) {
		diag_add(d, 1, "empty file: no rankings rows");
		return false;
	}
	const struct rank_format *fmt = forced;
	for (size_t k = 0; !fmt && rank_formats[k]; k++) {
		if (rank_formats[k]->detect(in))
			fmt = rank_formats[k];
	}
	if (!fmt) {
		if (in->data[i] == '{' || in->data[i] == '[') {
			json_t *root = rank_input_json(in);
			if (!root) {
				diag_add(d, (unsigned long)(in->json_error.line > 0 ? in->json_error.line : 1),
				         "invalid JSON: %s", in->json_error.text);
				return false;
			}
		}
		diag_add(d, 1, "not a rankings file: expected the Data API response "
		         "({\"data\":[...],\"meta\":{...}}), an archived day "
		         "({\"date\":...,\"data\":[...]}) or CSV with the header "
		         "date,model_permaslug,total_tokens (router logs are JSON lines or JSON "
		         "documents)");
		return false;
	}
	size_t before = d->count;
	fmt->parse(in, out, d);
	return d->count == before;
}
