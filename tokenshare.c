/*
 * tokenshare: how LLM traffic through model routers splits between models
 * made in China, the US and elsewhere. This file only wires: it reads the
 * options every subcommand shares and hands over to the subcommand.
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/collector_commands.h"
#include "config.h"
#include "core/cleanup.h"
#include "core/cli.h"
#include "core/log.h"
#include "cmd/reporter_commands.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv, struct cli_global *g);
	const char *summary;
} commands[] = {
	{"ingest", cmd_ingest, "load rankings or router logs (files, stdin, --follow)"},
	{"poll", cmd_poll, "fetch OpenRouter rankings, providers, models, activity once"},
	{"collect", cmd_collect, "the collector daemon: poll on timers, follow logs"},
	{"prices", cmd_prices, "load or list the /models price history (dollar view)"},
	{"report", cmd_report, "share tables as CSV or JSON; the restatement log"},
	{"chart", cmd_chart, "the share chart as PNG and SVG (gnuplot)"},
	{"dashboard", cmd_dashboard, "render a named set of tables and charts"},
	{"bundle", cmd_bundle, "a dashboard with method, citation, checksums; --verify"},
	{"status", cmd_status, "what the database holds; files read and their rejects"},
	{"reference", cmd_reference, "load, show or check the country mapping"},
	{"demo", cmd_demo, "ingest the bundled real sample and write the report set"},
};
// "help [COMMAND]" is handled here, before the table.

static void usage(FILE *fp)
{
	fputs("Usage: tokenshare [--db PATH] [-q] [-v] COMMAND [ARGS]\n"
	      "\n"
	      "Measure how LLM tokens split between models from China, the US and elsewhere.\n"
	      "\n"
	      "Commands:\n", fp);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "  %-10s %s\n", "help", "this overview, or 'help COMMAND': a command's help");
	fputs("\n"
	      "Options:\n"
	      "      --db PATH   database file (default: $TOKENSHARE_DB, else\n"
	      "                  $XDG_STATE_HOME/tokenshare/tokenshare.db)\n"
	      "  -q, --quiet     print nothing but errors and warnings\n"
	      "  -v, --verbose   more messages on standard error\n"
	      "  -V, --version   print the version\n"
	      "  -h, --help      show this help\n"
	      "\n"
	      "'tokenshare help COMMAND' (or 'tokenshare COMMAND --help') describes a\n"
	      "command; man tokenshare has it all.\n", fp);
}

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	}
	return NULL;
}

/* "unknown command", with the command meant if the name is a slip of one. */
static int unknown_command(const char *name)
{
	const char *names[N_COMMANDS + 1];
	for (size_t i = 0; i < N_COMMANDS; i++)
		names[i] = commands[i].name;
	names[N_COMMANDS] = "help";
	const char *near = cli_closest(name, names, N_COMMANDS + 1);
	fprintf(stderr, "tokenshare: unknown command '%s'", name);
	if (near)
		fprintf(stderr, "; did you mean '%s'?", near);
	fputs("\nTry 'tokenshare --help'.\n", stderr);
	return TS_EXIT_USAGE;
}

/* tokenshare help [COMMAND]: the command's --help, or the overview. */
static int help(int argc, char **argv, struct cli_global *g)
{
	if (argc < 2) {
		usage(stdout);
		return TS_EXIT_OK;
	}
	if (argc > 2) {
		fputs("tokenshare help: name one command\nTry 'tokenshare --help'.\n", stderr);
		return TS_EXIT_USAGE;
	}
	const struct command *c = find_command(argv[1]);
	if (!c)
		return unknown_command(argv[1]);
	char *args[] = {argv[1], "--help", NULL};
	return c->run(2, args, g);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{"db", required_argument, NULL, 'D'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct cli_global g = {0};
	int c;
	// '+': stop at the subcommand; its own options follow it.
	while ((c = getopt_long(argc, argv, "+qvVh", options, NULL)) != -1) {
		switch (c) {
		case 'D':
			g.db = optarg;
			break;
		case 'q':
			g.quiet = true;
			break;
		case 'v':
			log_set_level(LOG_DEBUG);
			break;
		case 'V':
			printf("tokenshare %s\n", TOKENSHARE_VERSION);
			return TS_EXIT_OK;
		case 'h':
			usage(stdout);
			return TS_EXIT_OK;
		default:
			fputs("Try 'tokenshare --help'.\n", stderr);
			return TS_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return TS_EXIT_USAGE;
	}
	const char *name = argv[optind];
	// Interrupted, a command removes its temporary files and work
	// directories (the daemons install handlers of their own).
	cleanup_install();
	if (strcmp(name, "help") == 0)
		return help(argc - optind, argv + optind, &g);
	const struct command *cmd = find_command(name);
	if (!cmd)
		return unknown_command(name);
	return cmd->run(argc - optind, argv + optind, &g);
}
