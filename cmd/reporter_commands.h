/*
 * Subcommands of the reporter side; tokenshare.c dispatches to them. Each
 * takes the arguments after its name and returns an exit status (cli.h).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_REPORTER_COMMANDS_H
#define TOKENSHARE_REPORTER_COMMANDS_H

#include "core/cli.h"

int cmd_report(int argc, char **argv, struct cli_global *g);
int cmd_chart(int argc, char **argv, struct cli_global *g);
int cmd_bundle(int argc, char **argv, struct cli_global *g);
int cmd_dashboard(int argc, char **argv, struct cli_global *g);
int cmd_demo(int argc, char **argv, struct cli_global *g);

#endif
