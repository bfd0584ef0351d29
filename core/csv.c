/*
 * The CSV reader and field writer (see csv.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/strmap.h"
#include "core/xalloc.h"

void csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
	*r = (struct csv_reader){.pos = text, .end = text + len, .line = 1};
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->pos += 3;
}

void csv_reader_finish(struct csv_reader *r)
{
	buf_finish(&r->fields);
	free(r->offsets);
	*r = (struct csv_reader){0};
}

static void end_field(struct csv_reader *r, size_t start)
{
	xgrow(&r->offsets, &r->cap, r->count + 1, sizeof *r->offsets);
	r->offsets[r->count++] = start;
	buf_append(&r->fields, "", 1);
}

static void skip_line(struct csv_reader *r)
{
	while (r->pos < r->end && *r->pos != '\n')
		r->pos++;
	if (r->pos < r->end) {
		r->pos++;
		r->line++;
	}
}

/* True at a record end: LF, CRLF or the end of input (consumed). */
static bool at_record_end(struct csv_reader *r)
{
	if (r->pos == r->end)
		return true;
	if (*r->pos == '\n' || (*r->pos == '\r' && r->pos + 1 < r->end && r->pos[1] == '\n')) {
		r->pos += *r->pos == '\r' ? 2 : 1;
		r->line++;
		return true;
	}
	if (*r->pos == '\r' && r->pos + 1 == r->end) {
		r->pos++;
		return true;
	}
	return false;
}

int csv_next(struct csv_reader *r, unsigned long *line, const char **error)
{
	// Skip blank lines.
	while (r->pos < r->end && (*r->pos == '\n' || *r->pos == '\r')) {
		if (*r->pos == '\n')
			r->line++;
		r->pos++;
	}
	if (r->pos == r->end)
		return 0;
	r->fields.len = 0;
	r->count = 0;
	*line = r->line;
	for (;;) {
		size_t start = r->fields.len;
		if (r->pos < r->end && *r->pos == '"') {
			r->pos++;
			for (;;) {
				if (r->pos == r->end) {
					*error = "quoted field not closed before the end of the file";
					*line = r->line;
					return -1;
				}
				if (*r->pos == '"') {
					if (r->pos + 1 < r->end && r->pos[1] == '"') {
						buf_append(&r->fields, "\"", 1);
						r->pos += 2;
						continue;
					}
					r->pos++;
					break;
				}
				if (*r->pos == '\n')
					r->line++;
				buf_append(&r->fields, r->pos, 1);
				r->pos++;
			}
			if (r->pos < r->end && *r->pos != ',' && *r->pos != '\n' && *r->pos != '\r') {
				*error = "text after the closing quote of a field";
				*line = r->line;
				skip_line(r);
				return -1;
			}
		} else {
			const char *s = r->pos;
			while (r->pos < r->end && *r->pos != ',' && *r->pos != '\n' &&
			       !(*r->pos == '\r' && (r->pos + 1 == r->end || r->pos[1] == '\n'))) {
				if (*r->pos == '"') {
					*error = "quote inside an unquoted field";
					*line = r->line;
					skip_line(r);
					return -1;
				}
				r->pos++;
			}
			buf_append(&r->fields, s, (size_t)(r->pos - s));
		}
		end_field(r, start);
		if (r->pos < r->end && *r->pos == ',') {
			r->pos++;
			continue;
		}
		if (at_record_end(r))
			return 1;
		*error = "stray carriage return";
		*line = r->line;
		skip_line(r);
		return -1;
	}
}

const char *csv_field(const struct csv_reader *r, size_t i, size_t *len)
{
	const char *s = r->fields.data + r->offsets[i];
	if (len)
		*len = strlen(s);
	return s;
}

const char *csv_repeated_field(const struct csv_reader *r)
{
	struct strmap seen = {0};
	const char *repeated = NULL;
	for (size_t i = 0; i < r->count && !repeated; i++) {
		size_t len;
		const char *f = csv_field(r, i, &len);
		int64_t ignored;
		if (strmap_get(&seen, f, len, &ignored))
			repeated = f;
		else
			strmap_put(&seen, f, len, (int64_t)i);
	}
	strmap_finish(&seen);
	return repeated;
}

static bool formula_start(const char *s)
{
	while (*s == '\'')
		s++;
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

void csv_buf_text(struct buf *b, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' ||
	             (s[0] != '\0' && s[strlen(s) - 1] == ' ');
	if (quote)
		buf_append(b, "\"", 1);
	if (formula_start(s))
		buf_append(b, "'", 1);
	for (; *s; s++) {
		if (*s == '"')
			buf_append(b, "\"", 1);
		buf_append(b, s, 1);
	}
	if (quote)
		buf_append(b, "\"", 1);
}

void csv_write_text(FILE *fp, const char *s)
{
	struct buf b = {0};
	csv_buf_text(&b, s);
	if (b.len)
		fwrite(b.data, 1, b.len, fp);
	buf_finish(&b);
}

void csv_text_unescape(char *s)
{
	if (s[0] == '\'' && formula_start(s + 1))
		memmove(s, s + 1, strlen(s));
}

void csv_write_field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' &&
	    (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}
