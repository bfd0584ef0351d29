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

#include "core/opts.h"
#include "reporter/charts/chart_layout.h"
#include "reporter/views/share.h"

/* The ids of the query options (query_opts_table). */
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

/* The ids of the chart options (chart_opts_table). */
enum {
	CHART_OPT_SIZE = 0x180,
	CHART_OPT_TITLE,
	CHART_OPT_SUBTITLE,
	CHART_OPT_EVENTS,
};

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

/* The query options (--source, --by, ... --labels) and the chart options
 * (--size, --title, --subtitle, --events), for a command's table. */
extern const struct cli_opt query_opts_table[];
extern const struct cli_opt chart_opts_table[];

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
