/*
 * Opening, migrating and refusing databases.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "core/embedded.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "harness.h"
#include "store/store.h"

/* The one number sql answers, or -1. */
static int64_t pragma(struct store *st, const char *sql)
{
	sqlite3_stmt *q = store_prepare(st, sql);
	return q ? store_int(st, q, sql) : -1;
}

TEST("migrations are numbered 1 to N with no gap, so the version is the count")
{
	for (size_t i = 0; i < embedded_schema_count; i++) {
		char want[32];
		snprintf(want, sizeof want, "%04zu_", i + 1);
		if (strncmp(embedded_schema[i].name, want, 5) != 0)
			test_fail(__FILE__, __LINE__, "migration %zu is %s", i + 1, embedded_schema[i].name);
	}
	CHECK_INT(store_schema_version(), (long long)embedded_schema_count);
}

TEST("a new database gets the schema, its version and the application id")
{
	struct store st;
	CHECK_INT(store_open(&st, ":memory:", STORE_WRITE), 0);
	CHECK_INT(pragma(&st, "PRAGMA user_version"), store_schema_version());
	CHECK_INT(pragma(&st, "PRAGMA application_id"), STORE_APPLICATION_ID);
	CHECK_INT(pragma(&st, "SELECT count(*) FROM sqlite_schema WHERE name = 'rank_row'"), 1);
	CHECK_INT(pragma(&st, "PRAGMA foreign_keys"), 1);
	store_close(&st);
}

TEST("reopening a database keeps its data and does not migrate again")
{
	char *path = xasprintf("%s/a.db", test_tmpdir());
	struct store st;
	CHECK_INT(store_open(&st, path, STORE_WRITE), 0);
	CHECK_INT(store_set_setting(&st, "k", "v"), 0);
	store_close(&st);
	CHECK_INT(store_open(&st, path, STORE_READ), 0);
	char *v;
	CHECK_INT(store_get_setting(&st, "k", &v), 0);
	CHECK_STR(v, "v");
	free(v);
	sqlite3_stmt *q = store_prepare(&st, "PRAGMA journal_mode");
	CHECK(q && sqlite3_step(q) == SQLITE_ROW);
	CHECK_STR(store_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	store_close(&st);
	free(path);
}

TEST("a database with a newer schema version is refused")
{
	char *path = xasprintf("%s/new.db", test_tmpdir());
	struct store st;
	CHECK_INT(store_open(&st, path, STORE_WRITE), 0);
	CHECK_INT(store_exec(&st, "PRAGMA user_version = 1000"), 0);
	store_close(&st);
	log_set_level(LOG_SILENT);
	CHECK_INT(store_open(&st, path, STORE_WRITE), -1);
	CHECK_INT(store_open(&st, path, STORE_READ), -1);
	CHECK(st.db == NULL);
	free(path);
}

TEST("a read-only open of a missing file fails and creates nothing")
{
	char *path = xasprintf("%s/missing.db", test_tmpdir());
	struct store st;
	log_set_level(LOG_SILENT);
	CHECK_INT(store_open(&st, path, STORE_READ), -1);
	FILE *fp = fopen(path, "r");
	CHECK(fp == NULL);
	if (fp)
		fclose(fp);
	free(path);
}

TEST("a write open creates the missing directories of the path")
{
	char *path = xasprintf("%s/x/y/z.db", test_tmpdir());
	struct store st;
	CHECK_INT(store_open(&st, path, STORE_WRITE), 0);
	store_close(&st);
	free(path);
}
