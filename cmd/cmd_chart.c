/*
 * "tokenshare chart share": the share chart as PNG and SVG.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "core/cli.h"
#include "mapping/refdata.h"
#include "reporter/charts/chart.h"
#include "reporter/charts/chart_top.h"
#include "reporter/charts/events.h"
#include "reporter/views/query_opts.h"
#include "store/mapping_store.h"
#include "store/store.h"

static bool is_chart_name(const char *s)
{
	return strcmp(s, "share") == 0 || strcmp(s, "stacked") == 0 || strcmp(s, "top") == 0 ||
	       strcmp(s, "compare") == 0;
}

static const struct cli_opt options[] = {
	CLI_DIR('o', "output", 'o', "DIR", "directory to write (created if missing)"),
	CLI_GROUP(chart_opts_table),
	CLI_GROUP(query_opts_table),
	CLI_END,
};

/* What the options say. */
struct chart_args {
	struct share_query q;
	struct chart_opts co;
	const char *dir;
};

static int on_option(void *ctx, int id, const char *arg)
{
	struct chart_args *a = ctx;
	int handled = query_option("chart", id, arg, &a->q);
	if (!handled)
		handled = chart_option("chart", id, arg, &a->co);
	if (handled)
		return handled < 0 ? TS_EXIT_USAGE : 0;
	if (id == 'o') {
		if (cli_output_dir("chart", arg))
			return TS_EXIT_USAGE;
		a->dir = arg;
	}
	return 0;
}

static int run(int argc, char **argv, struct cli_global *g)
{
	struct chart_args a = {0};
	query_defaults(&a.q);
	chart_opts_defaults(&a.co);
	int parsed = cli_parse(&cmd_chart, argc, argv, g, on_option, &a);
	if (parsed != CLI_GO_ON)
		return parsed;
	struct share_query q = a.q;
	struct chart_opts co = a.co;
	const char *dir = a.dir;
	enum chart_kind kind = CHART_SHARE;
	bool top = false;
	if (optind == argc - 1 && strcmp(argv[optind], "stacked") == 0)
		kind = CHART_STACKED;
	else if (optind == argc - 1 && strcmp(argv[optind], "compare") == 0)
		kind = CHART_COMPARE;
	else if (optind == argc - 1 && strcmp(argv[optind], "top") == 0)
		top = true;
	else if (co.events_given && !*co.events && argc - optind == 2)
		return cli_usage_error("chart", "unexpected argument '%s': --events takes its value "
		                       "after '=' (--events=none, --events=all or --events=FILE)",
		                       argv[is_chart_name(argv[optind]) ? optind + 1 : optind]);
	else if (optind != argc - 1 || strcmp(argv[optind], "share") != 0)
		return cli_usage_error("chart", "name the chart: share, stacked, top or compare");
	bool events = co.events_given;
	if (kind == CHART_COMPARE && (events || q.measure != MEASURE_TOKENS))
		return cli_usage_error("chart", "compare draws tokens and dollars itself, without "
		                       "--events or --measure");
	if (top) {
		if (chart_top_query(&q) != 0)
			return cli_usage_error("chart", "the top chart is of models (--by model)");
		if (events)
			return cli_usage_error("chart", "--events goes with the share and stacked charts");
	}
	if (!dir)
		return cli_usage_error("chart", "-o DIR is required");
	if (query_check("chart", &q) != 0)
		return TS_EXIT_USAGE;
	bool lines = !top && (kind == CHART_SHARE || kind == CHART_STACKED);
	if (lines || kind == CHART_COMPARE)
		chart_query_defaults(&q);
	struct event_list ev = {0};
	if (lines && events_select(&ev, co.events) != 0)
		return TS_EXIT_USAGE;
	struct store st;
	int open_err = command_open_store("chart", g, &st, STORE_READ);
	if (open_err) {
		events_finish(&ev);
		return open_err;
	}
	// compare: the tokens as they are, and the same query in dollars.
	struct share_query qd = q;
	qd.measure = MEASURE_COST;
	if (kind == CHART_COMPARE)
		q.prices = PRICES_NONE;
	struct share_table t;
	int status = TS_EXIT_OK;
	int err = share_compute(&st, &q, &t);
	if (err) {
		status = err == -2 ? TS_EXIT_USAGE : TS_EXIT_STORE;
	} else {
		if (top) {
			struct refdata rd;
			err = mapping_store_load(&rd, &st, t.mapping_version);
			if (!err) {
				err = chart_top_draw(&t, &rd, dir, "top", &co.look);
				refdata_finish(&rd);
			}
		} else if (kind == CHART_COMPARE) {
			struct share_table dollars;
			if ((err = share_compute(&st, &qd, &dollars)) == 0) {
				err = chart_compare_draw(&t, &dollars, dir, NULL, &co.look);
				share_table_finish(&dollars);
			}
		} else {
			err = chart_draw(&t, kind, dir, NULL, &ev, &co.look);
		}
		const char *name = argv[optind];
		if (err)
			status = err == -2 ? TS_EXIT_USAGE : TS_EXIT_OUTPUT;
		else if (!g->quiet)
			printf("wrote %s/%s.png, %s/%s.svg (and %s.gp, %s.dat)\n", dir, name, dir, name,
			       name, name);
		share_table_finish(&t);
	}
	store_close(&st);
	events_finish(&ev);
	return status;
}

static void chart_env_help(FILE *fp)
{
	fputs("\nEnvironment: TOKENSHARE_GNUPLOT names the gnuplot program.\n", fp);
}

const struct cli_command cmd_chart = {
	.name = "chart",
	.summary = "the share chart as PNG and SVG (gnuplot)",
	.synopsis = "chart share|stacked|top|compare -o DIR [OPTIONS]",
	.about = "Draw the share of tokens by model-author country with gnuplot: 'share' as\n"
	         "lines (DIR/share.png, share.svg), 'stacked' as bars stacked to 100 %\n"
	         "(DIR/stacked.png, stacked.svg); with the .gp script and .dat data that\n"
	         "redraw them (\"gnuplot share.gp\" in DIR). They draw --groups CN,US and\n"
	         "the rest folded into one grey series unless told (--groups all: every\n"
	         "group), labelled at the line ends. 'top': the top N models (--top, default\n"
	         "10) of the last period in range as bars coloured by maker's country\n"
	         "(DIR/top.png, top.svg). 'compare': the share of tokens and the share of dollars\n"
	         "side by side (--prices DATE|as-of-period for rankings; DIR/compare.png, .svg).\n",
	.opts = options,
	.operands = "share stacked top compare",
	.more_help = chart_env_help,
	.run = run,
};
