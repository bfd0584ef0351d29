/*
 * CSV files read back whole (see csvtable.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "reporter/publish/csvtable.h"

void table_finish(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->widths[i]; k++)
			free(t->rows[i][k]);
		free(t->rows[i]);
	}
	free(t->rows);
	free(t->widths);
}

int table_read(const char *path, struct table *t)
{
	struct buf b = {0};
	*t = (struct table){0};
	if (file_read_all(path, (size_t)1 << 30, &b) != 0) {
		log_error("%s: cannot read back", path);
		return -1;
	}
	struct csv_reader r;
	csv_reader_init(&r, b.data ? b.data : "", b.len);
	unsigned long line;
	const char *why = NULL;
	int got;
	while ((got = csv_next(&r, &line, &why)) == 1) {
		size_t cap = t->cap;
		xgrow(&t->rows, &t->cap, t->n + 1, sizeof *t->rows);
		xgrow(&t->widths, &cap, t->n + 1, sizeof *t->widths);
		t->rows[t->n] = xcalloc(r.count, sizeof **t->rows);
		for (size_t k = 0; k < r.count; k++) {
			size_t len;
			const char *f = csv_field(&r, k, &len);
			t->rows[t->n][k] = xstrndup(f, len);
			csv_text_unescape(t->rows[t->n][k]);    // the text as it was
		}
		t->widths[t->n++] = r.count;
	}
	csv_reader_finish(&r);
	buf_finish(&b);
	if (got < 0 || t->n == 0) {
		log_error("%s:%lu: %s", path, line, got < 0 ? why : "empty");
		table_finish(t);
		return -1;
	}
	return 0;
}

size_t table_column(const struct table *t, const char *name)
{
	for (size_t k = 0; k < t->widths[0]; k++) {
		if (strcmp(t->rows[0][k], name) == 0)
			return k;
	}
	return (size_t)-1;
}
