/*
 * Remembered log files (see filestate.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "store/filestate.h"
#include "store/store.h"

/* The stored state of one file into *(struct file_state *)arg; returns 1. */
static int state_row(void *arg, sqlite3_stmt *q)
{
	struct file_state *fs = arg;
	fs->id = sqlite3_column_int64(q, 0);
	snprintf(fs->format, sizeof fs->format, "%s", store_column_text(q, 1));
	fs->dev = sqlite3_column_int64(q, 2);
	fs->inode = sqlite3_column_int64(q, 3);
	fs->size = sqlite3_column_int64(q, 4);
	fs->mtime = sqlite3_column_int64(q, 5);
	fs->offset = sqlite3_column_int64(q, 6);
	fs->head = (uint64_t)strtoull(store_column_text(q, 7), NULL, 16);
	fs->head_len = sqlite3_column_int64(q, 8);
	fs->lines = sqlite3_column_int64(q, 9);
	fs->records = sqlite3_column_int64(q, 10);
	fs->duplicates = sqlite3_column_int64(q, 11);
	fs->rejects = sqlite3_column_int64(q, 12);
	fs->last_time = sqlite3_column_int64(q, 13);
	return 1;
}

int filestate_load(struct store *st, const char *path, struct file_state *fs)
{
	*fs = (struct file_state){0};
	sqlite3_stmt *q = store_prepare(st,
		"SELECT id, format, dev, inode, size, mtime, offset, head, head_len, lines, records, "
		"duplicates, rejects, coalesce(last_time, 0) FROM input_file WHERE path = ?1");
	if (!q)
		return -1;
	store_bind_text(q, 1, path);
	return store_each_row(st, q, state_row, fs, "cannot read file state");
}

int filestate_save(struct store *st, const char *path, struct file_state *fs)
{
	sqlite3_stmt *q = store_prepare(st,
		"INSERT INTO input_file (path, format, dev, inode, size, mtime, offset, head, "
		"head_len, lines, records, duplicates, rejects, last_time, updated_at) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, nullif(?14, 0), ?15) "
		"ON CONFLICT (path) DO UPDATE SET format = excluded.format, dev = excluded.dev, "
		"inode = excluded.inode, size = excluded.size, mtime = excluded.mtime, "
		"offset = excluded.offset, head = excluded.head, head_len = excluded.head_len, "
		"lines = excluded.lines, records = excluded.records, "
		"duplicates = excluded.duplicates, rejects = excluded.rejects, "
		"last_time = excluded.last_time, updated_at = excluded.updated_at RETURNING id");
	if (!q)
		return -1;
	char head[17];
	snprintf(head, sizeof head, "%016llx", (unsigned long long)fs->head);
	store_bind_text(q, 1, path);
	store_bind_text(q, 2, fs->format);
	const int64_t v[] = {fs->dev, fs->inode, fs->size, fs->mtime, fs->offset};
	for (int i = 0; i < 5; i++)
		sqlite3_bind_int64(q, 3 + i, v[i]);
	store_bind_text(q, 8, head);
	const int64_t w[] = {fs->head_len, fs->lines, fs->records, fs->duplicates, fs->rejects,
	                     fs->last_time, (int64_t)time(NULL)};
	for (int i = 0; i < 7; i++)
		sqlite3_bind_int64(q, 9 + i, w[i]);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		fs->id = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : store_fail(st, "cannot save file state");
}

bool filestate_head(int fd, int64_t len, uint64_t *hash)
{
	unsigned char buf[FILESTATE_HEAD];
	if (len < 0 || len > FILESTATE_HEAD)
		return false;
	ssize_t n = len ? pread(fd, buf, (size_t)len, 0) : 0;
	if (n != len)
		return false;
	*hash = XXH3_64bits(buf, (size_t)len);
	return true;
}

void filestate_identify(struct file_state *fs, int fd, const struct stat *sb)
{
	fs->dev = (int64_t)sb->st_dev;
	fs->inode = (int64_t)sb->st_ino;
	fs->size = (int64_t)sb->st_size;
	fs->mtime = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
	fs->head_len = sb->st_size < FILESTATE_HEAD ? (int64_t)sb->st_size : FILESTATE_HEAD;
	if (!filestate_head(fd, fs->head_len, &fs->head))
		fs->head_len = 0;
}

enum resume filestate_resume(struct file_state *fs, int fd, const struct stat *sb, bool gzip)
{
	uint64_t head;
	bool same = fs->id && fs->dev == (int64_t)sb->st_dev && fs->inode == (int64_t)sb->st_ino &&
	            (int64_t)sb->st_size >= fs->offset && fs->head_len <= (int64_t)sb->st_size &&
	            filestate_head(fd, fs->head_len, &head) && head == fs->head;
	int64_t mtime = (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
	// A file shorter than its remembered head was replaced (or truncated and
	// rewritten); so was one whose first bytes differ.
	if (same && gzip) {
		// A compressed file cannot be resumed: unchanged, or read again.
		if ((int64_t)sb->st_size == fs->size && mtime == fs->mtime)
			return RESUME_UNCHANGED;
	} else if (same) {
		if ((int64_t)sb->st_size == fs->offset && fs->offset == fs->size)
			return RESUME_UNCHANGED;
		// Grew, or the last read stopped before an unterminated line.
		if (fs->head_len == FILESTATE_HEAD || fs->head_len == fs->size)
			return RESUME_APPENDED;
	}
	int64_t id = fs->id;
	char format[sizeof fs->format];
	memcpy(format, fs->format, sizeof format);
	*fs = (struct file_state){.id = id};
	memcpy(fs->format, format, sizeof format);
	return RESUME_NEW;
}

int filestate_clear_rejects(struct store *st, int64_t file_id)
{
	sqlite3_stmt *q = store_prepare(st, "DELETE FROM input_reject WHERE file_id = ?1");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, file_id);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot clear rejects");
}

int filestate_add_reject(struct store *st, int64_t file_id, unsigned long line, const char *msg)
{
	sqlite3_stmt *q = store_prepare(st,
		"INSERT OR REPLACE INTO input_reject (file_id, line, message) VALUES (?1, ?2, ?3)");
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, file_id);
	sqlite3_bind_int64(q, 2, (int64_t)line);
	store_bind_text(q, 3, msg);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot save a reject");
}
