/*
 * libFuzzer harness for one rankings format (FUZZ_FORMAT, set by meson),
 * and for detection when FUZZ_FORMAT is "detect": parse, check the batch.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "collector/rankings/rankings.h"
#include "store/rankings_store.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	// The parsers work on NUL-terminated text, as file_read_all gives them.
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct rank_input in = {.name = "fuzz", .data = text, .len = size,
	                        .as_of_default = RANK_AS_OF_UNKNOWN};
	const struct rank_format *forced = rank_format_find(FUZZ_FORMAT);
	struct rank_batch b = {0};
	struct diag d;
	diag_init(&d, "fuzz");
	rank_parse_input(&in, forced, &b, &d);
	const char *files[] = {"fuzz"};
	rank_batch_check(&b, &d, files, 1);
	diag_finish(&d);
	rank_input_finish(&in);
	rank_batch_finish(&b);
	free(text);
	return 0;
}
