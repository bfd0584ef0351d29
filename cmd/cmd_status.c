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

#include "cmd/commands.h"
#include "collector/logs/logread.h"
#include "core/cli.h"
#include "core/date.h"
#include "core/text.h"
#include "store/inventory.h"
#include "store/store.h"

static void when(int64_t t, char out[TIMESTAMP_LEN + 1])
{
	if (t == INVENTORY_NONE)
		snprintf(out, TIMESTAMP_LEN + 1, "-");
	else
		date_format_timestamp(t, out);
}

static void rankings_line(void *ctx, const struct inventory_rankings *r)
{
	printf("rankings: %lld days", (long long)r->days);
	if (r->days)
		printf(" from %s to %s, %lld rows, %lld restatements", r->first, r->last,
		       (long long)r->rows, (long long)r->restatements);
	printf("\n");
}

static int rankings(struct store *st)
{
	return inventory_rankings(st, rankings_line, NULL);
}

struct gap_scan {
	int32_t prev;
	bool first;
	size_t ranges, missing;
};

static void gap_day(void *ctx, const char *t)
{
	struct gap_scan *g = ctx;
	int32_t d;
	if (!date_parse(t, strlen(t), &d))
		return;
	if (!g->first && d > g->prev + 1) {
		int32_t prev = g->prev;
		char a[DATE_LEN + 1], b[DATE_LEN + 1];
		date_format(prev + 1, a);
		date_format(d - 1, b);
		if (g->ranges < 50)
			printf("  missing: %s%s%s (%d day%s)\n", a, d - 1 > prev + 1 ? " to " : "",
			       d - 1 > prev + 1 ? b : "", d - 1 - prev, d - 1 - prev == 1 ? "" : "s");
		g->ranges++;
		g->missing += (size_t)(d - 1 - prev);
	}
	g->prev = d;
	g->first = false;
}

/* The days with no rankings between the first and the last stored day, as ranges. */
static int gaps(struct store *st)
{
	struct gap_scan g = {.first = true};
	int rc = inventory_rank_days(st, gap_day, &g);
	if (g.ranges > 50)
		printf("  missing: %zu more ranges\n", g.ranges - 50);
	if (g.ranges)
		printf("  %zu day%s missing in the collected range\n", g.missing,
		       g.missing == 1 ? "" : "s");
	return rc;
}

static void poll_lines(void *ctx, const struct inventory_poll *p)
{
	char ok[TIMESTAMP_LEN + 1], bad[TIMESTAMP_LEN + 1], next[TIMESTAMP_LEN + 1];
	when(p->last_success, ok);
	when(p->last_error_at, bad);
	when(p->next_run, next);
	bool failing = p->last_error_at != INVENTORY_NONE &&
	               (p->last_success == INVENTORY_NONE || p->last_error_at > p->last_success);
	printf("source %s%s\n  last success %s; %lld rows, %lld rejected, %lld restatements "
	       "found in all\n  next run %s\n", text_safe(p->source),
	       failing ? " (FAILING)" : "", ok, (long long)p->rows,
	       (long long)p->rejects, (long long)p->restatements,
	       p->next_run == INVENTORY_NONE ? "- (not scheduled by a daemon)" : next);
	if (p->last_error)
		printf("  last error %s: %s\n", bad, text_safe(p->last_error));
}

/* What the collector did per OpenRouter source (tokenshare poll / collect). */
static int polls(struct store *st)
{
	return inventory_polls(st, poll_lines, NULL);
}

static void source_line(void *ctx, const struct inventory_log_source *s)
{
	char first[DATE_LEN + 1] = "-", last[DATE_LEN + 1] = "-";
	if (s->has_days) {
		date_format(s->first_day, first);
		date_format(s->last_day, last);
	}
	printf("log source %s: %lld requests, %lld tokens, %s to %s\n", text_safe(s->name),
	       (long long)s->requests, (long long)s->tokens, first, last);
}

static int sources(struct store *st)
{
	return inventory_log_sources(st, source_line, NULL);
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

static void file_lines(void *ctx, const struct inventory_file *f)
{
	char last[TIMESTAMP_LEN + 1], updated[TIMESTAMP_LEN + 1];
	when(f->last_time, last);
	when(f->updated_at, updated);
	long long offset = (long long)f->offset;
	long long size = (long long)f->size;
	char where[160];
	// A gzip file's position counts uncompressed bytes, its size compressed ones.
	if (is_gzip(f->path, offset, size))
		snprintf(where, sizeof where, "read %lld bytes of its content (uncompressed; the "
		         "gzip file is %lld bytes)", offset, size);
	else
		snprintf(where, sizeof where, "read to byte %lld of %lld", offset, size);
	printf("file %s\n  format %s; %lld lines, %lld records, %lld duplicates, %lld "
	       "rejected; %s; latest record %s; read %s\n",
	       text_safe(f->path), text_safe(f->format), (long long)f->lines,
	       (long long)f->records, (long long)f->duplicates, (long long)f->rejects, where, last,
	       updated);
}

static void reject_line(void *ctx, const char *message)
{
	printf("  rejected: %s\n", text_safe(message));
}

static int files(struct store *st)
{
	return inventory_files(st, file_lines, reject_line, NULL);
}

static const struct cli_opt options[] = {
	CLI_END,
};

static int run(int argc, char **argv, struct cli_global *g)
{
	int rc = cli_parse(&cmd_status, argc, argv, g, NULL, NULL);
	if (rc != CLI_GO_ON)
		return rc;
	if (optind != argc)
		return cli_usage_error("status", "takes no arguments");
	struct store st;
	int err = command_open_store("status", g, &st, STORE_READ);
	if (err)
		return err;
	printf("database %s\n", st.path);
	rc = rankings(&st) || gaps(&st) || polls(&st) || sources(&st) || files(&st)
	         ? TS_EXIT_STORE : TS_EXIT_OK;
	store_close(&st);
	return rc;
}

const struct cli_command cmd_status = {
	.name = "status",
	.summary = "what the database holds; files read and their rejects",
	.synopsis = "status [--db PATH]",
	.about = "Show the rankings held and the days missing between the first and the last;\n"
	         "per OpenRouter source polled: last success, last error, next run, rows,\n"
	         "rejects and restatements; the log sources; and each log file read: lines,\n"
	         "records, duplicates, rejects and the first 20 rejected lines.\n",
	.opts = options,
	.run = run,
};
