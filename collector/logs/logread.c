/*
 * Line reading for log inputs (see logread.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector/logs/logread.h"
#include "core/xalloc.h"

#define CHUNK (1u << 20)        // bytes per read

bool log_is_gzip(const unsigned char *head, size_t len)
{
	return len >= 2 && head[0] == 0x1f && head[1] == 0x8b;
}

/* Sets up inflating (a gzip stream, members one after another). */
static int gz_start(struct log_input *in)
{
	in->gz = xcalloc(1, sizeof *in->gz);
	in->zbuf = xmalloc(CHUNK);
	if (inflateInit2(in->gz, 15 + 16) != Z_OK) {
		free(in->gz);
		in->gz = NULL;
		return -ENOMEM;
	}
	in->gz->next_in = in->zbuf;
	in->gz->avail_in = 0;
	return 0;
}

/* Inflates up to room bytes into out; returns bytes, 0 at the end, -1 on error. */
static ssize_t gz_read(struct log_input *in, char *out, size_t room)
{
	z_stream *z = in->gz;
	z->next_out = (unsigned char *)out;
	z->avail_out = (uInt)(room > CHUNK ? CHUNK : room);
	while (z->avail_out > 0) {
		if (z->avail_in == 0 && !in->zeof) {
			ssize_t n = read(in->fd, in->zbuf, CHUNK);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				in->error = errno;
				return -1;
			}
			if (n == 0)
				in->zeof = true;
			z->next_in = in->zbuf;
			z->avail_in = (uInt)n;
		}
		if (z->avail_in == 0 && in->zeof)
			break;
		int rc = inflate(z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			// Another member may follow (cat a.gz b.gz); trailing zeros end it.
			if (z->avail_in == 0 && in->zeof)
				break;
			if (inflateReset(z) != Z_OK) {
				in->error = EIO;
				return -1;
			}
			continue;
		}
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			in->error = EIO;        // corrupt or truncated compressed data
			return -1;
		}
		if (rc == Z_BUF_ERROR && z->avail_in == 0 && in->zeof) {
			in->error = EIO;        // ends in the middle of a member
			return -1;
		}
	}
	return (ssize_t)((room > CHUNK ? CHUNK : room) - z->avail_out);
}

int log_input_open(struct log_input *in, const char *name, int fd, bool gzip,
                   uint64_t offset, unsigned long line)
{
	*in = (struct log_input){.name = name, .fd = fd, .line = line ? line : 1};
	in->cap = CHUNK + 1;
	in->buf = xmalloc(in->cap);
	if (gzip) {
		int err = gz_start(in);
		if (err)
			return err;
		// A compressed stream cannot seek: inflate and drop what was read before.
		uint64_t left = offset;
		while (left > 0) {
			ssize_t n = gz_read(in, in->buf, left < CHUNK ? (size_t)left : CHUNK);
			if (n <= 0)
				return -EIO;
			left -= (uint64_t)n;
		}
	} else if (lseek(fd, (off_t)offset, SEEK_SET) < 0 && (offset || errno != ESPIPE)) {
		// Seek even to 0: a descriptor shared with an earlier read (a
		// followed file read again after a failed batch) is not at 0.
		return -errno;
	}
	in->offset = offset;
	in->bom_checked = offset > 0;
	return 0;
}

int log_input_start_gzip(struct log_input *in)
{
	if (in->gz)
		return 0;
	int err = gz_start(in);
	if (err)
		return err;
	// What was read so far is compressed input, and the stream starts over.
	size_t have = in->end - in->start;
	if (have > CHUNK) {
		in->zbuf = xrealloc(in->zbuf, have);
	}
	memcpy(in->zbuf, in->buf + in->start, have);
	in->gz->next_in = in->zbuf;
	in->gz->avail_in = (uInt)have;
	in->start = in->end = 0;
	in->offset = 0;
	in->eof = false;
	in->bom_checked = false;
	return 0;
}

void log_input_close(struct log_input *in)
{
	if (in->gz) {
		inflateEnd(in->gz);
		free(in->gz);
	}
	free(in->zbuf);
	if (in->fd > 2)
		close(in->fd);
	free(in->buf);
	*in = (struct log_input){.fd = -1};
}

/* Reads more bytes after buf[end]; returns bytes read, 0 at EOF, -1 on error. */
static ssize_t fill(struct log_input *in)
{
	if (in->eof)
		return 0;
	if (in->start > 0 && in->start == in->end) {
		in->start = in->end = 0;
	} else if (in->start > in->cap / 2) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	if (in->cap - in->end < CHUNK / 4) {
		if (in->cap - 1 >= LOG_LINE_MAX + CHUNK)
			return -2;
		in->cap = in->cap * 2;
		in->buf = xrealloc(in->buf, in->cap);
	}
	size_t room = in->cap - in->end - 1;
	ssize_t n;
	if (in->gz) {
		n = gz_read(in, in->buf + in->end, room);
		if (n < 0)
			return -1;
	} else {
		do
			n = read(in->fd, in->buf + in->end, room > CHUNK ? CHUNK : room);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			in->error = errno;
			return -1;
		}
	}
	if (n == 0)
		in->eof = true;
	in->end += (size_t)n;
	// A UTF-8 byte-order mark before the first line is not part of a record.
	if (!in->bom_checked && in->end - in->start >= 3) {
		in->bom_checked = true;
		if (memcmp(in->buf + in->start, "\xEF\xBB\xBF", 3) == 0) {
			in->start += 3;
			in->offset += 3;
		}
	} else if (!in->bom_checked && in->eof) {
		in->bom_checked = true;
	}
	return n;
}

int log_input_line(struct log_input *in, bool want_partial, const char **line, size_t *len,
                   unsigned long *number, uint64_t *next_offset)
{
	for (;;) {
		char *start = in->buf + in->start;
		char *nl = memchr(start, '\n', in->end - in->start);
		in->unterminated = false;
		if (nl) {
			size_t n = (size_t)(nl - start);
			*line = start;
			*len = n && start[n - 1] == '\r' ? n - 1 : n;
			*number = in->line++;
			in->start += n + 1;
			in->offset += n + 1;
			*next_offset = in->offset;
			return 1;
		}
		ssize_t got = fill(in);
		if (got > 0)
			continue;
		if (got == -2) {
			// A line longer than the limit: drop it up to its end.
			in->error = E2BIG;
			for (;;) {
				in->offset += in->end - in->start;
				in->start = in->end = 0;
				ssize_t r = fill(in);
				if (r <= 0)
					break;
				char *e = memchr(in->buf, '\n', in->end);
				if (e) {
					size_t skip = (size_t)(e - in->buf) + 1;
					in->start = skip;
					in->offset += skip;
					break;
				}
			}
			*number = in->line++;
			*next_offset = in->offset;
			return -1;
		}
		if (got < 0)
			return -1;
		// End of input: a last line without a line end.
		if (in->start == in->end || !want_partial)
			return 0;
		size_t n = in->end - in->start;
		*line = in->buf + in->start;
		*len = n && (*line)[n - 1] == '\r' ? n - 1 : n;
		*number = in->line++;
		in->start = in->end;
		in->offset += n;
		*next_offset = in->offset;
		in->unterminated = true;
		return 1;
	}
}

size_t log_input_peek(struct log_input *in, const char **data)
{
	if (in->start == in->end)
		fill(in);
	*data = in->buf + in->start;
	return in->end - in->start;
}

void log_input_resume(struct log_input *in)
{
	in->eof = false;
	in->error = 0;
}

int log_input_rest(struct log_input *in, size_t max, struct buf *b)
{
	buf_append(b, in->buf + in->start, in->end - in->start);
	in->offset += in->end - in->start;
	in->start = in->end = 0;
	for (;;) {
		ssize_t n = fill(in);
		if (n < 0)
			return -(in->error ? in->error : EIO);
		if (n == 0)
			return 0;
		buf_append(b, in->buf, in->end);
		in->offset += in->end;
		in->start = in->end = 0;
		if (b->len > max)
			return -EFBIG;
	}
}
