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

/* main's own options: the globals, and --version. */
static const struct cli_opt main_opts[] = {
	CLI_GROUP(cli_global_opts),
	CLI_BOOL('V', "version", 'V', "print the version"),
	CLI_END,
};

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
	fputs("\nOptions (--db, -q and -v also after the command):\n", fp);
	cli_print_options(main_opts, fp);
	fputs("\n"
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
	struct option options[CLI_MAX_OPTIONS + 1];
	cli_long_options(main_opts, options);
	struct cli_global g = {0};
	int c;
	opterr = 0;
	// '+': stop at the command; its own options (and the globals again) follow it.
	while ((c = getopt_long(argc, argv, "+qvVh", options, NULL)) != -1) {
		switch (c) {
		case CLI_ID_DB:
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
			return cli_option_error(NULL, argc, argv, options);
		}
	}
	if (optind >= argc) {
		// Like vnstat: with a database, a summary of it; without, the usage.
		int status = command_summary(&g);
		if (status >= 0)
			return status;
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
