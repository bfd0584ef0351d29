/*
 * CSV re-set as TSV or an aligned table (see out_text.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/log.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "reporter/publish/out_text.h"

#define MAX_COLUMNS 64

static const char *const format_names[] = {
	[FORMAT_NONE] = "", [FORMAT_CSV] = "csv", [FORMAT_TSV] = "tsv", [FORMAT_JSON] = "json",
	[FORMAT_TABLE] = "table",
};

enum report_format report_format_parse(const char *name)
{
	for (int f = FORMAT_CSV; f <= FORMAT_TABLE; f++) {
		if (strcmp(name, format_names[f]) == 0)
			return (enum report_format)f;
	}
	return FORMAT_NONE;
}

enum report_format report_format_of_path(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot || strchr(dot, '/'))
		return FORMAT_NONE;
	if (strcasecmp(dot, ".csv") == 0)
		return FORMAT_CSV;
	if (strcasecmp(dot, ".tsv") == 0 || strcasecmp(dot, ".tab") == 0)
		return FORMAT_TSV;
	if (strcasecmp(dot, ".json") == 0)
		return FORMAT_JSON;
	return FORMAT_NONE;
}

const char *report_format_name(enum report_format f)
{
	return format_names[f];
}

/* Columns a field takes on a terminal: UTF-8 continuation bytes take none. */
static size_t columns(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * The cell a person reads: a number written with four decimals (a share,
 * percentage points, a percent) rounded half away from zero to one decimal,
 * on its digits, so 12.3450 is 12.3 and 0.0500 is 0.1; a sign stays, so
 * -0.0400 shows as -0.0 (a loss too small for one decimal). Other text as
 * it is. Newly allocated.
 */
static char *round_e4(const char *s)
{
	size_t len = strlen(s), sign = s[0] == '+' || s[0] == '-';
	if (len < sign + 6 || s[len - 5] != '.' || !text_is_number(s))
		return xstrdup(s);
	for (size_t i = sign; i < len; i++) {
		if (i != len - 5 && (s[i] < '0' || s[i] > '9'))
			return xstrdup(s);
	}
	// The digits without the point, the last three dropped after rounding.
	char digits[64];
	size_t n = 0;
	for (size_t i = sign; i < len && n + 1 < sizeof digits; i++) {
		if (s[i] != '.')
			digits[n++] = s[i];
	}
	if (n != len - sign - 1)
		return xstrdup(s);
	bool up = digits[n - 3] >= '5';
	n -= 3;
	for (size_t i = n; up && i-- > 0;) {
		up = digits[i] == '9';
		digits[i] = up ? '0' : (char)(digits[i] + 1);
	}
	char out[80];
	snprintf(out, sizeof out, "%.*s%s%.*s.%c", (int)sign, s, up ? "1" : "", (int)(n - 1), digits,
	         digits[n - 1]);
	return xstrdup(out);
}

struct grid {
	char **cells;           // rows * n_cols, owned; shown as the style wants
	size_t rows, cap, n_cols;
};

static void grid_finish(struct grid *g)
{
	for (size_t i = 0; i < g->rows * g->n_cols; i++)
		free(g->cells[i]);
	free(g->cells);
}

/* Reads csv into g, each cell made safe for style. 0 or -1 (logged). */
static int grid_read(struct grid *g, const char *csv, size_t len, enum text_style style)
{
	struct csv_reader r;
	csv_reader_init(&r, csv, len);
	unsigned long line;
	const char *error = NULL;
	int rc;
	while ((rc = csv_next(&r, &line, &error)) == 1) {
		if (!g->rows)
			g->n_cols = r.count;
		if (r.count != g->n_cols || r.count > MAX_COLUMNS) {
			rc = -1;
			error = "a row with another number of columns";
			break;
		}
		xgrow(&g->cells, &g->cap, (g->rows + 1) * g->n_cols, sizeof *g->cells);
		for (size_t i = 0; i < r.count; i++) {
			size_t n;
			const char *f = csv_field(&r, i, &n);
			char *cell;
			if (style == TEXT_SPREADSHEET) {
				cell = xstrdup(f);      // as written, quoted again on the way out
			} else if (style == TEXT_TABLE) {
				// For a person: no spreadsheet quote, no control bytes.
				char *plain = xstrdup(f);
				csv_text_unescape(plain);
				cell = round_e4(text_safe(plain));
				free(plain);
			} else {
				cell = xstrdup(f);
				for (char *p = cell; *p; p++)
					*p = *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p;
			}
			g->cells[g->rows * g->n_cols + i] = cell;
		}
		g->rows++;
	}
	csv_reader_finish(&r);
	if (rc < 0) {
		log_error("cannot re-set the table at its line %lu: %s", line, error);
		return -1;
	}
	return 0;
}

/* A column of period labels (period, base_period): text in a spreadsheet. */
static bool period_column(const char *head)
{
	size_t n = strlen(head);
	return strcmp(head, "period") == 0 || (n > 7 && strcmp(head + n - 7, "_period") == 0);
}

/*
 * The CSV for a spreadsheet: a UTF-8 byte order mark (Excel reads the file
 * as UTF-8 only with it; LibreOffice and Gnumeric drop it), then every field
 * as written, except a period label, which becomes the formula ="2026-01":
 * Excel, LibreOffice and Gnumeric keep its value as text, where a bare
 * 2026-01 becomes a date and 2026 a number (a leading apostrophe is no
 * help: LibreOffice and Excel keep it in the cell).
 */
static int grid_write_spreadsheet(const struct grid *g, FILE *out)
{
	fputs("\xEF\xBB\xBF", out);
	bool label[MAX_COLUMNS] = {0};
	for (size_t c = 0; g->rows && c < g->n_cols; c++)
		label[c] = period_column(g->cells[c]);
	for (size_t r = 0; r < g->rows; r++) {
		for (size_t c = 0; c < g->n_cols; c++) {
			const char *s = g->cells[r * g->n_cols + c];
			if (c)
				fputc(',', out);
			if (r > 0 && label[c] && *s && !strpbrk(s, "\"\r\n"))
				fprintf(out, "\"=\"\"%s\"\"\"", s);
			else
				csv_write_field(out, s);
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

static int grid_write(const struct grid *g, enum text_style style, FILE *out)
{
	if (style == TEXT_SPREADSHEET)
		return grid_write_spreadsheet(g, out);
	size_t width[MAX_COLUMNS] = {0};
	bool right[MAX_COLUMNS];
	for (size_t c = 0; c < g->n_cols; c++) {
		right[c] = g->rows > 1;
		for (size_t r = 0; r < g->rows; r++) {
			const char *s = g->cells[r * g->n_cols + c];
			size_t w = columns(s);
			width[c] = w > width[c] ? w : width[c];
			if (r > 0 && *s && !text_is_number(s))
				right[c] = false;
		}
	}
	for (size_t r = 0; r < g->rows; r++) {
		for (size_t c = 0; c < g->n_cols; c++) {
			const char *s = g->cells[r * g->n_cols + c];
			if (style == TEXT_TSV) {
				fprintf(out, "%s%s", c ? "\t" : "", s);
				continue;
			}
			int pad = (int)(width[c] - columns(s));
			bool last = c + 1 == g->n_cols;
			if (right[c])
				fprintf(out, "%s%*s%s", c ? "  " : "", pad, "", s);
			else
				fprintf(out, "%s%s%*s", c ? "  " : "", s, last ? 0 : pad, "");
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

int text_emit(enum text_style style, int (*write)(const void *ctx, FILE *fp), const void *ctx,
              FILE *out)
{
	if (style == TEXT_CSV)
		return write(ctx, out);
	char *csv = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&csv, &len);
	if (!mem)
		return -1;
	int rc = write(ctx, mem);
	if (fclose(mem) != 0)
		rc = -1;
	struct grid g = {0};
	if (!rc)
		rc = grid_read(&g, csv, len, style);
	if (!rc)
		rc = grid_write(&g, style, out);
	grid_finish(&g);
	free(csv);
	return rc;
}
