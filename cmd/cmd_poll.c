/*
 * "tokenshare poll SOURCE...|all": one poll of each source named, then
 * exit; for cron and systemd timers. The exit status is the worst outcome
 * of the sources (cli.h): 4 database, 2 configuration, 6 key refused,
 * 7 unusable response, 3 unreachable, 1 partial, 0 all well.
 *
 * SPDX-License-Identifier: MIT
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "collector/collect_setup.h"
#include "collector/poll/http.h"
#include "collector/poll/poll.h"
#include "core/log.h"
#include "mapping/refdata.h"
#include "store/mapping_store.h"
#include "store/store.h"

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Worse outcomes first: the status of a run of several sources. */
static int worse(int a, int b)
{
	static const int order[] = {TS_EXIT_STORE, TS_EXIT_USAGE, TS_EXIT_DENIED,
	                            TS_EXIT_BAD_RESPONSE, TS_EXIT_UNREACHABLE, TS_EXIT_REJECTED};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		if (a == order[i] || b == order[i])
			return order[i];
	}
	return TS_EXIT_OK;
}

static int run(int argc, char **argv, struct cli_global *g)
{
	struct collect_args a;
	int rc = collect_args_parse(argc, argv, "poll", g, &a);
	if (rc || a.help) {
		if (a.help)
			cli_help(&cmd_poll, stdout);
		collect_args_finish(&a);
		return rc;
	}
	bool want[POLL_SOURCE_COUNT] = {0};
	bool all = false;
	for (size_t i = 0; i < a.n_operands; i++) {
		int s = poll_source_find(a.operands[i]);
		if (strcmp(a.operands[i], "all") == 0)
			all = true;
		else if (s < 0)
			rc = cli_usage_error("poll", "unknown source '%s' (rankings, providers, models, "
			                     "activity or all)", a.operands[i]);
		else
			want[s] = true;
	}
	if (!rc && !a.n_operands && !a.check)
		rc = cli_usage_error("poll", "name a source, or all");
	bool check = a.check;
	struct collect_setup setup;
	if (!rc && collect_setup_load(&a, &setup, stderr) != 0)
		rc = TS_EXIT_USAGE;
	collect_args_finish(&a);
	if (rc)
		return rc;
	if (check) {
		config_print(&setup.cfg, stdout);
		collect_setup_finish(&setup);
		return TS_EXIT_OK;
	}
	collect_set_log_level(&setup.cfg, g);
	if (all) {
		for (int s = 0; s < POLL_SOURCE_COUNT; s++)
			want[s] = s != POLL_ACTIVITY || setup.management_key;
		if (!setup.management_key)
			log_info("activity: skipped (no management key)");
	}
	if (want[POLL_RANKINGS] && !setup.api_key) {
		log_error("rankings: no API key: set api_key_file or TOKENSHARE_API_KEY");
		collect_setup_finish(&setup);
		return TS_EXIT_USAGE;
	}
	struct sigaction sa = {.sa_handler = on_stop};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	store_set_stop(&stop_requested);
	struct store st;
	if (store_open(&st, setup.cfg.database, STORE_WRITE) != 0) {
		collect_setup_finish(&setup);
		return TS_EXIT_STORE;
	}
	if (store_begin(&st) != 0 || mapping_store_ensure(&st) != 0 || store_commit(&st) != 0) {
		store_rollback(&st);
		store_close(&st);
		collect_setup_finish(&setup);
		return TS_EXIT_STORE;
	}
	if (http_init() != 0) {
		log_error("cannot start libcurl");
		store_close(&st);
		collect_setup_finish(&setup);
		return TS_EXIT_UNREACHABLE;
	}
	struct poll_ctx pc = {
		.st = &st,
		.cfg = &setup.cfg,
		.api_key = setup.api_key,
		.management_key = setup.management_key,
		.report = g->quiet ? NULL : stdout,
		.stop = &stop_requested,
		// One time budget for the whole run: cron's slot is not held for
		// http_budget per source when OpenRouter cannot be reached.
		.deadline = poll_monotonic() + setup.cfg.http_budget,
	};
	for (int s = 0; s < POLL_SOURCE_COUNT && !stop_requested; s++) {
		if (want[s])
			rc = worse(rc, poll_run(&pc, s));
	}
	http_cleanup();
	store_close(&st);
	collect_setup_finish(&setup);
	return rc;
}

static void poll_exit_help(FILE *fp)
{
	fputs("\n"
	      "Each setting may be spelled with underscores too, as in the file.\n"
	      "Exit status: 0 ok, 1 partial (some data stored, e.g. the daily request limit\n"
	      "was reached), 2 usage or configuration, 3 unreachable, 4 database, 6 key\n"
	      "refused (401/403), 7 unusable response (invalid JSON, too large, other 4xx).\n", fp);
}

const struct cli_command cmd_poll = {
	.name = "poll",
	.summary = "fetch OpenRouter rankings, providers, models, activity once",
	.synopsis = "poll [--config FILE] [--SETTING VALUE]... SOURCE...|all",
	.about = "Poll OpenRouter once and exit (for cron or a systemd timer). Sources:\n"
	         "  rankings   GET /datasets/rankings-daily: backfill from rankings_start to\n"
	         "             yesterday (UTC), re-fetch the last rankings_refetch days\n"
	         "  providers  GET /providers: a dated snapshot of provider countries\n"
	         "  models     GET /models: a dated snapshot of model ids and prices\n"
	         "  activity   GET /activity: the account's own usage (management key)\n"
	         "  all        all four; activity only when a management key is set\n"
	         "\n"
	         "Keys come from $TOKENSHARE_API_KEY and $TOKENSHARE_MANAGEMENT_KEY or from the\n"
	         "files api_key_file and management_key_file (mode 0600). The configuration is\n"
	         "read from --config FILE, else $TOKENSHARE_CONF, else\n"
	         "/etc/tokenshare/tokenshare.conf; a --SETTING VALUE flag overrides it\n"
	         "(the settings are tokenshare.conf(5)'s, listed below).\n",
	.opts = collect_args_opts,
	.more_opts = config_options,
	.operands = "rankings providers models activity all",
	.more_help = poll_exit_help,
	.run = run,
};
