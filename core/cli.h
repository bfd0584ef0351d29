/*
 * What every subcommand shares: exit statuses (documented in
 * tokenshare(1)), the database path rule, and usage errors.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CLI_H
#define TOKENSHARE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ts_exit {
	TS_EXIT_OK = 0,
	TS_EXIT_REJECTED = 1,           // input rejected (nothing written) or partly failed
	TS_EXIT_USAGE = 2,              // bad command line or configuration
	TS_EXIT_UNREACHABLE = 3,        // a source could not be reached
	TS_EXIT_STORE = 4,              // the database cannot be opened, read or written
	TS_EXIT_OUTPUT = 5,             // a report or chart could not be written
	TS_EXIT_DENIED = 6,             // the source refused the key (401/403)
	TS_EXIT_BAD_RESPONSE = 7,       // the source answered, but not with usable data
};

/* Options shared by all subcommands, parsed before and after the name. */
struct cli_global {
	const char *db;                 // --db, or NULL
	bool quiet;                     // -q: no summary on stdout
};

/* The database path: --db, else the environment (paths.h). Caller frees. */
char *cli_db_path(const struct cli_global *g);

/* Prints "tokenshare CMD: message" (cmd NULL: "tokenshare: message") and a
 * hint to --help; returns TS_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The name of names nearest to word if it is near enough to be a slip
 * (for "did you mean"), else NULL. */
const char *cli_closest(const char *word, const char *const *names, size_t n);

struct option;
/*
 * The usage error for the option getopt_long just refused (call it from
 * the '?' case, with opterr set to 0 so getopt says nothing itself): an
 * unknown option, with the long option meant if it is a slip of one, or
 * an option given without its value. Returns TS_EXIT_USAGE.
 */
int cli_option_error(const char *cmd, int argc, char *const *argv, const struct option *options);

/*
 * Checks -o for a command that writes a directory of files: "-" (standard
 * output, which takes one file) and "" are refused with a usage message
 * saying why. Returns 0, or TS_EXIT_USAGE after the message.
 */
int cli_output_dir(const char *cmd, const char *arg);

/* Parses "YYYY-MM-DD" for --from/--to; false if it is not a date. */
bool cli_parse_date(const char *s, int32_t *day);

#endif
