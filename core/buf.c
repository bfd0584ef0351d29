/*
 * Byte buffer and file reading (see buf.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xalloc.h"

void buf_finish(struct buf *b)
{
	free(b->data);
	*b = (struct buf){0};
}

static void reserve(struct buf *b, size_t extra)
{
	xgrow(&b->data, &b->cap, b->len + extra + 1, 1);
}

void buf_append(struct buf *b, const void *bytes, size_t len)
{
	reserve(b, len);
	memcpy(b->data + b->len, bytes, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_append_str(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n <= 0)
		return;
	reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

int file_read_all(const char *path, size_t max, struct buf *b)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int err = file_read_fd(fd, max, b);
	if (fd != STDIN_FILENO)
		close(fd);
	return err;
}

int file_read_fd(int fd, size_t max, struct buf *b)
{
	int err = 0;
	reserve(b, 64 * 1024);
	for (;;) {
		if (b->cap - b->len < 4096)
			reserve(b, b->cap);
		ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		if (b->len > max) {
			err = -EFBIG;
			break;
		}
	}
	if (err) {
		buf_finish(b);
		return err;
	}
	b->data[b->len] = '\0';
	return 0;
}
