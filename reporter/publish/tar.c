/*
 * Writing ustar archives (see tar.h). The header layout is POSIX.1-2001's
 * ustar: 512-byte blocks, octal numbers, a checksum of the header's bytes.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "reporter/publish/tar.h"

#define BLOCK 512
#define RECORD (20 * BLOCK)     // what tar(1) reads and writes by default

/* width - 1 octal digits, zero-padded, and a NUL, as tar(1) writes them. */
static void octal(char *field, size_t width, uint64_t value)
{
	field[width - 1] = '\0';
	for (size_t i = width - 1; i-- > 0; value >>= 3)
		field[i] = (char)('0' + (value & 7));
}

/* Fills a header; -1 if the name does not fit ustar's 100 + 155 bytes. */
static int header(unsigned char h[BLOCK], const char *name, char type, uint64_t size,
                  int64_t mtime)
{
	memset(h, 0, BLOCK);
	if (size >= (uint64_t)1 << 33)
		return -1;      // 11 octal digits: ustar's limit of 8 GiB a file
	size_t len = strlen(name);
	const char *base = name;
	if (len > 100) {
		// Split at a '/' so the prefix has at most 155 bytes and the rest 100.
		const char *cut = NULL;
		for (const char *p = name; *p; p++) {
			if (*p == '/' && p - name <= 155 && len - (size_t)(p - name) - 1 <= 100)
				cut = p;
		}
		if (!cut)
			return -1;
		memcpy(h + 345, name, (size_t)(cut - name));
		base = cut + 1;
	}
	memcpy(h, base, strlen(base));
	octal((char *)h + 100, 8, type == '5' ? 0755 : 0644);
	octal((char *)h + 108, 8, 0);
	octal((char *)h + 116, 8, 0);
	octal((char *)h + 124, 12, size);
	octal((char *)h + 136, 12, mtime > 0 ? (uint64_t)mtime : 0);
	h[156] = (unsigned char)type;
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 265, "root", 4);
	memcpy(h + 297, "root", 4);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (size_t i = 0; i < BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
	return 0;
}

static int put(FILE *fp, const char *name, char type, const struct buf *data, int64_t mtime,
               uint64_t *written)
{
	unsigned char h[BLOCK];
	size_t len = data ? data->len : 0;
	if (header(h, name, type, len, mtime) != 0) {
		log_error("%s: too long a name or too large a file for a tar archive", name);
		return -1;
	}
	static const unsigned char zero[BLOCK];
	size_t pad = (BLOCK - len % BLOCK) % BLOCK;
	if (fwrite(h, 1, BLOCK, fp) != BLOCK || (len && fwrite(data->data, 1, len, fp) != len) ||
	    fwrite(zero, 1, pad, fp) != pad)
		return -1;
	*written += BLOCK + len + pad;
	return 0;
}

/*
 * Writes an entry for each directory of name (top excluded) that the
 * previous name, prev, was not already in.
 */
static int parents(FILE *fp, const char *top, const char *name, const char *prev,
                   int64_t mtime, uint64_t *written)
{
	for (const char *p = strchr(name, '/'); p; p = strchr(p + 1, '/')) {
		size_t len = (size_t)(p - name);
		if (prev && strncmp(prev, name, len + 1) == 0)
			continue;
		char *dir = xasprintf("%s/%.*s/", top, (int)len, name);
		int rc = put(fp, dir, '5', NULL, mtime, written);
		free(dir);
		if (rc)
			return -1;
	}
	return 0;
}

int tar_write(const char *path, const char *root, const char *top, char *const *files,
              size_t n, int64_t mtime)
{
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		log_errno(LOG_ERROR, "%s: cannot create", path);
		return -1;
	}
	uint64_t written = 0;
	char *top_dir = xasprintf("%s/", top);
	int rc = put(fp, top_dir, '5', NULL, mtime, &written);
	for (size_t i = 0; !rc && i < n; i++) {
		struct buf b = {0};
		char *src = xasprintf("%s/%s", root, files[i]), *name = xasprintf("%s/%s", top, files[i]);
		if (file_read_all(src, (size_t)1 << 31, &b) != 0) {
			log_error("%s: cannot read", src);
			rc = -1;
		}
		if (!rc)
			rc = parents(fp, top, files[i], i ? files[i - 1] : NULL, mtime, &written);
		if (!rc)
			rc = put(fp, name, '0', &b, mtime, &written);
		buf_finish(&b);
		free(src);
		free(name);
	}
	// Two zero blocks end the archive; zeros then fill the last record.
	uint64_t end = written + 2 * BLOCK;
	end += (RECORD - end % RECORD) % RECORD;
	static const unsigned char zero[BLOCK];
	for (; !rc && written < end; written += BLOCK) {
		if (fwrite(zero, 1, BLOCK, fp) != BLOCK)
			rc = -1;
	}
	if (fclose(fp) != 0)
		rc = -1;
	if (rc)
		log_errno(LOG_ERROR, "%s: cannot write the archive", path);
	free(top_dir);
	return rc;
}
