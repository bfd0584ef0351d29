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

#include <jansson.h>
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

/*
 * About how many values the JSON text holds, containers (objects and arrays)
 * among them, counted in one pass without parsing. A parsed value takes tens
 * to hundreds of bytes (jansson's objects), so this bounds the memory a
 * document would need before it is parsed.
 */
void jsonloc_count(const char *text, size_t len, size_t *values, size_t *containers);

#define JSONLOC_VALUES_MAX 6000000      // values of one text given to jansson
#define JSONLOC_CONTAINERS_MAX 1500000  // objects and arrays among them

/*
 * json_loadb for text from outside: refused (NULL, with err set as jansson
 * sets it) when it holds more values than fit in bounded memory, about a
 * gigabyte at most (jansson takes some 350 bytes for an empty object). A
 * 60 MiB document of tiny objects would otherwise take 2.7 GB.
 */
json_t *jsonloc_load(const char *text, size_t len, size_t flags, json_error_t *err);

#endif
