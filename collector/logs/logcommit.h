/*
 * The writing half of a log ingest (see logingest.c): each chunk's counts,
 * rejects and file position stored in one transaction, so a commit holds
 * whole lines and the position just after them.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_LOGCOMMIT_H
#define TOKENSHARE_LOGCOMMIT_H

#include <stdbool.h>

#include "collector/logs/logopts.h"
#include "collector/logs/logparse.h"
#include "store/usage_store.h"

struct file_state;
struct store;

/* The writing side, on the calling thread. Zero it, then set st, name,
 * abspath, fs (NULL for standard input) and stats. */
struct log_commit {
	struct store *st;
	const char *name;
	const char *abspath;
	struct file_state *fs;
	struct log_file_stats *stats;
	struct usage_writer w;
	bool ready;
	bool began;
};

/* Stores c and commits it with the position it reached (opening the
 * transaction of the read first, if none is open). Returns 0, or -1 (logged;
 * the transaction is still open: log_commit_finish rolls it back). */
int log_commit_take(struct log_commit *wr, struct log_chunk *c);
/* Rolls back an open transaction and frees the writer. */
void log_commit_finish(struct log_commit *wr);

#endif
