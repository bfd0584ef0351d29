/*
 * The compare chart (see chart_compare.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/log.h"
#include "reporter/charts/chart_compare.h"
#include "reporter/charts/chart_layout.h"
#include "reporter/charts/chart_lines.h"
#include "reporter/charts/chart_plot.h"
#include "reporter/charts/chart_run.h"
#include "reporter/charts/chart_series.h"
#include "reporter/views/share_table.h"

/*
 * compare: the token shares (block 0 of the .dat) and the dollar shares
 * (block 1) in two panels on one scale, side by side, or one above the
 * other on a portrait image; each panel named and its lines labelled at
 * their ends.
 */
static void write_compare_script(struct buf *b, struct chart_data *tok, struct chart_data *usd,
                                 const char *base)
{
	const struct share_table *t = tok->t;
	struct buf title = {0}, subtitle = {0}, footer = {0}, ignored = {0};
	chart_lines_texts(tok, NULL, &ignored, &subtitle, &footer);
	buf_finish(&ignored);
	buf_printf(&title, "Share of %s tokens and of dollars by the model maker's country",
	           t->rankings ? "OpenRouter" : "router");
	while (subtitle.len && subtitle.data[subtitle.len - 1] == ' ')
		subtitle.data[--subtitle.len] = '\0';
	buf_printf(&subtitle, " Dollars: tokens at OpenRouter /models prices %s%s, 3 prompt : 1 "
	           "completion token; tokens without a price are left out.",
	           usd->t->price_sheet[0] ? "of " : "in force each day", usd->t->price_sheet);
	double font = chart_font(tok->look), left = chart_text_width("100%", font), head = 1.6 * font;
	struct chart_frame f;
	chart_frame_init(&f, tok->look, title.data, subtitle.data, footer.data, head, left, 0);
	double ends = fmax(chart_widest_end_label(tok, font), chart_widest_end_label(usd, font)) +
	              0.5 * font;
	struct chart_frame p[2] = {f, f};
	if (f.h > f.w) {                // portrait: one above the other
		double gap = 3.2 * font + head;     // the upper panel's tic labels, the lower's name
		double ph = (f.plot_bottom - f.plot_top - gap) / 2;
		for (int k = 0; k < 2; k++) {
			p[k].plot_right = f.plot_right - ends;
			p[k].plot_top = f.plot_top + k * (ph + gap);
			p[k].plot_bottom = p[k].plot_top + ph;
		}
	} else {
		double gap = 1.5 * font;
		double pw = (f.plot_right - f.plot_left - 2 * ends - left - gap) / 2;
		for (int k = 0; k < 2; k++) {
			p[k].plot_left = f.plot_left + k * (pw + ends + gap + left);
			p[k].plot_right = p[k].plot_left + pw;
		}
	}
	chart_script_header(b, base);
	chart_script_prelude(b, true);
	int64_t xmin, xmax;
	chart_write_axes(b, tok, &p[0], &xmin, &xmax);        // the y step of a panel's height
	struct buf plot = {0};
	// Everything inside the multiplot, set again for each image: the first
	// panel's "unset label" clears the labels before the second.
	buf_append_str(&plot, "set multiplot\n");
	chart_frame_write(&plot, &f);
	struct chart_data *c[2] = {tok, usd};
	static const char *const names[2] = {"Tokens", "Dollars"};
	for (int k = 0; k < 2; k++) {
		c[k]->index = k ? " index 1" : " index 0";
		chart_frame_margins(&plot, &p[k]);
		chart_write_tics(&plot, &p[k], xmin, xmax);
		buf_printf(&plot, "set label 50 ");
		chart_gp_bold(&plot, names[k]);
		buf_printf(&plot, " at screen %.5f, screen %.5f left enhanced font 'DejaVu Sans,%g' "
		           "tc rgb '#1a1a1a' front\n", chart_sx(&f, p[k].plot_left - left - 0.5 * font),
		           chart_sy(&f, p[k].plot_top - 0.6 * font - head / 2), font);
		chart_write_end_labels(&plot, c[k], &p[k]);
		chart_write_lines_plot(&plot, c[k], &p[k], base);
		if (k == 0)
			buf_append_str(&plot, "unset label\n");
	}
	buf_append_str(&plot, "unset multiplot\n");
	chart_frame_images(b, &f, base, &plot);
	buf_finish(&plot);
	chart_frame_finish(&f);
	buf_finish(&title);
	buf_finish(&subtitle);
	buf_finish(&footer);
}

int chart_compare_lines_draw(const struct share_table *tokens, const struct share_table *dollars,
                             const char *dir, const char *base, const struct chart_look *look)
{
	struct chart_look defaults;
	chart_look_defaults(&defaults);
	struct chart_data tok = {.t = tokens, .kind = CHART_COMPARE,
	                         .look = look ? look : &defaults, .index = ""};
	struct chart_data usd = tok;
	usd.t = dollars;
	chart_data_build(&tok);
	chart_data_build(&usd);
	int rc = -1;
	if (tok.n_points == 0 || usd.n_points == 0) {
		log_error("no %s to chart in the requested range", tok.n_points ? "dollars" : "data");
	} else {
		struct buf data = {0}, script = {0};
		chart_data_write(&data, &tok);
		buf_append_str(&data, "\n\n");      // gnuplot's block separator: index 1 follows
		chart_data_write(&data, &usd);
		write_compare_script(&script, &tok, &usd, base);
		rc = chart_render(dir, base, &data, &script);
		buf_finish(&data);
		buf_finish(&script);
	}
	chart_data_finish(&tok);
	chart_data_finish(&usd);
	return rc;
}
