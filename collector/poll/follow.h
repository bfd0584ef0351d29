/*
 * "tokenshare ingest --follow": keep reading log files as they grow, like
 * tail -F, until SIGTERM or SIGINT. Per file it remembers identity and
 * position (filestate.h) and commits the position in the same transaction
 * as the records it covers, so a kill at any moment loses nothing: on the
 * next start the file resumes there. A file renamed away (rotation) is read
 * to its end, found again by its inode after a restart; a file truncated in
 * place (copytruncate) has its copy found by the hash of its first bytes
 * and read from the old position. Re-reading is always safe, because every
 * request id is counted once.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_FOLLOW_H
#define TOKENSHARE_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>

struct log_options;

struct store;
struct follower;

/* The followed set of paths (copied); files are opened at the first poll. */
struct follower *follower_create(char *const *paths, size_t n);
/* One look at every file: new lines, rotation, truncation, all committed. */
void follower_poll(struct follower *f, struct store *st, const struct log_options *opt);
void follower_destroy(struct follower *f);

/* Runs until a stop signal; returns an exit status (cli.h). */
int follow_files(const char *db_path, char **paths, size_t n, const struct log_options *opt,
                 long interval_ms, bool quiet);

#endif
