/*
 * What an interrupted command must not leave behind: temporary files of
 * atomic writes, work directories of charts, dashboards and bundles, and a
 * gnuplot child. Each is registered while it exists; on SIGINT, SIGTERM or
 * SIGHUP the handler kills the child, removes what is registered (with
 * async-signal-safe calls only) and ends the process by the same signal.
 * A daemon that handles these signals itself (collect, ingest --follow)
 * replaces the handler and commits its batch instead.
 *
 * The registry has a fixed number of slots; a path that finds none is not
 * cleaned on a signal (it is still removed on every normal path).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CLEANUP_H
#define TOKENSHARE_CLEANUP_H

#include <sys/types.h>

/* Installs the handlers; once, in main. */
void cleanup_install(void);

/* path is a file (tree = 0) or a directory removed with everything in it
 * (tree = 1) if a signal comes. Returns a handle for cleanup_forget, or 0
 * when no slot is free (0 is also "none": forgetting it does nothing). */
int cleanup_register(const char *path, int tree);
/* The path was committed or removed: a signal leaves it alone now. */
void cleanup_forget(int handle);

/* The child to kill (SIGTERM) on a signal, or 0 for none. */
void cleanup_set_child(pid_t pid);

/*
 * Removes dir and everything below it without following symbolic links
 * (a link is removed, not its target). Returns 0 or -errno. Safe to call
 * from a signal handler.
 */
int cleanup_remove_tree(const char *dir);

#endif
