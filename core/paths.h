/*
 * Where the database lives when no --db is given. The search order is one
 * table in paths.c: $TOKENSHARE_DB, then $XDG_STATE_HOME/tokenshare, then
 * ~/.local/state/tokenshare (the XDG default).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_PATHS_H
#define TOKENSHARE_PATHS_H

#include <sys/types.h>

/*
 * Returns the database path from the environment, or NULL when none of the
 * variables is set (no HOME either). Caller frees with free().
 */
char *paths_default_db(void);

/*
 * Creates every missing directory above path with mode (less the umask):
 * 0700 for the private state directory, 0777 for output directories.
 * Returns 0 or -errno.
 */
int paths_make_parents(const char *path, mode_t mode);
/* Creates the output directory dir and its parents (0777); 0, or -1 logged. */
int paths_make_dir(const char *dir);

#endif
