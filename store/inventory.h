/*
 * What the database holds, as "tokenshare status" shows it: the rankings
 * days, the OpenRouter sources polled, the log sources, and every log file
 * read with its first rejected lines. Each read calls a function per row;
 * the strings of a row are valid during that call only.
 *
 * Return convention: 0, or -1 when a query could not be prepared (logged).
 * A row that fails to step ends the list early, as "status" always did,
 * except where said.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_INVENTORY_H
#define TOKENSHARE_INVENTORY_H

#include <stdbool.h>
#include <stdint.h>

struct store;

#define INVENTORY_NONE INT64_MIN        // a time that is not stored (NULL)

struct inventory_rankings {
	int64_t days;                   // rankings days stored
	const char *first, *last;       // YYYY-MM-DD, "" when there are none
	int64_t rows;                   // rows of all days
	int64_t restatements;           // values changed by later ingests
};

/* Calls fn once with the totals of the rankings held. */
int inventory_rankings(struct store *st,
                       void (*fn)(void *ctx, const struct inventory_rankings *r), void *ctx);

/* The last time data was stored: the latest ingest or poll batch, or log
 * file read (UTC seconds), or INVENTORY_NONE when nothing was. 0 or -1. */
int inventory_last_fetch(struct store *st, int64_t *at);

/* Calls fn with every stored rankings day (YYYY-MM-DD), oldest first.
 * Returns -1 also when a step failed (not logged). */
int inventory_rank_days(struct store *st, void (*fn)(void *ctx, const char *day), void *ctx);

struct inventory_poll {
	const char *source;             // poll source name
	int64_t last_success;           // UTC seconds, or INVENTORY_NONE
	int64_t last_error_at;          // UTC seconds, or INVENTORY_NONE
	const char *last_error;         // NULL if none
	int64_t next_run;               // UTC seconds, or INVENTORY_NONE (no daemon)
	int64_t rows, rejects;          // of the last poll that stored
	int64_t restatements;           // found in all polls
};

/* Calls fn for each OpenRouter source polled, by name. */
int inventory_polls(struct store *st, void (*fn)(void *ctx, const struct inventory_poll *p),
                    void *ctx);

struct inventory_log_source {
	const char *name;
	int64_t requests;
	int64_t tokens;                 // prompt + completion
	bool has_days;                  // false: nothing counted yet
	int32_t first_day, last_day;    // UTC day numbers, when has_days
};

/* Calls fn for each log source, by name. */
int inventory_log_sources(struct store *st,
                          void (*fn)(void *ctx, const struct inventory_log_source *s), void *ctx);

struct inventory_file {
	const char *path;
	const char *format;             // log format name
	int64_t lines, records, duplicates, rejects;
	int64_t offset;                 // bytes read (uncompressed for gzip)
	int64_t size;                   // bytes of the file when last read
	int64_t last_time;              // latest record, UTC seconds, or INVENTORY_NONE
	int64_t updated_at;             // last read, UTC seconds, or INVENTORY_NONE
};

/* Calls file for each log file read, by path, then reject with each of the
 * rejected lines kept for it ("file:line: reason"), by line. */
int inventory_files(struct store *st, void (*file)(void *ctx, const struct inventory_file *f),
                    void (*reject)(void *ctx, const char *message), void *ctx);

#endif
