/*
 * Cleaning up after a signal (see cleanup.h). The slots are static storage
 * the handler reads without locks: a slot is filled before it is marked
 * used, and marked unused before it is reused.
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/cleanup.h"

#define SLOTS 32
#define DEPTH_MAX 16            // directories a work tree may nest (a bundle has 2)

struct slot {
	volatile sig_atomic_t used;
	int tree;
	char path[PATH_MAX];
};

static struct slot slots[SLOTS];
static volatile pid_t child;

/* The entries of a directory, as getdents64 returns them. */
struct dirent64_raw {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Removes the entries of the open directory fd, then fd's own entry name in
 * parent. Only system calls: no allocation, no stdio. */
static int remove_at(int parent, const char *name, int depth)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		// Not a directory (or a link to one): remove the entry itself.
		return unlinkat(parent, name, 0) == 0 || errno == ENOENT ? 0 : -errno;
	}
	int err = 0;
	char buf[4096] __attribute__((aligned(8)));
	// Entries not yet read are still returned after others are removed; a
	// second pass catches what a file system might skip.
	for (int pass = 0; pass < 3; pass++) {
		lseek(fd, 0, SEEK_SET);
		err = 0;
		long n;
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
			for (long at = 0; at < n;) {
				struct dirent64_raw *e = (struct dirent64_raw *)(buf + at);
				at += e->reclen;
				if (strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0)
					continue;
				int r = 0;
				if (e->type == DT_DIR || e->type == DT_UNKNOWN)
					r = depth < DEPTH_MAX ? remove_at(fd, e->name, depth + 1) : -ELOOP;
				else if (unlinkat(fd, e->name, 0) != 0 && errno != ENOENT)
					r = -errno;
				if (r && !err)
					err = r;
			}
		}
		if (n < 0 && !err)
			err = -errno;
		if (unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT) {
			close(fd);
			return 0;
		}
		if (errno != ENOTEMPTY && errno != EEXIST && !err)
			err = -errno;
		if (err)
			break;
	}
	close(fd);
	return err ? err : -ENOTEMPTY;
}

int cleanup_remove_tree(const char *dir)
{
	int saved = errno;
	int err = remove_at(AT_FDCWD, dir, 0);
	errno = saved;
	return err;
}

static void on_signal(int sig)
{
	pid_t c = child;
	if (c > 0) {
		// Reap it, so it is gone rather than a zombie; one that does not
		// end within two seconds is killed outright.
		kill(c, SIGTERM);
		for (int i = 0; i < 200 && waitpid(c, NULL, WNOHANG) == 0; i++) {
			struct timespec ts = {0, 10 * 1000000};
			nanosleep(&ts, NULL);
			if (i == 199) {
				kill(c, SIGKILL);
				waitpid(c, NULL, 0);
			}
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (!slots[i].used)
			continue;
		if (slots[i].tree)
			remove_at(AT_FDCWD, slots[i].path, 0);
		else
			unlink(slots[i].path);
	}
	// End as the signal would have: the caller sees the real cause.
	signal(sig, SIG_DFL);
	raise(sig);
}

void cleanup_install(void)
{
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		// A signal ignored by whoever started us (nohup) stays ignored.
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

int cleanup_register(const char *path, int tree)
{
	size_t len = strlen(path);
	if (len >= PATH_MAX)
		return -1;
	for (int i = 0; i < SLOTS; i++) {
		if (slots[i].used)
			continue;
		memcpy(slots[i].path, path, len + 1);
		slots[i].tree = tree;
		slots[i].used = 1;
		return i + 1;
	}
	return 0;
}

void cleanup_forget(int handle)
{
	if (handle > 0 && handle <= SLOTS)
		slots[handle - 1].used = 0;
}

void cleanup_set_child(pid_t pid)
{
	child = pid;
}
