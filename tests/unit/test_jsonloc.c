/*
 * Finding the line of a JSON value by path.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "core/jsonloc.h"
#include "harness.h"

TEST("the line of each array element is found in pretty-printed JSON")
{
	const char *text = "{\n \"meta\": {\"x\": \"]}{[\\\"\"},\n \"data\": [\n  {\"a\": 1},\n"
	                   "  {\"a\": \"two\\n\"},\n\n  [3]\n ]\n}\n";
	struct jsonloc_step path[2] = {{"data", 0}, {NULL, 0}};
	CHECK_INT(jsonloc_line(text, strlen(text), path, 2), 4);
	path[1].index = 1;
	CHECK_INT(jsonloc_line(text, strlen(text), path, 2), 5);
	path[1].index = 2;
	CHECK_INT(jsonloc_line(text, strlen(text), path, 2), 7);
	struct jsonloc_step meta[2] = {{"meta", 0}, {"x", 0}};
	CHECK_INT(jsonloc_line(text, strlen(text), meta, 2), 2);
}

TEST("a path that does not exist points at line 1")
{
	const char *text = "{\"data\": [1, 2]}";
	struct jsonloc_step path[2] = {{"data", 0}, {NULL, 5}};
	CHECK_INT(jsonloc_line(text, strlen(text), path, 2), 1);
	struct jsonloc_step other[1] = {{"nope", 0}};
	CHECK_INT(jsonloc_line(text, strlen(text), other, 1), 1);
}

TEST("one pass over an array gives every element the line a lookup by path gives")
{
	const char *text = "{\n \"meta\": {\"x\": \"]}{[\\\"\"},\n \"data\": [\n  {\"a\": 1},\n"
	                   "  {\"a\": \"two\\n\"},\n\n  [3], \"s,]\", 7\n ]\n}\n";
	struct jsonloc_step path[2] = {{"data", 0}, {NULL, 0}};
	unsigned long *lines;
	size_t n = jsonloc_elements(text, strlen(text), path, 1, &lines);
	CHECK_INT(n, 5);
	for (size_t i = 0; i < n; i++) {
		path[1].index = i;
		CHECK_INT(lines[i], jsonloc_line(text, strlen(text), path, 2));
	}
	CHECK_INT(lines[0], 4);
	CHECK_INT(lines[4], 7);
	free(lines);
	// A top-level array, and no array at all.
	n = jsonloc_elements("[1,\n2]", 6, path, 0, &lines);
	CHECK_INT(n, 2);
	CHECK_INT(lines[1], 2);
	free(lines);
	CHECK_INT(jsonloc_elements("{\"data\": 5}", 11, path, 1, &lines), 0);
	CHECK(lines == NULL);
}

TEST("values are counted without parsing, and a text of too many is refused before jansson")
{
	size_t v, c;
	const char *doc = "{\"data\": [{\"a\": 1, \"b\": \"x,:[{\"}, [], [1, [2, 3]], {}]}";
	jsonloc_count(doc, strlen(doc), &v, &c);
	// By hand: the root, data, its 4 elements, a, b, then 1, [2, 3], 2, 3;
	// containers: the root, data, {a, b}, [], [1, [2, 3]], [2, 3], {}.
	CHECK_INT(v, 12);
	CHECK_INT(c, 7);
	// 2,000,000 empty objects: 8 MB of text that would take 700 MB parsed.
	size_t n = 2000000;
	char *text = malloc(3 * n + 2);
	text[0] = '[';
	for (size_t i = 0; i < n; i++)
		memcpy(text + 1 + 3 * i, "{},", 3);
	text[3 * n] = ']';
	text[3 * n + 1] = '\0';
	json_error_t err;
	CHECK(jsonloc_load(text, 3 * n + 1, 0, &err) == NULL);
	CHECK(strstr(err.text, "too many to read in bounded memory") != NULL);
	free(text);
	json_t *ok = jsonloc_load(doc, strlen(doc), 0, &err);
	CHECK(ok != NULL);
	json_decref(ok);
}
