/*
 * Ingesting one log input (file, gzip file or standard input): detect the
 * format, read records line by line (JSON lines) or as one document, count
 * each new request once, keep the first rejects as file:line: reason, and
 * commit every batch together with the file position it reached. A file
 * read before resumes where the last read stopped; an unchanged file costs
 * a stat and a hash of its first bytes.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_LOGINGEST_H
#define TOKENSHARE_LOGINGEST_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <signal.h>

#include "collector/logs/logfmt.h"
#include "collector/logs/logopts.h"
#include "collector/logs/logread.h"

struct store;

enum log_result {
	LOG_OK,                 // read (maybe with rejects, see stats)
	LOG_WRONG_FORMAT,       // none of the first records readable: nothing stored
	LOG_READ_ERROR,         // the file could not be read
	LOG_STORE_ERROR,        // the database failed; the last batch was rolled back
};

struct file_state;

/*
 * Reads the lines of in (opened at the start, or at fs->offset to resume)
 * as log records into the store, which is open for writing. abspath and fs
 * describe a regular file, whose state is saved with every commit; both are
 * NULL for standard input.
 */
enum log_result log_ingest_lines(struct store *st, struct log_input *in, const char *abspath,
                                 struct file_state *fs, const struct log_options *opt,
                                 struct log_file_stats *stats);

/* The same for one JSON document (text is kept for line numbers). */
enum log_result log_ingest_document(struct store *st, const char *name, const char *text,
                                    size_t len, json_t *doc, const char *abspath,
                                    struct file_state *fs, const struct log_options *opt,
                                    struct log_file_stats *stats);

#endif
