/*
 * Reference data: who made each model, who serves it, which country. Three
 * CSV tables (data/reference/, README there) are checked, hashed into a
 * content version, stored as a mapping in the database
 * (store/mapping_store.h), and used at report time to label stored rows;
 * nothing derived from them is stored with the data, so loading a corrected
 * mapping relabels all history at once.
 *
 * The functions of the mapping: parsing the tables (refdata_parse.c),
 * looking models and providers up (refdata.c), writing the tables out
 * (refdata_write.c). The types are in refdata_types.h.
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

#include "mapping/refdata_types.h"

/* Parses the tables (authors.csv, model-overrides.csv, providers.csv,
 * model-names.csv, provider-aliases.csv, model-weights.csv) from dir. */
int refdata_parse_dir(struct refdata *rd, const char *dir);
/* Parses the tables compiled into the binary. */
int refdata_parse_builtin(struct refdata *rd);
/* Frees every table and string of rd and clears it. */
void refdata_finish(struct refdata *rd);

/*
 * Resolves a model id (rankings permaslug, request slug, or a log's model
 * name): strip a leading '~'; the longest model-override prefix wins; else
 * the author is the text before the first '/' (case-insensitive) if the
 * author table has it; else the longest model-names prefix of the
 * lower-cased name. Empty country = unknown. The SQL views restate this
 * rule (schema/0007_views.sql, model_label): a change here needs a new
 * migration that recreates them (tests/cli/sql.sh compares the two).
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
