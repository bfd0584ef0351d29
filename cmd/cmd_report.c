/*
 * "tokenshare report": share tables (CSV or JSON) and the restatement log.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "core/cli.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/log.h"
#include "reporter/publish/out_text.h"
#include "reporter/publish/output.h"
#include "reporter/publish/published.h"
#include "reporter/views/change.h"
#include "reporter/views/change_base.h"
#include "reporter/views/coverage.h"
#include "reporter/views/query_opts.h"
#include "reporter/views/share.h"
#include "store/rank_read.h"
#include "store/store.h"

enum {
	OPT_FORMAT = 0x200,
	OPT_MOVERS,
	OPT_PUBLISHED,
	OPT_BASE,
	OPT_GAINERS,
	OPT_LOSERS,
	OPT_WIDE,
	OPT_SPREADSHEET,
};

static const struct cli_opt options[] = {
	CLI_GROUP(query_opts_table),
	CLI_CHOICE(0, "format", OPT_FORMAT, "F", "csv tsv json table",
	           "csv, tsv, json or table (for eyes: shares, pp and %\n"
	           "to 1 decimal); default: what -o's extension says,\n"
	           "else a table on a terminal, else csv"),
	CLI_BOOL(0, "wide", OPT_WIDE, "share: one row per period, one share column per group\n"
	         "(CN, US, then by size; 0 where a group has none)"),
	CLI_BOOL(0, "spreadsheet", OPT_SPREADSHEET, "CSV for Excel, LibreOffice and Gnumeric: a UTF-8\n"
	         "BOM, period labels as =\"2026-01\" so they stay text;\n"
	         "numbers and dates as in the CSV"),
	CLI_STRING(0, "movers", OPT_MOVERS, "N", "change: the N largest movers of the last period"),
	CLI_STRING(0, "base", OPT_BASE, "PERIOD", "change: each group's share in PERIOD (2026-W33,\n"
	           "2026-09, 2026-Q3) against the last full period, or the last\n"
	           "with --to"),
	CLI_STRING(0, "gainers", OPT_GAINERS, "N", "change: the N groups that gained most since the\n"
	           "base (default base: the period before)"),
	CLI_STRING(0, "losers", OPT_LOSERS, "N", "change: the N groups that lost most since the base"),
	CLI_DIR(0, "published", OPT_PUBLISHED, "DIR",
	        "restatements: the figures of bundle DIR that would change"),
	CLI_FILE('o', "output", 'o', "FILE", "write FILE atomically instead of standard output\n"
	         "(- is standard output)"),
	CLI_END,
};

static const char restatements_header[] =
	"day,model,old_tokens,new_tokens,old_as_of,new_as_of,noticed_at\n";

/* A restatement as a CSV line, the header before the first (*ctx: header written). */
static int print_restatement(void *ctx, const struct rank_read_restatement *r)
{
	bool *header = ctx;
	if (!*header) {
		fputs(restatements_header, stdout);
		*header = true;
	}
	fputs(r->day, stdout);
	fputc(',', stdout);
	csv_write_text(stdout, r->model);
	const bool has[] = {r->has_old_tokens, r->has_new_tokens, r->has_old_as_of,
	                    r->has_new_as_of, r->has_noticed_at};
	const int64_t v[] = {r->old_tokens, r->new_tokens, r->old_as_of, r->new_as_of,
	                     r->noticed_at};
	for (int col = 0; col < 5; col++) {
		fputc(',', stdout);
		if (!has[col])
			continue;
		if (col < 2) {
			printf("%lld", (long long)v[col]);
		} else {
			char ts[TIMESTAMP_LEN + 1];
			date_format_timestamp(v[col], ts);
			fputs(ts, stdout);
		}
	}
	fputc('\n', stdout);
	return 0;
}

static int restatements(struct store *st, const char *path)
{
	if (path && strcmp(path, "-") != 0) {
		log_error("report restatements writes to standard output only");
		return TS_EXIT_USAGE;
	}
	bool header = false;
	int rc = rank_read_restatements(st, print_restatement, &header);
	if (rc != 0)
		return TS_EXIT_STORE;
	if (!header)
		fputs(restatements_header, stdout);
	return fflush(stdout) == 0 ? TS_EXIT_OK : TS_EXIT_OUTPUT;
}


struct coverage_job {
	const struct share_table *base, *top;
	const struct coverage_models *models;
};

/* A CSV writer's output in the chosen style, to a file or stdout. */
struct styled {
	enum text_style style;
	int (*write)(const void *ctx, FILE *fp);
	const void *ctx;
};

static int write_styled(const void *ctx, FILE *fp)
{
	const struct styled *s = ctx;
	return text_emit(s->style, s->write, s->ctx, fp);
}

/* Writes through output_emit; an exit status. */
static int emit(const char *output, enum text_style style,
                int (*write)(const void *ctx, FILE *fp), const void *ctx)
{
	struct styled s = {style, write, ctx};
	return output_emit(output, write_styled, &s) == 0 ? TS_EXIT_OK : TS_EXIT_OUTPUT;
}

static int share_csv(const void *t, FILE *fp)
{
	return share_writer_csv.write(t, fp);
}

static int share_wide(const void *t, FILE *fp)
{
	return share_writer_wide.write(t, fp);
}

static int write_coverage(const void *ctx, FILE *fp)
{
	const struct coverage_job *job = ctx;
	return coverage_write_csv(job->base, job->top, job->models, fp);
}

/* What the options say. */
struct report_args {
	struct share_query q;
	enum report_format format;      // --format, or FORMAT_NONE
	const char *output, *published;
	unsigned movers;
	const char *base;       // --base PERIOD, or NULL
	unsigned gainers, losers;
	bool wide, spreadsheet;
};

/* A count from 1 to 100000 for option name into *out; else a usage error. */
static int count_option(const char *name, const char *arg, unsigned *out)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);
	if (*end || end == arg || arg[0] == '-' || n == 0 || n > 100000)
		return cli_usage_error("report", "--%s '%s' is not a whole number from 1 to 100000",
		                       name, arg);
	*out = (unsigned)n;
	return 0;
}

static int on_option(void *ctx, int id, const char *arg)
{
	struct report_args *a = ctx;
	int handled = query_option("report", id, arg, &a->q);
	if (handled)
		return handled < 0 ? TS_EXIT_USAGE : 0;
	switch (id) {
	case OPT_FORMAT:
		a->format = report_format_parse(arg);
		if (a->format == FORMAT_NONE)
			return cli_usage_error("report", "--format '%s' is not csv, tsv, json or table",
			                       arg);
		break;
	case 'o':
		if (!*arg)
			return cli_usage_error("report", "-o needs a file name (- is standard output)");
		a->output = arg;
		break;
	case OPT_MOVERS:
		return count_option("movers", arg, &a->movers);
	case OPT_GAINERS:
		return count_option("gainers", arg, &a->gainers);
	case OPT_LOSERS:
		return count_option("losers", arg, &a->losers);
	case OPT_BASE:
		a->base = arg;
		break;
	case OPT_WIDE:
		a->wide = true;
		break;
	case OPT_SPREADSHEET:
		a->spreadsheet = true;
		break;
	case OPT_PUBLISHED:
		a->published = arg;
		break;
	}
	return 0;
}

static int run(int argc, char **argv, struct cli_global *g)
{
	struct report_args a = {0};
	query_defaults(&a.q);
	int parsed = cli_parse(&cmd_report, argc, argv, g, on_option, &a);
	if (parsed != CLI_GO_ON)
		return parsed;
	struct share_query q = a.q;
	const char *output = a.output, *published = a.published;
	// The format: --format, else -o's extension, else a table on a terminal, else CSV.
	enum report_format format = a.format, ext = report_format_of_path(output);
	if (format != FORMAT_NONE && ext != FORMAT_NONE && format != ext)
		return cli_usage_error("report", "-o %s is a .%s file, but --format is %s", output,
		                       report_format_name(ext), report_format_name(format));
	if (a.spreadsheet && (format == FORMAT_NONE ? ext : format) != FORMAT_NONE &&
	    (format == FORMAT_NONE ? ext : format) != FORMAT_CSV)
		return cli_usage_error("report", "--spreadsheet writes CSV; it does not go with %s",
		                       format == FORMAT_NONE ? output : report_format_name(format));
	if (format == FORMAT_NONE && a.spreadsheet)
		format = FORMAT_CSV;
	if (format == FORMAT_NONE)
		format = ext != FORMAT_NONE                                   ? ext
		         : (!output || strcmp(output, "-") == 0) && isatty(1) ? FORMAT_TABLE
		                                                              : FORMAT_CSV;
	bool json = format == FORMAT_JSON;
	enum text_style style = format == FORMAT_TSV     ? TEXT_TSV
	                        : format == FORMAT_TABLE ? TEXT_TABLE
	                        : a.spreadsheet          ? TEXT_SPREADSHEET
	                                                 : TEXT_CSV;
	unsigned movers = a.movers;
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
	if (a.wide && (change || coverage || !share))
		return cli_usage_error("report", "--wide goes with report share");
	if (a.wide && json)
		return cli_usage_error("report", "--wide is a table (csv, tsv or table); the JSON "
		                       "rows are long");
	if (coverage && json)
		return cli_usage_error("report", "coverage is CSV only (the JSON of report share "
		                       "holds the same in its meta)");
	bool based = a.base || a.gainers || a.losers;
	if ((movers || based) && !change)
		return cli_usage_error("report", "--%s goes with report change",
		                       movers ? "movers" : a.base ? "base" : a.gainers ? "gainers"
		                                                             : "losers");
	if (movers && based)
		return cli_usage_error("report", "--movers ranks the last period's movers against "
		                       "the one before; with --base, --gainers or --losers use "
		                       "--gainers and --losers");
	if (a.spreadsheet && !share)
		return cli_usage_error("report", "--spreadsheet goes with report share, change and "
		                       "coverage");
	if (published && share)
		return cli_usage_error("report", "--published goes with report restatements");
	if (query_check("report", &q) != 0)
		return TS_EXIT_USAGE;

	struct store st;
	int open_err = command_open_store("report", g, &st, STORE_READ);
	if (open_err)
		return open_err;
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
				status = emit(output, style, write_coverage, &job);
			} else if (change && based) {
				struct change_base job = {.gainers = a.gainers, .losers = a.losers,
				                          .json = json};
				status = change_base_plan(&job, &t, a.base, "report") != 0
				         ? TS_EXIT_USAGE : emit(output, style, change_base_write, &job);
			} else if (change) {
				struct change_job job = {&t, movers, json};
				status = emit(output, style, change_write_job, &job);
			} else if (json) {
				status = share_emit(&share_writer_json, &t, output) == 0 ? TS_EXIT_OK
				                                                          : TS_EXIT_OUTPUT;
			} else {
				status = emit(output, style, a.wide ? share_wide : share_csv, &t);
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

const struct cli_command cmd_report = {
	.name = "report",
	.summary = "share tables as CSV or JSON; the restatement log",
	.synopsis = "report share [OPTIONS]\n"
	            "report change [--movers N] [OPTIONS]\n"
	            "report change --base PERIOD [--gainers N] [--losers N] [OPTIONS]\n"
	            "report coverage [OPTIONS]\n"
	            "report restatements [--published BUNDLE] [--db PATH]",
	.about = "share: each group's share of the period's total, long format, columns\n"
	         "period,start,end,days,group,MEASURE,share (CSV; MEASURE is tokens, requests\n"
	         "or cost_microusd), or the same rows with a meta object (JSON). restatements:\n"
	         "every stored value that changed after it was first collected, as CSV; with\n"
	         "--published, every figure of that bundle that the data now changes (exit 1 if\n"
	         "any). change: per period and group, the share and its\n"
	         "change since the previous period and since a year before (52 weeks, 364\n"
	         "days, the same month, quarter or year), in percentage points, and the\n"
	         "measure's change in percent;\n"
	         "--movers N keeps the N groups of the last period that moved most; --base\n"
	         "PERIOD compares each group's share then with the last full period's\n"
	         "(--gainers N and --losers N keep the largest gains and losses). coverage:\n"
	         "per period, days and missing days, unknown and unattributed tokens, with --top\n"
	         "N the share inside the top N models, with --prices the unpriced tokens.\n",
	.opts = options,
	.operands = "share change coverage restatements",
	.run = run,
};
