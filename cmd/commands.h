/*
 * The commands of tokenshare, each defined in its cmd_*.c by its option
 * table (core/opts.h), and the list main and the docs are made from.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_COMMANDS_H
#define TOKENSHARE_COMMANDS_H

#include <stddef.h>

#include "core/cli.h"
#include "core/opts.h"
#include "store/store.h"

extern const struct cli_command cmd_ingest, cmd_poll, cmd_collect, cmd_prices, cmd_report,
	cmd_chart, cmd_dashboard, cmd_bundle, cmd_status, cmd_reference, cmd_demo;

/* Every command, in the overview's order ("help" is main's own). */
extern const struct cli_command *const commands[];
extern const size_t n_commands;

/*
 * Opens the database the global options name (--db, else the environment)
 * for command cmd. Returns 0, TS_EXIT_USAGE after a message if no path is
 * known, or TS_EXIT_STORE (logged) if it cannot be opened.
 */
int command_open_store(const char *cmd, const struct cli_global *g, struct store *st,
                       enum store_mode mode);

/*
 * tokenshare with no command: a short summary of the database the global
 * options name (cmd_summary.c). Returns -1, having printed nothing, when
 * there is no database file there (none is created); else an exit status.
 */
int command_summary(const struct cli_global *g);

/* The command called name, or NULL. */
const struct cli_command *command_find(const char *name);

#endif
