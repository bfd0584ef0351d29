/*
 * Locating a value in JSON text by path (see jsonloc.h). A skipper, not a
 * parser: it trusts the text to be valid and only tracks strings, nesting
 * and line breaks.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <string.h>

#include "collector/jsonloc.h"
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
