/*
 * The log-format registry and the field helpers format modules share (see
 * logfmt.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "collector/logs/logfmt.h"
#include "core/date.h"

const char LOGFMT_SKIP[] = "not a model request";
const char LOGFMT_PENDING[] = "in progress";

const struct log_format *const log_formats[] = {
	&log_format_generation,
	&log_format_activity,
	&log_format_otlp,
	&log_format_litellm_spend,
	&log_format_litellm_payload,
	&log_format_helicone,
	&log_format_langfuse,
	&log_format_openai,
	NULL,
};

const struct log_format *log_format_find(const char *name)
{
	for (size_t i = 0; log_formats[i]; i++) {
		if (strcmp(log_formats[i]->name, name) == 0)
			return log_formats[i];
	}
	return NULL;
}

bool logfmt_usd_to_micro(double usd, int64_t *micro)
{
	if (!isfinite(usd) || usd < 0 || usd > 9e12)
		return false;
	*micro = (int64_t)floor(usd * 1e6 + 0.5);
	return true;
}

bool logfmt_cost(const struct jrec *r, const char *path, int64_t *micro)
{
	struct jfield f;
	jget(r, path, &f);
	double usd;
	if (f.type == JT_INT)
		usd = (double)f.i;
	else if (f.type == JT_REAL)
		usd = f.d;
	else
		return false;
	return logfmt_usd_to_micro(usd, micro);
}

bool logfmt_time(const struct jrec *r, const char *path, int64_t *utc_seconds)
{
	struct jfield f;
	jget(r, path, &f);
	if (f.type == JT_STRING)
		return date_parse_timestamp(f.str, f.len, utc_seconds);
	double secs;
	if (f.type == JT_INT)
		secs = (double)f.i;
	else if (f.type == JT_REAL)
		secs = f.d;
	else
		return false;
	// Unix seconds from 2000 to 2100; milliseconds would be 1000 times larger.
	if (!(secs >= 946684800.0 && secs < 4102444800.0))
		return false;
	*utc_seconds = (int64_t)floor(secs);
	return true;
}

const char *logfmt_tokens(const struct jrec *r, const char *path, bool required, uint64_t *v)
{
	struct jfield f;
	jget(r, path, &f);
	switch (f.type) {
	case JT_INT:
		if (f.i < 0)
			return "a token count is negative";
		*v = (uint64_t)f.i;
		return NULL;
	case JT_MISSING:
	case JT_NULL:
		*v = 0;
		return required ? "a token count is missing" : NULL;
	case JT_STRING: {
		// Some exporters stringify numbers (LiteLLM's v1 payload, OTLP).
		bool bad = false;
		if (jget_count(r, path, v, &bad))
			return NULL;
		break;
	}
	case JT_REAL:
	case JT_TRUE:
	case JT_FALSE:
	case JT_OTHER:
		break;
	}
	return "a token count is not a whole number";
}
