/*
 * The share and stacked charts (see chart.h), laid out for a reader:
 * the groups the query kept (by default CN and US) drawn in strong
 * colours and labelled at their line ends with the last value, the rest
 * folded into one muted grey series, no legend box; the title block, the
 * release labels and the footer placed by chart_layout so that no text
 * touches another at any size.
 *
 * Lines break where periods are not adjacent (a blank line in the .dat);
 * gappy or sampled series get point markers and say so in the subtitle.
 * Periods with days missing or not final get an open ring, periods with a
 * provisional (live) day a diamond.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/log.h"
#include "reporter/charts/chart_events.h"
#include "reporter/charts/chart_layout.h"
#include "reporter/charts/chart_lines.h"
#include "reporter/charts/chart_plot.h"
#include "reporter/charts/chart_run.h"
#include "reporter/charts/chart_series.h"
#include "reporter/charts/events.h"
#include "reporter/views/share_table.h"

void chart_lines_texts(const struct chart_data *c, const struct event_list *events,
                        struct buf *title, struct buf *subtitle, struct buf *footer)
{
	const struct share_table *t = c->t;
	const char *pname = period_kind_name(t->query.period);
	const char *unit = t->query.period == PERIOD_WEEK ? "ISO week" : pname;
	const char *what = share_by_name(t->query.by);
	if (t->query.by == SHARE_BY_AUTHOR_COUNTRY)
		what = "the model maker's country";
	else if (t->query.by == SHARE_BY_LINEAGE_COUNTRY)
		what = "the base model's country";
	else if (t->query.by == SHARE_BY_PROVIDER_COUNTRY)
		what = "the serving provider's country (owner)";
	else if (t->query.by == SHARE_BY_PROVIDER_ENTITY_COUNTRY)
		what = "the serving provider's country (headquarters)";
	const char *measure = share_measure_column(t->query.measure);
	if (strncmp(measure, "cost", 4) == 0)
		measure = "dollars";
	buf_printf(title, "Share of %s %s by %s%s", t->rankings ? "OpenRouter" : "router",
	           measure, what, c->kind == CHART_STACKED ? " (stacked to 100%)" : "");
	char first[DATE_LEN + 1], last[DATE_LEN + 1];
	date_format(c->p[0].period->start, first);
	date_format(c->p[c->n_points - 1].period->end, last);
	buf_printf(subtitle, "Per %s, %s to %s. ", unit, first, last);
	if (t->rankings)
		buf_append_str(subtitle, "Top 50 models a day plus the 'other' row. ");
	else
		buf_printf(subtitle, "Own router logs (%s), every request. ", t->source_label);
	if (t->query.top)
		buf_printf(subtitle, "Only each %s's %u largest models count by group. ", pname,
		           t->query.top);
	if (c->gappy)
		buf_printf(subtitle, "Sampled: %zu %ss with data; lines break where %ss are missing.",
		           c->n_points, pname, pname);
	char *citation = share_citation(t);
	buf_printf(footer, "%s.%s", citation, t->rankings ? " CC BY 4.0." : "");
	free(citation);
	if (t->query.groups)
		buf_printf(footer, " Rest = every other group, unknown and unattributed included.");
	if (t->query.known_at != INT32_MAX) {
		char d[DATE_LEN + 1];
		date_format(t->query.known_at, d);
		buf_printf(footer, " Labels as known on %s.", d);
	}
	bool partial, provisional;
	chart_period_marks(c, &partial, &provisional);
	if (events && events->n)
		buf_printf(footer, " Dotted lines: model releases (%s).", events->origin);
	if (partial)
		buf_printf(footer, " Open circle: a %s with days missing or not final.", pname);
	if (provisional)
		buf_printf(footer, " Diamond: a %s holding a provisional (live) day.", pname);
	buf_printf(footer, " Mapping %s. tokenshare %s.", t->mapping_version, TOKENSHARE_VERSION);
}

static void write_script(struct buf *b, struct chart_data *c, const char *base,
                         const struct event_list *events)
{
	struct buf title = {0}, subtitle = {0}, footer = {0};
	chart_lines_texts(c, events, &title, &subtitle, &footer);
	double font = chart_font(c->look), left = chart_text_width("100%", font);
	int rows = chart_events_rows(c->look);
	double band = events && events->n ? chart_events_band(c->look, rows) : 0;
	struct chart_frame f;
	chart_frame_init(&f, c->look, title.data, subtitle.data, footer.data, band, left,
	                 chart_widest_end_label(c, font));

	chart_script_header(b, base);
	chart_script_prelude(b, true);
	int64_t xmin, xmax;
	chart_write_axes(b, c, &f, &xmin, &xmax);
	if (c->kind == CHART_STACKED)
		buf_append_str(b, "set yrange [0:103]\n");     // room for the marks over the bars
	chart_write_tics(b, &f, xmin, xmax);
	chart_frame_write(b, &f);
	if (band > 0)
		chart_write_events(b, events, &f, xmin, xmax, f.top + 0.5 * f.font, rows);
	chart_write_end_labels(b, c, &f);
	struct buf plot = {0};
	if (c->kind == CHART_STACKED)
		chart_write_stacked_plot(&plot, c, &f, base);
	else
		chart_write_lines_plot(&plot, c, &f, base);
	chart_frame_images(b, &f, base, &plot);
	buf_finish(&plot);
	chart_frame_finish(&f);
	buf_finish(&title);
	buf_finish(&subtitle);
	buf_finish(&footer);
}

int chart_lines_draw(const struct share_table *t, enum chart_kind kind, const char *dir,
                     const char *base, const struct event_list *events,
                     const struct chart_look *look)
{
	struct chart_look defaults;
	chart_look_defaults(&defaults);
	struct chart_data c = {.t = t, .kind = kind, .look = look ? look : &defaults, .index = ""};
	chart_data_build(&c);
	int rc = -1;
	if (c.n_points == 0 || c.n_series == 0) {
		log_error("no data to chart in the requested range");
	} else {
		struct buf data = {0}, script = {0};
		chart_data_write(&data, &c);
		write_script(&script, &c, base, events);
		rc = chart_render(dir, base, &data, &script);
		buf_finish(&data);
		buf_finish(&script);
	}
	chart_data_finish(&c);
	return rc;
}
