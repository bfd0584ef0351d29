/*
 * What one log ingest is asked to do (the options) and what it did (the
 * counts of one file), shared by the ingest pipeline (logingest.h), its
 * parser (logparse.h) and its commits (logcommit.h). Types only.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_LOGOPTS_H
#define TOKENSHARE_LOGOPTS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct log_format;

#define LOG_BATCH 65536         // records per dedup pass and commit
#define LOG_PROBE_RECORDS 10    // none of the first N readable: wrong format

struct log_file_stats {
	const struct log_format *format;        // detected or forced
	uint64_t lines;                         // lines read this time
	uint64_t records;                       // request records read
	uint64_t added;                         // counted (new ids)
	uint64_t duplicates;                    // ids seen before
	uint64_t skipped;                       // not model requests
	uint64_t pending;                       // requests in progress: not counted yet
	uint64_t rejects;                       // malformed lines or records
	uint64_t bytes;                         // bytes read this time
	bool unchanged;                         // nothing new since the last read
};

struct log_options {
	const struct log_format *format;        // forced, or NULL to detect
	bool progress;                          // a progress line on stderr
	bool follow;                            // leave an unterminated last line unread
	const volatile sig_atomic_t *stop;      // when set, commit and return early
};

#endif
