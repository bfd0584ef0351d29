/*
 * Report writers: one module per output format, all with the same
 * signature. Each writes the whole table to fp and returns 0, or -1 if fp
 * reported an error. Numbers never depend on the locale.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_OUTPUT_H
#define TOKENSHARE_OUTPUT_H

#include <stdio.h>

struct share_table;

struct share_writer {
	const char *name;               // --format value
	int (*write)(const struct share_table *t, FILE *fp);
};

extern const struct share_writer share_writer_csv;
extern const struct share_writer share_writer_json;
/* Wide: one share column per group (out_wide.c); not a --format of its own. */
extern const struct share_writer share_writer_wide;

const struct share_writer *share_writer_find(const char *name);

/*
 * Writes t with w to path atomically (temporary file, then rename), or to
 * standard output when path is NULL or "-". Returns 0 or -1 (logged).
 */
int share_emit(const struct share_writer *w, const struct share_table *t, const char *path);
/* The same for any writer: write(ctx, fp) returns 0 or -1. */
int output_emit(const char *path, int (*write)(const void *ctx, FILE *fp), const void *ctx);
/* Writes the bytes of b to dir/name atomically. Returns 0 or -1 (logged). */
struct buf;
int output_write_buf(const char *dir, const char *name, const struct buf *b);
/* The JSON meta of a share table (format, mapping, citation, coverage ...). */
struct json_t;
struct json_t *share_json_meta(const struct share_table *t);

#endif
