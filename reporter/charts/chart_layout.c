/*
 * Chart layout (see chart_layout.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "reporter/charts/chart_layout.h"
#include "reporter/charts/chart_run.h"

#define SIDE_MIN 320            // pixels: smaller images cannot hold a title and a plot
#define SIDE_MAX 4000

static const struct {
	const char *name;
	int w, h;
} presets[] = {
	{"social", 1200, 675},  // X, LinkedIn, Bluesky cards (16:9)
	{"square", 1080, 1080}, // Instagram, Mastodon
	{"phone", 640, 800},    // an article column on a phone (4:5)
	{"wide", 1600, 900},    // slides, a desktop article
};

void chart_look_defaults(struct chart_look *look)
{
	*look = (struct chart_look){CHART_DEFAULT_WIDTH, CHART_DEFAULT_HEIGHT, NULL, NULL};
}

bool chart_look_size(const char *arg, struct chart_look *look)
{
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
		if (strcmp(arg, presets[i].name) == 0) {
			look->width = presets[i].w;
			look->height = presets[i].h;
			return true;
		}
	}
	int w, h, end = 0;
	if (sscanf(arg, "%4dx%4d%n", &w, &h, &end) != 2 || arg[end] || arg[0] < '0' ||
	    arg[0] > '9' || w < SIDE_MIN || h < SIDE_MIN || w > SIDE_MAX || h > SIDE_MAX)
		return false;
	look->width = w;
	look->height = h;
	return true;
}

const char *chart_size_presets(void)
{
	return "social (1200x675, the default), square (1080x1080), phone (640x800), "
	       "wide (1600x900)";
}

/*
 * Advance widths of DejaVu Sans (the font every chart names) in 1/1000 em,
 * for printable ASCII; other characters count as a wide letter. Rounded up,
 * so an estimate is never short of what a renderer draws.
 */
static const short advance[95] = {
	318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, // ' '..'/'
	636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, // '0'..'?'
	1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, // '@'..'O'
	603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, // 'P'..'_'
	500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, // '`'..'o'
	635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,      // 'p'..'~'
};

double chart_text_width(const char *s, double px)
{
	double em = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p < 0x7f)
			em += advance[*p - 0x20];
		else if ((*p & 0xc0) != 0x80)
			em += 800;      // the first byte of a UTF-8 character
	}
	return em / 1000.0 * px * 1.04;
}

void chart_wrap(struct chart_lines *out, const char *s, double px, double width)
{
	*out = (struct chart_lines){0};
	size_t cap = 0, len = strlen(s);
	for (size_t i = 0; i < len;) {
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		// The longest run of words from i that fits; one word always goes.
		size_t end = i, best = 0;
		while (end < len) {
			size_t next = end;
			while (next < len && s[next] == ' ')
				next++;
			while (next < len && s[next] != ' ')
				next++;
			char *try = xstrndup(s + i, next - i);
			bool fits = chart_text_width(try, px) <= width;
			free(try);
			if (!fits && best)
				break;
			best = next;
			end = next;
			if (!fits)
				break;
		}
		xgrow(&out->line, &cap, out->n + 1, sizeof *out->line);
		out->line[out->n++] = xstrndup(s + i, best - i);
		i = best;
	}
}

void chart_lines_finish(struct chart_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	*l = (struct chart_lines){0};
}

#define BOLD 1.1                // bold text is about a tenth wider
#define LINE 1.3                // line height, in font sizes

double chart_font(const struct chart_look *look)
{
	// Text follows the image's short side: a phone picture is seen at about its
	// own width, a social card at half of it.
	double side = fmin(look->width, 1.5 * look->height) /
	              (look->height > look->width ? 40.0 : 55.0);
	return fmax(12, fmin(22, round(side)));
}

void chart_frame_init(struct chart_frame *f, const struct chart_look *look, const char *title,
                      const char *subtitle, const char *footer, double band,
                      double left_label, double right_label)
{
	*f = (struct chart_frame){.w = look->width, .h = look->height};
	f->font = chart_font(look);
	f->title_font = round(f->font * 1.3);
	f->sub_font = round(f->font * 0.9);
	f->small_font = fmax(10, round(f->font * 0.72));
	double pad = f->font, text = f->w - 2 * pad;
	chart_wrap(&f->title, look->title ? look->title : title, f->title_font * BOLD, text);
	chart_wrap(&f->subtitle, look->subtitle ? look->subtitle : subtitle, f->sub_font, text);
	chart_wrap(&f->footer, footer, f->small_font, text);
	f->top = 0.8 * pad + f->title.n * f->title_font * LINE + f->subtitle.n * f->sub_font * LINE;
	f->plot_top = f->top + 0.5 * f->font + band + 0.7 * f->font;
	double footer_top = f->h - 0.6 * pad - f->footer.n * f->small_font * LINE;
	f->plot_bottom = footer_top - 2.6 * f->font;     // the x tic labels and a gap
	f->plot_left = 0.6 * pad + left_label + 0.5 * f->font;
	f->plot_right = f->w - 0.6 * pad - right_label - (right_label > 0 ? 0.5 * f->font : 0.4 * pad);
}

void chart_frame_finish(struct chart_frame *f)
{
	chart_lines_finish(&f->title);
	chart_lines_finish(&f->subtitle);
	chart_lines_finish(&f->footer);
}

double chart_sx(const struct chart_frame *f, double x)
{
	return x / f->w;
}

double chart_sy(const struct chart_frame *f, double y)
{
	return 1.0 - y / f->h;
}

/* One line of text as a gnuplot label at pixel (x, y), left-aligned. */
static void text_label(struct buf *b, int tag, const struct chart_frame *f, const char *s,
                       double x, double y, const char *font, double size, const char *colour)
{
	buf_printf(b, "set label %d ", tag);
	chart_gp_string(b, s);
	buf_printf(b, " at screen %.5f, screen %.5f left noenhanced font '%s,%g' tc rgb '%s' "
	           "front\n", chart_sx(f, x), chart_sy(f, y), font, size, colour);
}

void chart_frame_margins(struct buf *b, const struct chart_frame *f)
{
	buf_printf(b, "set lmargin at screen %.5f\nset rmargin at screen %.5f\n"
	           "set tmargin at screen %.5f\nset bmargin at screen %.5f\n",
	           chart_sx(f, f->plot_left), chart_sx(f, f->plot_right),
	           chart_sy(f, f->plot_top), chart_sy(f, f->plot_bottom));
}

void chart_frame_write(struct buf *b, const struct chart_frame *f)
{
	chart_frame_margins(b, f);
	// The title whole, for the dashboard page's heading (a comment to gnuplot).
	struct buf whole = {0};
	for (size_t i = 0; i < f->title.n; i++)
		buf_printf(&whole, "%s%s", i ? " " : "", f->title.line[i]);
	buf_append_str(b, "# title: ");
	chart_gp_string(b, whole.len ? whole.data : "");
	buf_append_str(b, "\n");
	buf_finish(&whole);
	double pad = f->font, y = 0.8 * pad;
	int tag = 1;
	for (size_t i = 0; i < f->title.n; i++, y += f->title_font * LINE)
		text_label(b, tag++, f, f->title.line[i], pad, y + f->title_font * LINE / 2,
		           "DejaVu Sans:Bold", f->title_font, "#1a1a1a");
	for (size_t i = 0; i < f->subtitle.n; i++, y += f->sub_font * LINE)
		text_label(b, tag++, f, f->subtitle.line[i], pad, y + f->sub_font * LINE / 2,
		           "DejaVu Sans", f->sub_font, "#555555");
	y = f->h - 0.6 * pad - f->footer.n * f->small_font * LINE;
	for (size_t i = 0; i < f->footer.n; i++, y += f->small_font * LINE)
		text_label(b, tag++, f, f->footer.line[i], pad, y + f->small_font * LINE / 2,
		           "DejaVu Sans", f->small_font, "#666666");
}

void chart_frame_images(struct buf *b, const struct chart_frame *f, const char *base,
                        const struct buf *plot)
{
	for (int svg = 0; svg < 2; svg++) {
		// pngcairo draws a point as 4/3 pixels (96 dpi), SVG as one: the font
		// scale makes the PNG's text the size the layout measured, as in the SVG.
		// PS: the point size unit; SVG draws points twice as large as pngcairo.
		buf_printf(b, "set terminal %s size %d,%d font 'DejaVu Sans,%g'%s background rgb "
		           "'white'\nset output '%s.%s'\nPS = %.3f\n", svg ? "svg" : "pngcairo", f->w,
		           f->h, f->font, svg ? "" : " fontscale 0.75", base, svg ? "svg" : "png",
		           f->font / (svg ? 32.0 : 16.0));
		buf_append(b, plot->data, plot->len);
	}
	buf_append_str(b, "unset output\n");
}

void chart_spread(double *y, size_t n, double gap, double lo, double hi)
{
	if (n == 0)
		return;
	size_t *ord = xmalloc(n * sizeof *ord);
	// By position, ties by index: an insertion sort (a chart has a handful of labels).
	for (size_t i = 0; i < n; i++) {
		size_t k = i;
		for (; k > 0 && y[ord[k - 1]] > y[i]; k--)
			ord[k] = ord[k - 1];
		ord[k] = i;
	}
	// Clusters of labels closer than gap move as one block, centred on where
	// their members want to be, until no two blocks touch.
	double *pos = xmalloc(n * sizeof *pos);
	for (size_t i = 0; i < n; i++)
		pos[i] = y[ord[i]];
	for (int round = 0; round < 64; round++) {
		bool moved = false;
		for (size_t i = 0; i < n;) {
			size_t j = i + 1;
			while (j < n && pos[j] - pos[j - 1] < gap - 1e-9)
				j++;
			if (j - i > 1) {
				double want = 0;
				for (size_t k = i; k < j; k++)
					want += y[ord[k]] - (double)(k - i) * gap;
				double start = want / (double)(j - i);
				for (size_t k = i; k < j; k++)
					pos[k] = start + (double)(k - i) * gap;
				moved = true;
			}
			i = j;
		}
		// Inside [lo, hi]: push the ends in, then the rest follows.
		if (n && (double)(n - 1) * gap <= hi - lo) {
			if (pos[0] < lo)
				pos[0] = lo;
			for (size_t k = 1; k < n; k++)
				if (pos[k] < pos[k - 1] + gap)
					pos[k] = pos[k - 1] + gap;
			if (pos[n - 1] > hi)
				pos[n - 1] = hi;
			for (size_t k = n - 1; k-- > 0;)
				if (pos[k] > pos[k + 1] - gap)
					pos[k] = pos[k + 1] - gap;
		}
		bool overlap = false;
		for (size_t k = 1; k < n; k++)
			overlap |= pos[k] - pos[k - 1] < gap - 1e-9;
		if (!overlap || !moved)
			break;
	}
	for (size_t i = 0; i < n; i++)
		y[ord[i]] = pos[i];
	free(pos);
	free(ord);
}
