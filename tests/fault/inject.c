// SPDX-License-Identifier: MIT
/*
 * A fault-injection shim for the tests, loaded with LD_PRELOAD (in the
 * spirit of SQLite's I/O-error tests): the Nth write, fsync or read a
 * process makes on a regular file fails, and every later one of that kind
 * too, as a full or failing disk would fail it.
 *
 *   TOKENSHARE_FAULT=OP:N[:ERRNO[:once]]
 *       OP is write (write, pwrite, writev and stdio's fflush), fsync
 *       (fsync, fdatasync) or read (read, pread); N counts from 1; ERRNO is
 *       ENOSPC, EIO, EDQUOT or EINTR (default ENOSPC for write, EIO else);
 *       "once" fails only the Nth call.
 *   TOKENSHARE_FAULT_COUNT=FILE
 *       at exit, appends "OP COUNT" lines: how many calls of each kind the
 *       process made, so a sweep knows its range of N.
 *   TOKENSHARE_FAULT_TRACE=1
 *       prints the stack of the first failed call on stderr (debugging).
 *
 * Only descriptors above 2 that name regular files are counted: the
 * program's messages on stderr always get out. The shim takes itself out
 * of LD_PRELOAD at load, so gnuplot and other children run unfaulted.
 */
// Each name below is its own symbol: no redirection of pread to pread64.
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

enum op { OP_WRITE, OP_FSYNC, OP_READ, OP_COUNT };

static const char *const op_names[OP_COUNT] = {"write", "fsync", "read"};

static unsigned long calls[OP_COUNT];   // calls made, per kind
static int fault_op = -1;
static unsigned long fault_at;          // the first call that fails (1-based)
static int fault_errno;
static int fault_once;
static int trace;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_pread)(int, void *, size_t, off_t);
static ssize_t (*real_pread64)(int, void *, size_t, off64_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_fflush)(FILE *);

// RESOLVE(f): real_f is the next f after ours (POSIX's way to store a
// function pointer that dlsym gives as void *).
#define RESOLVE(f) (*(void **)&real_##f = next(#f))

static void *next(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);
	if (!p)
		abort();        // a libc without it: nothing to interpose
	return p;
}

static int errno_named(const char *s)
{
	if (!strcmp(s, "ENOSPC"))
		return ENOSPC;
	if (!strcmp(s, "EIO"))
		return EIO;
	if (!strcmp(s, "EDQUOT"))
		return EDQUOT;
	if (!strcmp(s, "EINTR"))
		return EINTR;
	return 0;
}

static void parse_fault(const char *spec)
{
	char buf[128];
	if (strlen(spec) >= sizeof buf)
		abort();
	strcpy(buf, spec);
	char *save = NULL;
	const char *op = strtok_r(buf, ":", &save);
	const char *n = strtok_r(NULL, ":", &save);
	const char *err = strtok_r(NULL, ":", &save);
	const char *once = strtok_r(NULL, ":", &save);
	for (int i = 0; op && i < OP_COUNT; i++)
		if (!strcmp(op, op_names[i]))
			fault_op = i;
	char *end;
	fault_at = n ? strtoul(n, &end, 10) : 0;
	if (fault_op < 0 || !n || *end || fault_at == 0)
		abort();        // a wrong spec must not pass as "no fault"
	fault_errno = fault_op == OP_WRITE ? ENOSPC : EIO;
	if (err && !(fault_errno = errno_named(err)))
		abort();
	if (once && strcmp(once, "once"))
		abort();
	fault_once = once != NULL;
}

__attribute__((constructor)) static void shim_init(void)
{
	RESOLVE(write);
	RESOLVE(pwrite);
	RESOLVE(pwrite64);
	RESOLVE(writev);
	RESOLVE(read);
	RESOLVE(pread);
	RESOLVE(pread64);
	RESOLVE(fsync);
	RESOLVE(fdatasync);
	RESOLVE(fflush);
	const char *spec = getenv("TOKENSHARE_FAULT");
	if (spec && *spec)
		parse_fault(spec);
	trace = getenv("TOKENSHARE_FAULT_TRACE") != NULL;
	unsetenv("LD_PRELOAD");
}

__attribute__((destructor)) static void shim_fini(void)
{
	const char *path = getenv("TOKENSHARE_FAULT_COUNT");
	if (!path || !*path || !real_write)
		return;
	FILE *fp = fopen(path, "a");
	if (!fp)
		return;
	for (int i = 0; i < OP_COUNT; i++)
		fprintf(fp, "%s %lu\n", op_names[i], __atomic_load_n(&calls[i], __ATOMIC_RELAXED));
	fault_op = -1;  // our own flush is not the program's
	fclose(fp);
}

// fails(OP, FD): counts the call when FD is a regular file above 2 and
// says whether it is to fail (errno then set).
static int fails(enum op op, int fd)
{
	struct stat st;
	if (fd <= 2 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	unsigned long n = __atomic_add_fetch(&calls[op], 1, __ATOMIC_RELAXED);
	if ((int)op != fault_op || n < fault_at || (fault_once && n != fault_at))
		return 0;
	if (n == fault_at && trace) {
		char link[64], path[512];
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		ssize_t len = readlink(link, path, sizeof path - 1);
		path[len > 0 ? len : 0] = '\0';
		fprintf(stderr, "fault: %s #%lu on %s\n", op_names[op], n, path);
		void *frames[32];
		backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
	}
	errno = fault_errno;
	return 1;
}

ssize_t write(int fd, const void *buf, size_t len)
{
	if (!real_write)
		shim_init();
	return fails(OP_WRITE, fd) ? -1 : real_write(fd, buf, len);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	if (!real_pwrite)
		shim_init();
	return fails(OP_WRITE, fd) ? -1 : real_pwrite(fd, buf, len, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
	if (!real_pwrite64)
		shim_init();
	return fails(OP_WRITE, fd) ? -1 : real_pwrite64(fd, buf, len, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
	if (!real_writev)
		shim_init();
	return fails(OP_WRITE, fd) ? -1 : real_writev(fd, iov, n);
}

int fflush(FILE *fp)
{
	if (!real_fflush)
		shim_init();
	// fflush(NULL) flushes every stream: not one write to count.
	if (fp && fails(OP_WRITE, fileno(fp)))
		return EOF;
	return real_fflush(fp);
}

ssize_t read(int fd, void *buf, size_t len)
{
	if (!real_read)
		shim_init();
	return fails(OP_READ, fd) ? -1 : real_read(fd, buf, len);
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	if (!real_pread)
		shim_init();
	return fails(OP_READ, fd) ? -1 : real_pread(fd, buf, len, off);
}

ssize_t pread64(int fd, void *buf, size_t len, off64_t off)
{
	if (!real_pread64)
		shim_init();
	return fails(OP_READ, fd) ? -1 : real_pread64(fd, buf, len, off);
}

int fsync(int fd)
{
	if (!real_fsync)
		shim_init();
	return fails(OP_FSYNC, fd) ? -1 : real_fsync(fd);
}

int fdatasync(int fd)
{
	if (!real_fdatasync)
		shim_init();
	return fails(OP_FSYNC, fd) ? -1 : real_fdatasync(fd);
}
