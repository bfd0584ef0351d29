/*
 * Per-request router logs: the normalised record every log format yields,
 * and the interface each format module implements (fmt_*.c).
 *
 * A format module works on record-level JSON values (struct jrec) and never
 * allocates: strings in a usage_record point into the record it came from.
 * Envelopes ({"data": [...]}, arrays, JSON lines) are unwrapped by the
 * reader (logread.c) before a module sees them; a module with its own
 * container (OTLP) gets the whole document through each_record().
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_LOGFMT_H
#define TOKENSHARE_LOGFMT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collector/logs/jget.h"

#define COST_UNKNOWN INT64_MIN

/* extract()'s answer for records that are not model requests (an HTTP span,
 * a Langfuse event): neither counted nor rejected. */
extern const char LOGFMT_SKIP[];
/* extract()'s answer for a request caught in progress (a Langfuse
 * generation without endTime): its counts are not final, so it is neither
 * counted nor its id recorded; an export that shows it ended counts it. */
extern const char LOGFMT_PENDING[];

struct usage_record {
	int64_t time;                   // UTC seconds of the request
	const char *id;                 // request id (dedup key); NULL for daily snapshots
	size_t id_len;
	const char *model;              // as the log names it, variant kept
	size_t model_len;
	const char *permaslug;          // canonical slug, if the log gives one
	size_t permaslug_len;
	const char *provider;           // serving provider as named, if given
	size_t provider_len;
	uint64_t requests;              // 1, or the count of a daily row
	uint64_t prompt;                // tokens, cached included
	uint64_t completion;            // tokens, reasoning included
	uint64_t reasoning;             // tokens
	uint64_t cached;                // tokens
	int64_t cost_micro;             // USD micro-units, or COST_UNKNOWN
	bool time_guessed;              // the record has no time: the file's time was used
};

/* Called by each_record() for every record of a document. */
typedef void (*record_fn)(void *ctx, const struct jrec *r, const char *where);

struct log_format {
	const char *name;               // --format value
	const char *dataset;            // source the records are stored under; ids
	                                // are unique within a dataset
	const char *summary;
	bool daily;                     // rows are UTC-day snapshots (no ids)
	/* How sure r looks like this format: 0 = not at all. */
	int (*match)(const struct jrec *r);
	/* Fills out from r, leaving out->time alone if r has no time (the
	 * file's time is then used). Returns NULL, LOGFMT_SKIP for a record
	 * that is not a model request, or why r is rejected. */
	const char *(*extract)(const struct jrec *r, struct usage_record *out);
	/* Optional: the records of a whole document, for formats with their own
	 * container; where says which part of the document, for messages. */
	bool (*is_container)(json_t *doc);
	void (*each_record)(json_t *doc, record_fn fn, void *ctx);
};

extern const struct log_format log_format_generation;
extern const struct log_format log_format_activity;
extern const struct log_format log_format_otlp;
extern const struct log_format log_format_litellm_spend;
extern const struct log_format log_format_litellm_payload;
extern const struct log_format log_format_helicone;
extern const struct log_format log_format_langfuse;
extern const struct log_format log_format_openai;

/* All log formats, NULL-terminated, in detection order. */
extern const struct log_format *const log_formats[];
const struct log_format *log_format_find(const char *name);

/* Helpers for format modules. */

/* USD as a JSON number (or decimal string) to micro-units; false if not a cost. */
bool logfmt_cost(const struct jrec *r, const char *path, int64_t *micro);
/* A time stamp string (ISO 8601) or number (Unix seconds) at path. */
bool logfmt_time(const struct jrec *r, const char *path, int64_t *utc_seconds);
/* Counts: "missing" is only an error when required. Returns NULL or a reason. */
const char *logfmt_tokens(const struct jrec *r, const char *path, bool required, uint64_t *v);
/* Converts USD to micro-units, rounding half up; false if negative or not finite. */
bool logfmt_usd_to_micro(double usd, int64_t *micro);

#endif
