/*
 * A POSIX ustar archive of files already on disk, made for reproducible
 * publication: entries in the order given, every one owned by 0:0 with
 * mode 0644 (directories 0755) and one fixed modification time, so the
 * same files give the same bytes wherever and whenever they are packed.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_TAR_H
#define TOKENSHARE_TAR_H

#include <stddef.h>
#include <stdint.h>

/*
 * Writes to path an archive of root/files[i] stored as top/files[i] (files
 * are relative paths, sorted; their directories get entries of their own
 * before them). mtime: UTC seconds. Returns 0, or -1 after a message.
 */
int tar_write(const char *path, const char *root, const char *top, char *const *files,
              size_t n, int64_t mtime);

#endif
