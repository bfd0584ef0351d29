/*
 * Opening, checking and migrating the database (see store.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/paths.h"
#include "core/xalloc.h"
#include "store/store.h"

#define BUSY_TIMEOUT_MS 10000

static const volatile sig_atomic_t *stop_flag;

void store_set_stop(const volatile sig_atomic_t *stop)
{
	stop_flag = stop;
}

/* Waits for another process's lock like sqlite3_busy_timeout, in 10 ms
 * steps, but gives up at once when a stop was asked for: a daemon told to
 * end must not sit out someone else's long transaction. */
static int on_busy(void *ctx, int tries)
{
	(void)ctx;
	if ((stop_flag && *stop_flag) || tries * 10 >= BUSY_TIMEOUT_MS)
		return 0;
	struct timespec ts = {0, 10 * 1000000};
	nanosleep(&ts, NULL);
	return 1;
}

int store_schema_version(void)
{
	return (int)embedded_schema_count;
}

int store_fail(struct store *st, const char *what)
{
	log_error("%s: %s: %s", st->path ? st->path : "database", what,
	          st->db ? sqlite3_errmsg(st->db) : "not open");
	return -1;
}

sqlite3_stmt *store_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, "cannot prepare a statement");
		return NULL;
	}
	return stmt;
}

/* Runs every statement in sql (a script), one prepare at a time. */
static int exec_script(struct store *st, const char *sql)
{
	const char *tail = sql;
	while (tail && *tail) {
		sqlite3_stmt *stmt = NULL;
		if (sqlite3_prepare_v2(st->db, tail, -1, &stmt, &tail) != SQLITE_OK)
			return -1;
		if (!stmt)
			break;  // only whitespace or comments left
		int rc;
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			;
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}

int store_exec(struct store *st, const char *sql)
{
	return exec_script(st, sql) == 0 ? 0 : store_fail(st, sql);
}

int store_begin(struct store *st)
{
	return store_exec(st, "BEGIN IMMEDIATE");
}

int store_commit(struct store *st)
{
	return store_exec(st, "COMMIT");
}

void store_rollback(struct store *st)
{
	if (st->db && !sqlite3_get_autocommit(st->db))
		exec_script(st, "ROLLBACK");
}

/* Reads an integer pragma; -1 on error. */
static int64_t pragma_int(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* The file's application id, schema version and number of schema
 * entries, in h[0..2]; -1 at the first that cannot be read, whose error
 * is then the connection's. */
static int read_header(struct store *st, int64_t h[3])
{
	static const char *const sql[3] = {"PRAGMA application_id", "PRAGMA user_version",
	                                   "SELECT count(*) FROM sqlite_schema"};
	for (int i = 0; i < 3; i++)
		if ((h[i] = pragma_int(st, sql[i])) < 0)
			return -1;
	return 0;
}

/* True if the database file is in WAL mode already. */
static bool is_wal(struct store *st)
{
	sqlite3_stmt *stmt = NULL;
	bool wal = false;
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		wal = strcmp(store_column_text(stmt, 0), "wal") == 0;
	sqlite3_finalize(stmt);
	return wal;
}

/* Journal and sync settings; run after the file is known to be ours. */
static int set_journal(struct store *st)
{
	// WAL lets reports read while a collector writes; NORMAL sync is safe
	// with WAL (a crash loses at most the last commits, never consistency).
	if (exec_script(st, "PRAGMA synchronous = NORMAL") != 0)
		return -1;
	if (strcmp(st->path, ":memory:") == 0)
		return 0;       // journals in memory, whatever is asked
	// Switching needs the file to itself, and SQLite does not wait for
	// that: when another process is creating the same new database, wait
	// for it here, as the busy timeout would.
	for (int waited = 0; !is_wal(st); waited += 50) {
		if (exec_script(st, "PRAGMA journal_mode = WAL") == 0 && is_wal(st))
			break;
		if ((sqlite3_errcode(st->db) & 0xff) != SQLITE_BUSY &&
		    (sqlite3_errcode(st->db) & 0xff) != SQLITE_LOCKED)
			return -1;
		if (waited >= BUSY_TIMEOUT_MS)
			return -1;
		struct timespec ts = {0, 50 * 1000000};
		nanosleep(&ts, NULL);
	}
	return 0;
}

static int migrate(struct store *st)
{
	int to = store_schema_version();
	if (store_begin(st) != 0)
		return -1;
	// Another process may have migrated between our look and our lock (two
	// first commands on a new database): look again, holding the lock.
	int64_t h[3];
	if (read_header(st, h) != 0) {
		store_fail(st, "cannot read the database header");
		store_rollback(st);
		return -1;
	}
	int64_t app = h[0], from = h[1], tables = h[2];
	if (app != STORE_APPLICATION_ID && !(app == 0 && from == 0 && tables == 0)) {
		log_error("%s: an SQLite database, but not a tokenshare one (application_id %lld); "
		          "refusing to touch it", st->path, (long long)app);
		store_rollback(st);
		return -1;
	}
	if (from >= to) {
		store_rollback(st);
		return 0;
	}
	for (int v = (int)from; v < to; v++) {
		const struct embedded_file *m = &embedded_schema[v];
		if (exec_script(st, m->data) != 0) {
			log_error("%s: migration %s failed: %s", st->path, m->name,
			          sqlite3_errmsg(st->db));
			store_rollback(st);
			return -1;
		}
	}
	// PRAGMA values cannot be bound; both are compile-time numbers.
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
	         STORE_APPLICATION_ID, to);
	if (exec_script(st, sql) != 0) {
		store_fail(st, "cannot record the schema version");
		store_rollback(st);
		return -1;
	}
	if (store_commit(st) != 0) {
		store_rollback(st);
		return -1;
	}
	if (from > 0)
		log_info("%s: schema upgraded from version %lld to %d", st->path, (long long)from, to);
	return 0;
}

/* Checks what the file is and brings its schema up to date. */
static int validate(struct store *st, bool writable)
{
	// One read transaction: the three values must come from one state of
	// the file, not from before and after another process's migration.
	bool began = exec_script(st, "BEGIN") == 0;
	int64_t h[3];
	int got = read_header(st, h);
	if (got != 0) {
		if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_NOTADB)
			log_error("%s: not a database (not an SQLite file)", st->path);
		else
			store_fail(st, "cannot read the database header");
	}
	if (began)
		store_rollback(st);
	if (got != 0)
		return -1;
	int64_t app = h[0], version = h[1], tables = h[2];
	bool empty = app == 0 && version == 0 && tables == 0;
	if (!empty && app != STORE_APPLICATION_ID) {
		log_error("%s: an SQLite database, but not a tokenshare one "
		          "(application_id %lld); refusing to touch it", st->path, (long long)app);
		return -1;
	}
	int current = store_schema_version();
	if (version > current) {
		log_error("%s: written by a newer tokenshare (schema version %lld; this is "
		          "tokenshare with schema version %d); upgrade tokenshare to use it",
		          st->path, (long long)version, current);
		return -1;
	}
	if (writable && set_journal(st) != 0)
		return store_fail(st, "cannot set the journal mode");
	if (version == current)
		return 0;
	if (!writable) {
		log_error("%s: schema version %lld needs an upgrade to %d, but the file is "
		          "read-only", st->path, (long long)version, current);
		return -1;
	}
	return migrate(st);
}

/* True if the reader cannot create files beside path and no write-ahead
 * log is waiting there (a non-empty -wal would be replayed, needing -shm). */
static bool read_only_place(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	bool dir_writable = access(slash ? dir : ".", W_OK) == 0;
	free(dir);
	if (dir_writable)
		return false;
	char *wal = xasprintf("%s-wal", path);
	struct stat sb;
	bool pending = stat(wal, &sb) == 0 && sb.st_size > 0;
	free(wal);
	return !pending;
}

/* "file:PATH?immutable=1", the path's URI specials percent-encoded. */
static char *immutable_uri(const char *path)
{
	struct buf b = {0};
	buf_append_str(&b, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%')
			buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_append(&b, p, 1);
	}
	buf_append_str(&b, "?immutable=1");
	return b.data;
}

int store_open(struct store *st, const char *path, enum store_mode mode)
{
	*st = (struct store){.path = xstrdup(path)};
	bool memory = strcmp(path, ":memory:") == 0;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	struct stat sb;
	if (!memory && stat(path, &sb) != 0) {
		if (errno != ENOENT || mode == STORE_READ) {
			if (errno == ENOENT)
				log_error("%s: no database here yet (ingest data first, or give "
				          "--db or TOKENSHARE_DB)", path);
			else
				log_errno(LOG_ERROR, "%s", path);
			store_close(st);
			return -1;
		}
		int err = paths_make_parents(path, 0700);
		if (err) {
			errno = -err;
			log_errno(LOG_ERROR, "%s: cannot create its directory", path);
			store_close(st);
			return -1;
		}
	}
	if (!memory && mode == STORE_WRITE)
		flags |= SQLITE_OPEN_CREATE;
	bool writable = true;
	if (!memory && access(path, F_OK) == 0 && access(path, W_OK) != 0 && mode == STORE_READ) {
		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
		writable = false;
	}
	char *uri = NULL;
	if (!writable && !memory && read_only_place(path)) {
		// A WAL database needs its -shm file, which a reader cannot create in
		// a directory it may not write (an archive, another user's state):
		// with no log to replay, the file is read as it is, unchanging.
		uri = immutable_uri(path);
		flags |= SQLITE_OPEN_URI;
	}
	int open_rc = sqlite3_open_v2(uri ? uri : path, &st->db, flags, NULL);
	free(uri);
	if (open_rc != SQLITE_OK) {
		store_fail(st, "cannot open");
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_handler(st->db, on_busy, NULL);
	if (exec_script(st, "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF") != 0) {
		store_fail(st, "cannot set pragmas");
		store_close(st);
		return -1;
	}
	if (validate(st, writable) != 0) {
		store_close(st);
		return -1;
	}
	// A reader sees one state of the database from here to store_close,
	// whatever a collector commits meanwhile: the views of one page agree,
	// and ids read by one statement are valid in the next.
	if (mode == STORE_READ &&
	    exec_script(st, "BEGIN; SELECT count(*) FROM sqlite_schema") != 0) {
		store_fail(st, "cannot start reading");
		store_close(st);
		return -1;
	}
	return 0;
}

void store_close(struct store *st)
{
	store_rollback(st);
	if (st->db)
		sqlite3_close_v2(st->db);
	free(st->path);
	*st = (struct store){0};
}

const char *store_column_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return s ? (const char *)s : "";
}

int store_each_row(struct store *st, sqlite3_stmt *q, int (*row)(void *ctx, sqlite3_stmt *q),
                   void *ctx, const char *what)
{
	int rc, stop = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((stop = row(ctx, q)) != 0)
			break;
	}
	int err = stop;
	if (!err && rc != SQLITE_DONE)
		err = what ? store_fail(st, what) : -1;
	sqlite3_finalize(q);
	return err;
}

int64_t store_int(struct store *st, sqlite3_stmt *q, const char *what)
{
	int64_t v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	if (v < 0)
		store_fail(st, what);
	sqlite3_finalize(q);
	return v;
}

int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(stmt, idx);
	return sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
}

/* The value of a setting row into *(char **)ctx; one row is all there is. */
static int setting_row(void *ctx, sqlite3_stmt *q)
{
	*(char **)ctx = xstrdup(store_column_text(q, 0));
	return 1;
}

int store_get_setting(struct store *st, const char *key, char **value)
{
	*value = NULL;
	sqlite3_stmt *stmt = store_prepare(st, "SELECT value FROM setting WHERE key = ?1");
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, key);
	return store_each_row(st, stmt, setting_row, value, "cannot read a setting") < 0 ? -1 : 0;
}

int store_set_setting(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"INSERT INTO setting (key, value) VALUES (?1, ?2) "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, key);
	store_bind_text(stmt, 2, value);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "cannot save a setting");
}
