/*
 * "tokenshare report": share tables (CSV or JSON) and the restatement log.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/log.h"
#include "store/store.h"
#include "reporter/views/change.h"
#include "cmd/reporter_commands.h"
#include "reporter/views/coverage.h"
#include "reporter/publish/output.h"
#include "reporter/publish/published.h"
#include "reporter/views/query_opts.h"
#include "reporter/views/share.h"

static void usage(FILE *fp)
{
	fputs("Usage: tokenshare report share [OPTIONS]\n"
	      "       tokenshare report change [--movers N] [OPTIONS]\n"
	      "       tokenshare report coverage [OPTIONS]\n"
	      "       tokenshare report restatements [--published BUNDLE] [--db PATH]\n"
	      "\n"
	      "share: each group's share of the period's total, long format, columns\n"
	      "period,start,end,days,group,MEASURE,share (CSV; MEASURE is tokens, requests\n"
	      "or cost_microusd), or the same rows with a meta object (JSON). restatements:\n"
	      "every stored value that changed after it was first collected, as CSV; with\n"
	      "--published, every figure of that bundle that the data now changes (exit 1 if\n"
	      "any). change: per period and group, the share and its\n"
	      "change since the previous period and since a year before (52 weeks, the same\n"
	      "month, 364 days), in percentage points, and the measure's change in percent;\n"
	      "--movers N keeps the N groups of the last period that moved most. coverage:\n"
	      "per period, days and missing days, unknown and unattributed tokens, with --top\n"
	      "N the share inside the top N models, with --prices the unpriced tokens.\n"
	      "\n"
	      "Options:\n"
	      QUERY_OPTIONS_HELP
	      "      --format F       csv (default) or json\n"
	      "      --movers N       change: the N largest movers of the last period\n"
	      "      --published DIR  restatements: the figures of bundle DIR that would change\n"
	      "  -o, --output FILE    write FILE atomically instead of standard output\n"
	      "      --db PATH        database file\n"
	      "  -h, --help           show this help\n", fp);
}

static int restatements(struct store *st, const char *path)
{
	if (path && strcmp(path, "-") != 0) {
		log_error("report restatements writes to standard output only");
		return TS_EXIT_USAGE;
	}
	sqlite3_stmt *q = store_prepare(st,
		"SELECT r.day, r.model, r.old_tokens, r.new_tokens, r.old_as_of, r.new_as_of, "
		"b.started_at FROM restatement r JOIN batch b ON b.id = r.batch_id ORDER BY r.id");
	if (!q)
		return TS_EXIT_STORE;
	fputs("day,model,old_tokens,new_tokens,old_as_of,new_as_of,noticed_at\n", stdout);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		fputs(store_column_text(q, 0), stdout);
		fputc(',', stdout);
		csv_write_text(stdout, store_column_text(q, 1));
		for (int col = 2; col <= 6; col++) {
			fputc(',', stdout);
			if (sqlite3_column_type(q, col) == SQLITE_NULL)
				continue;
			if (col <= 3) {
				printf("%lld", (long long)sqlite3_column_int64(q, col));
			} else {
				char ts[TIMESTAMP_LEN + 1];
				date_format_timestamp(sqlite3_column_int64(q, col), ts);
				fputs(ts, stdout);
			}
		}
		fputc('\n', stdout);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_fail(st, "cannot read restatements");
		return TS_EXIT_STORE;
	}
	return fflush(stdout) == 0 ? TS_EXIT_OK : TS_EXIT_OUTPUT;
}


struct coverage_job {
	const struct share_table *base, *top;
	const struct coverage_models *models;
};

static int write_coverage(const void *ctx, FILE *fp)
{
	const struct coverage_job *job = ctx;
	return coverage_write_csv(job->base, job->top, job->models, fp);
}

int cmd_report(int argc, char **argv, struct cli_global *g)
{
	static const struct option options[] = {
		QUERY_LONG_OPTIONS,
		{"format", required_argument, NULL, 'F'},
		{"movers", required_argument, NULL, 'M'},
		{"published", required_argument, NULL, 'P'},
		{"output", required_argument, NULL, 'o'},
		{"db", required_argument, NULL, 'D'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct share_query q;
	query_defaults(&q);
	const struct share_writer *writer = &share_writer_csv;
	const char *output = NULL, *published = NULL;
	unsigned movers = 0;
	int c;
	optind = 0;
	opterr = 0;     // cli_option_error says what was wrong
	while ((c = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
		int handled = query_option("report", c, optarg, &q);
		if (handled < 0)
			return TS_EXIT_USAGE;
		if (handled)
			continue;
		switch (c) {
		case 'F':
			writer = share_writer_find(optarg);
			if (!writer)
				return cli_usage_error("report", "--format '%s' is not csv or json", optarg);
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error("report", "-o needs a file name (- is standard output)");
			output = optarg;
			break;
		case 'M': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || end == optarg || optarg[0] == '-' || n == 0 || n > 100000)
				return cli_usage_error("report", "--movers '%s' is not a whole number from "
				                       "1 to 100000", optarg);
			movers = (unsigned)n;
			break;
		}
		case 'P':
			published = optarg;
			break;
		case 'D':
			g->db = optarg;
			break;
		case 'q':
			g->quiet = true;
			break;
		case 'h':
			usage(stdout);
			return TS_EXIT_OK;
		default:
			return cli_option_error("report", argc, argv, options);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("report", "name one report: share, change, coverage or "
		                       "restatements");
	const char *what = argv[optind];
	bool change = strcmp(what, "change") == 0;
	bool coverage = strcmp(what, "coverage") == 0;
	bool share = change || coverage || strcmp(what, "share") == 0;
	if (!share && strcmp(what, "restatements") != 0)
		return cli_usage_error("report", "unknown report '%s' (share, change, coverage or "
		                       "restatements)", what);
	if (coverage && writer != &share_writer_csv)
		return cli_usage_error("report", "coverage is CSV only (the JSON of report share "
		                       "holds the same in its meta)");
	if (movers && !change)
		return cli_usage_error("report", "--movers goes with report change");
	if (published && share)
		return cli_usage_error("report", "--published goes with report restatements");
	if (query_check("report", &q) != 0)
		return TS_EXIT_USAGE;

	char *db_path = cli_db_path(g);
	if (!db_path)
		return cli_usage_error("report", "no database: give --db or set TOKENSHARE_DB");
	struct store st;
	int open_err = store_open(&st, db_path, STORE_READ);
	free(db_path);
	if (open_err)
		return TS_EXIT_STORE;
	int status;
	if (!share) {
		status = published && !output ? published_check(&st, published)
		                              : restatements(&st, output);
	} else {
		struct share_table t, author = {0}, top = {0};
		struct coverage_models models = {0};
		struct share_query qc = q;
		if (coverage) {
			// Unknown and unattributed come from the author-country view, the
			// top-N coverage from the --top view of the same query.
			qc.by = SHARE_BY_AUTHOR_COUNTRY;
			qc.top = 0;
		}
		int err = share_compute(&st, coverage ? &qc : &q, &t);
		if (!err && coverage && q.top) {
			struct share_query qt = qc;
			qt.top = q.top;
			err = share_compute(&st, &qt, &top);
			if (err)
				share_table_finish(&t);
		}
		if (!err && coverage && (err = coverage_models_load(&st, &qc, &models)) != 0) {
			share_table_finish(&t);
			share_table_finish(&top);
		}
		if (!err && q.by == SHARE_BY_LINEAGE_COUNTRY) {
			// The lineage view reports its difference to the author view.
			struct share_query qa = q;
			qa.by = SHARE_BY_AUTHOR_COUNTRY;
			err = share_compute(&st, &qa, &author);
			if (err)
				share_table_finish(&t);
			else
				t.author_view = &author;
		}
		if (err) {
			status = err == -2 ? TS_EXIT_USAGE : TS_EXIT_STORE;
		} else {
			if (t.n_rows == 0)
				log_warning("no %s data in the requested range", t.source_label);
			if (t.n_unpriced_models)
				log_warning("%zu models have no price in the sheet used (%s%s); their "
				            "tokens are left out of the dollar shares, not counted as $0 "
				            "(JSON meta prices.unpriced_*)", t.n_unpriced_models,
				            t.unpriced_models[0], t.n_unpriced_models > 1 ? ", ..." : "");
			if (coverage) {
				struct coverage_job job = {&t, q.top ? &top : NULL, &models};
				status = output_emit(output, write_coverage, &job) == 0 ? TS_EXIT_OK
				                                                        : TS_EXIT_OUTPUT;
			} else if (change) {
				struct change_job job = {&t, movers, writer == &share_writer_json};
				status = output_emit(output, change_write_job, &job) == 0 ? TS_EXIT_OK
				                                                      : TS_EXIT_OUTPUT;
			} else {
				status = share_emit(writer, &t, output) == 0 ? TS_EXIT_OK : TS_EXIT_OUTPUT;
			}
			share_table_finish(&t);
			share_table_finish(&author);
			share_table_finish(&top);
			if (coverage)
				coverage_models_finish(&models);
		}
	}
	store_close(&st);
	return status;
}
