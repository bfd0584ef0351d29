/*
 * Reference data: who made each model, who serves it, which country. Three
 * CSV tables (data/reference/, README there) are checked, hashed into a
 * content version, stored as a mapping in the database, and used at report
 * time to label stored rows; nothing derived from them is stored with the
 * data, so loading a corrected mapping relabels all history at once.
 *
 * Ownership: a struct refdata owns every string in its tables; pointers
 * handed out by refdata_resolve() stay valid until refdata_finish().
 * Functions returning int return 0 or -1 after logging why.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_REFDATA_H
#define TOKENSHARE_REFDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/sha256.h"

struct store;

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

/* Parses the tables (authors.csv, model-overrides.csv, providers.csv,
 * model-names.csv, provider-aliases.csv, model-weights.csv) from dir. */
int refdata_parse_dir(struct refdata *rd, const char *dir);
/* Parses the tables compiled into the binary. */
int refdata_parse_builtin(struct refdata *rd);
void refdata_finish(struct refdata *rd);

/*
 * Stores rd as a mapping (unless the same content is already there) and
 * makes it the active one. Runs inside the caller's transaction.
 * *changed is set when the active mapping was a different version.
 */
int refdata_store(const struct refdata *rd, struct store *st, bool *changed);
/* Loads the active mapping, or version when not NULL. */
int refdata_load(struct refdata *rd, struct store *st, const char *version);
/* Stores the built-in mapping (and provider snapshot) if the database has
 * none yet. Runs inside the caller's transaction. */
int refdata_ensure(struct store *st);

/*
 * Resolves a model id (rankings permaslug, request slug, or a log's model
 * name): strip a leading '~'; the longest model-override prefix wins; else
 * the author is the text before the first '/' (case-insensitive) if the
 * author table has it; else the longest model-names prefix of the
 * lower-cased name. Empty country = unknown.
 */
void refdata_resolve(const struct refdata *rd, const char *model, struct model_origin *out);

/*
 * The family of a model id (see data/reference/model-families.csv): strip
 * a leading '~', a ':variant' and one trailing -YYYYMMDD date, then follow
 * the table's fold row if it has one. Written to buf (size n, lower case).
 */
const char *refdata_family(const struct refdata *rd, const char *model, char *buf, size_t n);
/* The display name of a family from the table, or NULL. */
const char *refdata_family_name(const struct refdata *rd, const char *family);

/* The author slug whose organisation is exactly org, or NULL. */
const char *refdata_author_by_org(const struct refdata *rd, const char *org);

/* The provider row for a slug, or NULL. */
const struct ref_provider *refdata_provider(const struct refdata *rd, const char *slug);
/*
 * The provider slug an alias names: *slug is NULL if the alias is not in
 * the table, "" if the table says the provider is unknown.
 */
bool refdata_provider_alias(const struct refdata *rd, const char *alias, const char **slug);

/*
 * Whether a model's weights are open: "open", "closed", or NULL = unknown.
 * Strips a leading '~' and any ':variant'; the longest model-weights.csv
 * prefix wins ("deepseek/" is the author's default).
 */
const char *refdata_weights(const struct refdata *rd, const char *model);

/* Writes the tables of rd as CSV files into dir (which must exist); 0 or -1. */
int refdata_write_dir(const struct refdata *rd, const char *dir);
/* The file name of table i (0, 1, ...), or NULL past the last. */
const char *refdata_table_file(size_t i);

#endif
