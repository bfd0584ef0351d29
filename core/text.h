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

/* True if s[0..len) holds a control character: C0 (line ends and tabs
 * included), DEL, or C1 (U+0080 to U+009F, which terminals also obey). */
bool text_has_control(const char *s, size_t len);
/*
 * Appends s to out with every control character shown as \xHH (C1 as
 * \u0080 ...), so text from the data printed on a terminal can neither move
 * the cursor, recolour, retitle the window nor fake a line of its own.
 */
void text_terminal(struct buf *out, const char *s);
/* text_terminal into one of four static buffers (so a printf may hold up to
 * four), each overwritten four calls later. Not for threads. */
const char *text_safe(const char *s);

/* True if s reads as a number as the reports write them (42, +1.5,
 * -0.0001): such cells are aligned to the right. */
bool text_is_number(const char *s);

#endif
