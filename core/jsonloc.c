/*
 * Locating a value in JSON text by path (see jsonloc.h). A skipper, not a
 * parser: it trusts the text to be valid and only tracks strings, nesting
 * and line breaks.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonloc.h"
#include "core/xalloc.h"

struct cursor {
	const char *p, *end;
	unsigned long line;
};

static void skip_space(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\n')
			c->line++;
		c->p++;
	}
}

/* At an opening quote: moves past the string; sets *s, *n to its raw body. */
static void skip_string(struct cursor *c, const char **s, size_t *n)
{
	const char *start = ++c->p;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\' && c->p + 1 < c->end)
			c->p++;
		c->p++;
	}
	if (s) {
		*s = start;
		*n = (size_t)(c->p - start);
	}
	if (c->p < c->end)
		c->p++;
}

static void skip_value(struct cursor *c)
{
	skip_space(c);
	if (c->p >= c->end)
		return;
	if (*c->p == '"') {
		skip_string(c, NULL, NULL);
		return;
	}
	if (*c->p == '{' || *c->p == '[') {
		int depth = 0;
		while (c->p < c->end) {
			char ch = *c->p;
			if (ch == '"') {
				skip_string(c, NULL, NULL);
				continue;
			}
			if (ch == '\n')
				c->line++;
			c->p++;
			if (ch == '{' || ch == '[')
				depth++;
			else if ((ch == '}' || ch == ']') && --depth == 0)
				return;
		}
		return;
	}
	while (c->p < c->end && !strchr(",]} \t\r\n", *c->p))
		c->p++;
}

/* Moves c to the start of the member or element named by step; false if absent. */
static bool enter(struct cursor *c, const struct jsonloc_step *step)
{
	skip_space(c);
	if (c->p >= c->end)
		return false;
	char open = *c->p;
	if ((step->key && open != '{') || (!step->key && open != '['))
		return false;
	c->p++;
	for (size_t i = 0;; i++) {
		skip_space(c);
		if (c->p >= c->end || *c->p == '}' || *c->p == ']')
			return false;
		if (step->key) {
			if (*c->p != '"')
				return false;
			const char *k;
			size_t n;
			skip_string(c, &k, &n);
			skip_space(c);
			if (c->p < c->end && *c->p == ':')
				c->p++;
			skip_space(c);
			if (n == strlen(step->key) && memcmp(k, step->key, n) == 0)
				return true;
		} else if (i == step->index) {
			return true;
		}
		skip_value(c);
		skip_space(c);
		if (c->p < c->end && *c->p == ',')
			c->p++;
	}
}

unsigned long jsonloc_line(const char *text, size_t len, const struct jsonloc_step *path,
                           size_t depth)
{
	struct cursor c = {text, text + len, 1};
	for (size_t i = 0; i < depth; i++) {
		if (!enter(&c, &path[i]))
			return 1;
	}
	skip_space(&c);
	return c.line;
}

size_t jsonloc_elements(const char *text, size_t len, const struct jsonloc_step *path,
                        size_t depth, unsigned long **lines)
{
	*lines = NULL;
	struct cursor c = {text, text + len, 1};
	for (size_t i = 0; i < depth; i++) {
		if (!enter(&c, &path[i]))
			return 0;
	}
	skip_space(&c);
	if (c.p >= c.end || *c.p != '[')
		return 0;
	c.p++;
	size_t n = 0, cap = 0;
	for (;;) {
		skip_space(&c);
		if (c.p >= c.end || *c.p == ']')
			break;
		xgrow(lines, &cap, n + 1, sizeof **lines);
		(*lines)[n++] = c.line;
		const char *before = c.p;
		skip_value(&c);
		skip_space(&c);
		if (c.p < c.end && *c.p == ',')
			c.p++;
		else if (c.p == before)
			break;      // not JSON after all: stop rather than spin
	}
	return n;
}

void jsonloc_count(const char *text, size_t len, size_t *values, size_t *containers)
{
	// Values: one per colon (a member's value) and per array element (its
	// comma, or the first element); keys are not values. Deeper than the
	// stack, every container counts as an array: an upper bound still.
	size_t v = 1, c = 0, depth = 0;
	bool in_string = false, array_start = false;
	unsigned char kind[256];        // '[' or '{' of each open container
	for (size_t i = 0; i < len; i++) {
		char ch = text[i];
		if (in_string) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_string = false;
			continue;
		}
		bool in_array = depth > 0 && (depth > sizeof kind || kind[depth - 1] == '[');
		if (array_start && ch != ']' && ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r') {
			v++;    // the first element of an array
			array_start = false;
		}
		if (ch == '"') {
			in_string = true;
		} else if (ch == '{' || ch == '[') {
			c++;
			if (depth < sizeof kind)
				kind[depth] = (unsigned char)ch;
			depth++;
			array_start = ch == '[';
		} else if (ch == '}' || ch == ']') {
			depth -= depth > 0;
			array_start = false;
		} else if (ch == ':' || (ch == ',' && in_array)) {
			v++;
		}
	}
	*values = v;
	*containers = c;
}

json_t *jsonloc_load(const char *text, size_t len, size_t flags, json_error_t *err)
{
	size_t values, containers;
	jsonloc_count(text, len, &values, &containers);
	if (values > JSONLOC_VALUES_MAX || containers > JSONLOC_CONTAINERS_MAX) {
		if (err) {
			*err = (json_error_t){.line = 1, .column = 1};
			snprintf(err->text, sizeof err->text, "holds more than %d JSON values (or %d "
			         "objects and arrays): too many to read in bounded memory; split it, or "
			         "give JSON lines", JSONLOC_VALUES_MAX, JSONLOC_CONTAINERS_MAX);
		}
		return NULL;
	}
	return json_loadb(text, len, flags, err);
}
