/*
 * Display names (see display.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "reporter/views/display.h"
#include "reporter/views/share_table.h"

/* The codes the reference tables use, and a few neighbours; sorted by code. */
static const struct {
	char code[3];
	const char *name;
} countries[] = {
	{"AE", "United Arab Emirates"}, {"AU", "Australia"}, {"CA", "Canada"},
	{"CH", "Switzerland"}, {"CN", "China"}, {"DE", "Germany"}, {"ES", "Spain"},
	{"FI", "Finland"}, {"FR", "France"}, {"GB", "United Kingdom"}, {"HK", "Hong Kong"},
	{"ID", "Indonesia"}, {"IL", "Israel"}, {"IN", "India"}, {"IT", "Italy"},
	{"JP", "Japan"}, {"KR", "South Korea"}, {"NL", "Netherlands"}, {"RU", "Russia"},
	{"SA", "Saudi Arabia"}, {"SE", "Sweden"}, {"SG", "Singapore"}, {"TH", "Thailand"},
	{"TW", "Taiwan"}, {"US", "United States"},
};

const char *display_country(const char *code)
{
	for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++) {
		if (strcmp(countries[i].code, code) == 0)
			return countries[i].name;
	}
	return NULL;
}

const char *display_name(enum share_by by, const char *group, const struct refdata *rd)
{
	static const struct {
		const char *group, *name;
	} reserved[] = {
		{LABEL_UNKNOWN, "Unknown"},
		{LABEL_UNATTRIBUTED, "Unattributed (other row)"},
		{SHARE_GROUP_REST, "Rest"},
		{LABEL_CLOSED, "Closed weights"},
		{LABEL_OPEN_CN, "Chinese open weights"},
		{LABEL_OPEN_REST, "Rest-of-world open weights"},
		{LABEL_OPEN_UNKNOWN, "Open weights, country unknown"},
	};
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
		if (strcmp(group, reserved[i].group) == 0)
			return reserved[i].name;
	}
	if (strncmp(group, SHARE_OUTSIDE_PREFIX, strlen(SHARE_OUTSIDE_PREFIX)) == 0)
		return "Outside the top N";
	if (share_by_is_country(by)) {
		const char *n = display_country(group);
		return n ? n : group;
	}
	if (by == SHARE_BY_FAMILY || by == SHARE_BY_MODEL) {
		char buf[256];
		const char *n = refdata_family_name(rd, refdata_family(rd, group, buf, sizeof buf));
		return n ? n : group;
	}
	return group;
}
