/*
 * What tokenshare remembers about each log file it read (table input_file):
 * identity (device, inode, a hash of its first bytes), size, modification
 * time, and how far it read, so a later read resumes there, an unchanged
 * file is skipped, and a replaced or truncated file is read again from the
 * start (request-id de-duplication makes re-reading harmless).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_FILESTATE_H
#define TOKENSHARE_FILESTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

struct store;

#define FILESTATE_HEAD 4096     // bytes hashed to recognise a file

struct file_state {
	int64_t id;                     // input_file row, 0 = not stored yet
	char format[48];
	int64_t dev, inode, size, mtime, offset;
	uint64_t head;                  // XXH3-64 of the first head_len bytes
	int64_t head_len;
	int64_t lines;                  // lines consumed so far
	int64_t records, duplicates, rejects;
	int64_t last_time;              // UTC seconds of the latest record, or 0
};

enum resume {
	RESUME_NEW,             // never read, or replaced: read from the start
	RESUME_APPENDED,        // grew since: read from fs->offset
	RESUME_UNCHANGED,       // nothing new
};

/* Loads the state of path into fs. Returns 1 found, 0 not found, -1 error. */
int filestate_load(struct store *st, const char *path, struct file_state *fs);
/* Inserts or updates the row for path (sets fs->id). 0 or -1. */
int filestate_save(struct store *st, const char *path, struct file_state *fs);

/* Hash of the first len bytes of fd (read with pread). false on a short read. */
bool filestate_head(int fd, int64_t len, uint64_t *hash);

/*
 * Compares the stored state with the open file (fd, sb) and says where to
 * start. On RESUME_NEW, fs is reset for a new read (id kept).
 */
enum resume filestate_resume(struct file_state *fs, int fd, const struct stat *sb, bool gzip);

/* Fills identity fields (dev, inode, size, mtime, head) from fd. */
void filestate_identify(struct file_state *fs, int fd, const struct stat *sb);

/* Replaces the stored reject samples of a file, or appends one. 0 or -1. */
int filestate_clear_rejects(struct store *st, int64_t file_id);
int filestate_add_reject(struct store *st, int64_t file_id, unsigned long line, const char *msg);

#endif
