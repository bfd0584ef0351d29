/*
 * Choosing a writer and sending its output to a file or stdout (see
 * output.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/atomic.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "reporter/publish/output.h"

const struct share_writer *share_writer_find(const char *name)
{
	static const struct share_writer *const all[] = {&share_writer_csv, &share_writer_json};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	}
	return NULL;
}

int output_emit(const char *path, int (*write)(const void *ctx, FILE *fp), const void *ctx)
{
	if (!path || strcmp(path, "-") == 0) {
		if (write(ctx, stdout) != 0 || fflush(stdout) != 0) {
			log_errno(LOG_ERROR, "cannot write to standard output");
			return -1;
		}
		return 0;
	}
	struct atomic_file af;
	int err = atomic_open(&af, path);
	if (err) {
		log_error("%s: cannot write there: %s", path, atomic_strerror(err));
		return -1;
	}
	if (write(ctx, af.fp) != 0) {
		log_errno(LOG_ERROR, "%s: cannot write", path);
		atomic_abort(&af);
		return -1;
	}
	err = atomic_commit(&af);
	if (err) {
		errno = -err;
		log_errno(LOG_ERROR, "%s: cannot save", path);
		return -1;
	}
	return 0;
}

int output_write_buf(const char *dir, const char *name, const struct buf *b)
{
	char *path = xasprintf("%s/%s", dir, name);
	int err = atomic_write(path, b->data, b->len);
	if (err)
		log_error("%s: cannot write: %s", path, atomic_strerror(err));
	free(path);
	return err ? -1 : 0;
}

struct share_job {
	const struct share_writer *w;
	const struct share_table *t;
};

static int write_share(const void *ctx, FILE *fp)
{
	const struct share_job *job = ctx;
	return job->w->write(job->t, fp);
}

int share_emit(const struct share_writer *w, const struct share_table *t, const char *path)
{
	struct share_job job = {w, t};
	return output_emit(path, write_share, &job);
}
