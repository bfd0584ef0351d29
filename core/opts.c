/*
 * The option table's parser and help (see opts.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <assert.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "core/cli.h"
#include "core/log.h"
#include "core/opts.h"

/* The globals' ids: their letters (no command uses q, v or h itself). */
enum {
	ID_DB = CLI_ID_DB,
	ID_QUIET = 'q',
	ID_VERBOSE = 'v',
	ID_HELP = 'h',
};

const struct cli_opt cli_global_opts[] = {
	CLI_FILE(0, "db", ID_DB, "PATH", "database file (default: $TOKENSHARE_DB, else\n"
	         "$XDG_STATE_HOME/tokenshare/tokenshare.db)"),
	CLI_BOOL('q', "quiet", ID_QUIET, "print nothing but errors and warnings"),
	CLI_BOOL('v', "verbose", ID_VERBOSE, "more messages on standard error"),
	CLI_BOOL('h', "help", ID_HELP, "show this help"),
	CLI_END,
};


static void flatten(const struct cli_opt *t, const struct cli_opt **out, size_t *n)
{
	for (; t->long_name || t->group; t++) {
		if (t->group) {
			flatten(t->group, out, n);
			continue;
		}
		assert(*n < CLI_MAX_OPTIONS);
		out[(*n)++] = t;
	}
}

const struct cli_opt *const *cli_options(const struct cli_command *cmd, size_t *n)
{
	static const struct cli_opt *all[CLI_MAX_OPTIONS];
	*n = 0;
	if (cmd->opts)
		flatten(cmd->opts, all, n);
	if (cmd->more_opts)
		flatten(cmd->more_opts(), all, n);
	flatten(cli_global_opts, all, n);
	return all;
}

static int has_arg(const struct cli_opt *o)
{
	return o->value == CLI_VALUE ? required_argument
	       : o->value == CLI_OPTIONAL ? optional_argument : no_argument;
}

void cli_long_options(const struct cli_opt *table, struct option *longopts)
{
	const struct cli_opt *all[CLI_MAX_OPTIONS];
	size_t n = 0;
	flatten(table, all, &n);
	for (size_t i = 0; i < n; i++)
		longopts[i] = (struct option){all[i]->long_name, has_arg(all[i]), NULL, all[i]->id};
	longopts[n] = (struct option){0};
}

/* "-o, --output FILE" as help shows it, into buf. */
static void option_label(const struct cli_opt *o, char *buf, size_t size)
{
	const char *v = o->value_name ? o->value_name : "";
	char value[64];
	if (o->value == CLI_VALUE)
		snprintf(value, sizeof value, " %s", v);
	else if (o->value == CLI_OPTIONAL)
		snprintf(value, sizeof value, "[=%s]", v);
	else
		value[0] = '\0';
	if (o->short_name)
		snprintf(buf, size, "-%c, --%s%s", o->short_name, o->long_name, value);
	else
		snprintf(buf, size, "    --%s%s", o->long_name, value);
}

#define HELP_COLUMN 23  // where an option's help starts
#define HELP_WIDTH 79   // and where it ends

static void print_options(const struct cli_opt *const *opts, size_t n, FILE *fp)
{
	for (size_t i = 0; i < n; i++) {
		char label[96];
		option_label(opts[i], label, sizeof label);
		int width = fprintf(fp, "  %s", label);
		const char *h = opts[i]->help;
		if (width >= HELP_COLUMN - 1) {
			fputc('\n', fp);
			width = 0;
		}
		for (bool first = true; *h; first = false) {
			// A line of the table, cut at a space if it would pass column 79.
			size_t len = strcspn(h, "\n");
			size_t room = HELP_WIDTH - HELP_COLUMN, cut = len;
			if (len > room) {
				for (cut = room; cut > 0 && h[cut] != ' '; cut--)
					;
				if (cut == 0)
					cut = len;
			}
			if (!first) {
				fputc('\n', fp);
				width = 0;
			}
			fprintf(fp, "%*s%.*s", HELP_COLUMN - width, "", (int)cut, h);
			h += cut + (h[cut] == '\n' || h[cut] == ' ');
		}
		fputc('\n', fp);
	}
}

void cli_print_options(const struct cli_opt *table, FILE *fp)
{
	const struct cli_opt *all[CLI_MAX_OPTIONS];
	size_t n = 0;
	flatten(table, all, &n);
	print_options(all, n, fp);
}

void cli_help(const struct cli_command *cmd, FILE *fp)
{
	const char *s = cmd->synopsis;
	for (bool first = true; *s; first = false) {
		size_t len = strcspn(s, "\n");
		fprintf(fp, "%s tokenshare %.*s\n", first ? "Usage:" : "      ", (int)len, s);
		s += len + (s[len] == '\n');
	}
	if (cmd->about)
		fprintf(fp, "\n%s", cmd->about);
	size_t n;
	const struct cli_opt *const *opts = cli_options(cmd, &n);
	fputs("\nOptions:\n", fp);
	print_options(opts, n, fp);
	if (cmd->more_help)
		cmd->more_help(fp);
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_global *g,
              int (*on_option)(void *ctx, int id, const char *arg), void *ctx)
{
	size_t n, k = 0;
	const struct cli_opt *const *opts = cli_options(cmd, &n);
	struct option longopts[CLI_MAX_OPTIONS + 1];
	char shortopts[3 * CLI_MAX_OPTIONS + 1];
	for (size_t i = 0; i < n; i++) {
		const struct cli_opt *o = opts[i];
		int has = has_arg(o);
		longopts[i] = (struct option){o->long_name, has, NULL, o->id};
		if (o->short_name) {
			assert(o->id == o->short_name);
			shortopts[k++] = o->short_name;
			if (has != no_argument)
				shortopts[k++] = ':';
			if (has == optional_argument)
				shortopts[k++] = ':';
		}
	}
	longopts[n] = (struct option){0};
	shortopts[k] = '\0';
	optind = 0;     // start over: main has parsed the options before the command
	opterr = 0;     // cli_option_error says what was wrong, once
	int c;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int rc = 0;
		switch (c) {
		case ID_DB:
			g->db = optarg;
			break;
		case ID_QUIET:
			g->quiet = true;
			break;
		case ID_VERBOSE:
			log_set_level(LOG_DEBUG);
			break;
		case ID_HELP:
			cli_help(cmd, stdout);
			return TS_EXIT_OK;
		case '?':
		case ':':
			return cli_option_error(cmd->name, argc, argv, longopts);
		default:
			rc = on_option ? on_option(ctx, c, optarg) : 0;
			break;
		}
		if (rc)
			return rc;
	}
	return CLI_GO_ON;
}
