/*
 * OpenRouter daily rankings: the input formats (one module each:
 * src_rankings_api.c, src_rankings_archive.c, src_rankings_csv.c) behind one
 * interface, each adding the rows it reads to the batch that collects them
 * from all files of one ingest (the rows and the batch: store/rank_batch.h).
 *
 * A batch owns its rows and their model strings; rank_batch_finish() frees
 * them. Parsers never stop at the first bad row: each problem is added to
 * the file's diag, and the caller rejects the whole batch if any was found.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_RANKINGS_H
#define TOKENSHARE_RANKINGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/jsonloc.h"
#include "store/rank_batch.h"

#define RANK_FIRST_DAY 20089    // 2025-01-01, the first day of OpenRouter's rankings

/* One input file, read whole. */
struct rank_input {
	const char *name;               // for messages ("<stdin>" for -)
	const char *data;               // NUL-terminated
	size_t len;
	int64_t as_of_default;          // --as-of, or RANK_AS_OF_UNKNOWN
	json_t *json;                   // parsed on demand by rank_input_json()
	json_error_t json_error;
	bool json_tried;
	unsigned long *data_lines;      // line of each "data" element, found once
	size_t n_data_lines;
	bool data_lines_found;
};

/* Parses in->data as JSON once; NULL (with json_error set) if it is not. */
json_t *rank_input_json(struct rank_input *in);
void rank_input_finish(struct rank_input *in);

struct rank_format {
	const char *name;               // --format value
	const char *summary;            // for --help and error messages
	/* True if in looks like this format. */
	bool (*detect)(struct rank_input *in);
	/* Appends in's rows to out; problems go to d. */
	void (*parse)(struct rank_input *in, struct rank_batch *out, struct diag *d);
};

extern const struct rank_format rank_format_api;
extern const struct rank_format rank_format_archive;
extern const struct rank_format rank_format_csv;

/* All formats, in detection order; NULL-terminated. */
extern const struct rank_format *const rank_formats[];
const struct rank_format *rank_format_find(const char *name);

/*
 * Checks what every input needs (not empty, not binary), then detects the
 * format unless forced is given, and parses. Returns false if the file was
 * rejected as a whole (the reason is in d).
 */
bool rank_parse_input(struct rank_input *in, const struct rank_format *forced,
                      struct rank_batch *out, struct diag *d);

/* Shared by the JSON formats: the rows of a "data" array. */
void rank_parse_json_rows(struct rank_input *in, json_t *data, const char *expect_date,
                          int64_t as_of, struct rank_batch *out, struct diag *d);
/* Line of root["data"][index] in the input text (all found in one pass). */
unsigned long rank_json_data_line(struct rank_input *in, size_t index);

/* Validates and appends one row; false (with a message in d) if invalid. */
bool rank_add_row(struct rank_batch *out, const struct rank_input *in, unsigned long line,
                  const char *date, size_t date_len, const char *model, size_t model_len,
                  const char *tokens, size_t tokens_len, int64_t as_of, struct diag *d);

#endif
