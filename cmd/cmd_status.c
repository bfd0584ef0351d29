/*
 * "tokenshare status": what the database holds and what went wrong: the
 * rankings days, the log sources, every log file read with its counts and
 * its first rejected lines (file:line: reason).
 *
 * SPDX-License-Identifier: MIT
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/collector_commands.h"
#include "collector/logs/logread.h"
#include "core/cli.h"
#include "core/date.h"
#include "store/store.h"
#include "core/text.h"

static void usage(FILE *fp)
{
	fputs("Usage: tokenshare status [--db PATH]\n"
	      "\n"
	      "Show the rankings held and the days missing between the first and the last;\n"
	      "per OpenRouter source polled: last success, last error, next run, rows,\n"
	      "rejects and restatements; the log sources; and each log file read: lines,\n"
	      "records, duplicates, rejects and the first 20 rejected lines.\n", fp);
}

static void when(sqlite3_stmt *q, int col, char out[TIMESTAMP_LEN + 1])
{
	if (sqlite3_column_type(q, col) == SQLITE_NULL)
		snprintf(out, TIMESTAMP_LEN + 1, "-");
	else
		date_format_timestamp(sqlite3_column_int64(q, col), out);
}

static int rankings(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT count(*), min(day), max(day), sum(rows), "
		"(SELECT count(*) FROM restatement) FROM rank_day");
	if (!q)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW) {
		printf("rankings: %lld days", (long long)sqlite3_column_int64(q, 0));
		if (sqlite3_column_int64(q, 0))
			printf(" from %s to %s, %lld rows, %lld restatements",
			       store_column_text(q, 1), store_column_text(q, 2),
			       (long long)sqlite3_column_int64(q, 3), (long long)sqlite3_column_int64(q, 4));
		printf("\n");
	}
	sqlite3_finalize(q);
	return 0;
}

/* The days with no rankings between the first and the last stored day, as ranges. */
static int gaps(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st, "SELECT day FROM rank_day ORDER BY day");
	if (!q)
		return -1;
	int32_t prev = 0;
	bool first = true;
	size_t ranges = 0, missing = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *t = store_column_text(q, 0);
		int32_t d;
		if (!date_parse(t, strlen(t), &d))
			continue;
		if (!first && d > prev + 1) {
			char a[DATE_LEN + 1], b[DATE_LEN + 1];
			date_format(prev + 1, a);
			date_format(d - 1, b);
			if (ranges < 50)
				printf("  missing: %s%s%s (%d day%s)\n", a, d - 1 > prev + 1 ? " to " : "",
				       d - 1 > prev + 1 ? b : "", d - 1 - prev, d - 1 - prev == 1 ? "" : "s");
			ranges++;
			missing += (size_t)(d - 1 - prev);
		}
		prev = d;
		first = false;
	}
	sqlite3_finalize(q);
	if (ranges > 50)
		printf("  missing: %zu more ranges\n", ranges - 50);
	if (ranges)
		printf("  %zu day%s missing in the collected range\n", missing, missing == 1 ? "" : "s");
	return rc == SQLITE_DONE ? 0 : -1;
}

/* What the collector did per OpenRouter source (tokenshare poll / collect). */
static int polls(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT source, last_success, last_error_at, last_error, next_run, rows, rejects, "
		"restatements, last_attempt FROM poll_state ORDER BY source");
	if (!q)
		return -1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		char ok[TIMESTAMP_LEN + 1], bad[TIMESTAMP_LEN + 1], next[TIMESTAMP_LEN + 1];
		when(q, 1, ok);
		when(q, 2, bad);
		when(q, 4, next);
		bool failing = sqlite3_column_type(q, 2) != SQLITE_NULL &&
		               (sqlite3_column_type(q, 1) == SQLITE_NULL ||
		                sqlite3_column_int64(q, 2) > sqlite3_column_int64(q, 1));
		printf("source %s%s\n  last success %s; %lld rows, %lld rejected, %lld restatements "
		       "found in all\n  next run %s\n", text_safe(store_column_text(q, 0)),
		       failing ? " (FAILING)" : "", ok, (long long)sqlite3_column_int64(q, 5),
		       (long long)sqlite3_column_int64(q, 6), (long long)sqlite3_column_int64(q, 7),
		       sqlite3_column_type(q, 4) == SQLITE_NULL ? "- (not scheduled by a daemon)" : next);
		if (sqlite3_column_type(q, 3) != SQLITE_NULL)
			printf("  last error %s: %s\n", bad, text_safe(store_column_text(q, 3)));
	}
	sqlite3_finalize(q);
	return 0;
}

static int sources(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT s.name, sum(d.requests), sum(d.prompt_tokens + d.completion_tokens), "
		"min(d.day), max(d.day) FROM log_source s LEFT JOIN usage_day d ON d.source_id = s.id "
		"GROUP BY s.id ORDER BY s.name");
	if (!q)
		return -1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		char first[DATE_LEN + 1] = "-", last[DATE_LEN + 1] = "-";
		if (sqlite3_column_type(q, 3) != SQLITE_NULL) {
			date_format((int32_t)sqlite3_column_int64(q, 3), first);
			date_format((int32_t)sqlite3_column_int64(q, 4), last);
		}
		printf("log source %s: %lld requests, %lld tokens, %s to %s\n",
		       text_safe(store_column_text(q, 0)),
		       (long long)sqlite3_column_int64(q, 1), (long long)sqlite3_column_int64(q, 2),
		       first, last);
	}
	sqlite3_finalize(q);
	return 0;
}

/* True if the file read is gzip: by its magic if it is still there, else
 * because it was read past its size (only inflating does that). */
static bool is_gzip(const char *path, long long offset, long long size)
{
	unsigned char magic[2];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd >= 0) {
		struct stat sb;
		bool gz = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && pread(fd, magic, 2, 0) == 2 &&
		          log_is_gzip(magic, 2);
		close(fd);
		return gz;
	}
	return offset > size;
}

static int files(struct store *st)
{
	sqlite3_stmt *q = store_prepare(st,
		"SELECT id, path, format, lines, records, duplicates, rejects, offset, size, "
		"last_time, updated_at FROM input_file ORDER BY path");
	sqlite3_stmt *r = store_prepare(st,
		"SELECT message FROM input_reject WHERE file_id = ?1 ORDER BY line");
	if (!q || !r) {
		sqlite3_finalize(q);
		sqlite3_finalize(r);
		return -1;
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		char last[TIMESTAMP_LEN + 1], updated[TIMESTAMP_LEN + 1];
		when(q, 9, last);
		when(q, 10, updated);
		const char *path = store_column_text(q, 1);
		long long offset = (long long)sqlite3_column_int64(q, 7);
		long long size = (long long)sqlite3_column_int64(q, 8);
		char where[160];
		// A gzip file's position counts uncompressed bytes, its size compressed ones.
		if (is_gzip(path, offset, size))
			snprintf(where, sizeof where, "read %lld bytes of its content (uncompressed; the "
			         "gzip file is %lld bytes)", offset, size);
		else
			snprintf(where, sizeof where, "read to byte %lld of %lld", offset, size);
		printf("file %s\n  format %s; %lld lines, %lld records, %lld duplicates, %lld "
		       "rejected; %s; latest record %s; read %s\n",
		       text_safe(path), text_safe(store_column_text(q, 2)),
		       (long long)sqlite3_column_int64(q, 3), (long long)sqlite3_column_int64(q, 4),
		       (long long)sqlite3_column_int64(q, 5), (long long)sqlite3_column_int64(q, 6),
		       where, last, updated);
		sqlite3_bind_int64(r, 1, sqlite3_column_int64(q, 0));
		while (sqlite3_step(r) == SQLITE_ROW)
			printf("  rejected: %s\n", text_safe(store_column_text(r, 0)));
		sqlite3_reset(r);
	}
	sqlite3_finalize(q);
	sqlite3_finalize(r);
	return 0;
}

int cmd_status(int argc, char **argv, struct cli_global *g)
{
	static const struct option options[] = {
		{"db", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 0;
	opterr = 0;     // cli_option_error says what was wrong
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'D':
			g->db = optarg;
			break;
		case 'h':
			usage(stdout);
			return TS_EXIT_OK;
		default:
			return cli_option_error("status", argc, argv, options);
		}
	}
	if (optind != argc)
		return cli_usage_error("status", "takes no arguments");
	char *db_path = cli_db_path(g);
	if (!db_path)
		return cli_usage_error("status", "no database: give --db or set TOKENSHARE_DB");
	struct store st;
	int err = store_open(&st, db_path, STORE_READ);
	if (!err)
		printf("database %s\n", db_path);
	free(db_path);
	if (err)
		return TS_EXIT_STORE;
	int rc = rankings(&st) || gaps(&st) || polls(&st) || sources(&st) || files(&st)
	         ? TS_EXIT_STORE : TS_EXIT_OK;
	store_close(&st);
	return rc;
}
