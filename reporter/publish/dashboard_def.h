/*
 * A dashboard's definition, parsed (types only): its views, each with the
 * command it stands for and its options, and the page's title and
 * description. dashboard.h loads and renders them; method.h and
 * out_html.h describe and show them.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_DASHBOARD_DEF_H
#define TOKENSHARE_DASHBOARD_DEF_H

#include <stddef.h>
#include <stdint.h>

#include "reporter/views/query_opts.h"
#include "reporter/views/share_table.h"

enum view_kind {
	VIEW_SHARE,             // report share: STEM.csv, STEM.json
	VIEW_CHANGE,            // report change: STEM.csv, STEM.json
	VIEW_COVERAGE,          // report coverage: STEM.csv
	VIEW_CHART_SHARE,       // chart share: STEM.png, .svg, .gp, .dat, and its STEM.csv
	VIEW_CHART_STACKED,     // chart stacked
	VIEW_CHART_TOP,         // chart top: the top N models of the last period
	VIEW_CHART_COMPARE,     // chart compare: tokens and dollars; STEM.csv, STEM-dollars.csv
};

/* True for the chart views (which write images). */
#define VIEW_IS_CHART(kind) ((kind) >= VIEW_CHART_SHARE)

struct dash_view {
	char *stem;
	enum view_kind kind;
	char *command;          // "report share --period week": what tokenshare runs
	char **args;            // the view's options, as on the command line
	size_t n_args;
	unsigned long line;
	// The options, parsed once when the definition is loaded:
	struct share_query query;
	unsigned movers;        // report change --movers (0 = all)
	struct chart_opts chart;        // charts: --size, --title, --subtitle, --events
};

struct dashboard {
	char *name;             // as asked for
	char *origin;           // "built-in" or the file's path
	char *text;             // the definition, byte for byte (for the bundle)
	char *title, *description;
	struct dash_view *views;
	size_t n_views;
	int32_t known_at;       // --known-at of every view; INT32_MAX = not given
};

#endif
