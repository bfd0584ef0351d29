/*
 * libFuzzer harness for the writers that put text from the data into an
 * output: the CSV text field (FUZZ_ESCAPE csv) and gnuplot's strings
 * (FUZZ_ESCAPE gnuplot). Each checks properties, not the writer's own
 * output against itself:
 *   csv      the field, read back by the CSV reader, is one field; it does
 *            not start with a formula character (= + - @ TAB CR); undone
 *            with csv_text_unescape it is the text again, byte for byte.
 *   gnuplot  a script string is '...' with every inner quote doubled, so
 *            nothing can end it; a data field is "..." with no " inside;
 *            neither holds a control character or "]]>"; what is drawn is
 *            the text with controls as spaces and "]]>" as "]] >".
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE     // memmem
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "reporter/charts/chart_run.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

/* The text as one C string: the input up to its first NUL. */
static char *text_of(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void fuzz_csv(const char *s)
{
	struct buf b = {0};
	buf_append_str(&b, "x,");
	csv_buf_text(&b, s);
	buf_append_str(&b, "\n");
	struct csv_reader r;
	csv_reader_init(&r, b.data, b.len);
	unsigned long line;
	const char *err;
	check(csv_next(&r, &line, &err) == 1);
	check(r.count == 2);
	size_t len;
	const char *f = csv_field(&r, 1, &len);
	check(len == strlen(f));
	check(!*f || !strchr("=+-@\t\r", f[0]));
	char *back = strdup(f);
	csv_text_unescape(back);
	check(strcmp(back, s) == 0);
	free(back);
	check(csv_next(&r, &line, &err) == 0);
	csv_reader_finish(&r);
	buf_finish(&b);
}

/* What gnuplot is to draw of s, written here apart from chart_run.c. */
static char *drawn(const char *s)
{
	char *out = malloc(strlen(s) * 2 + 1), *o = out;
	while (*s) {
		if (strncmp(s, "]]>", 3) == 0) {
			memcpy(o, "]] >", 4);
			o += 4;
			s += 3;
			continue;
		}
		unsigned char c = (unsigned char)*s++;
		*o++ = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	*o = '\0';
	return out;
}

static int has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

static void fuzz_gnuplot(const char *s)
{
	char *want = drawn(s);
	struct buf b = {0};
	chart_gp_string(&b, s);
	// '...' with no quote inside, or for a text with quotes the expression
	// ('run' . "'" . 'run' ...): gnuplot's '' escape fails where two quotes
	// meet or one opens the string, so it must never appear.
	check(!has_control(b.data, b.len) && !memmem(b.data, b.len, "]]>", 3));
	char *got = malloc(b.len + 1), *g = got;
	size_t i = 0, end = b.len;
	bool expr = b.len >= 2 && b.data[0] == '(';
	if (expr) {
		check(b.data[b.len - 1] == ')');
		i = 1;
		end = b.len - 1;
	}
	for (bool first = true; i < end; first = false) {
		if (!first) {
			check(expr && end - i >= 3 && memcmp(b.data + i, " . ", 3) == 0);
			i += 3;
		}
		if (expr && end - i >= 3 && memcmp(b.data + i, "\"'\"", 3) == 0) {
			*g++ = '\'';
			i += 3;
			continue;
		}
		check(b.data[i] == '\'');
		const char *q = memchr(b.data + i + 1, '\'', end - i - 1);
		check(q != NULL);
		size_t n = (size_t)(q - (b.data + i + 1));
		check(n > 0 || !expr);  // an empty run only as the whole, empty string
		memcpy(g, b.data + i + 1, n);
		g += n;
		i += n + 2;
	}
	check(expr || (b.len >= 2 && b.data[0] == '\''));
	*g = '\0';
	check(strcmp(got, want) == 0);
	free(got);
	buf_finish(&b);

	struct buf d = {0};
	chart_dat_string(&d, s);
	check(d.len >= 2 && d.data[0] == '"' && d.data[d.len - 1] == '"');
	check(!memchr(d.data + 1, '"', d.len - 2));
	check(!has_control(d.data, d.len) && !memmem(d.data, d.len, "]]>", 3));
	// A double quote is drawn as a single one; the rest as above.
	for (char *p = want; *p; p++)
		if (*p == '"')
			*p = '\'';
	check(d.len - 2 == strlen(want) && memcmp(d.data + 1, want, d.len - 2) == 0);
	buf_finish(&d);
	free(want);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = text_of(data, size);
	if (strcmp(FUZZ_ESCAPE, "csv") == 0)
		fuzz_csv(s);
	else
		fuzz_gnuplot(s);
	free(s);
	return 0;
}
