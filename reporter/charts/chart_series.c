/*
 * The data of a share chart over time (see chart_series.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/buf.h"
#include "core/period.h"
#include "core/xalloc.h"
#include "reporter/charts/chart_run.h"
#include "reporter/charts/chart_series.h"
#include "reporter/views/share_table.h"

#define REST_COLOUR "#9a9a9a"

/* Colours of the groups a reader looks for first; the others take the palette in turn. */
static const struct {
	const char *group, *colour;
} known_colours[] = {
	{"CN", "#D55E00"}, {"US", "#0072B2"}, {"unknown", "#6f6f6f"}, {"unattributed", "#b07aa1"},
};
static const char *const palette[] = {"#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8c564b",
                                      "#000000"};

static size_t series_index(struct chart_data *c, const char *group)
{
	for (size_t i = 0; i < c->n_series; i++) {
		if (strcmp(c->s[i].group, group) == 0)
			return i;
	}
	return SIZE_MAX;
}

/* The series in drawing order: the kept groups as listed, the others by size, rest last. */
static void find_series(struct chart_data *c)
{
	const struct share_table *t = c->t;
	size_t cap = 0;
	const char *list = t->query.groups;
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		for (size_t i = 0; i < t->n_rows; i++) {
			if (strlen(t->rows[i].group) == len && strncmp(t->rows[i].group, p, len) == 0 &&
			    series_index(c, t->rows[i].group) == SIZE_MAX) {
				xgrow(&c->s, &cap, c->n_series + 1, sizeof *c->s);
				c->s[c->n_series++] = (struct chart_series){.group = t->rows[i].group};
				break;
			}
		}
		p += len + (p[len] == ',');
	}
	// Rows are sorted by value within a period: the first period's order, then
	// any group that appears later.
	bool rest = false;
	for (size_t i = 0; i < t->n_rows; i++) {
		const char *g = t->rows[i].group;
		if (strcmp(g, SHARE_GROUP_REST) == 0 && t->query.groups) {
			rest = true;
			continue;
		}
		if (series_index(c, g) != SIZE_MAX)
			continue;
		xgrow(&c->s, &cap, c->n_series + 1, sizeof *c->s);
		c->s[c->n_series++] = (struct chart_series){.group = g};
	}
	if (rest) {
		xgrow(&c->s, &cap, c->n_series + 1, sizeof *c->s);
		c->s[c->n_series++] = (struct chart_series){.group = SHARE_GROUP_REST, .muted = true};
	}
	size_t next = 0;
	for (size_t i = 0; i < c->n_series; i++) {
		struct chart_series *s = &c->s[i];
		if (s->muted) {
			s->colour = REST_COLOUR;
			continue;
		}
		for (size_t k = 0; k < sizeof known_colours / sizeof known_colours[0]; k++) {
			if (strcmp(s->group, known_colours[k].group) == 0)
				s->colour = known_colours[k].colour;
		}
		if (!s->colour)
			s->colour = palette[next++ % (sizeof palette / sizeof palette[0])];
	}
}

static void collect(struct chart_data *c)
{
	const struct share_table *t = c->t;
	size_t cap = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const struct share_row *r = &t->rows[i];
		if (c->n_points == 0 || c->p[c->n_points - 1].period->start != r->period.start) {
			xgrow(&c->p, &cap, c->n_points + 1, sizeof *c->p);
			struct chart_point *pt = &c->p[c->n_points++];
			*pt = (struct chart_point){.period = &r->period, .days = r->days,
			                     .share_e4 = xcalloc(c->n_series, sizeof *pt->share_e4)};
			for (int32_t d = r->period.start; d <= r->period.end; d++)
				pt->provisional |= share_day_listed(t->provisional_days, t->n_provisional, d);
		}
		size_t s = series_index(c, r->group);
		if (s != SIZE_MAX)
			c->p[c->n_points - 1].share_e4[s] += r->share_e4;
	}
	for (size_t i = 1; i < c->n_points; i++) {
		struct period next;
		period_of(t->query.period, c->p[i - 1].period->end + 1, &next);
		c->gappy |= next.start != c->p[i].period->start;
	}
}

void chart_data_build(struct chart_data *c)
{
	find_series(c);
	collect(c);
}

void chart_data_finish(struct chart_data *c)
{
	for (size_t i = 0; i < c->n_points; i++)
		free(c->p[i].share_e4);
	free(c->p);
	free(c->s);
}

int64_t chart_mid_seconds(const struct period *p)
{
	// Noon of the middle day: days and weeks land on a day, months near the 15th.
	return ((int64_t)p->start + (p->end - p->start) / 2) * 86400 + 43200;
}

/* A group as a reader sees it: its code, or with --labels names its name. */
static const char *group_text(const struct chart_data *c, const char *group)
{
	if (!c->t->query.names) {
		if (strcmp(group, SHARE_GROUP_REST) == 0)
			return "Rest";
		return group;
	}
	for (size_t i = 0; i < c->t->n_rows; i++) {
		if (strcmp(c->t->rows[i].group, group) == 0 && c->t->rows[i].name)
			return c->t->rows[i].name;
	}
	return group;
}

void chart_data_write(struct buf *b, const struct chart_data *c)
{
	const struct share_table *t = c->t;
	buf_printf(b, "# tokenshare %s chart data: share of all %s (%%) by %s, per %s\n",
	           TOKENSHARE_VERSION, share_measure_column(t->query.measure),
	           share_by_name(t->query.by), period_kind_name(t->query.period));
	buf_append_str(b, "# x (UTC seconds, middle of the period) | period | final days with "
	               "data | days in period | provisional (1 = holds a live day)");
	for (size_t s = 0; s < c->n_series; s++)
		buf_printf(b, " | %s", c->s[s].group);
	buf_append_str(b, "\n# A blank line separates periods that are not adjacent.\n");
	for (size_t i = 0; i < c->n_points; i++) {
		const struct chart_point *p = &c->p[i];
		if (i > 0) {
			struct period next;
			period_of(t->query.period, c->p[i - 1].period->end + 1, &next);
			if (next.start != p->period->start)
				buf_append_str(b, "\n");
		}
		buf_printf(b, "%lld %s %d %d %d", (long long)chart_mid_seconds(p->period), p->period->label,
		           p->days, period_length(p->period), p->provisional);
		for (size_t s = 0; s < c->n_series; s++)
			buf_printf(b, " %llu.%04llu", (unsigned long long)(p->share_e4[s] / 10000),
			           (unsigned long long)(p->share_e4[s] % 10000));
		buf_append_str(b, "\n");
	}
}

void chart_period_marks(const struct chart_data *c, bool *partial, bool *provisional)
{
	*partial = *provisional = false;
	for (size_t i = 0; i < c->n_points; i++) {
		*partial |= c->p[i].days < period_length(c->p[i].period) && !c->p[i].provisional;
		*provisional |= c->p[i].provisional;
	}
}

void chart_end_label(const struct chart_data *c, size_t s, char *out, size_t n)
{
	char pct[48];
	chart_percent_text(pct, sizeof pct, c->p[c->n_points - 1].share_e4[s]);
	snprintf(out, n, "%s %s", group_text(c, c->s[s].group), pct);
}
