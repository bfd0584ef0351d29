/*
 * Reference tables: parsing and checking the CSV files, the content hash
 * that versions them, storing and loading mappings, and resolving a model
 * id to its author and country (see refdata.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/diag.h"
#include "core/embedded.h"
#include "core/log.h"
#include "store/provsnap.h"
#include "mapping/refdata.h"
#include "store/store.h"
#include "core/text.h"
#include "core/xalloc.h"

enum check {
	CHECK_KEY,              // required, unique
	CHECK_TEXT,             // anything (may be empty)
	CHECK_REQUIRED,         // not empty
	CHECK_COUNTRY,          // empty or ISO 3166-1 alpha-2 (two capitals)
	CHECK_KIND,             // lab, provider or both
	CHECK_LOWER_KEY,        // required, unique, no capital letters
	CHECK_WEIGHTS,          // open, closed or empty (unknown)
	CHECK_DATE,             // empty or YYYY-MM-DD
};

struct column {
	const char *name;
	size_t offset;          // of the char * in the row struct
	enum check check;
	bool optional;          // may be missing from the header (then empty);
	                        // empty values leave the version unchanged
};

#define COL(type, field, check) {#field, offsetof(struct type, field), check, false}
#define COL_OPTIONAL(type, field, check) {#field, offsetof(struct type, field), check, true}

static const struct column author_columns[] = {
	COL(ref_author, slug, CHECK_KEY),
	COL(ref_author, organisation, CHECK_TEXT),
	COL(ref_author, country, CHECK_COUNTRY),
	COL(ref_author, kind, CHECK_KIND),
	COL_OPTIONAL(ref_author, known_since, CHECK_DATE),
	COL(ref_author, notes, CHECK_TEXT),
	COL(ref_author, source, CHECK_TEXT),
};

static const struct column override_columns[] = {
	COL(ref_override, model_prefix, CHECK_KEY),
	COL(ref_override, author_org, CHECK_TEXT),
	COL(ref_override, author_country, CHECK_COUNTRY),
	COL(ref_override, lineage_country, CHECK_COUNTRY),
	COL_OPTIONAL(ref_override, known_since, CHECK_DATE),
	COL(ref_override, notes, CHECK_TEXT),
	COL(ref_override, source, CHECK_TEXT),
};

static const struct column provider_columns[] = {
	COL(ref_provider, slug, CHECK_KEY),
	COL(ref_provider, organisation, CHECK_TEXT),
	COL(ref_provider, country, CHECK_COUNTRY),
	COL(ref_provider, kind, CHECK_KIND),
	COL(ref_provider, notes, CHECK_TEXT),
	COL(ref_provider, source, CHECK_TEXT),
	COL(ref_provider, or_headquarters, CHECK_COUNTRY),
};

static const struct column model_name_columns[] = {
	COL(ref_model_name, name_prefix, CHECK_LOWER_KEY),
	COL(ref_model_name, author, CHECK_REQUIRED),
	COL(ref_model_name, notes, CHECK_TEXT),
	COL(ref_model_name, source, CHECK_TEXT),
};

static const struct column provider_alias_columns[] = {
	COL(ref_provider_alias, alias, CHECK_LOWER_KEY),
	COL(ref_provider_alias, slug, CHECK_TEXT),
	COL(ref_provider_alias, notes, CHECK_TEXT),
	COL(ref_provider_alias, source, CHECK_TEXT),
};

static const struct column model_weights_columns[] = {
	COL(ref_model_weights, model_prefix, CHECK_LOWER_KEY),
	COL(ref_model_weights, weights, CHECK_WEIGHTS),
	COL(ref_model_weights, notes, CHECK_TEXT),
	COL(ref_model_weights, source, CHECK_REQUIRED),
};

static const struct column model_family_columns[] = {
	COL(ref_model_family, model, CHECK_LOWER_KEY),
	COL(ref_model_family, family, CHECK_TEXT),
	COL(ref_model_family, name, CHECK_TEXT),
	COL(ref_model_family, notes, CHECK_TEXT),
	COL(ref_model_family, source, CHECK_TEXT),
};

enum table_id {
	TABLE_AUTHORS,
	TABLE_OVERRIDES,
	TABLE_PROVIDERS,
	TABLE_MODEL_NAMES,
	TABLE_PROVIDER_ALIASES,
	TABLE_MODEL_WEIGHTS,
	TABLE_MODEL_FAMILIES,
	TABLE_COUNT,
};

static const struct table {
	const char *file;
	const char *sql_table;          // from this fixed list only
	const struct column *columns;
	size_t n_columns;
	size_t row_size;
} tables[TABLE_COUNT] = {
	[TABLE_AUTHORS] = {"authors.csv", "mapping_author", author_columns, 7,
	                   sizeof(struct ref_author)},
	[TABLE_OVERRIDES] = {"model-overrides.csv", "mapping_override", override_columns, 7,
	                     sizeof(struct ref_override)},
	[TABLE_PROVIDERS] = {"providers.csv", "mapping_provider", provider_columns, 7,
	                     sizeof(struct ref_provider)},
	[TABLE_MODEL_NAMES] = {"model-names.csv", "mapping_model_name", model_name_columns, 4,
	                       sizeof(struct ref_model_name)},
	[TABLE_PROVIDER_ALIASES] = {"provider-aliases.csv", "mapping_provider_alias",
	                            provider_alias_columns, 4, sizeof(struct ref_provider_alias)},
	[TABLE_MODEL_WEIGHTS] = {"model-weights.csv", "mapping_model_weights",
	                         model_weights_columns, 4, sizeof(struct ref_model_weights)},
	[TABLE_MODEL_FAMILIES] = {"model-families.csv", "mapping_model_family",
	                          model_family_columns, 5, sizeof(struct ref_model_family)},
};

/* Where each table's rows live inside struct refdata. */
static void table_slot(struct refdata *rd, enum table_id t, void ***rows, size_t **n)
{
	switch (t) {
	case TABLE_AUTHORS:
		*rows = (void **)&rd->authors;
		*n = &rd->n_authors;
		return;
	case TABLE_OVERRIDES:
		*rows = (void **)&rd->overrides;
		*n = &rd->n_overrides;
		return;
	case TABLE_MODEL_NAMES:
		*rows = (void **)&rd->model_names;
		*n = &rd->n_model_names;
		return;
	case TABLE_PROVIDER_ALIASES:
		*rows = (void **)&rd->provider_aliases;
		*n = &rd->n_provider_aliases;
		return;
	case TABLE_MODEL_WEIGHTS:
		*rows = (void **)&rd->model_weights;
		*n = &rd->n_model_weights;
		return;
	case TABLE_MODEL_FAMILIES:
		*rows = (void **)&rd->model_families;
		*n = &rd->n_model_families;
		return;
	case TABLE_PROVIDERS:
	case TABLE_COUNT:
		break;
	}
	*rows = (void **)&rd->providers;
	*n = &rd->n_providers;
}

static char **field_ptr(void *row, const struct column *c)
{
	return (char **)((char *)row + c->offset);
}

static const char *check_value(enum check check, const char *v)
{
	switch (check) {
	case CHECK_KEY:
	case CHECK_REQUIRED:
		return *v ? NULL : "must not be empty";
	case CHECK_COUNTRY:
		if (*v == '\0' || (strlen(v) == 2 && v[0] >= 'A' && v[0] <= 'Z' &&
		                   v[1] >= 'A' && v[1] <= 'Z'))
			return NULL;
		return "must be empty (unknown) or an ISO 3166-1 alpha-2 code such as CN or US";
	case CHECK_KIND:
		if (strcmp(v, "lab") == 0 || strcmp(v, "provider") == 0 || strcmp(v, "both") == 0)
			return NULL;
		return "must be lab, provider or both";
	case CHECK_LOWER_KEY:
		if (!*v)
			return "must not be empty";
		for (const char *c = v; *c; c++) {
			if (*c >= 'A' && *c <= 'Z')
				return "must be in lower case (matching ignores case)";
		}
		return NULL;
	case CHECK_WEIGHTS:
		if (!*v || strcmp(v, "open") == 0 || strcmp(v, "closed") == 0)
			return NULL;
		return "must be open, closed or empty (unknown)";
	case CHECK_DATE: {
		int32_t day;
		if (!*v || (strlen(v) == DATE_LEN && date_parse(v, DATE_LEN, &day)))
			return NULL;
		return "must be empty or a date YYYY-MM-DD";
	}
	case CHECK_TEXT:
		break;
	}
	return NULL;
}

static int cmp_key(const void *a, const void *b)
{
	// Every row struct starts with its key.
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parses one table from text; problems go to d. */
static void parse_table(struct refdata *rd, enum table_id t, const char *text, size_t len,
                        struct diag *d)
{
	const struct table *tab = &tables[t];
	void **rows;
	size_t *n, cap = 0;
	table_slot(rd, t, &rows, &n);
	size_t map[8];          // map[i] = CSV field holding column i
	struct csv_reader r;
	csv_reader_init(&r, text, len);
	unsigned long line;
	const char *err;
	if (!text_is_utf8(text, len) || text_find_nul(text, len) != len) {
		diag_add(d, 1, "not UTF-8 text");
		csv_reader_finish(&r);
		return;
	}
	int rc = csv_next(&r, &line, &err);
	if (rc <= 0) {
		diag_add(d, rc < 0 ? line : 1, "%s", rc < 0 ? err : "empty file (expected a header line)");
		csv_reader_finish(&r);
		return;
	}
	// Every column once, by name, in any order; an optional one may be missing.
	size_t named = 0;
	bool header_ok = true;
	for (size_t i = 0; header_ok && i < tab->n_columns; i++) {
		map[i] = SIZE_MAX;
		for (size_t f = 0; f < r.count; f++) {
			if (strcmp(csv_field(&r, f, NULL), tab->columns[i].name) == 0) {
				header_ok = map[i] == SIZE_MAX;
				map[i] = f;
			}
		}
		named += map[i] != SIZE_MAX;
		header_ok &= map[i] != SIZE_MAX || tab->columns[i].optional;
	}
	if (!header_ok || named != r.count) {
		struct buf want = {0};
		for (size_t i = 0; i < tab->n_columns; i++)
			buf_printf(&want, "%s%s%s", i ? "," : "", tab->columns[i].name,
			           tab->columns[i].optional ? " (optional)" : "");
		diag_add(d, line, "header must name exactly these columns: %s", want.data);
		buf_finish(&want);
		csv_reader_finish(&r);
		return;
	}
	while ((rc = csv_next(&r, &line, &err)) != 0) {
		if (rc < 0) {
			diag_add(d, line, "%s", err);
			continue;
		}
		if (r.count != named) {
			diag_add(d, line, "%zu fields, expected %zu", r.count, named);
			continue;
		}
		bool ok = true;
		for (size_t i = 0; i < tab->n_columns; i++) {
			const char *v = map[i] == SIZE_MAX ? "" : csv_field(&r, map[i], NULL);
			const char *why = check_value(tab->columns[i].check, v);
			if (why) {
				diag_add(d, line, "%s %s: %s", tab->columns[i].name, text_quoted(v, strlen(v)), why);
				ok = false;
			}
		}
		const char *key = csv_field(&r, map[0], NULL);
		for (size_t i = 0; ok && i < *n; i++) {
			if (strcmp(*(char **)((char *)*rows + i * tab->row_size), key) == 0) {
				diag_add(d, line, "%s %s appears a second time", tab->columns[0].name,
				         text_quoted(key, strlen(key)));
				ok = false;
			}
		}
		if (!ok)
			continue;
		xgrow(rows, &cap, *n + 1, tab->row_size);
		void *row = (char *)*rows + *n * tab->row_size;
		for (size_t i = 0; i < tab->n_columns; i++) {
			// Tables exported by tokenshare (a bundle's mapping/) carry the
			// spreadsheet guard of csv_write_text: read their text back as it was.
			char *v = xstrdup(map[i] == SIZE_MAX ? "" : csv_field(&r, map[i], NULL));
			csv_text_unescape(v);
			*field_ptr(row, &tab->columns[i]) = v;
		}
		(*n)++;
	}
	csv_reader_finish(&r);
	xqsort(*rows, *n, tab->row_size, cmp_key);
}

/* Sorts overrides longest prefix first (ties by name), so the first match wins. */
static int cmp_override(const void *a, const void *b)
{
	const struct ref_override *x = a, *y = b;
	size_t lx = strlen(x->model_prefix), ly = strlen(y->model_prefix);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->model_prefix, y->model_prefix);
}

/*
 * The version hashes what the tables mean, not how they are spelled: rows in
 * key order, fields in column order, unit separators between them. Quoting,
 * line ends and row order do not change the version.
 */
static void compute_version(struct refdata *rd)
{
	struct sha256 *h = sha256_create();
	sha256_update(h, "tokenshare-mapping-1\n", 21);
	for (int t = 0; t < TABLE_COUNT; t++) {
		const struct table *tab = &tables[t];
		void **rows;
		size_t *n;
		table_slot(rd, (enum table_id)t, &rows, &n);
		// Mappings from before model-weights.csv and model-families.csv keep
		// their versions.
		if ((t == TABLE_MODEL_WEIGHTS || t == TABLE_MODEL_FAMILIES) && *n == 0)
			continue;
		sha256_update(h, tab->file, strlen(tab->file) + 1);
		for (size_t i = 0; i < *n; i++) {
			void *row = (char *)*rows + i * tab->row_size;
			for (size_t c = 0; c < tab->n_columns; c++) {
				const char *v = *field_ptr(row, &tab->columns[c]);
				if (tab->columns[c].optional && !*v)
					continue;       // as before the column existed
				if (tab->columns[c].optional)
					sha256_update(h, tab->columns[c].name, strlen(tab->columns[c].name) + 1);
				sha256_update(h, v, strlen(v));
				sha256_update(h, "\x1f", 1);
			}
			sha256_update(h, "\x1e", 1);
		}
	}
	sha256_final_hex(h, rd->sha256);
	memcpy(rd->version, rd->sha256, REFDATA_VERSION_LEN);
	rd->version[REFDATA_VERSION_LEN] = '\0';
}

static int cmp_model_name(const void *a, const void *b)
{
	const struct ref_model_name *x = a, *y = b;
	size_t lx = strlen(x->name_prefix), ly = strlen(y->name_prefix);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->name_prefix, y->name_prefix);
}

/* Rows that point into other tables must find their target. */
static void cross_check(struct refdata *rd, struct diag *diags)
{
	for (size_t i = 0; i < rd->n_model_names; i++) {
		const char *a = rd->model_names[i].author;
		const char *k = a;
		if (!bsearch(&k, rd->authors, rd->n_authors, sizeof *rd->authors, cmp_key))
			diag_add(&diags[TABLE_MODEL_NAMES], 0, "name_prefix %s: author %s is not in "
			         "authors.csv", text_quoted(rd->model_names[i].name_prefix,
			                                    strlen(rd->model_names[i].name_prefix)), a);
	}
	for (size_t i = 0; i < rd->n_provider_aliases; i++) {
		const char *slug = rd->provider_aliases[i].slug;
		const char *k = slug;
		if (*slug && !bsearch(&k, rd->providers, rd->n_providers, sizeof *rd->providers, cmp_key))
			diag_add(&diags[TABLE_PROVIDER_ALIASES], 0, "alias %s: slug %s is not in "
			         "providers.csv", text_quoted(rd->provider_aliases[i].alias,
			                                      strlen(rd->provider_aliases[i].alias)), slug);
	}
}

/* After all tables parsed: cross-check, order prefixes, hash. */
static int finish_parse(struct refdata *rd, struct diag *diags, size_t n_diags)
{
	cross_check(rd, diags);
	size_t problems = 0;
	for (size_t i = 0; i < n_diags; i++) {
		problems += diags[i].count;
		diag_print(&diags[i], stderr);
		diag_finish(&diags[i]);
	}
	if (problems) {
		log_error("reference tables rejected: %zu problem%s (nothing was loaded)", problems,
		          problems == 1 ? "" : "s");
		refdata_finish(rd);
		return -1;
	}
	compute_version(rd);
	xqsort(rd->overrides, rd->n_overrides, sizeof *rd->overrides, cmp_override);
	return 0;
}

int refdata_parse_dir(struct refdata *rd, const char *dir)
{
	*rd = (struct refdata){.origin = xstrdup(dir), .known_at = INT32_MAX};
	struct diag diags[TABLE_COUNT];
	char *paths[TABLE_COUNT];
	for (int t = 0; t < TABLE_COUNT; t++) {
		paths[t] = xasprintf("%s/%s", dir, tables[t].file);
		diag_init(&diags[t], paths[t]);
		struct buf b = {0};
		int err = file_read_all(paths[t], 16 * 1024 * 1024, &b);
		// The name and weights tables came later: a directory without them has none.
		if (err == -ENOENT && t >= TABLE_MODEL_NAMES)
			continue;
		if (err) {
			diag_add(&diags[t], 0, "cannot read: %s", strerror(-err));
			continue;
		}
		parse_table(rd, (enum table_id)t, b.data, b.len, &diags[t]);
		buf_finish(&b);
	}
	int rc = finish_parse(rd, diags, TABLE_COUNT);
	for (int t = 0; t < TABLE_COUNT; t++)
		free(paths[t]);
	return rc;
}

int refdata_parse_builtin(struct refdata *rd)
{
	*rd = (struct refdata){.origin = xstrdup("built-in"), .known_at = INT32_MAX};
	struct diag diags[TABLE_COUNT];
	for (int t = 0; t < TABLE_COUNT; t++) {
		diag_init(&diags[t], tables[t].file);
		const struct embedded_file *f =
			embedded_find(embedded_reference, embedded_reference_count, tables[t].file);
		if (!f) {
			diag_add(&diags[t], 0, "missing from the binary");
			continue;
		}
		parse_table(rd, (enum table_id)t, f->data, f->len, &diags[t]);
	}
	return finish_parse(rd, diags, TABLE_COUNT);
}

void refdata_finish(struct refdata *rd)
{
	for (int t = 0; t < TABLE_COUNT; t++) {
		const struct table *tab = &tables[t];
		void **rows;
		size_t *n;
		table_slot(rd, (enum table_id)t, &rows, &n);
		for (size_t i = 0; i < *n; i++) {
			void *row = (char *)*rows + i * tab->row_size;
			for (size_t c = 0; c < tab->n_columns; c++)
				free(*field_ptr(row, &tab->columns[c]));
		}
		free(*rows);
	}
	free(rd->origin);
	*rd = (struct refdata){0};
}

/* Id of the stored mapping with this hash, 0 if none, -1 on error. */
static int64_t find_mapping(struct store *st, const char *column, const char *value)
{
	// column comes from this file only: "sha256" or "version".
	char sql[64];
	snprintf(sql, sizeof sql, "SELECT id FROM mapping WHERE %s = ?1", column);
	sqlite3_stmt *stmt = store_prepare(st, sql);
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, value);
	int64_t id = 0;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		id = store_fail(st, "cannot look up a mapping");
	sqlite3_finalize(stmt);
	return id;
}

static int insert_rows(const struct refdata *rd_const, struct store *st, int64_t id)
{
	struct refdata *rd = (struct refdata *)rd_const;  // table_slot only reads here
	for (int t = 0; t < TABLE_COUNT; t++) {
		const struct table *tab = &tables[t];
		struct buf sql = {0};
		buf_printf(&sql, "INSERT INTO %s (mapping_id", tab->sql_table);
		for (size_t c = 0; c < tab->n_columns; c++)
			buf_printf(&sql, ", %s", tab->columns[c].name);
		buf_append_str(&sql, ") VALUES (?1");
		for (size_t c = 0; c < tab->n_columns; c++)
			buf_printf(&sql, ", ?%zu", c + 2);
		buf_append_str(&sql, ")");
		sqlite3_stmt *stmt = store_prepare(st, sql.data);
		buf_finish(&sql);
		if (!stmt)
			return -1;
		void **rows;
		size_t *n;
		table_slot(rd, (enum table_id)t, &rows, &n);
		for (size_t i = 0; i < *n; i++) {
			void *row = (char *)*rows + i * tab->row_size;
			sqlite3_reset(stmt);
			sqlite3_bind_int64(stmt, 1, id);
			for (size_t c = 0; c < tab->n_columns; c++)
				store_bind_text(stmt, (int)c + 2, *field_ptr(row, &tab->columns[c]));
			if (sqlite3_step(stmt) != SQLITE_DONE) {
				sqlite3_finalize(stmt);
				return store_fail(st, "cannot store a mapping row");
			}
		}
		sqlite3_finalize(stmt);
	}
	return 0;
}

int refdata_store(const struct refdata *rd, struct store *st, bool *changed)
{
	char *active;
	if (store_get_setting(st, "mapping.active", &active) != 0)
		return -1;
	*changed = !active || strcmp(active, rd->version) != 0;
	free(active);
	int64_t id = find_mapping(st, "sha256", rd->sha256);
	if (id < 0)
		return -1;
	if (id == 0) {
		sqlite3_stmt *stmt = store_prepare(st,
			"INSERT INTO mapping (version, sha256, origin, loaded_at) VALUES (?1, ?2, ?3, ?4)");
		if (!stmt)
			return -1;
		store_bind_text(stmt, 1, rd->version);
		store_bind_text(stmt, 2, rd->sha256);
		store_bind_text(stmt, 3, rd->origin);
		sqlite3_bind_int64(stmt, 4, (int64_t)time(NULL));
		int rc = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE)
			return store_fail(st, "cannot store a mapping");
		id = sqlite3_last_insert_rowid(st->db);
		if (insert_rows(rd, st, id) != 0)
			return -1;
	}
	return store_set_setting(st, "mapping.active", rd->version);
}

int refdata_load(struct refdata *rd, struct store *st, const char *version)
{
	*rd = (struct refdata){.known_at = INT32_MAX};
	char *active = NULL;
	if (version)
		active = xstrdup(version);
	else if (store_get_setting(st, "mapping.active", &active) != 0)
		return -1;
	if (!active) {
		log_error("%s: no reference mapping loaded", st->path);
		return -1;
	}
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT id, version, sha256, origin FROM mapping WHERE version = ?1");
	if (!stmt) {
		free(active);
		return -1;
	}
	store_bind_text(stmt, 1, active);
	int64_t id = 0;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		snprintf(rd->version, sizeof rd->version, "%s", store_column_text(stmt, 1));
		snprintf(rd->sha256, sizeof rd->sha256, "%s", store_column_text(stmt, 2));
		rd->origin = xstrdup(store_column_text(stmt, 3));
	}
	sqlite3_finalize(stmt);
	if (!id) {
		log_error("%s: no mapping with version %s (see 'tokenshare reference list')",
		          st->path, active);
		free(active);
		return -1;
	}
	free(active);
	for (int t = 0; t < TABLE_COUNT; t++) {
		const struct table *tab = &tables[t];
		struct buf sql = {0};
		buf_append_str(&sql, "SELECT ");
		for (size_t c = 0; c < tab->n_columns; c++)
			buf_printf(&sql, "%s%s", c ? ", " : "", tab->columns[c].name);
		buf_printf(&sql, " FROM %s WHERE mapping_id = ?1", tab->sql_table);
		stmt = store_prepare(st, sql.data);
		buf_finish(&sql);
		if (!stmt) {
			refdata_finish(rd);
			return -1;
		}
		sqlite3_bind_int64(stmt, 1, id);
		void **rows;
		size_t *n, cap = 0;
		table_slot(rd, (enum table_id)t, &rows, &n);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			xgrow(rows, &cap, *n + 1, tab->row_size);
			void *row = (char *)*rows + *n * tab->row_size;
			for (size_t c = 0; c < tab->n_columns; c++)
				*field_ptr(row, &tab->columns[c]) = xstrdup(store_column_text(stmt, (int)c));
			(*n)++;
		}
		sqlite3_finalize(stmt);
		xqsort(*rows, *n, tab->row_size, cmp_key);
	}
	xqsort(rd->overrides, rd->n_overrides, sizeof *rd->overrides, cmp_override);
	xqsort(rd->model_names, rd->n_model_names, sizeof *rd->model_names, cmp_model_name);
	return 0;
}

int refdata_ensure(struct store *st)
{
	if (provsnap_ensure(st) != 0)
		return -1;
	char *active;
	if (store_get_setting(st, "mapping.active", &active) != 0)
		return -1;
	if (active) {
		free(active);
		return 0;
	}
	struct refdata rd;
	if (refdata_parse_builtin(&rd) != 0)
		return -1;
	bool changed;
	int rc = refdata_store(&rd, st, &changed);
	refdata_finish(&rd);
	return rc;
}

static const char *country_or_null(const char *c)
{
	return c && *c ? c : NULL;
}

/* Copies s in lower case into out (size n); false if it does not fit. */
static bool lower(const char *s, size_t len, char *out, size_t n)
{
	if (len >= n)
		return false;
	for (size_t i = 0; i < len; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	out[len] = '\0';
	return true;
}

/* True if a fact public since known_since ("" = always) was public on day known_at. */
static bool known_by(const char *known_since, int32_t known_at)
{
	int32_t day;
	return !*known_since || known_at == INT32_MAX ||
	       !date_parse(known_since, strlen(known_since), &day) || day <= known_at;
}

void refdata_resolve(const struct refdata *rd, const char *model, struct model_origin *out)
{
	*out = (struct model_origin){0};
	if (strcmp(model, REFDATA_OTHER_MODEL) == 0) {
		out->unattributed = true;
		return;
	}
	if (model[0] == '~')
		model++;
	for (size_t i = 0; i < rd->n_overrides; i++) {
		const struct ref_override *o = &rd->overrides[i];
		if (strncmp(model, o->model_prefix, strlen(o->model_prefix)) == 0) {
			out->override = o;
			if (!known_by(o->known_since, rd->known_at)) {
				out->not_yet_known = true;      // as the world saw it then: unknown
				return;
			}
			out->author = refdata_author_by_org(rd, o->author_org);
			out->author_country = country_or_null(o->author_country);
			out->lineage_country = country_or_null(o->lineage_country);
			return;
		}
	}
	char name[256];
	if (!lower(model, strlen(model), name, sizeof name))
		return;
	const struct ref_author *a = NULL;
	char *slash = strchr(name, '/');
	if (slash) {
		*slash = '\0';
		const char *k = name;
		a = bsearch(&k, rd->authors, rd->n_authors, sizeof *rd->authors, cmp_key);
		*slash = '/';
	}
	for (size_t i = 0; !a && i < rd->n_model_names; i++) {
		const struct ref_model_name *m = &rd->model_names[i];
		if (strncmp(name, m->name_prefix, strlen(m->name_prefix)) == 0) {
			const char *k = m->author;
			a = bsearch(&k, rd->authors, rd->n_authors, sizeof *rd->authors, cmp_key);
		}
	}
	if (a && !known_by(a->known_since, rd->known_at)) {
		out->not_yet_known = true;
		a = NULL;
	}
	if (a) {
		out->author = a->slug;
		out->author_country = country_or_null(a->country);
		out->lineage_country = out->author_country;
	}
}

int refdata_write_dir(const struct refdata *rd, const char *dir)
{
	struct refdata *r = (struct refdata *)rd;       // table_slot only reads here
	for (int t = 0; t < TABLE_COUNT; t++) {
		const struct table *tab = &tables[t];
		void **rows;
		size_t *n;
		table_slot(r, (enum table_id)t, &rows, &n);
		char *path = xasprintf("%s/%s", dir, tab->file);
		FILE *fp = fopen(path, "w");
		free(path);
		if (!fp)
			return -1;
		for (size_t c = 0; c < tab->n_columns; c++)
			fprintf(fp, "%s%s", c ? "," : "", tab->columns[c].name);
		fputc('\n', fp);
		for (size_t i = 0; i < *n; i++) {
			void *row = (char *)*rows + i * tab->row_size;
			for (size_t c = 0; c < tab->n_columns; c++) {
				if (c)
					fputc(',', fp);
				csv_write_text(fp, *field_ptr(row, &tab->columns[c]));
			}
			fputc('\n', fp);
		}
		if (fclose(fp) != 0)
			return -1;
	}
	return 0;
}

const char *refdata_table_file(size_t i)
{
	return i < TABLE_COUNT ? tables[i].file : NULL;
}

const char *refdata_weights(const struct refdata *rd, const char *model)
{
	char name[256];
	if (model[0] == '~')
		model++;
	size_t len = strcspn(model, ":");
	if (!lower(model, len, name, sizeof name))
		return NULL;
	const struct ref_model_weights *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < rd->n_model_weights; i++) {
		const struct ref_model_weights *w = &rd->model_weights[i];
		size_t n = strlen(w->model_prefix);
		if (n > best_len && strncmp(name, w->model_prefix, n) == 0) {
			best = w;
			best_len = n;
		}
	}
	return best && *best->weights ? best->weights : NULL;
}

const char *refdata_family(const struct refdata *rd, const char *model, char *buf, size_t n)
{
	if (model[0] == '~')
		model++;
	size_t len = strcspn(model, ":");
	if (!lower(model, len, buf, n))
		return model;
	// One trailing -YYYYMMDD, a date of this century: the permaslug's release date.
	if (len > 9 && buf[len - 9] == '-' && buf[len - 8] == '2' && buf[len - 7] == '0' &&
	    strspn(buf + len - 8, "0123456789") == 8)
		buf[len - 9] = '\0';
	const char *k = buf;
	const struct ref_model_family *f = bsearch(&k, rd->model_families, rd->n_model_families,
	                                           sizeof *rd->model_families, cmp_key);
	if (f && *f->family && strlen(f->family) < n)
		memmove(buf, f->family, strlen(f->family) + 1);
	return buf;
}

const char *refdata_family_name(const struct refdata *rd, const char *family)
{
	const char *k = family;
	const struct ref_model_family *f = bsearch(&k, rd->model_families, rd->n_model_families,
	                                           sizeof *rd->model_families, cmp_key);
	return f && *f->name ? f->name : NULL;
}

const char *refdata_author_by_org(const struct refdata *rd, const char *org)
{
	for (size_t i = 0; org && *org && i < rd->n_authors; i++) {
		if (strcmp(rd->authors[i].organisation, org) == 0)
			return rd->authors[i].slug;
	}
	return NULL;
}

const struct ref_provider *refdata_provider(const struct refdata *rd, const char *slug)
{
	const char *k = slug;
	return bsearch(&k, rd->providers, rd->n_providers, sizeof *rd->providers, cmp_key);
}

bool refdata_provider_alias(const struct refdata *rd, const char *alias, const char **slug)
{
	char name[128];
	if (!lower(alias, strlen(alias), name, sizeof name))
		return false;
	const char *k = name;
	const struct ref_provider_alias *a = bsearch(&k, rd->provider_aliases,
	                                             rd->n_provider_aliases,
	                                             sizeof *rd->provider_aliases, cmp_key);
	if (!a)
		return false;
	*slug = a->slug;
	return true;
}
