/*
 * Files compiled into the binary at build time by core/embed.py: the schema
 * migrations, the shipped reference tables and their notes, the demo's
 * sample data and the built-in dashboards. The binary then needs no data
 * directory to create a database, run the demo or write a bundle.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_EMBEDDED_H
#define TOKENSHARE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;       // base name, e.g. "0001_init.sql"
	const char *data;       // the bytes, followed by a NUL not counted in len
	size_t len;             // bytes
};

extern const struct embedded_file embedded_schema[];   // sorted by number
extern const size_t embedded_schema_count;
extern const struct embedded_file embedded_reference[];
extern const size_t embedded_reference_count;
extern const struct embedded_file embedded_samples[];
extern const size_t embedded_samples_count;
extern const struct embedded_file embedded_dashboards[];
extern const size_t embedded_dashboards_count;
extern const struct embedded_file embedded_notes[];      // data/reference/*.md
extern const size_t embedded_notes_count;

/* Returns the file called name in files[0..count), or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *files,
                                          size_t count, const char *name);

#endif
