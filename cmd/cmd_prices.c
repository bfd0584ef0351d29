/*
 * "tokenshare prices": the price history the dollar view reads.
 *   prices load FILE --date YYYY-MM-DD   a saved /models response as the
 *                                        snapshot of that day
 *   prices list                          the snapshots: date, models, origin
 * "tokenshare poll models" adds a snapshot of the day from the API.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/collector_commands.h"
#include "store/prices_store.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/log.h"
#include "mapping/refdata.h"
#include "store/store.h"

static void usage(FILE *fp)
{
	fputs("Usage: tokenshare prices load FILE --date YYYY-MM-DD\n"
	      "       tokenshare prices list\n"
	      "\n"
	      "Keep the price history that 'report share --measure cost --prices' reads.\n"
	      "'load' stores a saved OpenRouter GET /api/v1/models response as the price\n"
	      "snapshot of DATE (stored only when it differs from the snapshot in force on\n"
	      "that day). 'list' prints the snapshots. 'tokenshare poll models' adds one\n"
	      "from the API.\n", fp);
}

static int list(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT s.taken_on, count(p.model), s.origin FROM model_snapshot s "
		"LEFT JOIN model_price p ON p.snapshot_id = s.id GROUP BY s.id ORDER BY s.taken_on");
	if (!q)
		return TS_EXIT_STORE;
	printf("taken_on,models,origin\n");
	while (sqlite3_step(q) == SQLITE_ROW) {
		printf("%s,%lld,", store_column_text(q, 0), (long long)sqlite3_column_int64(q, 1));
		csv_write_text(stdout, store_column_text(q, 2));        // a path may hold a comma
		putchar('\n');
	}
	sqlite3_finalize(q);
	return TS_EXIT_OK;
}

static int load(struct store *st, const char *file, const char *day, bool quiet)
{
	struct buf b = {0};
	int err = file_read_all(file, (size_t)1 << 30, &b);
	if (err) {
		fprintf(stderr, "%s: cannot read: %s\n", file, strerror(-err));
		return TS_EXIT_REJECTED;
	}
	char since[DATE_LEN + 1], why[200];
	size_t n = 0;
	int rc = prices_store_models(st, b.data ? b.data : "", b.len, day, file, &n, since, why,
	                             sizeof why);
	buf_finish(&b);
	switch (rc) {
	case PRICES_BAD_INPUT:
		fprintf(stderr, "%s: %s; nothing stored\n", file, why);
		return TS_EXIT_REJECTED;
	case PRICES_STORE_ERROR:
		return TS_EXIT_STORE;
	case PRICES_UNCHANGED:
		if (!quiet)
			printf("%s: %zu models, the same prices as the snapshot of %s\n", file, n, since);
		return TS_EXIT_OK;
	}
	if (!quiet)
		printf("%s: %zu models, stored as the price snapshot of %s\n", file, n, day);
	return TS_EXIT_OK;
}

int cmd_prices(int argc, char **argv, struct cli_global *g)
{
	static const struct option options[] = {
		{"date", required_argument, NULL, 'd'},
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *date = NULL;
	int c;
	optind = 0;
	opterr = 0;     // cli_option_error says what was wrong
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			date = optarg;
			break;
		case 'D':
			g->db = optarg;
			break;
		case 'h':
			usage(stdout);
			return TS_EXIT_OK;
		default:
			return cli_option_error("prices", argc, argv, options);
		}
	}
	bool is_load = optind < argc && strcmp(argv[optind], "load") == 0;
	bool is_list = optind < argc && strcmp(argv[optind], "list") == 0;
	if (is_load && (optind + 2 != argc || !date))
		return cli_usage_error("prices", "load takes one FILE and --date YYYY-MM-DD");
	if (is_list && optind + 1 != argc)
		return cli_usage_error("prices", "list takes no arguments");
	if (!is_load && !is_list)
		return cli_usage_error("prices", "say load or list");
	int32_t day;
	if (is_load && !cli_parse_date(date, &day))
		return cli_usage_error("prices", "--date '%s' is not a date (YYYY-MM-DD)", date);
	char *db_path = cli_db_path(g);
	if (!db_path)
		return cli_usage_error("prices", "no database: give --db or set TOKENSHARE_DB");
	struct store st;
	int err = store_open(&st, db_path, is_load ? STORE_WRITE : STORE_READ);
	free(db_path);
	if (err)
		return TS_EXIT_STORE;
	int rc;
	if (is_list) {
		rc = list(&st);
	} else if (store_begin(&st) != 0 || refdata_ensure(&st) != 0 || store_commit(&st) != 0) {
		store_rollback(&st);
		rc = TS_EXIT_STORE;
	} else {
		rc = load(&st, argv[optind + 1], date, g->quiet);
	}
	store_close(&st);
	return rc;
}
