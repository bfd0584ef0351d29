/*
 * The reference mapping's data: the rows of each table (data/reference/,
 * README there) and the result of resolving a model. Types only; the
 * functions are in refdata.h, the table layout in reftable.h.
 *
 * Ownership: a struct refdata owns every string in its tables.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_REFDATA_TYPES_H
#define TOKENSHARE_REFDATA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/sha256.h"

/* The rankings row that sums every model outside the top 50. */
#define REFDATA_OTHER_MODEL "other"
#define REFDATA_VERSION_LEN 12

/* known_since: the day the row's fact became public (YYYY-MM-DD), "" = always. */
struct ref_author {
	char *slug, *organisation, *country, *kind, *known_since, *notes, *source;
};

struct ref_override {
	char *model_prefix, *author_org, *author_country, *lineage_country, *known_since, *notes,
	     *source;
};

/* A model family: family "" names the model id as a family; else folds it into family. */
struct ref_model_family {
	char *model, *family, *name, *notes, *source;
};

struct ref_provider {
	char *slug, *organisation, *country, *kind, *notes, *source, *or_headquarters;
};

/* A model-name prefix that names its author (logs without "author/"). */
struct ref_model_name {
	char *name_prefix, *author, *notes, *source;
};

/* Another vocabulary's name of a serving provider; slug '' = unknown. */
struct ref_provider_alias {
	char *alias, *slug, *notes, *source;
};

/* Open or closed weights of the models under a model-id prefix. */
struct ref_model_weights {
	char *model_prefix, *weights, *notes, *source;  // weights: open, closed, '' = unknown
};

struct refdata {
	struct ref_author *authors;             // sorted by slug
	size_t n_authors;
	struct ref_override *overrides;         // longest prefix first
	size_t n_overrides;
	struct ref_provider *providers;         // sorted by slug
	size_t n_providers;
	struct ref_model_name *model_names;     // longest prefix first
	size_t n_model_names;
	struct ref_provider_alias *provider_aliases;    // sorted by alias
	size_t n_provider_aliases;
	struct ref_model_weights *model_weights;        // sorted by prefix
	size_t n_model_weights;
	struct ref_model_family *model_families;        // sorted by model
	size_t n_model_families;
	int32_t known_at;       // facts with a later known_since count as unknown;
	                        // INT32_MAX (the default) = everything known now
	char sha256[SHA256_HEX_LEN + 1];        // of the normalised tables
	char version[REFDATA_VERSION_LEN + 1];  // its first 12 digits
	char *origin;                           // "built-in" or a directory
};

/* Who made a model and where, as the mapping says. */
struct model_origin {
	const char *author;             // author slug; NULL if unknown
	const char *author_country;     // ISO alpha-2, or NULL = unknown
	const char *lineage_country;    // base model's country, or NULL = unknown
	const struct ref_override *override;    // the override applied, or NULL
	bool not_yet_known;             // the fact that names it was public after known_at
	bool unattributed;              // the rankings 'other' row: no model at all
};

#endif
