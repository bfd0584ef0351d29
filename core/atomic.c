/*
 * Temporary file plus rename (see atomic.h).
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
#include <unistd.h>

#include "core/atomic.h"
#include "core/cleanup.h"
#include "core/xalloc.h"

static void free_names(struct atomic_file *af)
{
	cleanup_forget(af->cleanup);
	free(af->path);
	free(af->tmp_path);
	*af = (struct atomic_file){0};
}

/* The file path names, following symbolic links (a dangling one names the
 * file to create). Caller frees. */
static char *resolve(const char *path)
{
	char *cur = xstrdup(path);
	for (int hops = 0; hops < 40; hops++) {
		struct stat sb;
		if (lstat(cur, &sb) != 0 || !S_ISLNK(sb.st_mode))
			return cur;
		char target[PATH_MAX];
		ssize_t n = readlink(cur, target, sizeof target - 1);
		if (n < 0)
			return cur;
		target[n] = '\0';
		char *next;
		if (target[0] == '/') {
			next = xstrdup(target);
		} else {
			char *copy = xstrdup(cur);
			next = xasprintf("%s/%s", dirname(copy), target);
			free(copy);
		}
		free(cur);
		cur = next;
	}
	return cur;     // a loop: opening it will say so
}

const char *atomic_strerror(int err)
{
	if (err == -EINVAL)
		return "an empty path";
	if (err == -EISDIR)
		return "a directory, not a file";
	if (err == -EPERM)
		return "not a regular file, a device or a FIFO: refused";
	return strerror(-err);
}

int atomic_open(struct atomic_file *af, const char *path)
{
	*af = (struct atomic_file){0};
	if (!*path)
		return -EINVAL;
	af->path = resolve(path);
	struct stat sb;
	if (stat(af->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (S_ISDIR(sb.st_mode) || (!S_ISCHR(sb.st_mode) && !S_ISFIFO(sb.st_mode))) {
			int err = S_ISDIR(sb.st_mode) ? -EISDIR : -EPERM;
			free_names(af);
			return err;
		}
		// Renaming over a device would replace it (as root, /dev/full became
		// a CSV): write through it, as a shell redirection does.
		int fd = open(af->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0 || !(af->fp = fdopen(fd, "w"))) {
			int err = -errno;
			if (fd >= 0)
				close(fd);
			free_names(af);
			return err;
		}
		af->direct = true;
		return 0;
	}
	char *dir_copy = xstrdup(af->path), *base_copy = xstrdup(af->path);
	af->tmp_path = xasprintf("%s/.%s.XXXXXX", dirname(dir_copy), basename(base_copy));
	free(dir_copy);
	free(base_copy);
	int fd = mkstemp(af->tmp_path);
	if (fd < 0) {
		int err = -errno;
		free(af->tmp_path);
		af->tmp_path = NULL;
		free_names(af);
		return err;
	}
	af->cleanup = cleanup_register(af->tmp_path, 0);
	// mkstemp makes 0600; a report is an ordinary file, so honour the umask.
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !(af->fp = fdopen(fd, "w"))) {
		int err = -errno;
		close(fd);
		unlink(af->tmp_path);
		free_names(af);
		return err;
	}
	return 0;
}

static int sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -errno;
	int err = fsync(fd) == 0 ? 0 : -errno;
	close(fd);
	// Some file systems cannot sync a directory; the rename still happened.
	return err == -EINVAL ? 0 : err;
}

int atomic_commit(struct atomic_file *af)
{
	int err = 0;
	errno = 0;
	if (fflush(af->fp) != 0 || ferror(af->fp))
		err = errno ? -errno : -EIO;
	if (af->direct) {
		if (fclose(af->fp) != 0 && !err)
			err = -errno;
		af->fp = NULL;
		free_names(af);
		return err;
	}
	if (!err && fsync(fileno(af->fp)) != 0)
		err = -errno;
	if (fclose(af->fp) != 0 && !err)
		err = -errno;
	af->fp = NULL;
	if (!err && rename(af->tmp_path, af->path) != 0)
		err = -errno;
	if (err) {
		unlink(af->tmp_path);
		free_names(af);
		return err;
	}
	err = sync_dir(af->path);
	free_names(af);
	return err;
}

void atomic_abort(struct atomic_file *af)
{
	if (af->fp)
		fclose(af->fp);
	if (af->tmp_path)
		unlink(af->tmp_path);
	free_names(af);
}

int atomic_write(const char *path, const void *data, size_t len)
{
	struct atomic_file af;
	int err = atomic_open(&af, path);
	if (err)
		return err;
	if (len && fwrite(data, 1, len, af.fp) != len) {
		err = -errno;
		atomic_abort(&af);
		return err ? err : -EIO;
	}
	return atomic_commit(&af);
}
