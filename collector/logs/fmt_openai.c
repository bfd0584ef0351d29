/*
 * Plain chat.completion objects with usage, as OpenAI and compatible APIs
 * return them, saved one per line (or an array). OpenRouter's completions
 * are the same shape plus "provider" (the serving provider) and usage.cost;
 * a streamed response is read from its last chunk, the one with usage.
 * Fields: id, created (Unix seconds), model (OpenAI: the dated snapshot),
 * usage.prompt_tokens, completion_tokens, prompt_tokens_details.cached_tokens,
 * completion_tokens_details.reasoning_tokens. The author is inferred from
 * the model name at report time where the name is unambiguous.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "collector/logs/logfmt.h"

static bool is_object(const struct jrec *r, bool *chunk)
{
	const char *s;
	size_t n;
	if (!jget_string(r, "object", &s, &n))
		return false;
	*chunk = n == 21 && memcmp(s, "chat.completion.chunk", 21) == 0;
	return *chunk || (n == 15 && memcmp(s, "chat.completion", 15) == 0);
}

static int match(const struct jrec *r)
{
	bool chunk;
	if (!is_object(r, &chunk))
		return 0;
	struct jfield f;
	jget(r, "usage", &f);
	return f.type == JT_OTHER || chunk ? 4 : 2;
}

static const char *extract(const struct jrec *r, struct usage_record *out)
{
	bool chunk = false;
	is_object(r, &chunk);
	struct jfield usage;
	jget(r, "usage", &usage);
	if (chunk && usage.type != JT_OTHER)
		return LOGFMT_SKIP;    // only the final chunk carries usage
	if (!jget_string(r, "id", &out->id, &out->id_len) || out->id_len == 0)
		return "no \"id\"";
	if (!logfmt_time(r, "created", &out->time))
		return "no valid \"created\" time";
	if (!jget_string(r, "model", &out->model, &out->model_len) || out->model_len == 0)
		return "no \"model\"";
	jget_string(r, "provider", &out->provider, &out->provider_len);
	const char *why;
	if ((why = logfmt_tokens(r, "usage.prompt_tokens", true, &out->prompt)) ||
	    (why = logfmt_tokens(r, "usage.completion_tokens", true, &out->completion)) ||
	    (why = logfmt_tokens(r, "usage.prompt_tokens_details.cached_tokens", false, &out->cached)) ||
	    (why = logfmt_tokens(r, "usage.completion_tokens_details.reasoning_tokens", false,
	                         &out->reasoning)))
		return why;
	if (!logfmt_cost(r, "usage.cost", &out->cost_micro))
		out->cost_micro = COST_UNKNOWN;
	out->requests = 1;
	return NULL;
}

const struct log_format log_format_openai = {
	.name = "openai-chat",
	.dataset = "openai-chat",
	.summary = "chat.completion objects with usage (OpenAI, OpenRouter, compatible APIs)",
	.match = match,
	.extract = extract,
};
