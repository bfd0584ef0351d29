/*
 * A growable byte buffer and whole-file reading with a size limit. The
 * buffer owns its memory: buf_finish() frees it; any append may move data,
 * so pointers into it are dead after an append.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_BUF_H
#define TOKENSHARE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;     // NUL-terminated once anything was appended
	size_t len;     // bytes, without the NUL
	size_t cap;
};

void buf_finish(struct buf *b);
void buf_append(struct buf *b, const void *bytes, size_t len);
void buf_append_str(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/*
 * Reads all of path ("-" = standard input) into b, which must be empty.
 * Returns 0, -EFBIG when the input is larger than max bytes, or -errno.
 * On error b is left empty.
 */
int file_read_all(const char *path, size_t max, struct buf *b);
/* The same from an open descriptor, which stays open: a file checked by fstat(). */
int file_read_fd(int fd, size_t max, struct buf *b);

#endif
