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

#include "cmd/commands.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/log.h"
#include "mapping/refdata.h"
#include "store/mapping_store.h"
#include "store/prices_store.h"
#include "store/store.h"

static int list(struct store *st)
{
	struct prices_snapshot *snaps;
	size_t n;
	if (prices_store_list(st, &snaps, &n) != 0)
		return TS_EXIT_STORE;
	printf("taken_on,models,origin\n");
	for (size_t i = 0; i < n; i++) {
		printf("%s,%lld,", snaps[i].taken_on, (long long)snaps[i].models);
		csv_write_text(stdout, snaps[i].origin);        // a path may hold a comma
		putchar('\n');
	}
	prices_snapshots_free(snaps, n);
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

static const struct cli_opt options[] = {
	CLI_STRING(0, "date", 'd', "DATE", "load: the day the snapshot is of (YYYY-MM-DD)"),
	CLI_END,
};

/* --date, the only option: its value. */
static int on_option(void *ctx, int id, const char *arg)
{
	*(const char **)ctx = arg;
	return 0;
}

static int run(int argc, char **argv, struct cli_global *g)
{
	const char *date = NULL;
	int parsed = cli_parse(&cmd_prices, argc, argv, g, on_option, &date);
	if (parsed != CLI_GO_ON)
		return parsed;
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
	struct store st;
	int err = command_open_store("prices", g, &st, is_load ? STORE_WRITE : STORE_READ);
	if (err)
		return err;
	int rc;
	if (is_list) {
		rc = list(&st);
	} else if (store_begin(&st) != 0 || mapping_store_ensure(&st) != 0 || store_commit(&st) != 0) {
		store_rollback(&st);
		rc = TS_EXIT_STORE;
	} else {
		rc = load(&st, argv[optind + 1], date, g->quiet);
	}
	store_close(&st);
	return rc;
}

const struct cli_command cmd_prices = {
	.name = "prices",
	.summary = "load or list the /models price history (dollar view)",
	.synopsis = "prices load FILE --date YYYY-MM-DD\n"
	            "prices list",
	.about = "Keep the price history that 'report share --measure cost --prices' reads.\n"
	         "'load' stores a saved OpenRouter GET /api/v1/models response as the price\n"
	         "snapshot of DATE (stored only when it differs from the snapshot in force on\n"
	         "that day). 'list' prints the snapshots. 'tokenshare poll models' adds one\n"
	         "from the API.\n",
	.opts = options,
	.operands = "load list",
	.operand_complete = CLI_COMPLETE_FILE,
	.run = run,
};
