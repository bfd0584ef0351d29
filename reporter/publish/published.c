/*
 * Published figures against the data now (see published.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/strmap.h"
#include "core/xalloc.h"
#include "reporter/publish/csvtable.h"
#include "reporter/publish/dashboard.h"
#include "reporter/publish/published.h"

#define NONE ((size_t)-1)

/* Row r's key: its period, and its group if the table has a group column. */
static void row_key(const struct table *t, size_t pcol, size_t gcol, size_t r, struct buf *key)
{
	key->len = 0;
	buf_append_str(key, t->rows[r][pcol]);
	if (gcol != NONE) {
		buf_append(key, "", 1);
		buf_append_str(key, t->rows[r][gcol]);
	}
}

static void print_change(const char *file, const char *period, const char *group,
                         const char *column, const char *was, const char *now)
{
	const char *f[] = {file, period, group, column, was, now};
	for (size_t i = 0; i < 6; i++) {
		if (i)
			fputc(',', stdout);
		// A figure stays a number (-1.5 must not become text); the rest is text.
		char *end;
		if (i >= 4 && *f[i] && (strtod(f[i], &end), !*end))
			csv_write_field(stdout, f[i]);
		else
			csv_write_text(stdout, f[i]);
	}
	fputc('\n', stdout);
}

/*
 * Prints each value of old's rows that now differs or is gone, and (with
 * added) each row only now has; returns how many figures were printed.
 * Both tables have a period column and rows as wide as their header.
 */
static size_t compare(const char *file, const struct table *old, const struct table *now,
                      bool added)
{
	const struct table *a = added ? now : old, *b = added ? old : now;
	size_t ap = table_column(a, "period"), ag = table_column(a, "group");
	size_t bp = table_column(b, "period"), bg = table_column(b, "group");
	struct strmap rows = {0};       // b's rows by key
	struct buf key = {0};
	for (size_t r = 1; r < b->n; r++) {
		row_key(b, bp, bg, r, &key);
		strmap_put(&rows, key.data, key.len, (int64_t)r);
	}
	size_t *bcol = xcalloc(a->widths[0], sizeof *bcol);     // a's columns in b
	for (size_t k = 0; k < a->widths[0]; k++)
		bcol[k] = table_column(b, a->rows[0][k]);
	size_t n = 0;
	for (size_t r = 1; r < a->n; r++) {
		int64_t match = -1;
		row_key(a, ap, ag, r, &key);
		if (strmap_get(&rows, key.data, key.len, &match) && added)
			continue;
		for (size_t k = 0; k < a->widths[0]; k++) {
			const char *col = a->rows[0][k];
			if (k == ap || k == ag || !strcmp(col, "start") || !strcmp(col, "end"))
				continue;
			const char *other = match < 0 || bcol[k] == NONE ? "" : b->rows[match][bcol[k]];
			if (strcmp(a->rows[r][k], other) == 0)
				continue;
			print_change(file, a->rows[r][ap], ag == NONE ? "" : a->rows[r][ag], col,
			             added ? other : a->rows[r][k], added ? a->rows[r][k] : other);
			n++;
		}
	}
	free(bcol);
	buf_finish(&key);
	strmap_finish(&rows);
	return n;
}

/* A table compare() can read: a period column, every row as wide as the header. */
static bool comparable(const char *path, const struct table *t)
{
	if (table_column(t, "period") == NONE) {
		fprintf(stderr, "%s:1: no period column: not a table tokenshare wrote\n", path);
		return false;
	}
	for (size_t r = 1; r < t->n; r++) {
		if (t->widths[r] != t->widths[0]) {
			fprintf(stderr, "%s: record %zu has %zu fields, the header %zu: not a table "
			        "tokenshare wrote\n", path, r + 1, t->widths[r], t->widths[0]);
			return false;
		}
	}
	return true;
}

/* The "mapping:" line of the bundle's MANIFEST, or NULL. */
static char *manifest_mapping(const char *dir)
{
	char *path = xasprintf("%s/MANIFEST", dir), *v = NULL;
	struct buf b = {0};
	if (file_read_all(path, 1 << 20, &b) == 0 && b.len) {
		buf_append(&b, "", 1);
		const char *m = strstr(b.data, "\nmapping: ");
		if (m)
			v = xstrndup(m + 10, strcspn(m + 10, " \n"));
	}
	buf_finish(&b);
	free(path);
	return v;
}

int published_check(struct store *st, const char *dir)
{
	char *def = xasprintf("%s/dashboard.dash", dir);
	struct dashboard d;
	int rc = dashboard_load(&d, def);
	free(def);
	if (rc)
		return TS_EXIT_USAGE;
	const char *tmp = getenv("TMPDIR");
	char *work = xasprintf("%s/tokenshare-published-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char **files = NULL;
	size_t n_files = 0, changed = 0, files_changed = 0;
	if (!mkdtemp(work)) {
		log_errno(LOG_ERROR, "%s: cannot create a work directory", work);
		rc = TS_EXIT_OUTPUT;
	} else {
		rc = dashboard_render(st, &d, work, NULL, &files, &n_files);   // tables only
	}
	if (!rc)
		fputs("file,period,group,column,published,now\n", stdout);
	for (size_t i = 0; !rc && i < n_files; i++) {
		size_t len = strlen(files[i]);
		if (len < 4 || strcmp(files[i] + len - 4, ".csv") != 0)
			continue;
		char *was_path = xasprintf("%s/%s", dir, files[i]);
		char *now_path = xasprintf("%s/%s", work, files[i]);
		struct table was, now;
		if (table_read(was_path, &was) != 0) {
			rc = TS_EXIT_REJECTED;
		} else if (!comparable(was_path, &was)) {
			rc = TS_EXIT_REJECTED;
			table_finish(&was);
		} else {
			if (table_read(now_path, &now) != 0) {
				rc = TS_EXIT_OUTPUT;
			} else {
				size_t c = compare(files[i], &was, &now, false) +
				           compare(files[i], &was, &now, true);
				changed += c;
				files_changed += c > 0;
				table_finish(&now);
			}
			table_finish(&was);
		}
		free(was_path);
		free(now_path);
	}
	for (size_t i = 0; i < n_files; i++) {
		char *p = xasprintf("%s/%s", work, files[i]);
		unlink(p);
		free(p);
		free(files[i]);
	}
	free(files);
	rmdir(work);
	free(work);
	char *mapping = manifest_mapping(dir);
	if (!rc) {
		fprintf(stderr, "%s: %zu published figure%s in %zu file%s would change%s%s%s\n", dir,
		        changed, changed == 1 ? "" : "s", files_changed, files_changed == 1 ? "" : "s",
		        mapping ? " (the bundle's mapping: " : "", mapping ? mapping : "",
		        mapping ? ")" : "");
		rc = changed ? TS_EXIT_REJECTED : TS_EXIT_OK;
	}
	free(mapping);
	dashboard_finish(&d);
	return rc;
}
