/*
 * Small text helpers for input checking and for quoting untrusted bytes in
 * messages.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_TEXT_H
#define TOKENSHARE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* True if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
/* Cuts blanks (space, tab) from both ends of s, and a CR from its end, in place. */
char *text_trim(char *s);
bool text_is_utf8(const char *s, size_t len);
/* Offset of the first NUL byte in s[0..len), or len if none. */
size_t text_find_nul(const char *s, size_t len);
/* Line number (1-based) of offset in s. */
unsigned long text_line_of(const char *s, size_t offset);

/*
 * Appends s[0..len) to out in double quotes, with control bytes, quotes and
 * backslashes escaped C-style; longer than max bytes is cut and marked "...".
 */
void text_quote(struct buf *out, const char *s, size_t len, size_t max);
/* Same, into a static buffer overwritten on the next call. */
const char *text_quoted(const char *s, size_t len);

#endif
