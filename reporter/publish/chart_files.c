/*
 * A chart's files read back for the dashboard page (see chart_files.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "reporter/publish/chart_files.h"

#define FILE_MAX (16u << 20)    // bytes of a chart file read back

enum { GEOM_SIZE = 1, GEOM_X = 2, GEOM_Y = 4, GEOM_L = 8, GEOM_R = 16, GEOM_T = 32,
       GEOM_B = 64, GEOM_ALL = 127 };

/* A gnuplot string as chart_gp_string writes it: 'a' or ('a' . "'" . 'b'). */
static char *gp_string(const char *s)
{
	struct buf b = {0};
	buf_append_str(&b, "");
	for (const char *p = s; *p && *p != '\n';) {
		if (*p == '\'' || *p == '"') {
			const char *end = strchr(p + 1, *p);
			if (!end)
				break;
			buf_append(&b, p + 1, (size_t)(end - p - 1));
			p = end + 1;
		} else {
			p++;            // ( ) . and spaces
		}
	}
	return b.data;
}

int chart_geom_read(const char *path, struct chart_geom *g)
{
	*g = (struct chart_geom){0};
	struct buf text = {0};
	if (file_read_all(path, FILE_MAX, &text) != 0) {
		log_error("%s: cannot be read back for the page", path);
		return -1;
	}
	for (char *line = text.data, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		double a, b;
		unsigned col;
		char colour[8];
		const char *use;
		if (sscanf(line, "set terminal svg size %lf,%lf", &a, &b) == 2)
			g->w = a, g->h = b, g->have |= GEOM_SIZE;
		else if (sscanf(line, "set xrange [%lf:%lf]", &a, &b) == 2)
			g->x0 = a, g->x1 = b, g->have |= GEOM_X;
		else if (sscanf(line, "set yrange [%lf:%lf]", &a, &b) == 2)
			g->y0 = a, g->y1 = b, g->have |= GEOM_Y;
		else if (sscanf(line, "set lmargin at screen %lf", &a) == 1)
			g->lm = a, g->have |= GEOM_L;
		else if (sscanf(line, "set rmargin at screen %lf", &a) == 1)
			g->rm = a, g->have |= GEOM_R;
		else if (sscanf(line, "set tmargin at screen %lf", &a) == 1)
			g->tm = a, g->have |= GEOM_T;
		else if (sscanf(line, "set bmargin at screen %lf", &a) == 1)
			g->bm = a, g->have |= GEOM_B;
		else if (strncmp(line, "# title: ", 9) == 0 && !g->title)
			g->title = gp_string(line + 9);
		else if ((use = strstr(line, "' using 1:")) &&
		         sscanf(use, "' using 1:%u with lines lc rgb '%7[#0-9A-Fa-f]'", &col,
		                colour) == 2 && col >= 6 && col - 6 < MAX_SERIES)
			memcpy(g->colour[col - 6], colour, sizeof colour);
	}
	buf_finish(&text);
	if (g->have != GEOM_ALL || g->x1 == g->x0 || g->y1 == g->y0 || !g->title) {
		log_error("%s: not a chart script tokenshare wrote (no size, ranges, margins or "
		          "title)", path);
		free(g->title);
		return -1;
	}
	return 0;
}

void chart_dat_finish(struct chart_dat *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->rows[i].label);
		for (size_t k = 0; k < d->n_values; k++)
			free(d->rows[i].v[k]);
		free(d->rows[i].v);
	}
	for (size_t k = 0; k < d->n_names; k++)
		free(d->names[k]);
	free(d->names);
	free(d->rows);
	*d = (struct chart_dat){0};
}

/* Splits line (modified) at sep into at most max fields. */
static size_t split(char *line, const char *sep, char **f, size_t max)
{
	size_t n = 0, len = strlen(sep);
	for (char *p = line; p && n < max;) {
		char *end = strstr(p, sep);
		if (end)
			*end = '\0';
		f[n++] = p;
		p = end ? end + len : NULL;
	}
	return n;
}

static char *unquote(const char *s)
{
	size_t len = strlen(s);
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
		return xstrndup(s + 1, len - 2);
	return xstrdup(s);
}

int chart_dat_read(const char *path, bool top, struct chart_dat *d)
{
	*d = (struct chart_dat){0};
	struct buf text = {0};
	if (file_read_all(path, FILE_MAX, &text) != 0) {
		log_error("%s: cannot be read back for the page", path);
		return -1;
	}
	int rc = 0;
	for (char *line = text.data, *nl; !rc && line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *f[64];
		if (!top && strncmp(line, "# x ", 4) == 0 && !d->names) {
			size_t n = split(line + 2, " | ", f, 64);
			d->n_names = n > 5 ? n - 5 : 0;
			d->names = xcalloc(d->n_names ? d->n_names : 1, sizeof *d->names);
			for (size_t k = 0; k < d->n_names; k++)
				d->names[k] = xstrdup(f[5 + k]);
			continue;
		}
		if (line[0] == '#' || line[0] == '\0')
			continue;
		size_t want = top ? 5 : 5 + d->n_names;
		size_t n = top ? split(line, "\t", f, 64) : 0;
		if (!top) {
			for (char *tok = strtok(line, " \t"); tok && n < 64; tok = strtok(NULL, " \t"))
				f[n++] = tok;
		}
		if (n != want || (!top && !d->n_names)) {
			log_error("%s: a line with %zu fields, not the %zu tokenshare writes", path, n,
			          want);
			rc = -1;
			break;
		}
		d->n_values = top ? 1 : d->n_names;
		xgrow(&d->rows, &d->cap, d->n + 1, sizeof *d->rows);
		struct chart_dat_row *r = &d->rows[d->n++];
		*r = (struct chart_dat_row){.x = strtod(f[0], NULL), .label = unquote(f[1])};
		r->v = xcalloc(top ? 1 : d->n_names, sizeof *r->v);
		if (top) {
			r->v[0] = xstrdup(f[2]);
		} else {
			r->days = atoi(f[2]);
			r->length = atoi(f[3]);
			r->provisional = atoi(f[4]);
			for (size_t k = 0; k < d->n_names; k++)
				r->v[k] = xstrdup(f[5 + k]);
		}
	}
	buf_finish(&text);
	if (!rc && d->n == 0) {
		log_error("%s: no numbers", path);
		rc = -1;
	}
	if (rc)
		chart_dat_finish(d);
	return rc;
}
