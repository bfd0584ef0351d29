/*
 * Loading API keys (see secret.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collector/poll/secret.h"
#include "core/buf.h"
#include "core/xalloc.h"

static char *clean(const char *s, size_t len)
{
	while (len && (s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' '))
		len--;
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	return xstrndup(s, len);
}

int secret_load(const char *file, const char *env, char **key, FILE *err)
{
	*key = NULL;
	if (!file || !*file) {
		const char *v = getenv(env);
		if (v && *v)
			*key = clean(v, strlen(v));
		return 0;
	}
	// O_NONBLOCK: a FIFO given as the key file must not hang the open.
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		fprintf(err, "%s: cannot read the key file: %s\n", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		fprintf(err, "%s: the key file is not a regular file; refusing it\n", file);
		close(fd);
		return -1;
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		fprintf(err, "%s: the key file may be read by group or others (mode %04o); "
		        "refusing it: chmod 600 %s\n", file, (unsigned)(sb.st_mode & 07777), file);
		close(fd);
		return -1;
	}
	// Read what was checked: the descriptor, not the path again.
	struct buf b = {0};
	int read_err = file_read_fd(fd, 4096, &b);
	close(fd);
	if (read_err != 0 || b.len == 0) {
		fprintf(err, "%s: the key file is empty or too long\n", file);
		buf_finish(&b);
		return -1;
	}
	*key = clean(b.data, b.len);
	memset(b.data, 0, b.len);
	buf_finish(&b);
	if (!**key) {
		fprintf(err, "%s: the key file holds no key\n", file);
		free(*key);
		*key = NULL;
		return -1;
	}
	return 0;
}

void secret_free(char *key)
{
	if (key) {
		memset(key, 0, strlen(key));
		free(key);
	}
}

void secret_protect_process(void)
{
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none);
#if !defined(__SANITIZE_ADDRESS__) && !defined(TOKENSHARE_ASAN)
	// LeakSanitizer stops the threads with ptrace, which a process that is
	// not dumpable forbids: sanitizer builds keep only the core limit.
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}
