/*
 * Chart layout: the size a chart is drawn at (--size and its presets), the
 * fonts and margins that follow from it, text measured in pixels, titles
 * wrapped to the width, and labels moved apart so none overlaps another.
 * gnuplot is told where everything goes (screen coordinates); nothing is
 * left to its automatic placement, whose key and labels do not know about
 * each other.
 *
 * Units: pixels of the image, origin top left, unless a name says
 * "screen" (gnuplot's 0..1, origin bottom left).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_LAYOUT_H
#define TOKENSHARE_CHART_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* What the reader asked for: the size and, optionally, the texts on top. */
struct chart_look {
	int width, height;      // pixels
	const char *title;      // NULL = the chart's own
	const char *subtitle;   // NULL = the chart's own
};

#define CHART_DEFAULT_WIDTH 1200        // the "social" preset
#define CHART_DEFAULT_HEIGHT 675

/* The default look: 1200x675, the chart's own title. */
void chart_look_defaults(struct chart_look *look);
/*
 * Parses --size: a preset (social 1200x675, square 1080x1080, phone
 * 640x800, wide 1600x900) or WxH, each side 320..4000. False if invalid.
 */
bool chart_look_size(const char *arg, struct chart_look *look);
/* The presets, for --help and messages: "social (1200x675), ...". */
const char *chart_size_presets(void);

/* Text of a line at font size px in DejaVu Sans, in pixels (a little wide, never short). */
double chart_text_width(const char *s, double px);

/* The base font size (pixels) of a chart of look's size: tics and direct labels. */
double chart_font(const struct chart_look *look);

/* Lines of wrapped text. */
struct chart_lines {
	char **line;
	size_t n;
};
/* Wraps s at spaces into lines no wider than width at font size px. */
void chart_wrap(struct chart_lines *out, const char *s, double px, double width);
void chart_lines_finish(struct chart_lines *l);

/* The frame of a chart: fonts, the title block, the plot area, the footer. */
struct chart_frame {
	int w, h;
	double font;            // base font: tics and direct labels
	double title_font, sub_font, small_font;
	struct chart_lines title, subtitle, footer;
	double top;             // first pixel row below the title block
	double plot_left, plot_right, plot_top, plot_bottom;
};

/*
 * Lays out a chart of look's size: title, subtitle and footer wrapped to
 * the width; band pixels between the subtitle and the plot (events);
 * right_label the widest direct label (its column is reserved at the
 * right); left_label the widest y tic label.
 */
void chart_frame_init(struct chart_frame *f, const struct chart_look *look, const char *title,
                      const char *subtitle, const char *footer, double band,
                      double left_label, double right_label);
void chart_frame_finish(struct chart_frame *f);

/*
 * Writes the gnuplot settings that put the plot area where f says, and
 * the title, subtitle and footer as labels (tags 1..), and the terminal
 * line for an image; see chart_frame_images. A comment line
 * "# title: STRING" holds the title whole as a gnuplot string (the
 * dashboard page's heading for the chart).
 */
void chart_frame_write(struct buf *b, const struct chart_frame *f);
/* Only the margins that put the plot area where f says (a panel of a multiplot). */
void chart_frame_margins(struct buf *b, const struct chart_frame *f);
/* The same plot drawn as base.png and base.svg at the frame's size. */
void chart_frame_images(struct buf *b, const struct chart_frame *f, const char *base,
                        const struct buf *plot);

/* gnuplot screen coordinates of a pixel position. */
double chart_sx(const struct chart_frame *f, double x);
double chart_sy(const struct chart_frame *f, double y);

/*
 * Moves labels apart vertically: y[i] (centres, any order) ends at least
 * gap apart, each as close to where it was as the others allow, all inside
 * [lo, hi] when they fit there.
 */
void chart_spread(double *y, size_t n, double gap, double lo, double hi);

#endif
