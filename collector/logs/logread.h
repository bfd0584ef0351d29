/*
 * Reading a log input: a file, standard input, or a gzip file (detected by
 * its magic bytes, read through zlib), as a stream of lines with their
 * numbers and byte offsets, or whole. Memory stays bounded: the line buffer
 * grows to the longest line, up to LOG_LINE_MAX.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_LOGREAD_H
#define TOKENSHARE_LOGREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "core/buf.h"

// A parsed JSON value takes several times its text in memory (jansson's
// objects): these bounds keep one input's peak under about a gigabyte, also
// for a gzip file that inflates a thousandfold.
#define LOG_LINE_MAX (16u * 1024 * 1024)        // bytes, one line
#define LOG_DOCUMENT_MAX (64u * 1024 * 1024)    // bytes, a single JSON document

struct log_input {
	const char *name;               // borrowed, for messages
	int fd;
	z_stream *gz;                   // inflating a gzip input, or NULL
	unsigned char *zbuf;            // compressed bytes read, not yet inflated
	bool zeof;                      // no more compressed bytes to read
	bool bom_checked;               // a UTF-8 byte-order mark was looked for
	char *buf;
	size_t cap;
	size_t start, end;              // unread bytes are buf[start..end)
	uint64_t offset;                // stream offset of buf[start] (uncompressed)
	unsigned long line;             // number of the next line
	bool eof;
	bool unterminated;              // the line just returned had no line end
	int error;                      // errno of a failed read, or 0
};

/*
 * Opens fd (which the input then owns; closed by log_input_close) for
 * reading from byte offset at line number line.
 * Returns 0 or -errno.
 */
int log_input_open(struct log_input *in, const char *name, int fd, bool gzip,
                   uint64_t offset, unsigned long line);
void log_input_close(struct log_input *in);

/*
 * The next line, without its line end. Returns 1 (a line), 0 (no more
 * complete lines: at the end of the input, or before an unterminated last
 * line when want_partial is false), or -1 (read error, or a line longer
 * than LOG_LINE_MAX, which is then skipped and reported once).
 * *next_offset is the stream offset just after the line.
 */
int log_input_line(struct log_input *in, bool want_partial, const char **line, size_t *len,
                   unsigned long *number, uint64_t *next_offset);

/*
 * The buffered start of the input (reading a first chunk if nothing is
 * buffered) without consuming it. Returns the number of bytes at *data.
 */
size_t log_input_peek(struct log_input *in, const char **data);

/* After the end of a growing file: try reading again. */
void log_input_resume(struct log_input *in);

/*
 * The input turned out to be gzip after its first bytes were read (standard
 * input: it cannot be opened again): inflate from here, the bytes already
 * buffered included. Returns 0 or -errno.
 */
int log_input_start_gzip(struct log_input *in);

/* Reads the rest of the input into b. Returns 0, -EFBIG past max, or -errno. */
int log_input_rest(struct log_input *in, size_t max, struct buf *b);

/* True if the first bytes are gzip's magic number. */
bool log_is_gzip(const unsigned char *head, size_t len);

#endif
