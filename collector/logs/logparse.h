/*
 * The parsing half of a log ingest (see logingest.c), without the
 * database: lines and JSON values to records, records checked and
 * interned into chunks, the first rejects kept as file:line: reason, the
 * format detected from the first records.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_LOGPARSE_H
#define TOKENSHARE_LOGPARSE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "collector/logs/logfmt.h"
#include "collector/logs/logopts.h"
#include "core/diag.h"
#include "store/usage_intern.h"

enum log_chunk_end {
	LOG_CHUNK_MORE,                 // the input goes on
	LOG_CHUNK_LAST,                 // end of input (or of complete lines, or stopped)
	LOG_CHUNK_WRONG_FORMAT,         // none of the first records readable: store nothing
	LOG_CHUNK_READ_ERROR,
};

struct log_reject_note {
	unsigned long line;
	char *message;          // "file:line: reason"
};

/* What the parser hands to the writer. */
struct log_chunk {
	struct usage_batch batch;
	const struct log_format *format;        // once known
	struct log_reject_note *rejects;        // to store (the first DIAG_KEEP of the input)
	size_t n_rejects, cap_rejects;
	uint64_t rejected;                      // all rejects in the chunk
	uint64_t end_offset;                    // stream offset after the last line
	unsigned long end_line;                 // number of that line
	int64_t last_time;                      // latest record time, 0 if none
	enum log_chunk_end end;
};

/* Frees what c holds; c is empty afterwards (the struct itself is the caller's). */
void log_chunk_finish(struct log_chunk *c);

/* The parser's state for one input. */
struct log_parser {
	const char *name;
	const struct log_options *opt;
	struct log_file_stats *stats;           // lines, bytes, records, skipped, rejects
	const struct log_format *format;
	struct usage_interner interner;
	bool interner_ready;
	struct diag diag;
	unsigned tried, readable;               // the probe of the first records
	bool wrong_format;
	int64_t default_time;                   // file modification time, UTC seconds
	struct log_chunk *chunk;                // being filled
	// Document mode: where the current value lives, for line numbers.
	const char *doc_text;
	size_t doc_len;
	const char *doc_key;                    // "data" or NULL (a top-level array)
	size_t doc_index;
	bool doc_indexed;
	unsigned long *doc_lines;               // line of each element, found once
	size_t n_doc_lines;
	bool doc_lines_found;
	unsigned long line;                     // line of the current value
	struct timespec started, last_progress;
};

/* Starts p for the input name; default_time (UTC seconds) is the time of
 * records that have none. p->chunk is a new empty chunk. */
void log_parser_init(struct log_parser *p, const char *name, const struct log_options *opt,
                     struct log_file_stats *stats, int64_t default_time);
/* Says how many rejects were not shown, frees p and its chunk, ends the
 * progress line. */
void log_parser_finish(struct log_parser *p);

/* Reads one line of JSON lines input (s, len bytes, no line end). */
void log_parser_line(struct log_parser *p, const char *s, size_t len);
/* Reads a parsed JSON value: a record, an array or envelope of records, or
 * a container of the format's own. */
void log_parser_value(struct log_parser *p, json_t *v);

/* Counts a reject and keeps the first DIAG_KEEP (printed, and noted in the
 * chunk to store); where names the part of the value, or is NULL. */
void log_parser_reject(struct log_parser *p, const char *where, const char *why);
/* Feeds the format probe: the first LOG_PROBE_RECORDS records all
 * unreadable make the input the wrong format (p->wrong_format). */
void log_parser_probe(struct log_parser *p, bool readable);

/* True at most twice a second: time for a progress line. */
bool log_parser_progress_due(struct log_parser *p);
/* Prints the progress line on stderr (final: ends it). */
void log_parser_progress(struct log_parser *p, bool final);

#endif
