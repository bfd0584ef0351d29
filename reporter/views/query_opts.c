/*
 * Shared report options (see query_opts.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/text.h"
#include "reporter/views/query_opts.h"

/* --groups G1,G2,...: names without empty items, repeats or the fold's own name. */
static int parse_groups(const char *cmd, const char *arg, struct share_query *q)
{
	q->groups_given = true;
	if (strcmp(arg, "all") == 0) {
		q->groups = NULL;
		return 1;
	}
	for (const char *p = arg;; p++) {
		size_t len = strcspn(p, ",");
		if (len == 0) {
			cli_usage_error(cmd, "--groups '%s' has an empty name (give e.g. CN,US)", arg);
			return -1;
		}
		if (len == strlen(SHARE_GROUP_REST) && strncmp(p, SHARE_GROUP_REST, len) == 0) {
			cli_usage_error(cmd, "--groups: '" SHARE_GROUP_REST "' is the group the others "
			                "fold into; list the groups to keep");
			return -1;
		}
		for (const char *o = arg; o < p; o += strcspn(o, ",") + 1) {
			if (strcspn(o, ",") == len && strncmp(o, p, len) == 0) {
				cli_usage_error(cmd, "--groups names '%.*s' twice", (int)len, p);
				return -1;
			}
		}
		p += len;
		if (!*p)
			break;
	}
	q->groups = arg;
	return 1;
}

/* --from or --to: a day, or a week, month, quarter or year label, which
 * stands for its first day (from) or its last (to). False if arg is none. */
static bool range_bound(const char *arg, bool from, int32_t *day)
{
	if (cli_parse_date(arg, day))
		return true;
	struct period p;
	if (!period_parse_label(PERIOD_WEEK, arg, &p) && !period_parse_label(PERIOD_MONTH, arg, &p) &&
	    !period_parse_label(PERIOD_QUARTER, arg, &p) && !period_parse_label(PERIOD_YEAR, arg, &p))
		return false;
	*day = from ? p.start : p.end;
	return true;
}

int query_option(const char *cmd, int c, const char *arg, struct share_query *q)
{
	switch (c) {
	case QUERY_OPT_BY:
		if (!share_by_parse(arg, &q->by)) {
			cli_usage_error(cmd, "--by '%s' is not one of: %s", arg, share_by_names());
			return -1;
		}
		return 1;
	case QUERY_OPT_SOURCE:
		q->source = arg;
		return 1;
	case QUERY_OPT_MEASURE:
		if (!share_measure_parse(arg, &q->measure)) {
			cli_usage_error(cmd, "--measure '%s' is not tokens, requests or cost", arg);
			return -1;
		}
		return 1;
	case QUERY_OPT_TZ:
		q->tz = arg;
		return 1;
	case QUERY_OPT_PERIOD:
		if (!period_kind_parse(arg, &q->period)) {
			cli_usage_error(cmd, "--period '%s' is not day, week, month, quarter or year",
			                arg);
			return -1;
		}
		return 1;
	case QUERY_OPT_FROM:
	case QUERY_OPT_TO:
		if (!range_bound(arg, c == QUERY_OPT_FROM, c == QUERY_OPT_FROM ? &q->from : &q->to)) {
			cli_usage_error(cmd, "%s '%s' is not a day (YYYY-MM-DD), an ISO week "
			                "(YYYY-Www), a month (YYYY-MM), a quarter (YYYY-Qn) or a "
			                "year (YYYY)",
			                c == QUERY_OPT_FROM ? "--from" : "--to", arg);
			return -1;
		}
		return 1;
	case QUERY_OPT_TOP: {
		char *end;
		errno = 0;
		unsigned long n = strtoul(arg, &end, 10);
		if (errno || *end || end == arg || arg[0] == '-' || n == 0 || n > 100000) {
			cli_usage_error(cmd, "--top '%s' is not a whole number from 1 to 100000", arg);
			return -1;
		}
		q->top = (unsigned)n;
		return 1;
	}
	case QUERY_OPT_MAPPING:
		q->mapping = arg;
		return 1;
	case QUERY_OPT_PRICES:
		if (strcmp(arg, "as-of-period") == 0) {
			q->prices = PRICES_EACH_DAY;
		} else if (!cli_parse_date(arg, &q->prices)) {
			cli_usage_error(cmd, "--prices '%s' is not a date (YYYY-MM-DD) or as-of-period",
			                arg);
			return -1;
		}
		return 1;
	case QUERY_OPT_KNOWN_AT:
		if (!cli_parse_date(arg, &q->known_at)) {
			cli_usage_error(cmd, "--known-at '%s' is not a date in the form YYYY-MM-DD", arg);
			return -1;
		}
		return 1;
	case QUERY_OPT_GROUPS:
		return parse_groups(cmd, arg, q);
	case QUERY_OPT_LABELS:
		if (strcmp(arg, "codes") != 0 && strcmp(arg, "names") != 0) {
			cli_usage_error(cmd, "--labels '%s' is not codes or names", arg);
			return -1;
		}
		q->names = strcmp(arg, "names") == 0;
		return 1;
	default:
		return 0;
	}
}

int chart_option(const char *cmd, int c, const char *arg, struct chart_opts *o)
{
	switch (c) {
	case CHART_OPT_SIZE:
		if (!chart_look_size(arg, &o->look)) {
			cli_usage_error(cmd, "--size '%s' is not WxH (320 to 4000 pixels a side) or one "
			                "of: %s", arg, chart_size_presets());
			return -1;
		}
		return 1;
	case CHART_OPT_TITLE:
	case CHART_OPT_SUBTITLE:
		if (!text_is_utf8(arg, strlen(arg)) || text_has_control(arg, strlen(arg))) {
			cli_usage_error(cmd, "%s must be UTF-8 text on one line",
			                c == CHART_OPT_TITLE ? "--title" : "--subtitle");
			return -1;
		}
		*(c == CHART_OPT_TITLE ? &o->look.title : &o->look.subtitle) = arg;
		return 1;
	case CHART_OPT_EVENTS:
		o->events = arg ? arg : "";
		o->events_given = true;
		return 1;
	default:
		return 0;
	}
}

void chart_opts_defaults(struct chart_opts *o)
{
	*o = (struct chart_opts){0};
	chart_look_defaults(&o->look);
}

void chart_query_defaults(struct share_query *q)
{
	if (!q->groups_given)
		q->groups = "CN,US";
}

int query_check(const char *cmd, const struct share_query *q)
{
	if (q->from != INT32_MIN && q->to != INT32_MAX && q->from > q->to) {
		cli_usage_error(cmd, "--from is after --to");
		return -1;
	}
	return 0;
}

const struct cli_opt query_opts_table[] = {
	CLI_STRING(0, "source", QUERY_OPT_SOURCE, "S", "rankings (default), a log dataset (see status), or\n"
	           "logs (every log dataset together)"),
	CLI_CHOICE(0, "by", QUERY_OPT_BY, "DIMENSION", "author-country lineage-country author model family "
	           "variant weights weights-origin provider provider-country "
	           "provider-entity-country",
	           "group by: author-country (default), lineage-country,\n"
	           "author, model, family, variant, weights,\n"
	           "weights-origin;\n"
	           "for logs also provider, provider-country (owner's\n"
	           "country), provider-entity-country (OpenRouter's\n"
	           "headquarters)"),
	CLI_CHOICE(0, "measure", QUERY_OPT_MEASURE, "M", "tokens requests cost",
	           "tokens (default), requests or cost (logs)"),
	CLI_STRING(0, "prices", QUERY_OPT_PRICES, "DATE", "with --measure cost on rankings: price at the\n"
	           "/models prices of DATE, or as-of-period (each day's)"),
	CLI_STRING(0, "tz", QUERY_OPT_TZ, "ZONE", "days and weeks in this IANA zone (default UTC)"),
	CLI_CHOICE(0, "period", QUERY_OPT_PERIOD, "P", "day week month quarter year",
	           "day, week (ISO 8601, Monday start; default), month,\n"
	           "quarter (2026-Q3) or year (2026)"),
	CLI_STRING(0, "from", QUERY_OPT_FROM, "DATE", "first UTC day to include: YYYY-MM-DD, or a week\n"
	           "(2026-W38), month (2026-09), quarter (2026-Q3) or\n"
	           "year (2026) from its first day"),
	CLI_STRING(0, "to", QUERY_OPT_TO, "DATE", "last UTC day to include, or a week, month,\n"
	           "quarter or year to its last day"),
	CLI_STRING(0, "top", QUERY_OPT_TOP, "N", "press method: only each period's N largest models\n"
	           "count by group; the rest is 'outside-top-N'"),
	CLI_STRING(0, "mapping", QUERY_OPT_MAPPING, "V",
	           "label with stored mapping version V (default: active)"),
	CLI_STRING(0, "known-at", QUERY_OPT_KNOWN_AT, "DATE",
	           "label as known on DATE: authors and model overrides\n"
	           "made public later (known_since) count as unknown"),
	CLI_STRING(0, "groups", QUERY_OPT_GROUPS, "G1,G2",
	           "keep these groups, fold every other one (unknown and\n"
	           "unattributed too, unless listed) into 'rest'"),
	CLI_CHOICE(0, "labels", QUERY_OPT_LABELS, "L", "codes names",
	           "codes (default) or names: also show display names\n"
	           "(China, DeepSeek V3.2); CSV gets a name column"),
	CLI_END,
};

const struct cli_opt chart_opts_table[] = {
	CLI_STRING(0, "size", CHART_OPT_SIZE, "S", "WxH in pixels, or social (1200x675, default), square\n"
	           "(1080x1080), phone (640x800), wide (1600x900)"),
	CLI_STRING(0, "title", CHART_OPT_TITLE, "T", "the chart's title instead of its own"),
	CLI_STRING(0, "subtitle", CHART_OPT_SUBTITLE, "T", "the line under the title instead of its own"),
	CLI_OPTIONAL_CHOICE(0, "events", CHART_OPT_EVENTS, "E", "none all",
	                    "release markers: none, all (a bare --events), or a\n"
	                    "CSV file date,label,model,source; default: the\n"
	                    "headline releases of the built-in list"),
	CLI_END,
};
