/*
 * The SQLite store: one file holds everything. Opening sets the busy
 * timeout and every pragma in one place, checks that the file is a
 * tokenshare database, refuses one written by a newer tokenshare, and
 * applies the missing migrations from schema/ in one transaction.
 *
 * Return convention of this module: 0 on success, -1 on failure after the
 * reason was logged (log.h). All SQL with values goes through prepared
 * statements and sqlite3_bind_*.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_STORE_H
#define TOKENSHARE_STORE_H

#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* PRAGMA application_id of a tokenshare database ("tksh"). */
#define STORE_APPLICATION_ID 0x746b7368

enum store_mode {
	STORE_READ,             // the database must exist; one read snapshot
	                        // from open to close (a report sees one state)
	STORE_WRITE,            // created (with its directory) if missing
};

struct store {
	sqlite3 *db;
	char *path;
};

/*
 * Opens path (":memory:" works, for tests). On failure *st is zeroed. In
 * STORE_READ mode a read transaction is open until store_close: everything
 * read in between comes from one committed state of the file.
 */
int store_open(struct store *st, const char *path, enum store_mode mode);
void store_close(struct store *st);

/* A flag a signal handler sets: from then on a busy database is not waited
 * for (a lock held elsewhere makes the statement fail at once). */
void store_set_stop(const volatile sig_atomic_t *stop);

/* Schema version this binary writes (the number of the last migration). */
int store_schema_version(void);

/* BEGIN IMMEDIATE: takes the write lock now, so a busy database fails here. */
int store_begin(struct store *st);
int store_commit(struct store *st);
/* Never fails visibly; safe to call when no transaction is open. */
void store_rollback(struct store *st);

/* Prepares sql or logs why not and returns NULL. Finalize the result. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql);
/* Runs a statement without parameters or result rows. */
int store_exec(struct store *st, const char *sql);
/* Logs "what: sqlite's message" for the last error on st. Returns -1. */
int store_fail(struct store *st, const char *what);

/*
 * Steps q to its end, calling row(ctx, q) for each row; a nonzero value
 * from row stops there. Finalizes q in every case. Returns 0 at the end,
 * row's nonzero value when it stopped, and -1 when sqlite failed: after
 * store_fail(st, what), or silently when what is NULL.
 */
int store_each_row(struct store *st, sqlite3_stmt *q, int (*row)(void *ctx, sqlite3_stmt *q),
                   void *ctx, const char *what);

/* Column 0 of q's first row, or -1 after store_fail(st, what) when there is
 * none; for a query of one non-negative number. Finalizes q. */
int64_t store_int(struct store *st, sqlite3_stmt *q, const char *what);

/* Text of a column, or "" for NULL. */
const char *store_column_text(sqlite3_stmt *stmt, int col);
/* Binds text with SQLITE_TRANSIENT, or NULL when s is NULL. */
int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s);

/* Key/value settings in the setting table. *value is the caller's to
 * free, NULL when the key is not set; -1 when the database failed (said). */
int store_get_setting(struct store *st, const char *key, char **value);
int store_set_setting(struct store *st, const char *key, const char *value);

#endif
