/*
 * API keys: from the environment or from a key file that only its owner
 * can read. A key is never printed, logged, stored in the database or
 * written to any output; callers pass it to http_get() only.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_SECRET_H
#define TOKENSHARE_SECRET_H

#include <stdio.h>

/*
 * Loads a key: from file when it is not empty, else from the environment
 * variable env. *key is NULL when neither is set. Returns 0, or -1 after
 * writing why to err: an unreadable file, a file group or others may read,
 * an empty key. Free the key with secret_free().
 */
int secret_load(const char *file, const char *env, char **key, FILE *err);
void secret_free(char *key);
/*
 * Keeps keys held in memory out of core dumps and away from other processes
 * of the same user (ptrace, /proc/PID/mem): no core file, not dumpable.
 * Called before any key is read. Failures are ignored (best effort).
 */
void secret_protect_process(void);

#endif
