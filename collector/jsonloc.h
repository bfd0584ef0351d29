/*
 * jansson parses a document but keeps no positions for its values. To say
 * "file:line" about a value that parsed but is wrong (a token count that is
 * not a number), this module walks the raw text to the value at a path and
 * returns its line. It assumes the text is valid JSON (jansson said so).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_JSONLOC_H
#define TOKENSHARE_JSONLOC_H

#include <stddef.h>

struct jsonloc_step {
	const char *key;        // object member, or NULL for an array index
	size_t index;           // array element when key is NULL
};

/* 1-based line where the value at path starts; 1 if it cannot be found. */
unsigned long jsonloc_line(const char *text, size_t len, const struct jsonloc_step *path,
                           size_t depth);

/*
 * The lines of all elements of the array at path, in one pass over the
 * text (asking jsonloc_line for each element would rescan from the start
 * every time: quadratic). Sets *lines to a new array, (*lines)[i] being
 * where element i starts, and returns its length; 0 (and NULL) if there is
 * no array at path. The caller frees *lines.
 */
size_t jsonloc_elements(const char *text, size_t len, const struct jsonloc_step *path,
                        size_t depth, unsigned long **lines);

#endif
