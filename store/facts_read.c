/*
 * Counting what a database holds (see facts_read.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "store/facts_read.h"
#include "store/store.h"

int64_t facts_read_beyond_demo(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT (SELECT count(*) FROM batch WHERE command <> 'demo') + "
		"(SELECT count(*) FROM log_source) + (SELECT count(*) FROM input_file) + "
		"(SELECT count(*) FROM poll_state) + (SELECT count(*) FROM model_snapshot) + "
		"(SELECT count(*) FROM mapping WHERE origin <> 'built-in')");
	int64_t other = q && sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	return other;
}
