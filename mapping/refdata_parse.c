/*
 * Reading the reference tables: parsing and checking each CSV file (every
 * problem reported as file:line, nothing loaded unless all are clean),
 * checking rows that point into other tables, and the content hash that
 * versions them (see refdata.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/diag.h"
#include "core/embedded.h"
#include "core/log.h"
#include "core/sha256.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "mapping/reftable.h"

/* Why v is not a value check allows, or NULL if it is one. */
static const char *check_value(enum reftable_check check, const char *v)
{
	switch (check) {
	case REFTABLE_CHECK_KEY:
	case REFTABLE_CHECK_REQUIRED:
		return *v ? NULL : "must not be empty";
	case REFTABLE_CHECK_COUNTRY:
		if (*v == '\0' || (strlen(v) == 2 && v[0] >= 'A' && v[0] <= 'Z' &&
		                   v[1] >= 'A' && v[1] <= 'Z'))
			return NULL;
		return "must be empty (unknown) or an ISO 3166-1 alpha-2 code such as CN or US";
	case REFTABLE_CHECK_KIND:
		if (strcmp(v, "lab") == 0 || strcmp(v, "provider") == 0 || strcmp(v, "both") == 0)
			return NULL;
		return "must be lab, provider or both";
	case REFTABLE_CHECK_LOWER_KEY:
		if (!*v)
			return "must not be empty";
		for (const char *c = v; *c; c++) {
			if (*c >= 'A' && *c <= 'Z')
				return "must be in lower case (matching ignores case)";
		}
		return NULL;
	case REFTABLE_CHECK_WEIGHTS:
		if (!*v || strcmp(v, "open") == 0 || strcmp(v, "closed") == 0)
			return NULL;
		return "must be open, closed or empty (unknown)";
	case REFTABLE_CHECK_DATE: {
		int32_t day;
		if (!*v || (strlen(v) == DATE_LEN && date_parse(v, DATE_LEN, &day)))
			return NULL;
		return "must be empty or a date YYYY-MM-DD";
	}
	case REFTABLE_CHECK_TEXT:
		break;
	}
	return NULL;
}

/* Parses one table from text; problems go to d. */
static void parse_table(struct refdata *rd, enum reftable_id t, const char *text, size_t len,
                        struct diag *d)
{
	const struct reftable *tab = reftable_get(t);
	void **rows;
	size_t *n, cap = 0;
	reftable_slot(rd, t, &rows, &n);
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
			*reftable_field(row, &tab->columns[i]) = v;
		}
		(*n)++;
	}
	csv_reader_finish(&r);
	xqsort(*rows, *n, tab->row_size, reftable_cmp_key);
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
	for (int t = 0; t < REFTABLE_COUNT; t++) {
		const struct reftable *tab = reftable_get((enum reftable_id)t);
		void **rows;
		size_t *n;
		reftable_slot(rd, (enum reftable_id)t, &rows, &n);
		// Mappings from before model-weights.csv and model-families.csv keep
		// their versions.
		if ((t == REFTABLE_MODEL_WEIGHTS || t == REFTABLE_MODEL_FAMILIES) && *n == 0)
			continue;
		sha256_update(h, tab->file, strlen(tab->file) + 1);
		for (size_t i = 0; i < *n; i++) {
			void *row = (char *)*rows + i * tab->row_size;
			for (size_t c = 0; c < tab->n_columns; c++) {
				const char *v = *reftable_field(row, &tab->columns[c]);
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

/* Rows that point into other tables must find their target. */
static void cross_check(struct refdata *rd, struct diag *diags)
{
	for (size_t i = 0; i < rd->n_model_names; i++) {
		const char *a = rd->model_names[i].author;
		const char *k = a;
		if (!bsearch(&k, rd->authors, rd->n_authors, sizeof *rd->authors,
		             reftable_cmp_key))
			diag_add(&diags[REFTABLE_MODEL_NAMES], 0, "name_prefix %s: author %s is not in "
			         "authors.csv", text_quoted(rd->model_names[i].name_prefix,
			                                    strlen(rd->model_names[i].name_prefix)), a);
	}
	for (size_t i = 0; i < rd->n_provider_aliases; i++) {
		const char *slug = rd->provider_aliases[i].slug;
		const char *k = slug;
		if (*slug && !bsearch(&k, rd->providers, rd->n_providers, sizeof *rd->providers,
		                      reftable_cmp_key))
			diag_add(&diags[REFTABLE_PROVIDER_ALIASES], 0, "alias %s: slug %s is not in "
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
	xqsort(rd->overrides, rd->n_overrides, sizeof *rd->overrides, reftable_cmp_override);
	return 0;
}

int refdata_parse_dir(struct refdata *rd, const char *dir)
{
	*rd = (struct refdata){.origin = xstrdup(dir), .known_at = INT32_MAX};
	struct diag diags[REFTABLE_COUNT];
	char *paths[REFTABLE_COUNT];
	for (int t = 0; t < REFTABLE_COUNT; t++) {
		paths[t] = xasprintf("%s/%s", dir, reftable_get((enum reftable_id)t)->file);
		diag_init(&diags[t], paths[t]);
		struct buf b = {0};
		int err = file_read_all(paths[t], 16 * 1024 * 1024, &b);
		// The name and weights tables came later: a directory without them has none.
		if (err == -ENOENT && t >= REFTABLE_MODEL_NAMES)
			continue;
		if (err) {
			diag_add(&diags[t], 0, "cannot read: %s", strerror(-err));
			continue;
		}
		parse_table(rd, (enum reftable_id)t, b.data, b.len, &diags[t]);
		buf_finish(&b);
	}
	int rc = finish_parse(rd, diags, REFTABLE_COUNT);
	for (int t = 0; t < REFTABLE_COUNT; t++)
		free(paths[t]);
	return rc;
}

int refdata_parse_builtin(struct refdata *rd)
{
	*rd = (struct refdata){.origin = xstrdup("built-in"), .known_at = INT32_MAX};
	struct diag diags[REFTABLE_COUNT];
	for (int t = 0; t < REFTABLE_COUNT; t++) {
		const char *file = reftable_get((enum reftable_id)t)->file;
		diag_init(&diags[t], file);
		const struct embedded_file *f =
			embedded_find(embedded_reference, embedded_reference_count, file);
		if (!f) {
			diag_add(&diags[t], 0, "missing from the binary");
			continue;
		}
		parse_table(rd, (enum reftable_id)t, f->data, f->len, &diags[t]);
	}
	return finish_parse(rd, diags, REFTABLE_COUNT);
}
