/*
 * Mappings in the database: storing a parsed mapping under its version,
 * loading the active one (or a named version) back, and storing the
 * built-in mapping on first use (see mapping_store.h). The tables are
 * walked by their layout (mapping/reftable.h): each CSV column is a column
 * of the table's SQL table of the same name.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "mapping/reftable.h"
#include "store/mapping_store.h"
#include "store/provsnap.h"
#include "store/store.h"

/* The SQL table of each reference table (schema/), from this fixed list only. */
static const char *const sql_tables[REFTABLE_COUNT] = {
	[REFTABLE_AUTHORS] = "mapping_author",
	[REFTABLE_OVERRIDES] = "mapping_override",
	[REFTABLE_PROVIDERS] = "mapping_provider",
	[REFTABLE_MODEL_NAMES] = "mapping_model_name",
	[REFTABLE_PROVIDER_ALIASES] = "mapping_provider_alias",
	[REFTABLE_MODEL_WEIGHTS] = "mapping_model_weights",
	[REFTABLE_MODEL_FAMILIES] = "mapping_model_family",
};

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
	struct refdata *rd = (struct refdata *)rd_const;  // reftable_slot only reads here
	for (int t = 0; t < REFTABLE_COUNT; t++) {
		const struct reftable *tab = reftable_get((enum reftable_id)t);
		struct buf sql = {0};
		buf_printf(&sql, "INSERT INTO %s (mapping_id", sql_tables[t]);
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
		reftable_slot(rd, (enum reftable_id)t, &rows, &n);
		for (size_t i = 0; i < *n; i++) {
			void *row = (char *)*rows + i * tab->row_size;
			sqlite3_reset(stmt);
			sqlite3_bind_int64(stmt, 1, id);
			for (size_t c = 0; c < tab->n_columns; c++)
				store_bind_text(stmt, (int)c + 2, *reftable_field(row, &tab->columns[c]));
			if (sqlite3_step(stmt) != SQLITE_DONE) {
				sqlite3_finalize(stmt);
				return store_fail(st, "cannot store a mapping row");
			}
		}
		sqlite3_finalize(stmt);
	}
	return 0;
}

int mapping_store_save(const struct refdata *rd, struct store *st, bool *changed)
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

int mapping_store_load(struct refdata *rd, struct store *st, const char *version)
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
	for (int t = 0; t < REFTABLE_COUNT; t++) {
		const struct reftable *tab = reftable_get((enum reftable_id)t);
		struct buf sql = {0};
		buf_append_str(&sql, "SELECT ");
		for (size_t c = 0; c < tab->n_columns; c++)
			buf_printf(&sql, "%s%s", c ? ", " : "", tab->columns[c].name);
		buf_printf(&sql, " FROM %s WHERE mapping_id = ?1", sql_tables[t]);
		stmt = store_prepare(st, sql.data);
		buf_finish(&sql);
		if (!stmt) {
			refdata_finish(rd);
			return -1;
		}
		sqlite3_bind_int64(stmt, 1, id);
		void **rows;
		size_t *n, cap = 0;
		reftable_slot(rd, (enum reftable_id)t, &rows, &n);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			xgrow(rows, &cap, *n + 1, tab->row_size);
			void *row = (char *)*rows + *n * tab->row_size;
			for (size_t c = 0; c < tab->n_columns; c++)
				*reftable_field(row, &tab->columns[c]) =
					xstrdup(store_column_text(stmt, (int)c));
			(*n)++;
		}
		sqlite3_finalize(stmt);
		xqsort(*rows, *n, tab->row_size, reftable_cmp_key);
	}
	xqsort(rd->overrides, rd->n_overrides, sizeof *rd->overrides, reftable_cmp_override);
	xqsort(rd->model_names, rd->n_model_names, sizeof *rd->model_names,
	       reftable_cmp_model_name);
	return 0;
}

int mapping_store_ensure(struct store *st)
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
	int rc = mapping_store_save(&rd, st, &changed);
	refdata_finish(&rd);
	return rc;
}
