/*
 * The normalised log record the store counts: what every log format
 * (collector/logs/logfmt.h) yields for one request, or for one row of a
 * daily snapshot. Strings point into the record the format read; nothing
 * here is owned.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_USAGE_RECORD_H
#define TOKENSHARE_USAGE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COST_UNKNOWN INT64_MIN

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

#endif
