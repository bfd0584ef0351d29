/*
 * The follow loop (see follow.h). The signal handler only sets a flag; the
 * loop notices it between batches and between polls.
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "collector/logs/logingest.h"
#include "collector/poll/follow.h"
#include "core/cli.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "store/filestate.h"
#include "store/mapping_store.h"
#include "store/store.h"

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct followed {
	char *arg;                      // as given
	char *abspath;                  // once the file exists
	int fd;                         // open file, or -1
	struct stat sb;                 // of fd when opened
	bool gave_up;                   // wrong format: not followed any more
};

/* Reads fd from offset as the file at path (NULL: a rotated copy, no state). */
static int read_from(struct store *st, int fd, const char *name, const char *abspath,
                     struct file_state *fs, int64_t offset, int64_t lines,
                     const struct log_options *opt, bool partial_ok)
{
	struct log_options o = *opt;
	o.follow = !partial_ok;
	o.progress = false;
	if (fs && fs->format[0] && !o.format)
		o.format = log_format_find(fs->format);
	struct log_input in;
	int dup_fd = dup(fd);
	if (dup_fd < 0 || log_input_open(&in, name, dup_fd, false, (uint64_t)offset,
	                                 (unsigned long)lines + 1) != 0) {
		log_errno(LOG_ERROR, "%s: cannot read", name);
		if (dup_fd >= 0)
			close(dup_fd);
		return -1;
	}
	struct log_file_stats stats;
	enum log_result res = log_ingest_lines(st, &in, abspath, fs, &o, &stats);
	log_input_close(&in);
	if (res == LOG_WRONG_FORMAT)
		return 1;
	return res == LOG_OK ? 0 : -1;
}

/*
 * Finds, in the directory of abspath, the file that held what was read of
 * it: the same inode (renamed), else the same first bytes and at least
 * offset bytes (a copy). Returns an open descriptor, or -1.
 */
static int find_previous(const char *abspath, const struct file_state *fs)
{
	char *copy = xstrdup(abspath);
	const char *dir = dirname(copy);
	DIR *d = opendir(dir);
	int found = -1;
	struct dirent *e;
	while (d && found < 0 && (e = readdir(d))) {
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat sb;
		if (strcmp(p, abspath) != 0 && stat(p, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_size >= fs->offset) {
			int fd = open(p, O_RDONLY | O_CLOEXEC);
			uint64_t head;
			bool same_inode = (int64_t)sb.st_dev == fs->dev && (int64_t)sb.st_ino == fs->inode;
			if (fd >= 0 && (same_inode || (sb.st_size >= fs->head_len &&
			                               filestate_head(fd, fs->head_len, &head) &&
			                               head == fs->head)))
				found = fd;
			else if (fd >= 0)
				close(fd);
		}
		free(p);
	}
	if (d)
		closedir(d);
	free(copy);
	return found;
}

/* Reads the rest of the content the stored state was reading, wherever it went. */
static void finish_previous(struct store *st, const char *name, const char *abspath,
                            const struct file_state *fs, const struct log_options *opt)
{
	if (!fs->id || fs->offset == 0)
		return;
	int fd = find_previous(abspath, fs);
	if (fd < 0) {
		log_warning("%s: replaced since the last read and its old content is not in the "
		            "same directory; lines after byte %lld of it may be missing", name,
		            (long long)fs->offset);
		return;
	}
	struct file_state old = *fs;
	char *label = xasprintf("%s (previous file)", name);
	read_from(st, fd, label, NULL, NULL, old.offset, old.lines, opt, true);
	free(label);
	close(fd);
}

/* Records that the path now holds a new file, read from its start. */
static void reset_state(struct store *st, const char *abspath, int64_t id, int fd,
                        const struct stat *sb)
{
	struct file_state fs = {.id = id};
	filestate_identify(&fs, fd, sb);
	fs.offset = fs.lines = 0;
	if (store_begin(st) != 0)
		return;
	if (filestate_save(st, abspath, &fs) != 0 || store_commit(st) != 0)
		store_rollback(st);
}

/* Opens a followed file and reads what was written since the last run. */
static void start(struct store *st, struct followed *f, const struct log_options *opt)
{
	int fd = open(f->arg, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;     // not there yet: try again at the next poll
	char real[PATH_MAX];
	if (fstat(fd, &f->sb) != 0 || !S_ISREG(f->sb.st_mode) || !realpath(f->arg, real)) {
		log_error("%s: not a regular file; not followed", f->arg);
		close(fd);
		f->gave_up = true;
		return;
	}
	free(f->abspath);
	f->abspath = xstrdup(real);
	f->fd = fd;
	struct file_state fs;
	if (filestate_load(st, f->abspath, &fs) < 0)
		return;
	struct file_state stored = fs;
	enum resume rs = fs.id ? filestate_resume(&fs, fd, &f->sb, false) : RESUME_NEW;
	if (rs == RESUME_NEW && fs.id) {
		// Rotated or truncated while nobody was reading: finish the old
		// content, then read this file from its start.
		finish_previous(st, f->arg, f->abspath, &stored, opt);
		reset_state(st, f->abspath, fs.id, fd, &f->sb);
	}
}

/* One look at a followed file: new lines, rotation, truncation. */
static void poll_file(struct store *st, struct followed *f, const struct log_options *opt)
{
	if (f->gave_up)
		return;
	if (f->fd < 0) {
		start(st, f, opt);
		if (f->fd < 0)
			return;
	}
	struct file_state fs;
	if (filestate_load(st, f->abspath, &fs) < 0)
		return;
	struct stat now;
	if (fstat(f->fd, &now) != 0)
		return;
	if (fs.id && (int64_t)now.st_size < fs.offset) {
		// Truncated in place: its old content was copied somewhere first.
		finish_previous(st, f->arg, f->abspath, &fs, opt);
		fs = (struct file_state){.id = fs.id};
	}
	if (!fs.id || (int64_t)now.st_size > fs.offset) {
		const struct log_format *was = fs.id ? log_format_find(fs.format) : NULL;
		if (was && was->daily) {
			// A daily snapshot replaces whole days: read it whole again.
			fs = (struct file_state){.id = fs.id};
			snprintf(fs.format, sizeof fs.format, "%s", was->name);
		}
		int64_t offset = fs.offset, lines = fs.lines;
		filestate_identify(&fs, f->fd, &now);
		fs.offset = offset;
		fs.lines = lines;
		if (read_from(st, f->fd, f->arg, f->abspath, &fs, offset, lines, opt, false) == 1) {
			f->gave_up = true;
			return;
		}
	}
	// Renamed away and replaced (rotation): finish the old file, then switch.
	struct stat path_sb;
	if (stat(f->arg, &path_sb) == 0 &&
	    (path_sb.st_ino != f->sb.st_ino || path_sb.st_dev != f->sb.st_dev)) {
		if (filestate_load(st, f->abspath, &fs) > 0) {
			// Lines written to the old file after its rename are still ours.
			read_from(st, f->fd, f->arg, NULL, NULL, fs.offset, fs.lines, opt, true);
			int fd = open(f->arg, O_RDONLY | O_CLOEXEC);
			if (fd >= 0 && fstat(fd, &path_sb) == 0)
				reset_state(st, f->abspath, fs.id, fd, &path_sb);
			if (fd >= 0)
				close(fd);
		}
		close(f->fd);
		f->fd = -1;
		start(st, f, opt);
	}
}

struct follower {
	struct followed *files;
	size_t n;
};

struct follower *follower_create(char *const *paths, size_t n)
{
	struct follower *f = xcalloc(1, sizeof *f);
	f->files = xcalloc(n ? n : 1, sizeof *f->files);
	f->n = n;
	for (size_t i = 0; i < n; i++)
		f->files[i] = (struct followed){.arg = xstrdup(paths[i]), .fd = -1};
	return f;
}

void follower_poll(struct follower *f, struct store *st, const struct log_options *opt)
{
	for (size_t i = 0; i < f->n && !(opt->stop && *opt->stop); i++)
		poll_file(st, &f->files[i], opt);
}

void follower_destroy(struct follower *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		if (f->files[i].fd >= 0)
			close(f->files[i].fd);
		free(f->files[i].abspath);
		free(f->files[i].arg);
	}
	free(f->files);
	free(f);
}

int follow_files(const char *db_path, char **paths, size_t n, const struct log_options *opt,
                 long interval_ms, bool quiet)
{
	struct store st;
	store_set_stop(&stop_requested);
	if (store_open(&st, db_path, STORE_WRITE) != 0)
		return TS_EXIT_STORE;
	if (store_begin(&st) != 0 || mapping_store_ensure(&st) != 0 || store_commit(&st) != 0) {
		store_rollback(&st);
		store_close(&st);
		return TS_EXIT_STORE;
	}
	struct sigaction sa = {.sa_handler = on_stop};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	struct log_options o = *opt;
	o.stop = &stop_requested;
	struct follower *f = follower_create(paths, n);
	if (!quiet)
		log_info("following %zu file%s (SIGTERM or Ctrl-C to stop)", n, n == 1 ? "" : "s");
	while (!stop_requested) {
		follower_poll(f, &st, &o);
		struct timespec ts = {interval_ms / 1000, (interval_ms % 1000) * 1000000};
		while (!stop_requested && nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
	}
	follower_destroy(f);
	store_close(&st);
	return TS_EXIT_OK;
}
