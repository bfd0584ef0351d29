/*
 * A directory of outputs (a dashboard, a bundle) built in a work directory
 * beside its target and swapped in whole, so a reader (a web server, a
 * script) sees the old set or the new one, never a mix; a failure or a
 * signal leaves the target as it was and no work directory behind.
 *
 * Return convention: 0 or -errno; messages are the caller's.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_OUTDIR_H
#define TOKENSHARE_OUTDIR_H

#include <stdbool.h>

struct outdir {
	char *target;           // the directory named, symbolic links resolved
	char *work;             // ".NAME.tokenshare-XXXXXX" beside it; write here
	int cleanup;            // cleanup.h handle of work
};

/* Creates the work directory (and the target's parents), mode 0777 less
 * the umask, so a web server can read what lands there. */
int outdir_begin(struct outdir *o, const char *target);
/*
 * Moves the work directory into place and frees o. An existing target is
 * replaced only when replace is set: exchanged with the work directory in
 * one rename (renameat2), then removed with everything in it. Otherwise
 * -EEXIST. On error the work directory is removed.
 */
int outdir_commit(struct outdir *o, bool replace);
/* Removes the work directory and everything in it, and frees o. */
void outdir_abort(struct outdir *o);

#endif
