/*
 * Files that appear whole or not at all: data goes to a temporary file next
 * to the target, which is flushed, synced and renamed over the target only
 * when the writer commits. A crash or an error leaves the old file (or none);
 * a signal removes the temporary file (cleanup.h).
 *
 * The target is what the path names: a symbolic link is followed to the
 * file it points to, which is replaced (the link stays a link). A character
 * device or a FIFO (/dev/stdout, a pipe of the shell's) is written through,
 * in place, since it cannot be renamed over; a directory, a block device or
 * a socket is refused, and so is an empty path.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_ATOMIC_H
#define TOKENSHARE_ATOMIC_H

#include <stdbool.h>
#include <stdio.h>

struct atomic_file {
	char *path;             // target, symbolic links resolved
	char *tmp_path;         // ".<name>.XXXXXX" in the same directory; NULL when direct
	FILE *fp;               // write here
	bool direct;            // a device or FIFO, written in place
	int cleanup;            // cleanup.h handle of tmp_path, 0 = none
};

/*
 * Creates the temporary file for path (or opens a device or FIFO).
 * Returns 0 or -errno (nothing is left behind on error): -EINVAL for an
 * empty path, -EISDIR for a directory, -EPERM for another kind of file.
 */
int atomic_open(struct atomic_file *af, const char *path);
/*
 * Flushes, syncs and renames into place, then frees af. Returns 0 or -errno;
 * on error the temporary file is removed and the target is untouched.
 */
int atomic_commit(struct atomic_file *af);
/* Removes the temporary file and frees af. Safe on a zeroed af. */
void atomic_abort(struct atomic_file *af);

/* Writes len bytes to path atomically. Returns 0 or -errno. */
int atomic_write(const char *path, const void *data, size_t len);

/* A message for an error of atomic_open (strerror, or what the path is). */
const char *atomic_strerror(int err);

#endif
