/*
 * Langfuse observations, GET /api/public/observations: {"data": [...],
 * "meta": {page, ...}}. Only observations of type GENERATION are model
 * calls; spans and events are skipped. Fields: id, startTime (ISO), model,
 * usageDetails {input, output, input_cached_tokens, ...} (older: usage
 * {input, output}, or promptTokens/completionTokens), calculatedTotalCost
 * (USD). No provider unless the app put one in metadata.provider.
 *
 * A generation without endTime is in progress (LOGFMT_PENDING): counted
 * only once an export shows it ended, since ids are counted once.
 *
 * Cached tokens: when usageDetails.total equals input + output +
 * input_cached_tokens, input left the cached tokens out and they are added
 * back, so prompt tokens always include cached ones.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "collector/logs/logfmt.h"

static int match(const struct jrec *r)
{
	static const char *const keys[] = {"traceId", "type", "startTime", "usageDetails",
	                                   "calculatedTotalCost", "model"};
	int score = 0;
	for (size_t i = 0; i < 6; i++) {
		struct jfield f;
		jget(r, keys[i], &f);
		score += f.type != JT_MISSING;
	}
	return score >= 4 ? score : 0;
}

static const char *extract(const struct jrec *r, struct usage_record *out)
{
	const char *type;
	size_t type_len;
	if (jget_string(r, "type", &type, &type_len) &&
	    !(type_len == 10 && memcmp(type, "GENERATION", 10) == 0))
		return LOGFMT_SKIP;
	if (!jget_string(r, "id", &out->id, &out->id_len) || out->id_len == 0)
		return "no \"id\"";
	// Without endTime the generation is still running and its usage may
	// grow: counting it now would keep these counts and drop the final ones
	// as a duplicate.
	struct jfield end;
	jget(r, "endTime", &end);
	if (end.type == JT_MISSING || end.type == JT_NULL)
		return LOGFMT_PENDING;
	if (!logfmt_time(r, "startTime", &out->time))
		return "no valid \"startTime\"";
	if (!jget_string(r, "model", &out->model, &out->model_len) || out->model_len == 0)
		return "no \"model\"";
	jget_string(r, "metadata.provider", &out->provider, &out->provider_len);
	static const char *const inputs[] = {"usageDetails.input", "usage.input", "promptTokens"};
	static const char *const outputs[] = {"usageDetails.output", "usage.output", "completionTokens"};
	const char *in_path = NULL, *out_path = NULL;
	for (size_t i = 0; i < 3; i++) {
		struct jfield f;
		jget(r, inputs[i], &f);
		if (!in_path && f.type != JT_MISSING && f.type != JT_NULL)
			in_path = inputs[i];
		jget(r, outputs[i], &f);
		if (!out_path && f.type != JT_MISSING && f.type != JT_NULL)
			out_path = outputs[i];
	}
	if (!in_path && !out_path)
		return "no token counts (usageDetails.input/output)";
	const char *why;
	if ((in_path && (why = logfmt_tokens(r, in_path, true, &out->prompt))) ||
	    (out_path && (why = logfmt_tokens(r, out_path, true, &out->completion))) ||
	    (why = logfmt_tokens(r, "usageDetails.input_cached_tokens", false, &out->cached)) ||
	    (why = logfmt_tokens(r, "usageDetails.output_reasoning_tokens", false, &out->reasoning)))
		return why;
	uint64_t total = 0;
	if (out->cached && !logfmt_tokens(r, "usageDetails.total", true, &total) &&
	    total == out->prompt + out->completion + out->cached)
		out->prompt += out->cached;
	if (!logfmt_cost(r, "calculatedTotalCost", &out->cost_micro) &&
	    !logfmt_cost(r, "costDetails.total", &out->cost_micro))
		out->cost_micro = COST_UNKNOWN;
	out->requests = 1;
	return NULL;
}

const struct log_format log_format_langfuse = {
	.name = "langfuse",
	.dataset = "langfuse",
	.summary = "Langfuse observations pages (GET /api/public/observations)",
	.match = match,
	.extract = extract,
};
