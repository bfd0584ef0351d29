/*
 * OTLP/HTTP JSON trace exports with the OpenTelemetry GenAI conventions:
 * OpenRouter Broadcast (webhook or collector) and any instrumented app.
 * {"resourceSpans":[{"resource":{attributes},"scopeSpans":[{"spans":[...]}]}]}
 * Each span with gen_ai.* attributes is one request; other spans (HTTP,
 * database...) are not LLM calls and are skipped. Attribute names, current
 * and deprecated, are accepted alike; integers may be JSON numbers or
 * decimal strings. The request id is traceId + spanId, or the OpenRouter
 * generation id (gen-...) when the span carries one.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "collector/logs/logfmt.h"

/* Attribute names in order of preference. */
static const char *const input_keys[] = {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", NULL};
static const char *const output_keys[] = {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", NULL};
static const char *const cached_keys[] = {"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.input_tokens.cached", NULL};
static const char *const reasoning_keys[] = {"gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.output_tokens.reasoning", NULL};
static const char *const cost_keys[] = {"gen_ai.usage.total_cost", "gen_ai.usage.cost", NULL};
static const char *const provider_keys[] = {"openrouter.provider_slug", "openrouter.provider_name",
                                            "gen_ai.provider.name", "gen_ai.system", NULL};

static int match(const struct jrec *r)
{
	// Records reach this module only through each_record().
	struct jfield f;
	jget(r, "spanId", &f);
	return r->literal && f.type == JT_STRING ? 5 : 0;
}

/* First present key of a list; returns the key or NULL. */
static const char *first_present(const struct jrec *r, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++) {
		struct jfield f;
		jget(r, keys[i], &f);
		if (f.type != JT_MISSING && f.type != JT_NULL)
			return keys[i];
	}
	return NULL;
}

static const char *count(const struct jrec *r, const char *const *keys, bool required,
                         uint64_t *v)
{
	const char *key = first_present(r, keys);
	*v = 0;
	if (!key)
		return required ? "no token count attribute" : NULL;
	bool bad = false;
	if (!jget_count(r, key, v, &bad))
		return "a token count attribute is not a whole number";
	return NULL;
}

static const char *extract(const struct jrec *r, struct usage_record *out)
{
	if (!jget_string(r, "spanId", &out->id, &out->id_len) || out->id_len == 0)
		return "span without spanId";
	// A span of an OpenRouter request that names its generation is that
	// request: the id is shared with its generation record (usage_store.h).
	static const char *const gen_keys[] = {"openrouter.generation_id", "gen_ai.response.id"};
	for (size_t i = 0; i < 2; i++) {
		const char *g;
		size_t n;
		if (jget_string(r, gen_keys[i], &g, &n) && n > 4 && memcmp(g, "gen-", 4) == 0) {
			out->id = g;
			out->id_len = n;
			break;
		}
	}
	uint64_t nanos;
	bool bad = false;
	if (!jget_count(r, "startTimeUnixNano", &nanos, &bad)) {
		// Decimal strings of up to 19 digits: jget_count stops at 18.
		const char *s;
		size_t n;
		if (!jget_string(r, "startTimeUnixNano", &s, &n) || n != 19)
			return "no valid startTimeUnixNano";
		nanos = 0;
		for (size_t i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return "no valid startTimeUnixNano";
			nanos = nanos * 10 + (uint64_t)(s[i] - '0');
		}
	}
	out->time = (int64_t)(nanos / 1000000000u);
	if (!jget_string(r, "gen_ai.request.model", &out->model, &out->model_len) &&
	    !jget_string(r, "gen_ai.response.model", &out->model, &out->model_len))
		return "no gen_ai.request.model or gen_ai.response.model";
	const char *resp;
	size_t resp_len;
	if (jget_string(r, "gen_ai.response.model", &resp, &resp_len) &&
	    (resp_len != out->model_len || memcmp(resp, out->model, resp_len) != 0)) {
		out->permaslug = resp;
		out->permaslug_len = resp_len;
	}
	const char *pk = first_present(r, provider_keys);
	if (pk)
		jget_string(r, pk, &out->provider, &out->provider_len);
	const char *why;
	if ((why = count(r, input_keys, false, &out->prompt)) ||
	    (why = count(r, output_keys, false, &out->completion)) ||
	    (why = count(r, cached_keys, false, &out->cached)) ||
	    (why = count(r, reasoning_keys, false, &out->reasoning)))
		return why;
	if (!first_present(r, input_keys) && !first_present(r, output_keys))
		return "no gen_ai.usage.input_tokens or output_tokens";
	const char *ck = first_present(r, cost_keys);
	if (!ck || !logfmt_cost(r, ck, &out->cost_micro))
		out->cost_micro = COST_UNKNOWN;
	out->requests = 1;
	return NULL;
}

static bool is_container(json_t *doc)
{
	return json_is_object(doc) && json_is_array(json_object_get(doc, "resourceSpans"));
}

/* An OTLP AnyValue as a plain JSON value (new reference), or NULL. */
static json_t *plain_value(json_t *any)
{
	json_t *v;
	if ((v = json_object_get(any, "stringValue")) || (v = json_object_get(any, "intValue")) ||
	    (v = json_object_get(any, "doubleValue")) || (v = json_object_get(any, "boolValue")))
		return json_incref(v);
	return NULL;
}

static bool is_genai(json_t *attrs)
{
	size_t i;
	json_t *a;
	json_array_foreach(attrs, i, a) {
		json_t *key = json_object_get(a, "key");
		if (json_is_string(key) && strncmp(json_string_value(key), "gen_ai.", 7) == 0)
			return true;
	}
	return false;
}

static void each_record(json_t *doc, record_fn fn, void *ctx)
{
	json_t *rs_list = json_object_get(doc, "resourceSpans");
	size_t i, j, k, a;
	json_t *rs, *ss, *span, *attr;
	json_array_foreach(rs_list, i, rs) {
		json_t *scopes = json_object_get(rs, "scopeSpans");
		if (!scopes)
			scopes = json_object_get(rs, "instrumentationLibrarySpans");  // OTLP < 0.19
		json_array_foreach(scopes, j, ss) {
			json_t *spans = json_object_get(ss, "spans");
			json_array_foreach(spans, k, span) {
				json_t *attrs = json_object_get(span, "attributes");
				if (!is_genai(attrs))
					continue;
				json_t *flat = json_object();
				static const char *const keep[] = {"traceId", "spanId", "startTimeUnixNano", "name"};
				for (size_t n = 0; n < 4; n++) {
					json_t *v = json_object_get(span, keep[n]);
					if (v)
						json_object_set(flat, keep[n], v);
				}
				json_array_foreach(attrs, a, attr) {
					json_t *key = json_object_get(attr, "key");
					json_t *v = plain_value(json_object_get(attr, "value"));
					if (json_is_string(key) && v)
						json_object_set_new(flat, json_string_value(key), v);
					else
						json_decref(v);
				}
				// Ids are unique per trace: make the request id traceId/spanId.
				json_t *trace = json_object_get(span, "traceId");
				json_t *sid = json_object_get(span, "spanId");
				if (json_is_string(trace) && json_is_string(sid)) {
					char id[160];
					snprintf(id, sizeof id, "%s/%s", json_string_value(trace),
					         json_string_value(sid));
					for (char *c = id; *c; c++)
						*c = (char)(*c >= 'A' && *c <= 'F' ? *c + 32 : *c);
					json_object_set_new(flat, "spanId", json_string(id));
				}
				char where[128];
				snprintf(where, sizeof where, "resourceSpans[%zu].scopeSpans[%zu].spans[%zu]", i, j, k);
				struct jrec r = {.json = flat, .literal = true};
				fn(ctx, &r, where);
				json_decref(flat);
			}
		}
	}
}

const struct log_format log_format_otlp = {
	.name = "otlp",
	.dataset = "otlp",
	.summary = "OTLP/HTTP JSON traces with GenAI attributes (OpenRouter Broadcast, OpenTelemetry apps)",
	.match = match,
	.extract = extract,
	.is_container = is_container,
	.each_record = each_record,
};
