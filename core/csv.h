/*
 * CSV as RFC 4180 writes it: comma separated, fields optionally in double
 * quotes with "" for a quote, CRLF or LF line ends. The reader works on a
 * buffer already in memory and reports the line each record starts on, so
 * errors can say file:line. A UTF-8 byte-order mark before the first record
 * is skipped; blank lines are skipped.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CSV_H
#define TOKENSHARE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"

struct csv_reader {
	const char *pos;        // next byte to read
	const char *end;
	unsigned long line;     // 1-based line of pos
	struct buf fields;      // unquoted fields of the current record, NUL-separated
	size_t *offsets;        // start of each field in fields.data
	size_t count, cap;      // fields in the current record
};

/* text must stay alive while the reader is used. */
void csv_reader_init(struct csv_reader *r, const char *text, size_t len);
void csv_reader_finish(struct csv_reader *r);

/*
 * Reads the next record. Returns 1 and sets *line to the line it starts on,
 * 0 at the end of input, -1 on malformed input with *error set to a static
 * reason and *line to where it was found; after an error the reader skips to
 * the next line, so the caller may go on.
 */
int csv_next(struct csv_reader *r, unsigned long *line, const char **error);
/* Field i of the current record (NUL-terminated, valid until csv_next). */
const char *csv_field(const struct csv_reader *r, size_t i, size_t *len);
/* A field of the current record (a header) that is given twice, or NULL.
 * Which of two same-named columns is meant cannot be known: refuse it. */
const char *csv_repeated_field(const struct csv_reader *r);

/*
 * Writes text from the data (a name, a label, a group) as one field:
 * quoted only if it must be, and never read as a formula by a spreadsheet
 * (OWASP's CSV injection rule): a field that starts with = + - @ TAB or CR,
 * after any run of single quotes, gets one more single quote in front.
 * Numbers are not text: print them as they are, so -2.5 stays a number.
 */
void csv_write_text(FILE *fp, const char *s);
/* The same into a buffer. */
void csv_buf_text(struct buf *b, const char *s);
/* Writes s as one field, quoted only if it must be, as it is (for fields
 * that are already safe: numbers, dates, or text read back from a CSV that
 * tokenshare wrote and not unescaped). */
void csv_write_field(FILE *fp, const char *s);
/*
 * Undoes csv_write_text's quote in place, for readers of tokenshare's own
 * CSV (the dashboard page, reference tables read back): a leading single
 * quote before another quote or a formula character is dropped, so every
 * text round-trips exactly.
 */
void csv_text_unescape(char *s);

#endif
