/*
 * The options that choose what a share report covers, shared by "report
 * share", "chart share" and the demo: --by, --period, --from, --to, --top,
 * --mapping. One parser so every command spells and checks them alike.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_QUERY_OPTS_H
#define TOKENSHARE_QUERY_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "reporter/charts/chart_layout.h"
#include "reporter/views/share.h"

/* Long options; their values are the QUERY_OPT_* codes below. */
#define QUERY_LONG_OPTIONS                                       \
	{"by", required_argument, NULL, QUERY_OPT_BY},           \
	{"period", required_argument, NULL, QUERY_OPT_PERIOD},   \
	{"from", required_argument, NULL, QUERY_OPT_FROM},       \
	{"to", required_argument, NULL, QUERY_OPT_TO},           \
	{"top", required_argument, NULL, QUERY_OPT_TOP},         \
	{"mapping", required_argument, NULL, QUERY_OPT_MAPPING},  \
	{"source", required_argument, NULL, QUERY_OPT_SOURCE},    \
	{"measure", required_argument, NULL, QUERY_OPT_MEASURE},  \
	{"tz", required_argument, NULL, QUERY_OPT_TZ},             \
	{"prices", required_argument, NULL, QUERY_OPT_PRICES},    \
	{"known-at", required_argument, NULL, QUERY_OPT_KNOWN_AT}, \
	{"groups", required_argument, NULL, QUERY_OPT_GROUPS},    \
	{"labels", required_argument, NULL, QUERY_OPT_LABELS}

enum {
	QUERY_OPT_BY = 0x100,
	QUERY_OPT_PRICES,
	QUERY_OPT_PERIOD,
	QUERY_OPT_FROM,
	QUERY_OPT_TO,
	QUERY_OPT_TOP,
	QUERY_OPT_MAPPING,
	QUERY_OPT_SOURCE,
	QUERY_OPT_MEASURE,
	QUERY_OPT_TZ,
	QUERY_OPT_KNOWN_AT,
	QUERY_OPT_GROUPS,
	QUERY_OPT_LABELS,
};

#define QUERY_OPTIONS_HELP                                                          \
	"      --source S       rankings (default), a log dataset (see status), or\n"   \
	"                       logs (every log dataset together)\n"                   \
	"      --by DIMENSION   group by: author-country (default), lineage-country,\n" \
	"                       author, model, family, variant, weights,\n"           \
	"                       weights-origin;\n"                                     \
	"                       for logs also provider, provider-country (owner's\n"   \
	"                       country), provider-entity-country (OpenRouter's\n"     \
	"                       headquarters)\n"                                       \
	"      --measure M      tokens (default), requests or cost (logs)\n"           \
	"      --tz ZONE        days and weeks in this IANA zone (default UTC)\n"      \
	"      --period P       day, week (ISO 8601, Monday start; default) or month\n" \
	"      --from DATE      first UTC day to include (YYYY-MM-DD)\n"               \
	"      --to DATE        last UTC day to include\n"                             \
	"      --top N          press method: only each period's N largest models\n"   \
	"                       count by group; the rest is 'outside-top-N'\n"         \
	"      --mapping V      label with stored mapping version V (default: active)\n" \
	"      --known-at DATE  label as known on DATE: authors and model overrides\n"  \
	"                       made public later (known_since) count as unknown\n"    \
	"      --groups G1,G2   keep these groups, fold every other one (unknown and\n" \
	"                       unattributed too, unless listed) into 'rest'\n"        \
	"      --labels L       codes (default) or names: also show display names\n"   \
	"                       (China, DeepSeek V3.2); CSV gets a name column\n"

/* The options of every chart: size, titles, release markers. */
#define CHART_LONG_OPTIONS                                        \
	{"size", required_argument, NULL, CHART_OPT_SIZE},        \
	{"title", required_argument, NULL, CHART_OPT_TITLE},      \
	{"subtitle", required_argument, NULL, CHART_OPT_SUBTITLE}, \
	{"events", optional_argument, NULL, CHART_OPT_EVENTS}

enum {
	CHART_OPT_SIZE = 0x180,
	CHART_OPT_TITLE,
	CHART_OPT_SUBTITLE,
	CHART_OPT_EVENTS,
};

#define CHART_OPTIONS_HELP                                                          \
	"      --size S         WxH in pixels, or social (1200x675, default), square\n" \
	"                       (1080x1080), phone (640x800), wide (1600x900)\n"      \
	"      --title T        the chart's title instead of its own\n"               \
	"      --subtitle T     the line under the title instead of its own\n"        \
	"      --events[=E]     release markers: none, all (a bare --events), or a\n" \
	"                       CSV file date,label,model,source; default: the\n"     \
	"                       headline releases of the built-in list\n"

struct chart_opts {
	struct chart_look look;
	const char *events;     // --events value ("" = bare); NULL = not given
	bool events_given;
};

void chart_opts_defaults(struct chart_opts *o);
/* Handles a chart option as query_option does (1, 0, or -1 after a message). */
int chart_option(const char *cmd, int c, const char *arg, struct chart_opts *o);
/* What a chart draws unless told: --groups CN,US. */
void chart_query_defaults(struct share_query *q);

#define query_defaults share_query_defaults
/*
 * Handles option c with argument arg if it is a query option. Returns 1 if
 * handled, 0 if c is not a query option, -1 (after a usage message) if the
 * value is bad.
 */
int query_option(const char *cmd, int c, const char *arg, struct share_query *q);
/* Checks the combination (from <= to); -1 after a usage message. */
int query_check(const char *cmd, const struct share_query *q);

#endif
