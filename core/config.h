/*
 * The collector's configuration: one table of settings (config.c) with type,
 * default, bounds, whether a reload may change it, and a line of help. The
 * file (tokenshare.conf(5)) and the command-line flags go through the same
 * parser, flags last, so they override the file. A struct config owns its
 * strings; config_finish() frees them. Errors are "file:line: message".
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CONFIG_H
#define TOKENSHARE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/opts.h"

#define CONFIG_MAX_FOLLOW 64

struct config {
	char *database;                 // path; not reloadable
	char *api_base;                 // https://openrouter.ai/api/v1
	char *api_key_file;             // "" = $TOKENSHARE_API_KEY
	char *management_key_file;      // "" = $TOKENSHARE_MANAGEMENT_KEY
	int32_t rankings_start;         // UTC day; the API starts at 2025-01-01
	int64_t rankings_refetch;       // days re-fetched after they became final
	int64_t rankings_interval;      // seconds; 0 = off
	int64_t providers_interval;     // seconds; 0 = off
	int64_t models_interval;        // seconds; 0 = off
	int64_t activity_interval;      // seconds; 0 = off
	char *follow[CONFIG_MAX_FOLLOW];        // log files to follow
	size_t n_follow;
	int64_t follow_interval;        // milliseconds
	int64_t http_timeout;           // seconds per request
	int64_t http_budget;            // seconds for all attempts of one fetch
	int64_t http_max_body;          // bytes
	int64_t rate_per_minute;        // Data API requests
	int64_t rate_per_day;           // Data API requests
	char *log_level;                // error, warning, info, debug
};

/* Fills c with the defaults (database from the environment, see paths.h). */
void config_defaults(struct config *c);
void config_finish(struct config *c);

/*
 * Reads path into c (over what c holds). Returns 0, or -1 after printing
 * every problem as "path:line: message" to err. A missing file is an error
 * unless optional.
 */
int config_load(struct config *c, const char *path, bool optional, FILE *err);
/* Sets one key from the command line ("--name value"); -1 after a message. */
int config_set(struct config *c, const char *key, const char *value, FILE *err);
/* Checks what no single setting can (e.g. a follow list without a database). */
int config_check(const struct config *c, FILE *err);
/*
 * Names the settings that differ between old and new but may not change on
 * reload, into err; returns how many. The caller keeps old values for them.
 */
int config_fixed_changes(const struct config *old, const struct config *new_, FILE *err);

/* Prints every setting with its value (secrets are paths, never keys). */
void config_print(const struct config *c, FILE *fp);
/* Prints the table for --help and the man page: key, type, default, bounds. */
void config_print_table(FILE *fp);

/* True if key (the file's spelling, rankings_start) names a setting. */
bool config_known(const char *key);

#define CONFIG_OPTION_ID 0x300  // + the setting's index
/* Every setting as a long option (--rankings-start VALUE), for the option
 * tables of poll and collect: help, man page and completions. Static. */
const struct cli_opt *config_options(void);

/* The default file: $TOKENSHARE_CONF, else /etc/tokenshare/tokenshare.conf. */
const char *config_default_path(void);

#endif
