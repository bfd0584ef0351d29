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

#include "collector/commands.h"
#include "collector/ingest.h"
#include "core/cli.h"
#include "core/date.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/num.h"
#include "core/paths.h"
#include "core/store.h"
#include "core/xalloc.h"
#include "reporter/chart.h"
#include "reporter/commands.h"
#include "reporter/events.h"
#include "reporter/output.h"
#include "reporter/query_opts.h"

/* The sample and the date its values are as of (data/samples/SOURCES.md). */
static const struct {
	const char *file;
	const char *as_of;
} sample = {"rankings-daily.csv", "2026-09-28"};

#define PRESS_TOP 9     // the news figures of February 2026 used the top 9

static void usage(FILE *fp)
{
	fputs("Usage: tokenshare demo [-o DIR]\n"
	      "\n"
	      "Ingest the real OpenRouter sample shipped with tokenshare (152 days, one ISO\n"
	      "week a month from 2025-01 to 2026-09 plus 2026-W08) into a fresh database\n"
	      "DIR/tokenshare.db, and write there:\n"
	      "  share-week.csv        weekly share by model-author country\n"
	      "  share-week.json       the same rows with their metadata\n"
	      "  share-week-top9.csv   the press method: each week's 9 largest models\n"
	      "  share.png, share.svg  the chart (share.gp and share.dat redraw it)\n"
	      "\n"
	      "Options:\n"
	      "  -o, --output DIR     output directory (default: tokenshare-demo)\n"
	      "  -q, --quiet          print nothing but errors\n"
	      "  -h, --help           show this help\n", fp);
}

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
	sqlite3_stmt *q = store_prepare(&st,
		"SELECT (SELECT count(*) FROM batch WHERE command <> 'demo') + "
		"(SELECT count(*) FROM log_source) + (SELECT count(*) FROM input_file) + "
		"(SELECT count(*) FROM poll_state) + (SELECT count(*) FROM model_snapshot) + "
		"(SELECT count(*) FROM mapping WHERE origin <> 'built-in')");
	int64_t other = q && sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
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
	};
	date_parse_timestamp(sample.as_of, strlen(sample.as_of), &in.as_of_default);
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

static void print_headline(const struct share_table *t)
{
	if (t->n_rows == 0)
		return;
	const struct share_row *last = &t->rows[t->n_rows - 1];
	uint64_t cn = 0, us = 0;
	for (size_t i = t->n_rows; i-- > 0 && strcmp(t->rows[i].period.label, last->period.label) == 0;) {
		if (strcmp(t->rows[i].group, "CN") == 0)
			cn = t->rows[i].share_e4;
		else if (strcmp(t->rows[i].group, "US") == 0)
			us = t->rows[i].share_e4;
	}
	char s_cn[24], s_us[24], start[DATE_LEN + 1], end[DATE_LEN + 1];
	num_format_e4(cn, s_cn);
	num_format_e4(us, s_us);
	date_format(last->period.start, start);
	date_format(last->period.end, end);
	char *citation = share_citation(t);
	printf("\nLatest week %s (%s to %s, %d of %d days): models from China %s %%, "
	       "from the US %s %% of all tokens.\n%s. CC BY 4.0. Mapping %s.\n",
	       last->period.label, start, end, last->days, period_length(&last->period), s_cn,
	       s_us, citation, t->mapping_version);
	free(citation);
}

static int write_reports(struct store *st, const char *dir, bool quiet)
{
	struct share_query q;
	query_defaults(&q);
	struct share_table week, top;
	if (share_compute(st, &q, &week) != 0)
		return TS_EXIT_STORE;
	q.top = PRESS_TOP;
	if (share_compute(st, &q, &top) != 0) {
		share_table_finish(&week);
		return TS_EXIT_STORE;
	}
	char *csv = xasprintf("%s/share-week.csv", dir);
	char *json = xasprintf("%s/share-week.json", dir);
	char *top_csv = xasprintf("%s/share-week-top9.csv", dir);
	int status = TS_EXIT_OK;
	struct event_list ev;
	if (events_load(&ev, NULL) != 0)
		status = TS_EXIT_USAGE;         // the built-in list is checked by the tests
	else if (share_emit(&share_writer_csv, &week, csv) != 0 ||
	         share_emit(&share_writer_json, &week, json) != 0 ||
	         share_emit(&share_writer_csv, &top, top_csv) != 0 ||
	         chart_draw(&week, CHART_SHARE, dir, NULL, &ev) != 0)
		status = TS_EXIT_OUTPUT;
	events_finish(&ev);
	if (status == TS_EXIT_OK && !quiet) {
		printf("wrote %s\nwrote %s\nwrote %s\nwrote %s/share.png\nwrote %s/share.svg "
		       "(share.gp and share.dat redraw them)\n", csv, json, top_csv, dir, dir);
		print_headline(&week);
	}
	free(csv);
	free(json);
	free(top_csv);
	share_table_finish(&week);
	share_table_finish(&top);
	return status;
}

int cmd_demo(int argc, char **argv, struct cli_global *g)
{
	static const struct option options[] = {
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *dir = "tokenshare-demo";
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg || strcmp(optarg, "-") == 0)
				return cli_usage_error("demo", "-o needs a path (not empty, not -)");
			dir = optarg;
			break;
		case 'q':
			g->quiet = true;
			break;
		case 'h':
			usage(stdout);
			return TS_EXIT_OK;
		default:
			return cli_usage_error("demo", "unknown option");
		}
	}
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
