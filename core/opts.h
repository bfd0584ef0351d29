/*
 * One declarative option table per command (in the manner of git's
 * parse-options): each option is written once, with its help beside it,
 * and the getopt_long arrays, the -h text, the man page's option lists and
 * the shell completions are all made from the table (doc/gen.c).
 *
 * The global options (--db, -q, -v, -h) belong to every command and are
 * handled by the parser itself, before or after the command's name.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_OPTS_H
#define TOKENSHARE_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cli_global;

enum cli_value {
	CLI_FLAG,               // takes no value
	CLI_VALUE,              // --name VALUE or --name=VALUE
	CLI_OPTIONAL,           // --name or --name=VALUE
};

/* What a shell may complete for a value or an operand. */
enum cli_complete {
	CLI_COMPLETE_NONE,
	CLI_COMPLETE_FILE,
	CLI_COMPLETE_DIR,
	CLI_COMPLETE_WORDS,     // one of the space-separated words
};

struct cli_opt {
	int id;                 // what on_option gets: the short letter, or >= 0x100
	char short_name;        // 0: a long option only
	const char *long_name;
	enum cli_value value;
	const char *value_name; // FILE, N, DATE; NULL for a flag
	const char *help;       // lines separated by '\n'
	enum cli_complete complete;
	const char *words;      // CLI_COMPLETE_WORDS: the values
	const struct cli_opt *group;    // not NULL: this entry stands for that table
};

#define CLI_BOOL(s, l, id, help) {(id), (s), (l), CLI_FLAG, NULL, (help), 0, NULL, NULL}
#define CLI_STRING(s, l, id, v, help) {(id), (s), (l), CLI_VALUE, (v), (help), 0, NULL, NULL}
#define CLI_FILE(s, l, id, v, help) \
	{(id), (s), (l), CLI_VALUE, (v), (help), CLI_COMPLETE_FILE, NULL, NULL}
#define CLI_DIR(s, l, id, v, help) \
	{(id), (s), (l), CLI_VALUE, (v), (help), CLI_COMPLETE_DIR, NULL, NULL}
#define CLI_CHOICE(s, l, id, v, words, help) \
	{(id), (s), (l), CLI_VALUE, (v), (help), CLI_COMPLETE_WORDS, (words), NULL}
#define CLI_OPTIONAL_CHOICE(s, l, id, v, words, help) \
	{(id), (s), (l), CLI_OPTIONAL, (v), (help), CLI_COMPLETE_WORDS, (words), NULL}
#define CLI_GROUP(table) {0, 0, NULL, CLI_FLAG, NULL, NULL, 0, NULL, (table)}
#define CLI_END {0, 0, NULL, CLI_FLAG, NULL, NULL, 0, NULL, NULL}

#define CLI_MAX_OPTIONS 96      // per command, globals included

/*
 * A command: its help text and its options. poll and collect read their
 * settings (more_opts) with a parser of their own (collect_setup.c), which
 * takes the file's spelling too; the table still makes their help, man
 * page lists and completions.
 */
struct cli_command {
	const char *name;
	const char *summary;    // one line for 'tokenshare --help'
	const char *synopsis;   // the usage lines without "tokenshare ", '\n' between
	const char *about;      // what the command does, before the options
	const struct cli_opt *opts;     // CLI_END-terminated; the globals are added
	const struct cli_opt *(*more_opts)(void);       // a table made at run time, or NULL
	const char *operands;   // the words its operands may be, for completion, or NULL
	enum cli_complete operand_complete;
	void (*more_help)(FILE *fp);    // printed after the options, or NULL
	int (*run)(int argc, char **argv, struct cli_global *g);  // argv[0]: the name
};

/* The options every command takes (--db, -q, -v, -h); --db's id is
 * CLI_ID_DB, the others' are their letters. */
extern const struct cli_opt cli_global_opts[];
#define CLI_ID_DB 0x7f00

/* Prints the table's options as help does, one or more lines each. */
void cli_print_options(const struct cli_opt *table, FILE *fp);

/* The command's options with groups expanded and the globals last, in
 * help order; *n is set. Returns a static array reused by the next call. */
const struct cli_opt *const *cli_options(const struct cli_command *cmd, size_t *n);

/* Fills longopts (CLI_MAX_OPTIONS + 1 entries) for getopt_long from table
 * alone (no globals): for option lines that are not a command's, such as
 * a dashboard's views. */
void cli_long_options(const struct cli_opt *table, struct option *longopts);

/* Prints the command's help ("Usage: ...", about, options, more). */
void cli_help(const struct cli_command *cmd, FILE *fp);

#define CLI_GO_ON (-1)          // cli_parse: the options are read, go on

/*
 * Parses the command's options (getopt_long, operands moved to the end):
 * the globals are handled here, and on_option(ctx, id, arg) is called for
 * each of the command's own, in order; it returns 0 to go on or an exit
 * status to stop with (after its message). Returns CLI_GO_ON with optind at
 * the first operand, else the exit status to return: TS_EXIT_OK after -h,
 * TS_EXIT_USAGE after a message, or what on_option returned.
 */
int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_global *g,
              int (*on_option)(void *ctx, int id, const char *arg), void *ctx);

#endif
