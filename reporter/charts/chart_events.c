/*
 * Release markers on a chart (see chart_events.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "reporter/charts/chart_events.h"
#include "reporter/charts/chart_layout.h"
#include "reporter/charts/chart_run.h"
#include "reporter/charts/events.h"

#define LINE 1.3                // line height of a label row, in font sizes
#define MERGE 0.6               // releases closer than this many font sizes share a line

static double event_font(double font)
{
	return fmax(10, round(font * 0.8));
}

int chart_events_rows(const struct chart_look *look)
{
	return look->height > look->width ? 3 : 2;
}

double chart_events_band(const struct chart_look *look, int rows)
{
	double font = chart_font(look);
	return rows * event_font(font) * LINE + 0.2 * font;
}

struct placed {
	double left, right;     // the label
	double x;               // its line
	int row;
};

/* True if label [left, right] can go in row r: no label there, no line through it, and
 * its own line (below it, through the lower rows) crosses no label. */
static bool fits(const struct placed *done, size_t n, double left, double right, double x,
                 int r, double gap)
{
	for (size_t k = 0; k < n; k++) {
		const struct placed *d = &done[k];
		if (d->row == r && left <= d->right + gap && right >= d->left - gap)
			return false;
		if (d->row > r && d->x >= left - gap / 2 && d->x <= right + gap / 2)
			return false;   // a higher label's line would cross this one
		if (d->row < r && x >= d->left - gap / 2 && x <= d->right + gap / 2)
			return false;   // this line would cross a lower label
	}
	return true;
}

size_t chart_write_events(struct buf *b, const struct event_list *ev, const struct chart_frame *f,
                          int64_t xmin, int64_t xmax, double band_top, int rows)
{
	double px = event_font(f->font), gap = 0.6 * f->font;
	double width = f->plot_right - f->plot_left;
	struct placed *done = xcalloc(ev->n + 1, sizeof *done);
	size_t n_done = 0, drawn = 0, left_out = 0;
	int tag = 100;          // gnuplot label and arrow tags, clear of the frame's own
	for (size_t i = 0, next; i < ev->n; i = next) {
		next = i + 1;
		int64_t x = (int64_t)ev->v[i].day * 86400 + 43200;      // UTC seconds, noon
		if (x < xmin || x > xmax)
			continue;
		double xp = f->plot_left + width * (double)(x - xmin) / (double)(xmax - xmin);
		// Releases whose lines would touch share one line and one label.
		struct buf text = {0};
		buf_append_str(&text, ev->v[i].label);
		for (; next < ev->n; next++) {
			int64_t xn = (int64_t)ev->v[next].day * 86400 + 43200;
			if (xn > xmax || width * (double)(xn - x) / (double)(xmax - xmin) > MERGE * f->font)
				break;
			buf_printf(&text, ", %s", ev->v[next].label);
		}
		double w = chart_text_width(text.data, px);
		// Centred on its line, but inside the image.
		double left = fmin(fmax(xp - w / 2, 0.5 * f->font), f->w - 0.5 * f->font - w);
		int row = -1;
		for (int r = 0; r < rows && row < 0; r++) {
			if (fits(done, n_done, left, left + w, xp, r, gap))
				row = r;
		}
		if (row < 0) {
			left_out += next - i;
			buf_finish(&text);
			continue;
		}
		done[n_done++] = (struct placed){left, left + w, xp, row};
		// Row 0 is the lowest, nearest the plot.
		double yc = band_top + (rows - 1 - row) * px * LINE + px * LINE / 2;
		buf_printf(b, "set arrow %d from %lld, graph 0 to %lld, screen %.5f nohead back "
		           "dt 3 lw 1 lc rgb '#8a8a8a'\n", tag, (long long)x, (long long)x,
		           chart_sy(f, yc + px * 0.55));
		buf_printf(b, "set label %d ", tag);
		chart_gp_string(b, text.data);
		buf_finish(&text);
		buf_printf(b, " at screen %.5f, screen %.5f left noenhanced font 'DejaVu Sans,%g' "
		           "tc rgb '#4d4d4d' front\n", chart_sx(f, left), chart_sy(f, yc), px);
		tag++;
		drawn += next - i;
	}
	free(done);
	// Counted, not named: a label is data, and a comment ending in a backslash
	// would continue onto the next line of the script.
	if (left_out)
		buf_printf(b, "# %zu release%s in range not labelled: no room at this size\n", left_out,
		           left_out == 1 ? "" : "s");
	return drawn;
}
