/*
 * The list of commands (see commands.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"

const struct cli_command *const commands[] = {
	&cmd_ingest, &cmd_poll, &cmd_collect, &cmd_prices, &cmd_report, &cmd_chart,
	&cmd_dashboard, &cmd_bundle, &cmd_status, &cmd_reference, &cmd_demo,
};
const size_t n_commands = sizeof commands / sizeof commands[0];

const struct cli_command *command_find(const char *name)
{
	for (size_t i = 0; i < n_commands; i++) {
		if (strcmp(name, commands[i]->name) == 0)
			return commands[i];
	}
	return NULL;
}

int command_open_store(const char *cmd, const struct cli_global *g, struct store *st,
                       enum store_mode mode)
{
	char *path = cli_db_path(g);
	if (!path)
		return cli_usage_error(cmd, "no database: give --db or set TOKENSHARE_DB");
	int err = store_open(st, path, mode);
	free(path);
	return err ? TS_EXIT_STORE : 0;
}
