/*
 * "tokenshare demo": the main job on the real sample shipped in
 * data/samples/ (compiled into the binary): ingest it into a fresh
 * database, write the weekly share CSV and JSON, the press-method (top 9)
 * CSV and the chart, then print what was written and the headline.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "cmd/commands.h"
#include "collector/ingest.h"
#include "core/cli.h"
#include "core/date.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/num.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "reporter/charts/chart.h"
#include "reporter/charts/events.h"
#include "reporter/publish/output.h"
#include "reporter/views/query_opts.h"
#include "store/facts_read.h"
#include "store/store.h"

/* The sample; each of its rows carries its day's as-of time (data/samples/SOURCES.md). */
static const struct {
	const char *file;
} sample = {"rankings-daily.csv"};

#define PRESS_TOP 9     // the news figures of February 2026 used the top 9

/*
 * True if db is missing or holds nothing but what a demo stores: the
 * sample's rankings (batches of the demo) and the built-in mapping. Anything
 * else (an ingest, logs, a poll, a loaded mapping) makes it a real database,
 * which the demo must not remove: false, with the reason logged.
 */
static bool only_a_demo(const char *db)
{
	struct stat sb;
	if (lstat(db, &sb) != 0)
		return errno == ENOENT;
	if (!S_ISREG(sb.st_mode)) {
		log_error("%s is not a regular file; the demo does not remove it", db);
		return false;
	}
	struct store st;
	if (store_open(&st, db, STORE_READ) != 0) {
		log_error("%s is not a demo database tokenshare can read; the demo does not "
		          "remove it (give another -o)", db);
		return false;
	}
	int64_t other = facts_read_beyond_demo(&st);
	store_close(&st);
	if (other != 0) {
		log_error("%s holds more than a demo (data ingested, polled or loaded by hand); "
		          "the demo does not remove it (give another -o)", db);
		return false;
	}
	return true;
}

/* Removes a previous demo database so the run starts fresh. */
static int remove_db(const char *db)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *p = xasprintf("%s%s", db, suffixes[i]);
		int rc = unlink(p);
		if (rc != 0 && errno != ENOENT) {
			log_errno(LOG_ERROR, "%s: cannot remove the previous demo database", p);
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

static int ingest_sample(struct store *st, bool quiet)
{
	const struct embedded_file *f =
		embedded_find(embedded_samples, embedded_samples_count, sample.file);
	if (!f) {
		log_error("the sample %s is missing from this binary", sample.file);
		return -1;
	}
	struct rank_input in = {
		.name = "data/samples/rankings-daily.csv",
		.data = f->data,
		.len = f->len,
		.as_of_default = RANK_AS_OF_UNKNOWN,    // each row states its own
	};
	struct ingest_options opt = {.format = &rank_format_csv, .command = "demo"};
	struct rank_apply_stats stats;
	struct rank_batch batch = {0};
	bool ok = ingest_parse(&in, 1, &opt, &batch) == INGEST_OK &&
	          ingest_apply(st, &batch, &opt, &stats) == INGEST_OK;
	rank_batch_finish(&batch);
	if (!ok)
		return -1;
	if (!quiet)
		ingest_print_summary(stdout, 1, &stats);
	return 0;
}

/* The CN and US shares of one period of t, from row i on (the period's first row). */
static void cn_us(const struct share_table *t, size_t i, uint64_t *cn, uint64_t *us)
{
	*cn = *us = 0;
	for (size_t k = i; k < t->n_rows && strcmp(t->rows[k].period.label,
	                                           t->rows[i].period.label) == 0; k++) {
		if (strcmp(t->rows[k].group, "CN") == 0)
			*cn = t->rows[k].share_e4;
		else if (strcmp(t->rows[k].group, "US") == 0)
			*us = t->rows[k].share_e4;
	}
}

/*
 * The headline: the last full week (every day present; a partial last week
 * is not passed off as a week), its CN and US shares, and the crossing rule:
 * the first full week from which CN stayed above US in every full week up
 * to the last one. Partial weeks count for neither side of the rule.
 */
static void print_headline(const struct share_table *t)
{
	const struct share_row *last = NULL, *since = NULL;
	uint64_t cn = 0, us = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		if (i > 0 && strcmp(r->period.label, t->rows[i - 1].period.label) == 0)
			continue;
		if (r->days < period_length(&r->period))
			continue;
		cn_us(t, i, &cn, &us);
		if (cn <= us)
			since = NULL;
		else if (!since)
			since = r;
		last = r;
	}
	if (!last)
		return;
	cn_us(t, (size_t)(last - t->rows), &cn, &us);
	char s_cn[24], s_us[24], h_cn[32], h_us[32], start[DATE_LEN + 1], end[DATE_LEN + 1];
	num_format_e4(cn, s_cn);
	num_format_e4(us, s_us);
	num_format_tenths((int64_t)cn, false, h_cn);
	num_format_tenths((int64_t)us, false, h_us);
	date_format(last->period.start, start);
	date_format(last->period.end, end);
	char *citation = share_citation(t);
	printf("\nLast full week %s (%s to %s): models from China %s %%, from the US %s %% "
	       "of all tokens (%s %% and %s %% to four decimals, as share-week.csv has them).\n",
	       last->period.label, start, end, h_cn, h_us, s_cn, s_us);
	if (since)
		printf("China has been above the US in every full week since %s (the first week of "
		       "the unbroken run up to %s).\n", since->period.label, last->period.label);
	else
		printf("China is not above the US in %s.\n", last->period.label);
	printf("%s. CC BY 4.0. Mapping %s.\n", citation, t->mapping_version);
	free(citation);
}

/* The report set of one period kind: NAME.csv, NAME.json and the chart CHART.*. */
static int write_period(struct store *st, enum period_kind period, const char *dir,
                        const char *name, const char *chart, const struct event_list *ev,
                        struct share_table *out)
{
	struct share_query q;
	query_defaults(&q);
	q.period = period;
	if (share_compute(st, &q, out) != 0)
		return TS_EXIT_STORE;
	// The chart draws China, the US and the rest, as every chart does by default.
	struct share_table lines;
	chart_query_defaults(&q);
	if (share_compute(st, &q, &lines) != 0)
		return TS_EXIT_STORE;
	char *csv = xasprintf("%s/%s.csv", dir, name);
	char *json = xasprintf("%s/%s.json", dir, name);
	int status = share_emit(&share_writer_csv, out, csv) != 0 ||
	             share_emit(&share_writer_json, out, json) != 0 ||
	             chart_draw(&lines, CHART_SHARE, dir, chart, ev, NULL) != 0 ? TS_EXIT_OUTPUT
	                                                                        : TS_EXIT_OK;
	share_table_finish(&lines);
	free(csv);
	free(json);
	return status;
}

static int write_reports(struct store *st, const char *dir, bool quiet)
{
	struct event_list ev;
	if (events_select(&ev, NULL) != 0)
		return TS_EXIT_USAGE;           // the built-in list is checked by the tests
	struct share_table week = {0}, month = {0}, top = {0};
	int status = write_period(st, PERIOD_WEEK, dir, "share-week", "share", &ev, &week);
	if (status == TS_EXIT_OK)
		status = write_period(st, PERIOD_MONTH, dir, "share-month", "share-month", &ev, &month);
	if (status == TS_EXIT_OK) {
		struct share_query q;
		query_defaults(&q);
		q.top = PRESS_TOP;
		char *top_csv = xasprintf("%s/share-week-top9.csv", dir);
		if (share_compute(st, &q, &top) != 0)
			status = TS_EXIT_STORE;
		else if (share_emit(&share_writer_csv, &top, top_csv) != 0)
			status = TS_EXIT_OUTPUT;
		free(top_csv);
	}
	events_finish(&ev);
	if (status == TS_EXIT_OK && !quiet) {
		static const char *const files[] = {
			"share-week.csv", "share-week.json", "share-week-top9.csv", "share-month.csv",
			"share-month.json", "share.png", "share.svg", "share-month.png",
			"share-month.svg",
		};
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
			printf("wrote %s/%s\n", dir, files[i]);
		puts("(share.gp and share.dat, share-month.gp and share-month.dat redraw the charts)");
		print_headline(&week);
	}
	share_table_finish(&week);
	share_table_finish(&month);
	share_table_finish(&top);
	return status;
}

static const struct cli_opt options[] = {
	CLI_DIR('o', "output", 'o', "DIR", "output directory (default: tokenshare-demo)"),
	CLI_END,
};

/* -o DIR, the only option. */
static int on_option(void *ctx, int id, const char *arg)
{
	if (cli_output_dir("demo", arg))
		return TS_EXIT_USAGE;
	*(const char **)ctx = arg;
	return 0;
}

static int run(int argc, char **argv, struct cli_global *g)
{
	const char *dir = "tokenshare-demo";
	int parsed = cli_parse(&cmd_demo, argc, argv, g, on_option, &dir);
	if (parsed != CLI_GO_ON)
		return parsed;
	if (optind != argc)
		return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);
	if (g->db)
		return cli_usage_error("demo", "the demo always uses a fresh DIR/tokenshare.db; "
		                       "--db does not apply");
	char *db = xasprintf("%s/tokenshare.db", dir);
	int err = paths_make_parents(db, 0777);
	if (err) {
		errno = -err;
		log_errno(LOG_ERROR, "%s: cannot create the directory", dir);
		free(db);
		return TS_EXIT_OUTPUT;
	}
	struct store st = {0};
	int status = TS_EXIT_OK;
	if (!only_a_demo(db))
		status = TS_EXIT_OUTPUT;
	else if (remove_db(db) != 0 || store_open(&st, db, STORE_WRITE) != 0)
		status = TS_EXIT_STORE;
	else if (ingest_sample(&st, g->quiet) != 0)
		status = TS_EXIT_STORE;
	else
		status = write_reports(&st, dir, g->quiet);
	store_close(&st);
	free(db);
	return status;
}

const struct cli_command cmd_demo = {
	.name = "demo",
	.summary = "ingest the bundled real sample and write the report set",
	.synopsis = "demo [-o DIR]",
	.about = "Ingest the real OpenRouter series shipped with tokenshare (645 days,\n"
	         "2025-01-01 to 2026-10-09, each with the time it was fetched) into a fresh\n"
	         "database DIR/tokenshare.db, and write there:\n"
	         "  share-week.csv        weekly share by model-author country\n"
	         "  share-week.json       the same rows with their metadata\n"
	         "  share-week-top9.csv   the press method: each week's 9 largest models\n"
	         "  share-month.csv       monthly share, and share-month.json\n"
	         "  share.png, share.svg  the weekly chart (share.gp and share.dat redraw it)\n"
	         "  share-month.png, share-month.svg  the monthly chart\n"
	         "Then print the last full week's Chinese and US shares and the week from\n"
	         "which China has stayed above the US in every full week.\n",
	.opts = options,
	.run = run,
};
