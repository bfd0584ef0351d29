/*
 * A CSV file tokenshare wrote, read back whole: for the dashboard page,
 * which shows the numbers of the files beside it, and for the check of a
 * published bundle against the data now.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CSVTABLE_H
#define TOKENSHARE_CSVTABLE_H

#include <stddef.h>

/* Rows of fields; row 0 is the header. */
struct table {
	char ***rows;
	size_t *widths;         // fields per row
	size_t n, cap;
};

/* Reads path; 0, or -1 after a file:line message (t is then empty). */
int table_read(const char *path, struct table *t);
void table_finish(struct table *t);
/* The index of the header's column name, or (size_t)-1. */
size_t table_column(const struct table *t, const char *name);

#endif
