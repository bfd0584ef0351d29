/*
 * What "tokenshare poll" and "tokenshare collect" share: their command
 * line (--config FILE, --SETTING VALUE for any setting of config.h, then
 * operands), the configuration it builds (defaults, then the file, then
 * the flags), and the keys (secret.h). The daemon builds it again on
 * SIGHUP from the same command line.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_COLLECT_SETUP_H
#define TOKENSHARE_COLLECT_SETUP_H

#include <stdbool.h>
#include <stdio.h>

#include "core/cli.h"
#include "core/config.h"

struct collect_args {
	const char *config_path;        // --config, or NULL for the default
	const char *db;                 // --db (global or local), or NULL
	const char **set;               // --KEY VALUE pairs: set[2i] key, set[2i+1] value
	size_t n_set;
	char **operands;
	size_t n_operands;
	bool help, check;
};

/*
 * Parses argv (argv[0] is the command name). Returns 0, or TS_EXIT_USAGE
 * after a message. a->set points into argv; free it with collect_args_finish.
 */
/* The options collect_args_parse reads besides the settings (--config,
 * --check), for poll's and collect's tables; the settings come from
 * config_options(). */
extern const struct cli_opt collect_args_opts[];

int collect_args_parse(int argc, char **argv, const char *cmd, struct cli_global *g,
                       struct collect_args *a);
void collect_args_finish(struct collect_args *a);

struct collect_setup {
	struct config cfg;
	char *api_key;                  // NULL: none
	char *management_key;           // NULL: none
};

/* Builds the configuration and loads the keys; -1 after messages on err. */
int collect_setup_load(const struct collect_args *a, struct collect_setup *s, FILE *err);
void collect_setup_finish(struct collect_setup *s);

/* Sets the log level from the configuration (unless -v or -q said otherwise). */
void collect_set_log_level(const struct config *c, const struct cli_global *g);

#endif
