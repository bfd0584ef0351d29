/*
 * Per-request router logs: the interface each format module implements
 * (fmt_*.c), each yielding the normalised record the store counts
 * (store/usage_record.h).
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
#include "store/usage_record.h"

/* extract()'s answer for records that are not model requests (an HTTP span,
 * a Langfuse event): neither counted nor rejected. */
extern const char LOGFMT_SKIP[];
/* extract()'s answer for a request caught in progress (a Langfuse
 * generation without endTime): its counts are not final, so it is neither
 * counted nor its id recorded; an export that shows it ended counts it. */
extern const char LOGFMT_PENDING[];

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
