/*
 * One ingest run of rankings files in two steps: parse and check every
 * input, rejecting the whole batch if any input has a problem (each reported
 * as file:line: reason); then apply it to the store in one transaction.
 * Either every day of every file is stored or none is, and a rejected batch
 * never touches (or creates) the database.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_INGEST_H
#define TOKENSHARE_INGEST_H

#include <stdbool.h>
#include <stdio.h>

#include "collector/rankings/rankings.h"
#include "store/rankings_store.h"

#include <signal.h>

struct store;

enum ingest_result {
	INGEST_OK,
	INGEST_REJECTED,                // bad input; nothing written
	INGEST_STORE_ERROR,             // the database failed; nothing written
	INGEST_STOPPED,                 // a stop was asked for; nothing written
};

struct ingest_options {
	const struct rank_format *format;       // forced, or NULL to detect
	const char *command;                    // recorded with the batch
	FILE *report;                           // restatement lines, or NULL
	const volatile sig_atomic_t *stop;      // set by a signal: stop, store nothing
};

/*
 * Parses and checks inputs[0..n) into batch (which the caller finishes with
 * rank_batch_finish). Problems are printed to stderr; INGEST_REJECTED if
 * there was any. The inputs' parsed JSON is released before returning.
 */
enum ingest_result ingest_parse(struct rank_input *inputs, size_t n,
                                const struct ingest_options *opt, struct rank_batch *batch);

/* Stores a checked batch in one transaction: all of it or nothing. */
enum ingest_result ingest_apply(struct store *st, const struct rank_batch *batch,
                                const struct ingest_options *opt,
                                struct rank_apply_stats *stats);

/* Prints "ingested N files: R rows, D days (...)" for a rankings batch. */
void ingest_print_summary(FILE *fp, size_t files, const struct rank_apply_stats *s);

#endif
