/*
 * Helicone webhook bodies (one per line, or an array): request_id, model,
 * provider (Helicone's upper-case enum, derived from the target host, so
 * traffic sent through OpenRouter shows as OPENROUTER), request_body and
 * response_body (JSON encoded as strings), and metadata.{cost, promptTokens,
 * completionTokens}. The body has no time stamp: the time is a top-level
 * received_at (or created_at, timestamp) when the receiver added one, else
 * the response's own "created", else the file's modification time.
 *
 * SPDX-License-Identifier: MIT
 */
#include "collector/logs/logfmt.h"
#include "core/jsonloc.h"

static int match(const struct jrec *r)
{
	static const char *const keys[] = {"request_id", "response_body", "request_body",
	                                   "metadata.promptTokens", "provider"};
	int score = 0;
	for (size_t i = 0; i < 5; i++) {
		struct jfield f;
		jget(r, keys[i], &f);
		score += f.type != JT_MISSING;
	}
	return score >= 3 ? score : 0;
}

static const char *extract(const struct jrec *r, struct usage_record *out)
{
	if (!jget_string(r, "request_id", &out->id, &out->id_len) || out->id_len == 0)
		return "no \"request_id\"";
	if (!jget_string(r, "model", &out->model, &out->model_len) || out->model_len == 0)
		return "no \"model\"";
	jget_string(r, "provider", &out->provider, &out->provider_len);
	const char *why;
	if ((why = logfmt_tokens(r, "metadata.promptTokens", true, &out->prompt)) ||
	    (why = logfmt_tokens(r, "metadata.completionTokens", true, &out->completion)))
		return why;
	if (!logfmt_cost(r, "metadata.cost", &out->cost_micro))
		out->cost_micro = COST_UNKNOWN;
	static const char *const stamps[] = {"received_at", "receivedAt", "created_at", "timestamp"};
	bool timed = false;
	for (size_t i = 0; i < 4 && !timed; i++)
		timed = logfmt_time(r, stamps[i], &out->time);
	// The response body is JSON in a string: its "created" and usage details.
	const char *body;
	size_t body_len;
	if (r->json && jget_string(r, "response_body", &body, &body_len)) {
		json_t *resp = jsonloc_load(body, body_len, 0, NULL);
		if (resp) {
			struct jrec rr = {.json = resp};
			if (!timed)
				timed = logfmt_time(&rr, "created", &out->time);
			logfmt_tokens(&rr, "usage.prompt_tokens_details.cached_tokens", false, &out->cached);
			logfmt_tokens(&rr, "usage.completion_tokens_details.reasoning_tokens", false,
			              &out->reasoning);
			json_decref(resp);
		}
	}
	out->requests = 1;
	return NULL;
}

const struct log_format log_format_helicone = {
	.name = "helicone",
	.dataset = "helicone",
	.summary = "Helicone webhook bodies (one per line or a JSON array)",
	.match = match,
	.extract = extract,
};
