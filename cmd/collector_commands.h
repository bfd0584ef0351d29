/*
 * Subcommands of the collector side; tokenshare.c dispatches to them. Each
 * takes the arguments after its name (argv[0] is the name) and returns an
 * exit status (cli.h).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_COLLECTOR_COMMANDS_H
#define TOKENSHARE_COLLECTOR_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

#include "core/cli.h"

struct rank_apply_stats;

int cmd_ingest(int argc, char **argv, struct cli_global *g);
int cmd_reference(int argc, char **argv, struct cli_global *g);
int cmd_poll(int argc, char **argv, struct cli_global *g);
int cmd_collect(int argc, char **argv, struct cli_global *g);
int cmd_prices(int argc, char **argv, struct cli_global *g);
int cmd_status(int argc, char **argv, struct cli_global *g);

/* "ingested N files: ..." */
void ingest_print_summary(FILE *fp, size_t files, const struct rank_apply_stats *s);

#endif
