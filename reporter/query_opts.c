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
#include "reporter/query_opts.h"

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
			cli_usage_error(cmd, "--period '%s' is not day, week or month", arg);
			return -1;
		}
		return 1;
	case QUERY_OPT_FROM:
	case QUERY_OPT_TO:
		if (!cli_parse_date(arg, c == QUERY_OPT_FROM ? &q->from : &q->to)) {
			cli_usage_error(cmd, "%s '%s' is not a date in the form YYYY-MM-DD",
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
	default:
		return 0;
	}
}

int query_check(const char *cmd, const struct share_query *q)
{
	if (q->from != INT32_MIN && q->to != INT32_MAX && q->from > q->to) {
		cli_usage_error(cmd, "--from is after --to");
		return -1;
	}
	return 0;
}
