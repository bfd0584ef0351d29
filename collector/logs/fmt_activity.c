/*
 * OpenRouter activity (GET /api/v1/activity, management key): the account's
 * own usage per UTC day x model x endpoint for the last 30 completed days,
 * {"data": [{date, model, model_permaslug, endpoint_id, provider_name,
 * usage, byok_usage_inference, requests, prompt_tokens, completion_tokens,
 * reasoning_tokens}]}. A snapshot: a day fetched again replaces the stored
 * day, so rows carry no request id. Cost = usage + byok_usage_inference
 * (credits charged plus bring-your-own-key inference), in USD.
 *
 * SPDX-License-Identifier: MIT
 */
#include "collector/logs/logfmt.h"
#include "core/date.h"

static int match(const struct jrec *r)
{
	struct jfield f;
	int score = 0;
	static const char *const keys[] = {"date", "endpoint_id", "requests", "prompt_tokens",
	                                   "model_permaslug"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		jget(r, keys[i], &f);
		score += f.type != JT_MISSING;
	}
	return score >= 4 ? score : 0;
}

static const char *extract(const struct jrec *r, struct usage_record *out)
{
	const char *s;
	size_t n;
	int32_t day;
	if (!jget_string(r, "date", &s, &n) || !date_parse(s, n, &day))
		return "no \"date\" in the form YYYY-MM-DD";
	out->time = (int64_t)day * 86400;
	if (!jget_string(r, "model", &out->model, &out->model_len) || out->model_len == 0)
		return "no \"model\"";
	jget_string(r, "model_permaslug", &out->permaslug, &out->permaslug_len);
	jget_string(r, "provider_name", &out->provider, &out->provider_len);
	const char *why;
	if ((why = logfmt_tokens(r, "requests", true, &out->requests)) ||
	    (why = logfmt_tokens(r, "prompt_tokens", true, &out->prompt)) ||
	    (why = logfmt_tokens(r, "completion_tokens", true, &out->completion)) ||
	    (why = logfmt_tokens(r, "reasoning_tokens", false, &out->reasoning)))
		return why;
	int64_t credits, byok = 0;
	if (logfmt_cost(r, "usage", &credits)) {
		logfmt_cost(r, "byok_usage_inference", &byok);
		out->cost_micro = credits + byok;
	} else {
		out->cost_micro = COST_UNKNOWN;
	}
	// The row key (date, model, endpoint) is the identity of a snapshot row.
	if (!jget_string(r, "endpoint_id", &out->id, &out->id_len))
		out->id = NULL;
	return NULL;
}

const struct log_format log_format_activity = {
	.name = "openrouter-activity",
	.dataset = "openrouter-activity",
	.summary = "OpenRouter activity per day x model x endpoint (GET /api/v1/activity)",
	.daily = true,
	.match = match,
	.extract = extract,
};
