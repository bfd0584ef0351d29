/*
 * Period boundaries and labels (see period.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/period.h"

static const struct {
	const char *name;
	const char *rule;
} kinds[PERIOD_KIND_COUNT] = {
	[PERIOD_DAY] = {"day", "UTC calendar day (00:00 to 24:00 UTC), labelled YYYY-MM-DD"},
	[PERIOD_WEEK] = {"week", "ISO 8601 week, Monday to Sunday in UTC days, labelled YYYY-Www "
	                         "with the ISO week-numbering year"},
	[PERIOD_MONTH] = {"month", "calendar month in UTC days, labelled YYYY-MM"},
	[PERIOD_QUARTER] = {"quarter", "calendar quarter (January to March, April to June, July "
	                               "to September, October to December) in UTC days, "
	                               "labelled YYYY-Qn"},
	[PERIOD_YEAR] = {"year", "calendar year in UTC days, labelled YYYY"},
};

void period_of(enum period_kind kind, int32_t day, struct period *out)
{
	int y, m, d;
	switch (kind) {
	case PERIOD_WEEK: {
		int iso_year, week;
		date_iso_week(day, &iso_year, &week);
		out->start = day - date_weekday(day);
		out->end = out->start + 6;
		snprintf(out->label, sizeof out->label, "%04d-W%02d", iso_year, week);
		return;
	}
	case PERIOD_MONTH:
		date_to_civil(day, &y, &m, &d);
		out->start = date_from_civil(y, m, 1);
		out->end = out->start + date_days_in_month(y, m) - 1;
		snprintf(out->label, sizeof out->label, "%04d-%02d", y, m);
		return;
	case PERIOD_QUARTER: {
		date_to_civil(day, &y, &m, &d);
		int first = (m - 1) / 3 * 3 + 1;       // the quarter's first month
		out->start = date_from_civil(y, first, 1);
		out->end = (first == 10 ? date_from_civil(y + 1, 1, 1)
		                        : date_from_civil(y, first + 3, 1)) - 1;
		snprintf(out->label, sizeof out->label, "%04d-Q%d", y, (first + 2) / 3);
		return;
	}
	case PERIOD_YEAR:
		date_to_civil(day, &y, &m, &d);
		out->start = date_from_civil(y, 1, 1);
		out->end = date_from_civil(y + 1, 1, 1) - 1;
		snprintf(out->label, sizeof out->label, "%04d", y);
		return;
	case PERIOD_DAY:
	case PERIOD_KIND_COUNT:
		break;
	}
	out->start = out->end = day;
	date_format(day, out->label);
}

int period_length(const struct period *p)
{
	return p->end - p->start + 1;
}

bool period_kind_parse(const char *name, enum period_kind *kind)
{
	for (int k = 0; k < PERIOD_KIND_COUNT; k++) {
		if (strcmp(name, kinds[k].name) == 0) {
			*kind = (enum period_kind)k;
			return true;
		}
	}
	return false;
}

const char *period_kind_name(enum period_kind kind)
{
	return kinds[kind].name;
}

const char *period_rule(enum period_kind kind)
{
	return kinds[kind].rule;
}

bool period_parse_label(enum period_kind kind, const char *text, struct period *out)
{
	int y, n, consumed = 0;
	int32_t day;
	switch (kind) {
	case PERIOD_WEEK:
		// Week n's Monday: the Monday of the week holding 4 January, n - 1 weeks on.
		if (sscanf(text, "%4d-W%2d%n", &y, &n, &consumed) != 2 || n < 1 || n > 53)
			return false;
		day = date_from_civil(y, 1, 4);
		day += (n - 1) * 7 - date_weekday(day);
		break;
	case PERIOD_MONTH:
		if (sscanf(text, "%4d-%2d%n", &y, &n, &consumed) != 2 || n < 1 || n > 12)
			return false;
		day = date_from_civil(y, n, 1);
		break;
	case PERIOD_QUARTER:
		if (sscanf(text, "%4d-Q%1d%n", &y, &n, &consumed) != 2 || n < 1 || n > 4)
			return false;
		day = date_from_civil(y, (n - 1) * 3 + 1, 1);
		break;
	case PERIOD_YEAR:
		if (sscanf(text, "%4d%n", &y, &consumed) != 1 || y < 0)
			return false;
		day = date_from_civil(y, 1, 1);
		break;
	case PERIOD_DAY:
	default:
		if (!date_parse(text, strlen(text), &day))
			return false;
		consumed = (int)strlen(text);
		break;
	}
	if (text[consumed] != '\0')
		return false;
	period_of(kind, day, out);
	// The label made from the day must be the text: 2026-W53 does not exist.
	return strcmp(out->label, text) == 0;
}
