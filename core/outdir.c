/*
 * Work directories swapped into place (see outdir.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/outdir.h"
#include "core/paths.h"
#include "core/xalloc.h"

#define EXCHANGE (1 << 1)       // RENAME_EXCHANGE of <linux/fs.h>

static void finish(struct outdir *o)
{
	cleanup_forget(o->cleanup);
	free(o->target);
	free(o->work);
	*o = (struct outdir){0};
}

int outdir_begin(struct outdir *o, const char *target)
{
	*o = (struct outdir){0};
	if (!*target)
		return -EINVAL;
	// A link to the site directory stays a link: its target is replaced.
	char real[PATH_MAX];
	o->target = xstrdup(realpath(target, real) ? real : target);
	int err = paths_make_parents(o->target, 0777);
	if (err) {
		finish(o);
		return err;
	}
	char *d = xstrdup(o->target), *b = xstrdup(o->target);
	o->work = xasprintf("%s/.%s.tokenshare-XXXXXX", dirname(d), basename(b));
	free(d);
	free(b);
	if (!mkdtemp(o->work)) {
		err = -errno;
		finish(o);
		return err;
	}
	o->cleanup = cleanup_register(o->work, 1);
	mode_t mask = umask(0);
	umask(mask);
	if (chmod(o->work, 0777 & ~mask) != 0) {
		err = -errno;
		outdir_abort(o);
		return err;
	}
	return 0;
}

int outdir_commit(struct outdir *o, bool replace)
{
	struct stat sb;
	int err = 0;
	if (lstat(o->target, &sb) != 0) {
		if (rename(o->work, o->target) != 0)
			err = -errno;
	} else if (!replace || !S_ISDIR(sb.st_mode)) {
		err = -EEXIST;
	} else if (syscall(SYS_renameat2, AT_FDCWD, o->work, AT_FDCWD, o->target, EXCHANGE) == 0) {
		// The work directory now holds the old set.
		cleanup_remove_tree(o->work);
	} else if (errno == EINVAL || errno == ENOSYS) {
		// No atomic exchange here: move the old set aside, then the new in.
		char *old = xasprintf("%s.old", o->work);
		if (rename(o->target, old) != 0) {
			err = -errno;
		} else if (rename(o->work, o->target) != 0) {
			err = -errno;
			rename(old, o->target);
		} else {
			cleanup_remove_tree(old);
		}
		free(old);
	} else {
		err = -errno;
	}
	if (err)
		cleanup_remove_tree(o->work);
	finish(o);
	return err;
}

void outdir_abort(struct outdir *o)
{
	if (o->work)
		cleanup_remove_tree(o->work);
	finish(o);
}
