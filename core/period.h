/*
 * Reporting periods: a UTC day, an ISO 8601 week (Monday to Sunday), a
 * calendar month, quarter or year, each named the way reports print it
 * ("2026-02-09", "2026-W07", "2026-02", "2026-Q1", "2026").
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_PERIOD_H
#define TOKENSHARE_PERIOD_H

#include <stdbool.h>
#include <stdint.h>

enum period_kind {
	PERIOD_DAY,
	PERIOD_WEEK,
	PERIOD_MONTH,
	PERIOD_QUARTER,         // January to March, ...
	PERIOD_YEAR,
	PERIOD_KIND_COUNT,
};

#define PERIOD_LABEL_MAX 20

struct period {
	int32_t start;                  // first UTC day (days since 1970-01-01)
	int32_t end;                    // last UTC day, inclusive
	char label[PERIOD_LABEL_MAX];   // "2026-W07"
};

/* The period of the given kind that contains day. */
void period_of(enum period_kind kind, int32_t day, struct period *out);
/* Days in the period (7 for a week). */
int period_length(const struct period *p);
/* The period of kind whose label is text ("2026-W33", "2026-09",
 * "2026-09-28", "2026-Q3", "2026"); false if text is not such a label. */
bool period_parse_label(enum period_kind kind, const char *text, struct period *out);

/* "day", "week", "month", "quarter", "year"; false for anything else. */
bool period_kind_parse(const char *name, enum period_kind *kind);
const char *period_kind_name(enum period_kind kind);
/* One sentence stating the rule, for report metadata and man pages. */
const char *period_rule(enum period_kind kind);

#endif
