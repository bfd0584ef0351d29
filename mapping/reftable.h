/*
 * The layout of the reference tables: each table's CSV file, its columns in
 * order, what each column must hold, and where its rows live inside a struct
 * refdata. Parsing, writing, freeing and storing the tables all walk this
 * one description, so a new column is added in one place (reftable.c).
 *
 * A column's name is its CSV header and also its column in the database
 * (store/mapping_store.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_REFTABLE_H
#define TOKENSHARE_REFTABLE_H

#include <stdbool.h>
#include <stddef.h>

struct refdata;

/* What a column's value must be (checked by refdata_parse.c). */
enum reftable_check {
	REFTABLE_CHECK_KEY,             // required, unique
	REFTABLE_CHECK_TEXT,            // anything (may be empty)
	REFTABLE_CHECK_REQUIRED,        // not empty
	REFTABLE_CHECK_COUNTRY,         // empty or ISO 3166-1 alpha-2 (two capitals)
	REFTABLE_CHECK_KIND,            // lab, provider or both
	REFTABLE_CHECK_LOWER_KEY,       // required, unique, no capital letters
	REFTABLE_CHECK_WEIGHTS,         // open, closed or empty (unknown)
	REFTABLE_CHECK_DATE,            // empty or YYYY-MM-DD
};

struct reftable_column {
	const char *name;
	size_t offset;          // of the char * in the row struct
	enum reftable_check check;
	bool optional;          // may be missing from the header (then empty);
	                        // empty values leave the version unchanged
};

/* The tables, in the order they are read, hashed, written and stored. */
enum reftable_id {
	REFTABLE_AUTHORS,
	REFTABLE_OVERRIDES,
	REFTABLE_PROVIDERS,
	REFTABLE_MODEL_NAMES,
	REFTABLE_PROVIDER_ALIASES,
	REFTABLE_MODEL_WEIGHTS,
	REFTABLE_MODEL_FAMILIES,
	REFTABLE_COUNT,
};

struct reftable {
	const char *file;                       // e.g. "authors.csv"
	const struct reftable_column *columns;  // the first is the key
	size_t n_columns;
	size_t row_size;                        // of the row struct
};

/* The description of table t (t < REFTABLE_COUNT); never NULL. */
const struct reftable *reftable_get(enum reftable_id t);

/*
 * Where table t's rows live inside rd: *rows is the address of its row
 * array (of reftable_get(t)->row_size bytes each), *n of its row count.
 * rd is only written through them by the caller.
 */
void reftable_slot(struct refdata *rd, enum reftable_id t, void ***rows, size_t **n);

/* The address of column c's string in row. */
char **reftable_field(void *row, const struct reftable_column *c);

/*
 * qsort/bsearch comparators. reftable_cmp_key orders rows (or a pointer to
 * a key string) by their key, the first field of every row struct; the
 * other two order model-overrides.csv and model-names.csv rows longest
 * prefix first, ties by name, so that the first match is the longest.
 */
int reftable_cmp_key(const void *a, const void *b);
int reftable_cmp_override(const void *a, const void *b);
int reftable_cmp_model_name(const void *a, const void *b);

#endif
