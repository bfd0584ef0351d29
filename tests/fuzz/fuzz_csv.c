/*
 * libFuzzer harness for the CSV reader and the JSON line locator.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/jsonloc.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *text = (const char *)data;
	struct csv_reader r;
	csv_reader_init(&r, text, size);
	unsigned long line;
	const char *err;
	int rc;
	while ((rc = csv_next(&r, &line, &err)) != 0) {
		for (size_t i = 0; rc > 0 && i < r.count; i++)
			csv_field(&r, i, NULL);
	}
	csv_reader_finish(&r);
	struct jsonloc_step path[2] = {{"data", 0}, {NULL, size % 7}};
	jsonloc_line(text, size, path, 2);
	return 0;
}
