/*
 * OpenRouter generation records: GET /api/v1/generation?id= returns
 * {"data": {...}}; exports and logs keep one record per line. Fields:
 * id (gen-...), created_at (ISO 8601), model, provider_name, tokens_prompt
 * and tokens_completion (OpenRouter's count) or native_tokens_* (the
 * provider's own tokenizer, preferred, as billing and the rankings use it),
 * native_tokens_reasoning (inside completion), native_tokens_cached (inside
 * prompt), total_cost (USD). The permanent slug is in provider_responses.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "collector/logs/logfmt.h"

static int match(const struct jrec *r)
{
	const char *s;
	size_t n;
	struct jfield f;
	int score = 0;
	if (jget_string(r, "id", &s, &n))
		score += n > 4 && memcmp(s, "gen-", 4) == 0 ? 2 : 1;
	jget(r, "created_at", &f);
	score += f.type == JT_STRING;
	jget(r, "tokens_prompt", &f);
	score += f.type != JT_MISSING;
	jget(r, "native_tokens_prompt", &f);
	score += f.type != JT_MISSING;
	jget(r, "provider_name", &f);
	score += f.type != JT_MISSING;
	return score >= 4 ? score : 0;
}

/* The native count when the provider gave one, else OpenRouter's. */
static const char *tokens(const struct jrec *r, const char *native, const char *plain,
                          uint64_t *v)
{
	struct jfield f;
	jget(r, native, &f);
	if (f.type != JT_MISSING && f.type != JT_NULL)
		return logfmt_tokens(r, native, true, v);
	return logfmt_tokens(r, plain, true, v);
}

static const char *extract(const struct jrec *r, struct usage_record *out)
{
	if (!jget_string(r, "id", &out->id, &out->id_len) || out->id_len == 0)
		return "no request id (\"id\")";
	if (!logfmt_time(r, "created_at", &out->time))
		return "no valid \"created_at\" time stamp";
	if (!jget_string(r, "model", &out->model, &out->model_len) || out->model_len == 0)
		return "no \"model\"";
	jget_string(r, "provider_name", &out->provider, &out->provider_len);
	const char *why;
	if ((why = tokens(r, "native_tokens_prompt", "tokens_prompt", &out->prompt)) ||
	    (why = tokens(r, "native_tokens_completion", "tokens_completion", &out->completion)) ||
	    (why = logfmt_tokens(r, "native_tokens_reasoning", false, &out->reasoning)) ||
	    (why = logfmt_tokens(r, "native_tokens_cached", false, &out->cached)))
		return why;
	if (!logfmt_cost(r, "total_cost", &out->cost_micro) &&
	    !logfmt_cost(r, "usage", &out->cost_micro))
		out->cost_micro = COST_UNKNOWN;
	out->requests = 1;
	// The serving attempt that succeeded names the permanent slug.
	if (r->json) {
		json_t *attempts = json_object_get(r->json, "provider_responses");
		size_t i;
		json_t *a;
		json_array_foreach(attempts, i, a) {
			json_t *status = json_object_get(a, "status");
			json_t *slug = json_object_get(a, "model_permaslug");
			if (json_is_string(slug) && (!json_is_integer(status) ||
			                             json_integer_value(status) == 200)) {
				out->permaslug = json_string_value(slug);
				out->permaslug_len = json_string_length(slug);
			}
		}
	}
	return NULL;
}

const struct log_format log_format_generation = {
	.name = "openrouter-generation",
	.dataset = "openrouter-generation",
	.summary = "OpenRouter generation records (GET /api/v1/generation; JSON lines or {\"data\":...})",
	.match = match,
	.extract = extract,
};
