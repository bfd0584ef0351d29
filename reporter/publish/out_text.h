/*
 * The same table for other readers: a CSV that a report wrote, re-set as
 * tab-separated values (for code and spreadsheets that split on tabs), as
 * an aligned text table for a person at a terminal, or as a CSV that a
 * spreadsheet opens without turning the period labels into dates. One CSV writer per
 * report stays the source of every column, so the formats cannot drift.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_OUT_TEXT_H
#define TOKENSHARE_OUT_TEXT_H

#include <stdio.h>

enum text_style {
	TEXT_CSV,               // as written
	TEXT_TSV,               // tab-separated; a tab or line break in a field becomes a space
	TEXT_TABLE,             // columns aligned, numbers to the right, control bytes shown safely;
	                        // four-decimal numbers (shares, pp, %) rounded to one decimal
	TEXT_SPREADSHEET,       // CSV with a UTF-8 BOM; period labels as ="2026-01" formulas
};

/* The formats a report may be written in (--format). */
enum report_format {
	FORMAT_NONE,            // not given
	FORMAT_CSV,
	FORMAT_TSV,
	FORMAT_JSON,
	FORMAT_TABLE,
};

/* The format called name (csv, tsv, json, table), or FORMAT_NONE. */
enum report_format report_format_parse(const char *name);
/* The format a file name's extension says (.csv, .tsv or .tab, .json), or
 * FORMAT_NONE (no path, "-", or another extension). */
enum report_format report_format_of_path(const char *path);
const char *report_format_name(enum report_format f);

/*
 * Runs write(ctx, fp) and sends its CSV to out in style (TEXT_CSV: as is).
 * Returns write's result, or -1 if the CSV cannot be re-read or out fails.
 */
int text_emit(enum text_style style, int (*write)(const void *ctx, FILE *fp), const void *ctx,
              FILE *out);

#endif
