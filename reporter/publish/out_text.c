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
			if (style == TEXT_TABLE) {
				// For a person: no spreadsheet quote, no control bytes.
				char *plain = xstrdup(f);
				csv_text_unescape(plain);
				cell = xstrdup(text_safe(plain));
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

static int grid_write(const struct grid *g, enum text_style style, FILE *out)
{
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
