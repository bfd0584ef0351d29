/*
 * tokenshare: how LLM traffic through model routers splits between models
 * made in China, the US and elsewhere. This file only wires: it reads the
 * options every command shares and hands over to the command (cmd/).
 *
 * SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/commands.h"
#include "config.h"
#include "core/cleanup.h"
#include "core/cli.h"
#include "core/log.h"
#include "core/opts.h"

static void usage(FILE *fp)
{
	fputs("Usage: tokenshare [--db PATH] [-q] [-v] COMMAND [ARGS]\n"
	      "\n"
	      "Measure how LLM tokens split between models from China, the US and elsewhere.\n"
	      "\n"
	      "Commands:\n", fp);
	for (size_t i = 0; i < n_commands; i++)
		fprintf(fp, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(fp, "  %-10s %s\n", "help", "this overview, or 'help COMMAND': a command's help");
	fputs("\n"
	      "Options (before or after the command):\n"
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

/* "unknown command", with the command meant if the name is a slip of one. */
static int unknown_command(const char *name)
{
	const char *names[64];
	size_t n = 0;
	for (; n < n_commands && n < 63; n++)
		names[n] = commands[n]->name;
	names[n++] = "help";
	const char *near = cli_closest(name, names, n);
	fprintf(stderr, "tokenshare: unknown command '%s'", name);
	if (near)
		fprintf(stderr, "; did you mean '%s'?", near);
	fputs("\nTry 'tokenshare --help'.\n", stderr);
	return TS_EXIT_USAGE;
}

/* tokenshare help [COMMAND]: the command's help, or the overview. */
static int help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return TS_EXIT_OK;
	}
	if (argc > 2) {
		fputs("tokenshare help: name one command\nTry 'tokenshare --help'.\n", stderr);
		return TS_EXIT_USAGE;
	}
	const struct cli_command *c = command_find(argv[1]);
	if (!c)
		return unknown_command(argv[1]);
	cli_help(c, stdout);
	return TS_EXIT_OK;
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
	opterr = 0;
	// '+': stop at the command; its own options (and the globals again) follow it.
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
			fputs("tokenshare: ", stderr);
			if (optopt && optopt != 'D')
				fprintf(stderr, "unknown option '-%c'", optopt);
			else
				fprintf(stderr, "bad option '%s'", argv[optind - 1]);
			fputs("\nTry 'tokenshare --help'.\n", stderr);
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
		return help(argc - optind, argv + optind);
	const struct cli_command *cmd = command_find(name);
	if (!cmd)
		return unknown_command(name);
	return cmd->run(argc - optind, argv + optind, &g);
}
