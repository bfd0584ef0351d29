/*
 * The way into the charts of a share table (see chart.h): checks the view,
 * then hands over to chart_lines.c or chart_compare.c, which lay out and
 * write them.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>

#include "core/log.h"
#include "reporter/charts/chart.h"
#include "reporter/charts/chart_compare.h"
#include "reporter/charts/chart_lines.h"
#include "reporter/views/share.h"

/* Only the country views are charted as lines or stacks. */
int chart_draw(const struct share_table *t, enum chart_kind kind, const char *dir,
               const char *base, const struct event_list *events, const struct chart_look *look)
{
	if (!share_by_is_country(t->query.by)) {
		log_error("charts are drawn for the country views only: --by author-country, "
		          "lineage-country, provider-country or provider-entity-country");
		return -2;
	}
	if (!base)
		base = kind == CHART_STACKED ? "stacked" : "share";
	return chart_lines_draw(t, kind, dir, base, events, look);
}

int chart_compare_draw(const struct share_table *tokens, const struct share_table *dollars,
                       const char *dir, const char *base, const struct chart_look *look)
{
	if (!share_by_is_country(tokens->query.by) || tokens->query.top) {
		log_error("the compare chart is drawn for the country views, without --top");
		return -2;
	}
	return chart_compare_lines_draw(tokens, dollars, dir, base ? base : "compare", look);
}
