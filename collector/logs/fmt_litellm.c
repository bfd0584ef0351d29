/*
 * LiteLLM proxy logs, two shapes of the same requests (dataset "litellm"):
 *
 * - SpendLogs rows, from GET /spend/logs (a JSON array) or /spend/logs/v2
 *   ({"data": [rows], "total", "page", ...}): request_id, startTime (ISO),
 *   model, custom_llm_provider, prompt_tokens, completion_tokens, spend (USD),
 *   cached tokens in metadata.additional_usage_values.
 * - StandardLoggingPayload, as the generic_api callback sends it (JSON array
 *   or NDJSON): id (= the SpendLogs request_id), startTime (Unix seconds,
 *   float), the same model and token fields, response_cost (USD), details in
 *   metadata.usage_object. The legacy v1 shape stringifies numbers; both
 *   are read.
 *
 * model is the name sent to the provider ("deepseek-chat"); its author is
 * inferred from the name at report time. A failed request still counts as
 * a request, with the tokens it used (usually none).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "collector/logs/logfmt.h"

static int score_keys(const struct jrec *r, const char *const *keys, size_t n)
{
	int score = 0;
	for (size_t i = 0; i < n; i++) {
		struct jfield f;
		jget(r, keys[i], &f);
		score += f.type != JT_MISSING;
	}
	return score;
}

static int match_spend(const struct jrec *r)
{
	static const char *const keys[] = {"request_id", "spend", "startTime", "call_type",
	                                   "custom_llm_provider", "prompt_tokens"};
	int score = score_keys(r, keys, 6);
	struct jfield f;
	jget(r, "response_body", &f);   // Helicone also has request_id
	return score >= 4 && f.type == JT_MISSING ? score : 0;
}

static int match_payload(const struct jrec *r)
{
	static const char *const keys[] = {"id", "trace_id", "litellm_call_id", "response_cost",
	                                   "startTime", "prompt_tokens", "custom_llm_provider"};
	int score = score_keys(r, keys, 7);
	struct jfield f;
	jget(r, "trace_id", &f);
	return score >= 5 && f.type != JT_MISSING ? score : 0;
}

/* What both shapes share; details is where cached/reasoning counts live. */
static const char *common(const struct jrec *r, const char *details, struct usage_record *out)
{
	if (!logfmt_time(r, "startTime", &out->time))
		return "no valid \"startTime\"";
	if (!jget_string(r, "model", &out->model, &out->model_len) || out->model_len == 0)
		return "no \"model\"";
	jget_string(r, "custom_llm_provider", &out->provider, &out->provider_len);
	const char *why;
	if ((why = logfmt_tokens(r, "prompt_tokens", true, &out->prompt)) ||
	    (why = logfmt_tokens(r, "completion_tokens", true, &out->completion)))
		return why;
	char path[96];
	snprintf(path, sizeof path, "%s.prompt_tokens_details.cached_tokens", details);
	if ((why = logfmt_tokens(r, path, false, &out->cached)))
		return why;
	snprintf(path, sizeof path, "%s.completion_tokens_details.reasoning_tokens", details);
	if ((why = logfmt_tokens(r, path, false, &out->reasoning)))
		return why;
	out->requests = 1;
	return NULL;
}

static const char *extract_spend(const struct jrec *r, struct usage_record *out)
{
	if (!jget_string(r, "request_id", &out->id, &out->id_len) || out->id_len == 0)
		return "no \"request_id\"";
	const char *why = common(r, "metadata.additional_usage_values", out);
	if (why)
		return why;
	if (!logfmt_cost(r, "spend", &out->cost_micro))
		out->cost_micro = COST_UNKNOWN;
	return NULL;
}

static const char *extract_payload(const struct jrec *r, struct usage_record *out)
{
	if (!jget_string(r, "id", &out->id, &out->id_len) || out->id_len == 0)
		return "no \"id\"";
	const char *why = common(r, "metadata.usage_object", out);
	if (why)
		return why;
	if (!logfmt_cost(r, "response_cost", &out->cost_micro) &&
	    !logfmt_cost(r, "cost", &out->cost_micro))
		out->cost_micro = COST_UNKNOWN;
	return NULL;
}

const struct log_format log_format_litellm_spend = {
	.name = "litellm-spend-logs",
	.dataset = "litellm",
	.summary = "LiteLLM SpendLogs rows (/spend/logs array or the /spend/logs/v2 envelope)",
	.match = match_spend,
	.extract = extract_spend,
};

const struct log_format log_format_litellm_payload = {
	.name = "litellm-payload",
	.dataset = "litellm",
	.summary = "LiteLLM StandardLoggingPayload (generic_api callback, JSON array or NDJSON)",
	.match = match_payload,
	.extract = extract_payload,
};
