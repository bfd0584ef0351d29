/*
 * "tokenshare collect": the collector daemon. It runs in the foreground
 * (systemd Type=notify or simple) with one event loop: a timer per
 * OpenRouter source (poll.h), the followed log files (follow.h) read every
 * follow_interval, and signals. Handlers only set flags and write a byte
 * to a pipe that the loop's poll(2) watches (the self-pipe trick), so a
 * signal wakes the loop at once.
 *
 * SIGHUP builds a new configuration from the same command line and the
 * file; it replaces the running one only if the whole of it is valid (and
 * never changes the database). SIGTERM and SIGINT end the current batch:
 * the log reader commits what it has read, an HTTP fetch is abandoned
 * before anything of it is stored; then the daemon exits 0.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "collector/collect_setup.h"
#include "collector/logs/logingest.h"
#include "collector/poll/follow.h"
#include "collector/poll/http.h"
#include "collector/poll/poll.h"
#include "collector/poll/sdnotify.h"
#include "core/log.h"
#include "mapping/refdata.h"
#include "store/mapping_store.h"
#include "store/store.h"

#define RETRY_AFTER_FAILURE 900         // seconds: a failed poll is tried again this soon

static volatile sig_atomic_t stop_requested, reload_requested;
static int wake_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
	int saved = errno;
	if (sig == SIGHUP)
		reload_requested = 1;
	else
		stop_requested = 1;
	if (wake_pipe[1] >= 0) {
		ssize_t n = write(wake_pipe[1], "", 1);
		(void)n;        // a full pipe already wakes the loop
	}
	errno = saved;
}

static int setup_signals(void)
{
	if (pipe(wake_pipe) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(wake_pipe[i], F_SETFL, fcntl(wake_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

struct daemon {
	const struct collect_args *args;
	const struct cli_global *g;
	struct collect_setup setup;
	struct store st;
	struct follower *follower;
	int64_t next[POLL_SOURCE_COUNT];        // UTC seconds; 0 = off
	int64_t next_follow;                    // monotonic milliseconds
};

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool enabled(const struct daemon *d, enum poll_source s)
{
	if (poll_interval(&d->setup.cfg, s) == 0)
		return false;
	if (s == POLL_RANKINGS)
		return d->setup.api_key != NULL;
	if (s == POLL_ACTIVITY)
		return d->setup.management_key != NULL;
	return true;
}

/* Plans each source: due one interval after its last attempt (now if never). */
static void schedule(struct daemon *d)
{
	int64_t now = (int64_t)time(NULL);
	for (int s = 0; s < POLL_SOURCE_COUNT; s++) {
		d->next[s] = 0;
		if (!enabled(d, s)) {
			if (poll_interval(&d->setup.cfg, s) != 0)
				log_warning("%s: not polled: no %s key", poll_source_name(s),
				            s == POLL_ACTIVITY ? "management" : "API");
			continue;
		}
		int64_t last = poll_last_attempt(&d->st, s);
		int64_t at = last < 0 ? now : last + poll_interval(&d->setup.cfg, s);
		d->next[s] = at > now ? at : now;
	}
}

static void start_follower(struct daemon *d)
{
	follower_destroy(d->follower);
	d->follower = NULL;
	if (d->setup.cfg.n_follow) {
		d->follower = follower_create(d->setup.cfg.follow, d->setup.cfg.n_follow);
		log_info("following %zu file%s", d->setup.cfg.n_follow,
		         d->setup.cfg.n_follow == 1 ? "" : "s");
	}
	d->next_follow = mono_ms();
}

static void reload(struct daemon *d)
{
	const char *path = d->args->config_path ? d->args->config_path : config_default_path();
	log_info("SIGHUP: reading %s", path);
	struct collect_setup fresh;
	if (collect_setup_load(d->args, &fresh, stderr) != 0) {
		log_error("reload: the new configuration is not valid (see above); keeping the "
		          "running one");
		return;
	}
	if (config_fixed_changes(&d->setup.cfg, &fresh.cfg, stderr)) {
		// The database stays the one opened at start.
		char *keep = fresh.cfg.database;
		fresh.cfg.database = d->setup.cfg.database;
		d->setup.cfg.database = keep;
	}
	collect_setup_finish(&d->setup);
	d->setup = fresh;
	collect_set_log_level(&d->setup.cfg, d->g);
	schedule(d);
	start_follower(d);
	log_info("reload: the new configuration is in force");
}

/* Milliseconds until the next timer, at most a minute. */
static int wait_ms(const struct daemon *d)
{
	int64_t now = (int64_t)time(NULL), ms = 60000;
	for (int s = 0; s < POLL_SOURCE_COUNT; s++) {
		if (d->next[s] && (d->next[s] - now) * 1000 < ms)
			ms = (d->next[s] - now) * 1000;
	}
	if (d->follower && d->next_follow - mono_ms() < ms)
		ms = d->next_follow - mono_ms();
	return ms < 0 ? 0 : (int)ms;
}

static void run_due(struct daemon *d)
{
	struct poll_ctx pc = {
		.st = &d->st,
		.cfg = &d->setup.cfg,
		.api_key = d->setup.api_key,
		.management_key = d->setup.management_key,
		.report = stderr,
		.stop = &stop_requested,
	};
	for (int s = 0; s < POLL_SOURCE_COUNT && !stop_requested && !reload_requested; s++) {
		if (!d->next[s] || d->next[s] > (int64_t)time(NULL))
			continue;
		int rc = poll_run(&pc, s);
		int64_t interval = poll_interval(&d->setup.cfg, s);
		if (rc != TS_EXIT_OK && interval > RETRY_AFTER_FAILURE)
			interval = RETRY_AFTER_FAILURE;
		d->next[s] = (int64_t)time(NULL) + interval;
		poll_set_next_run(&d->st, s, d->next[s]);
	}
	if (d->follower && !stop_requested && mono_ms() >= d->next_follow) {
		struct log_options opt = {.stop = &stop_requested};
		follower_poll(d->follower, &d->st, &opt);
		d->next_follow = mono_ms() + d->setup.cfg.follow_interval;
	}
}

static int serve(struct daemon *d)
{
	if (store_begin(&d->st) != 0 || mapping_store_ensure(&d->st) != 0 || store_commit(&d->st) != 0) {
		store_rollback(&d->st);
		// Told to stop while waiting for another's lock: nothing was begun.
		return stop_requested ? TS_EXIT_OK : TS_EXIT_STORE;
	}
	schedule(d);
	start_follower(d);
	log_info("collecting into %s (SIGHUP reloads, SIGTERM stops)", d->setup.cfg.database);
	sd_notify_send("READY=1");
	while (!stop_requested) {
		if (reload_requested) {
			reload_requested = 0;
			sd_notify_send("RELOADING=1");
			reload(d);
			sd_notify_send("READY=1");
		}
		run_due(d);
		if (stop_requested || reload_requested)
			continue;
		struct pollfd pfd = {.fd = wake_pipe[0], .events = POLLIN};
		if (poll(&pfd, 1, wait_ms(d)) > 0) {
			char drain[64];
			while (read(wake_pipe[0], drain, sizeof drain) > 0)
				;
		}
	}
	sd_notify_send("STOPPING=1");
	log_info("stopping: everything read is committed");
	return TS_EXIT_OK;
}

static int run(int argc, char **argv, struct cli_global *g)
{
	struct collect_args a;
	int rc = collect_args_parse(argc, argv, "collect", g, &a);
	if (!rc && a.n_operands)
		rc = cli_usage_error("collect", "takes no operands");
	struct daemon d = {.args = &a, .g = g};
	if (rc || a.help) {
		if (a.help)
			cli_help(&cmd_collect, stdout);
		collect_args_finish(&a);
		return rc;
	}
	if (collect_setup_load(&a, &d.setup, stderr) != 0) {
		collect_args_finish(&a);
		return TS_EXIT_USAGE;
	}
	if (a.check) {
		config_print(&d.setup.cfg, stdout);
		collect_setup_finish(&d.setup);
		collect_args_finish(&a);
		return TS_EXIT_OK;
	}
	collect_set_log_level(&d.setup.cfg, g);
	bool rankings = d.setup.api_key && d.setup.cfg.rankings_interval;
	bool activity = d.setup.management_key && d.setup.cfg.activity_interval;
	if (!rankings && !activity && !d.setup.cfg.n_follow) {
		// Providers and models alone are reference data, not traffic: a
		// daemon that collects none would look alive and do nothing.
		log_error("nothing to collect: no API key for the rankings (api_key_file or "
		          "TOKENSHARE_API_KEY), no management key for activity and no 'follow' "
		          "file (tokenshare.conf(5))");
		collect_setup_finish(&d.setup);
		collect_args_finish(&a);
		return TS_EXIT_USAGE;
	}
	store_set_stop(&stop_requested);
	if (setup_signals() != 0 || http_init() != 0) {
		log_errno(LOG_ERROR, "cannot start");
		rc = TS_EXIT_UNREACHABLE;
	} else if (store_open(&d.st, d.setup.cfg.database, STORE_WRITE) != 0) {
		rc = TS_EXIT_STORE;
		http_cleanup();
	} else {
		rc = serve(&d);
		follower_destroy(d.follower);
		store_close(&d.st);
		http_cleanup();
	}
	collect_setup_finish(&d.setup);
	collect_args_finish(&a);
	return rc;
}

static void collect_more_help(FILE *fp)
{
	fputs("\nEach setting may be spelled with underscores too, as in the file.\n", fp);
}

const struct cli_command cmd_collect = {
	.name = "collect",
	.summary = "the collector daemon: poll on timers, follow logs",
	.synopsis = "collect [--config FILE] [--SETTING VALUE]...",
	.about = "Keep the database current: poll OpenRouter's rankings, providers, models and\n"
	         "(with a management key) activity on their intervals, and follow the log files\n"
	         "named by 'follow' settings, until SIGTERM or SIGINT. Runs in the foreground and\n"
	         "logs to standard error; tells systemd when it is ready (Type=notify).\n"
	         "SIGHUP re-reads the configuration and uses it only if all of it is valid.\n"
	         "Each setting of tokenshare.conf(5) can be given as --SETTING VALUE.\n",
	.opts = collect_args_opts,
	.more_opts = config_options,
	.more_help = collect_more_help,
	.run = run,
};
