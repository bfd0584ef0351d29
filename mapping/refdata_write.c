/*
 * Reference data: writing a mapping's tables back out as CSV files, in the
 * layout refdata_parse_dir() reads (a bundle's mapping/), see refdata.h.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/csv.h"
#include "core/xalloc.h"
#include "mapping/refdata.h"
#include "mapping/reftable.h"

int refdata_write_dir(const struct refdata *rd, const char *dir)
{
	struct refdata *r = (struct refdata *)rd;       // reftable_slot only reads here
	for (int t = 0; t < REFTABLE_COUNT; t++) {
		const struct reftable *tab = reftable_get((enum reftable_id)t);
		void **rows;
		size_t *n;
		reftable_slot(r, (enum reftable_id)t, &rows, &n);
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
				csv_write_text(fp, *reftable_field(row, &tab->columns[c]));
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
	return i < REFTABLE_COUNT ? reftable_get((enum reftable_id)i)->file : NULL;
}
