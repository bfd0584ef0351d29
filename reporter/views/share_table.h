/*
 * The share report's query and table: what a share report asks for (the
 * view, the measure, the days, the source) and the rows and notes it
 * answers with, with the small helpers every view and output shares.
 * share.h computes them.
 *
 * A share_table owns its rows and strings; share_table_finish() frees them.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_SHARE_TABLE_H
#define TOKENSHARE_SHARE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/period.h"
#include "mapping/refdata.h"
#include "reporter/views/labels.h"

/* Machine-readable report formats carry this; bump it when columns change. */
#define SHARE_FORMAT_VERSION 1

#define SHARE_GROUP_UNKNOWN LABEL_UNKNOWN
#define SHARE_GROUP_UNATTRIBUTED LABEL_UNATTRIBUTED
#define SHARE_OUTSIDE_PREFIX "outside-top-"
#define SHARE_SOURCE_RANKINGS "rankings"
#define SHARE_SOURCE_LOGS "logs"

enum share_measure {
	MEASURE_TOKENS,         // prompt + completion tokens
	MEASURE_REQUESTS,
	MEASURE_COST,           // USD micro-units, known costs only
	MEASURE_COUNT,
};

/* True, with *m set, if name is a measure's name (tokens, requests, cost). */
bool share_measure_parse(const char *name, enum share_measure *m);
/* The measure's name, as --measure takes it. */
const char *share_measure_name(enum share_measure m);
/* The CSV column of the measure: tokens, requests or cost_microusd. */
const char *share_measure_column(enum share_measure m);

struct share_query {
	enum period_kind period;
	enum share_by by;
	enum share_measure measure;
	int32_t from, to;               // local days, inclusive (INT32_MIN/MAX: open)
	unsigned top;                   // press method: N largest models, 0 = off
	const char *mapping;            // version, or NULL for the active one
	const char *source;             // rankings, a log dataset, or "logs" (all)
	const char *tz;                 // IANA zone for days and weeks; NULL = UTC
	int32_t prices;                 // rankings cost: sheet in force on this day,
	                                // PRICES_EACH_DAY, or PRICES_NONE
	int32_t known_at;               // label with the facts public on this UTC day;
	                                // INT32_MAX = all known now
	const char *groups;             // "CN,US": keep these, fold the rest into
	                                // SHARE_GROUP_REST; NULL = every group
	bool groups_given;              // --groups was given ("all" = NULL)
	bool names;                     // --labels names: display names beside the codes
};

#define SHARE_GROUP_REST "rest"

/* True if day is in the sorted list. */
bool share_day_listed(const int32_t *days, size_t n, int32_t day);

/* True if group is one of the comma-separated list (NULL = every group kept). */
bool share_group_kept(const char *list, const char *group);

#define PRICES_NONE INT32_MIN           // no --prices
#define PRICES_EACH_DAY INT32_MAX       // --prices as-of-period: each day's own sheet

struct share_row {
	struct period period;
	int days;                       // days with data in the period
	char *group;
	char *name;                     // --labels names: the group's display name, else NULL
	uint64_t value;                 // of the measure
	uint64_t share_e4;              // 0.0001 % units
};

struct share_table {
	struct share_query query;
	struct share_row *rows;         // sorted: period, value desc, group
	size_t n_rows;
	bool rankings;                  // OpenRouter rankings: cite them
	char *source_label;             // "rankings" or the log datasets, comma-separated
	char mapping_version[REFDATA_VERSION_LEN + 1];
	char mapping_sha256[SHA256_HEX_LEN + 1];
	char *mapping_origin;
	char provider_snapshot[11];     // date of the /providers snapshot used, or ""
	int64_t as_of_min, as_of_max;   // rankings: UTC seconds over the days used
	size_t days_without_as_of;
	size_t n_days;                  // days with data used
	int32_t *missing_days;          // days without data inside reported periods
	size_t n_missing;
	char **partial_periods;         // labels of periods with days < length
	size_t n_partial;
	int32_t *provisional_days;      // rankings: as-of before the day's end (live), sorted
	size_t n_provisional;
	int32_t *incomplete_days;       // rankings: < 50 model rows or no 'other' row, sorted;
	size_t n_incomplete;            // a provisional day is listed only as provisional
	uint64_t requests;              // logs: requests in the report
	uint64_t requests_priced;       // logs: of which with a known cost
	bool daily_source;              // logs: a daily source (not re-cut by --tz)
	const struct share_table *author_view;  // lineage view: the author view, to compare
	// Dollar view of rankings: what could not be priced, per day.
	struct unpriced_day {
		int32_t day;
		uint64_t tokens;
	} *unpriced;
	size_t n_unpriced;
	char **unpriced_models;         // sorted, distinct
	size_t n_unpriced_models;
	char price_sheet[DATE_LEN + 1]; // --prices DATE: the snapshot used ("" otherwise)
};

/* The defaults of a query: weekly author-country tokens of the rankings, all days. */
void share_query_defaults(struct share_query *q);
/* Frees what t owns and zeroes it. */
void share_table_finish(struct share_table *t);

/* "Source: OpenRouter (openrouter.ai/rankings), as of 2026-09-28" or, for logs,
 * "Source: own router logs (DATASETS)". Caller frees. */
char *share_citation(const struct share_table *t);
/* Rankings "as of" alone: "2026-09-28", "A to B" or "an unrecorded date". */
char *share_as_of_text(const struct share_table *t);

#endif
