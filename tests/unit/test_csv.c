/*
 * The CSV reader and writer.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "core/csv.h"
#include "core/xalloc.h"
#include "harness.h"

TEST("quoted fields, doubled quotes, CRLF and a byte-order mark are read")
{
	const char *text = "\xEF\xBB\xBF" "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\r\n\n1,2,3";
	struct csv_reader r;
	csv_reader_init(&r, text, strlen(text));
	unsigned long line;
	const char *err;
	CHECK_INT(csv_next(&r, &line, &err), 1);
	CHECK_INT(line, 1);
	CHECK_STR(csv_field(&r, 0, NULL), "a");
	CHECK_INT(csv_next(&r, &line, &err), 1);
	CHECK_INT(line, 2);
	CHECK_INT(r.count, 3);
	CHECK_STR(csv_field(&r, 0, NULL), "x,1");
	CHECK_STR(csv_field(&r, 1, NULL), "say \"hi\"");
	CHECK_STR(csv_field(&r, 2, NULL), "");
	CHECK_INT(csv_next(&r, &line, &err), 1);
	CHECK_INT(line, 4);
	CHECK_STR(csv_field(&r, 2, NULL), "3");
	CHECK_INT(csv_next(&r, &line, &err), 0);
	csv_reader_finish(&r);
}

TEST("a record spanning lines reports the line it starts on, and the next one its own")
{
	const char *text = "h\n\"two\nlines\"\nnext\n";
	struct csv_reader r;
	csv_reader_init(&r, text, strlen(text));
	unsigned long line;
	const char *err;
	CHECK_INT(csv_next(&r, &line, &err), 1);
	CHECK_INT(csv_next(&r, &line, &err), 1);
	CHECK_INT(line, 2);
	CHECK_STR(csv_field(&r, 0, NULL), "two\nlines");
	CHECK_INT(csv_next(&r, &line, &err), 1);
	CHECK_INT(line, 4);
	csv_reader_finish(&r);
}

TEST("malformed quoting is an error at its line and reading goes on")
{
	const char *text = "a\n\"x\"y,1\nb\"c\nok\n\"open";
	struct csv_reader r;
	csv_reader_init(&r, text, strlen(text));
	unsigned long line;
	const char *err = NULL;
	CHECK_INT(csv_next(&r, &line, &err), 1);
	CHECK_INT(csv_next(&r, &line, &err), -1);
	CHECK_INT(line, 2);
	CHECK_STR(err, "text after the closing quote of a field");
	CHECK_INT(csv_next(&r, &line, &err), -1);
	CHECK_INT(line, 3);
	CHECK_INT(csv_next(&r, &line, &err), 1);
	CHECK_STR(csv_field(&r, 0, NULL), "ok");
	CHECK_INT(csv_next(&r, &line, &err), -1);
	CHECK_STR(err, "quoted field not closed before the end of the file");
	csv_reader_finish(&r);
}

TEST("written fields are quoted only when they must be and read back the same")
{
	static const char *const fields[] = {"plain", "with,comma", "with \"quote\"", "two\nlines",
	                                     " lead", "", "a/b:free"};
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	for (size_t i = 0; i < 7; i++) {
		if (i)
			fputc(',', fp);
		csv_write_field(fp, fields[i]);
	}
	fclose(fp);
	CHECK(strncmp(text, "plain,\"with,comma\"", 18) == 0);
	struct csv_reader r;
	csv_reader_init(&r, text, len);
	unsigned long line;
	const char *err;
	CHECK_INT(csv_next(&r, &line, &err), 1);
	CHECK_INT(r.count, 7);
	for (size_t i = 0; i < 7 && i < r.count; i++)
		CHECK_STR(csv_field(&r, i, NULL), fields[i]);
	csv_reader_finish(&r);
	free(text);
}

TEST("text that a spreadsheet would run as a formula is written with a leading quote")
{
	// Expected by hand from OWASP's rule: = + - @ TAB CR first, after any quotes.
	static const char *const cases[][2] = {
		{"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
		{"=cmd|'/C calc'!A0", "'=cmd|'/C calc'!A0"},
		{"@SUM(1+1)", "'@SUM(1+1)"},
		{"+1+1", "'+1+1"},
		{"-2.5", "'-2.5"},
		{"\t=1", "'\t=1"},
		{"\r=1", "\"'\r=1\""},
		{"'=1", "''=1"},
		{"'x", "'x"},
		{"a=b", "a=b"},
		{"deepseek/deepseek-v3.2", "deepseek/deepseek-v3.2"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = {0};
		csv_buf_text(&b, cases[i][0]);
		CHECK_STR(b.data ? b.data : "", cases[i][1]);
		buf_finish(&b);
	}
}

TEST("every text written with the formula guard reads back as it was")
{
	static const char *const texts[] = {"=1", "''=1", "'", "''", "'a", "+", "-", "@", "\t",
	                                     "a,b", "\"=x\"", "plain", "'''@x", "=\"a\nb\""};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct buf b = {0};
		csv_buf_text(&b, texts[i]);
		struct csv_reader r;
		csv_reader_init(&r, b.data ? b.data : "", b.len);
		unsigned long line;
		const char *err;
		CHECK_INT(csv_next(&r, &line, &err), texts[i][0] ? 1 : 0);
		char *back = xstrdup(r.count ? csv_field(&r, 0, NULL) : "");
		// No field of the file itself starts like a formula.
		CHECK(strchr("=+-@\t\r", back[0]) == NULL || back[0] == '\0');
		csv_text_unescape(back);
		CHECK_STR(back, texts[i]);
		free(back);
		csv_reader_finish(&r);
		buf_finish(&b);
	}
}
