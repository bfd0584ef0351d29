/*
 * The writing half of a log ingest (see logcommit.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "collector/logs/logcommit.h"
#include "store/filestate.h"
#include "store/store.h"

/* Opens the transaction of a read; a fresh read forgets the old samples. */
static int writer_begin(struct log_commit *wr)
{
	if (store_begin(wr->st) != 0)
		return -1;
	wr->began = true;
	if (wr->fs && wr->fs->id && wr->fs->offset == 0 &&
	    filestate_clear_rejects(wr->st, wr->fs->id) != 0)
		return -1;
	// The file row must exist before its rejects refer to it.
	if (wr->fs && !wr->fs->id && filestate_save(wr->st, wr->abspath, wr->fs) != 0)
		return -1;
	return 0;
}

int log_commit_take(struct log_commit *wr, struct log_chunk *c)
{
	if (!wr->began && writer_begin(wr) != 0)
		return -1;
	if (c->format && !wr->ready) {
		if (usage_writer_init(&wr->w, wr->st, c->format->dataset, c->format->daily) != 0)
			return -1;
		wr->ready = true;
		if (wr->fs)
			snprintf(wr->fs->format, sizeof wr->fs->format, "%s", c->format->name);
	}
	for (size_t i = 0; i < c->n_rejects && wr->fs; i++) {
		if (filestate_add_reject(wr->st, wr->fs->id, c->rejects[i].line, c->rejects[i].message))
			return -1;
	}
	if (wr->ready && usage_writer_write(&wr->w, &c->batch) != 0)
		return -1;
	uint64_t added = wr->ready ? wr->w.added : 0, dups = wr->ready ? wr->w.duplicates : 0;
	if (wr->ready)
		wr->w.added = wr->w.duplicates = 0;
	wr->stats->added += added;
	wr->stats->duplicates += dups;
	if (wr->fs) {
		wr->fs->records += (int64_t)(added + dups);
		wr->fs->duplicates += (int64_t)dups;
		wr->fs->rejects += (int64_t)c->rejected;
		wr->fs->offset = (int64_t)c->end_offset;
		wr->fs->lines = (int64_t)c->end_line;
		if (c->last_time > wr->fs->last_time)
			wr->fs->last_time = c->last_time;
		if (filestate_save(wr->st, wr->abspath, wr->fs) != 0)
			return -1;
	}
	if (store_commit(wr->st) != 0)
		return -1;
	wr->began = false;
	return 0;
}

void log_commit_finish(struct log_commit *wr)
{
	if (wr->began)
		store_rollback(wr->st);
	if (wr->ready)
		usage_writer_finish(&wr->w);
}
