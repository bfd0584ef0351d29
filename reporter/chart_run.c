/*
 * Running gnuplot for a chart (see chart_run.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "reporter/chart.h"
#include "reporter/chart_run.h"

static const char *const suffixes[] = {".dat", ".gp", ".png", ".svg"};
#define N_FILES (sizeof suffixes / sizeof suffixes[0])

const char *chart_gnuplot(void)
{
	const char *env = getenv("TOKENSHARE_GNUPLOT");
	return env && *env ? env : TOKENSHARE_GNUPLOT;
}

void chart_gp_string(struct buf *b, const char *s)
{
	buf_append_str(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_append_str(b, "\\");
		buf_append(b, s, 1);
	}
	buf_append_str(b, "\"");
}

static int write_file(const char *dir, const char *name, const struct buf *b)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	int err = 0;
	if (fd < 0) {
		err = -errno;
	} else {
		for (size_t off = 0; off < b->len && !err;) {
			ssize_t w = write(fd, b->data + off, b->len - off);
			if (w < 0 && errno != EINTR)
				err = -errno;
			else if (w > 0)
				off += (size_t)w;
		}
		if (!err && fsync(fd) != 0)
			err = -errno;
		close(fd);
	}
	if (err) {
		errno = -err;
		log_errno(LOG_ERROR, "%s: cannot write", path);
	}
	free(path);
	return err ? -1 : 0;
}

/* Runs gnuplot SCRIPT in dir with a clean environment; -1 with its messages logged. */
static int run_gnuplot(const char *dir, const char *script)
{
	const char *prog = chart_gnuplot();
	char *log_path = xasprintf("%s/gnuplot.log", dir);
	pid_t pid = fork();
	if (pid < 0) {
		log_errno(LOG_ERROR, "cannot start %s", prog);
		free(log_path);
		return -1;
	}
	if (pid == 0) {
		int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int null = open("/dev/null", O_RDONLY);
		if (fd < 0 || null < 0 || chdir(dir) != 0)
			_exit(126);
		dup2(null, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		// The C locale keeps '.' decimal points whatever the caller's locale;
		// HOME points at the empty work directory so no ~/.gnuplot applies.
		setenv("LC_ALL", "C", 1);
		setenv("LANG", "C", 1);
		setenv("HOME", ".", 1);
		unsetenv("GNUTERM");
		unsetenv("GNUPLOT_LIB");
		execlp(prog, prog, script, (char *)NULL);
		_exit(127);
	}
	int wstatus;
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	int rc = 0;
	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
		int code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
		if (code == 127)
			log_error("cannot run '%s' (is gnuplot installed? set TOKENSHARE_GNUPLOT to "
			          "its path)", prog);
		else
			log_error("%s failed (exit status %d) on %s:", prog, code, script);
		struct buf msg = {0};
		if (code != 127 && file_read_all(log_path, 64 * 1024, &msg) == 0 && msg.len)
			fprintf(stderr, "%s", msg.data);
		buf_finish(&msg);
		rc = -1;
	}
	unlink(log_path);
	free(log_path);
	return rc;
}

static void remove_work(const char *work, const char *base)
{
	for (size_t i = 0; i < N_FILES; i++) {
		char *p = xasprintf("%s/%s%s", work, base, suffixes[i]);
		unlink(p);
		free(p);
	}
	rmdir(work);
}

int chart_render(const char *dir, const char *base, const struct buf *data,
                 const struct buf *script)
{
	if (paths_make_dir(dir) != 0)
		return -1;
	char *work = xasprintf("%s/.tokenshare-chart-XXXXXX", dir);
	if (!mkdtemp(work)) {
		log_errno(LOG_ERROR, "%s: cannot create a work directory", dir);
		free(work);
		return -1;
	}
	int rc = -1;
	char *dat = xasprintf("%s.dat", base), *gp = xasprintf("%s.gp", base);
	if (write_file(work, dat, data) == 0 && write_file(work, gp, script) == 0 &&
	    run_gnuplot(work, gp) == 0) {
		rc = 0;
		for (size_t i = 0; i < N_FILES && rc == 0; i++) {
			char *from = xasprintf("%s/%s%s", work, base, suffixes[i]);
			struct stat sb;
			if (stat(from, &sb) != 0 || sb.st_size == 0) {
				log_error("gnuplot wrote no %s%s", base, suffixes[i]);
				rc = -1;
			}
			free(from);
		}
		// Images last: a reader who sees share.png also finds its script and data.
		for (size_t i = 0; i < N_FILES && rc == 0; i++) {
			char *from = xasprintf("%s/%s%s", work, base, suffixes[i]);
			char *to = xasprintf("%s/%s%s", dir, base, suffixes[i]);
			if (rename(from, to) != 0) {
				log_errno(LOG_ERROR, "%s: cannot move into place", to);
				rc = -1;
			}
			free(from);
			free(to);
		}
	}
	remove_work(work, base);
	free(work);
	free(dat);
	free(gp);
	return rc;
}
