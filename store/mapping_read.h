/*
 * What "tokenshare reference" reads besides the mapping itself
 * (mapping_store.h): the stored mapping versions, and the models of the
 * stored rankings that the active mapping is checked against. Each read
 * calls a function per row; the strings of a row are valid during that
 * call only.
 *
 * Return convention: 0, or -1 when the query could not be prepared
 * (logged); a step that fails ends the list early.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_MAPPING_READ_H
#define TOKENSHARE_MAPPING_READ_H

#include <stdint.h>

struct store;

struct mapping_version {
	const char *version;
	const char *origin;             // the directory it was loaded from, or built-in
	int64_t loaded_at;              // UTC seconds
};

/* Calls fn for every stored mapping version, in the order they were loaded. */
int mapping_read_versions(struct store *st,
                          void (*fn)(void *ctx, const struct mapping_version *v), void *ctx);

struct mapping_model_use {
	const char *model;              // model_permaslug as the rankings name it
	int64_t tokens;                 // all its rankings tokens
	int64_t rows;                   // rankings rows that name it
};

/* Calls fn for every model of the stored rankings, by name. */
int mapping_read_ranked_models(struct store *st,
                               void (*fn)(void *ctx, const struct mapping_model_use *m),
                               void *ctx);

#endif
