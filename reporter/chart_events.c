/*
 * Release markers on a chart (see chart_events.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "core/buf.h"
#include "reporter/chart_events.h"
#include "reporter/chart_run.h"
#include "reporter/events.h"

#define MERGE_FRACTION 60       // events closer than 1/60 of the axis share a line
#define TEXT_MAX 90             // bytes of a marker's text: about the plot's height

void chart_write_events(struct buf *b, const struct event_list *ev, int64_t xmin, int64_t xmax)
{
	int64_t near = (xmax - xmin) / MERGE_FRACTION;
	int tag = 100;          // gnuplot label and arrow tags, clear of the chart's own
	for (size_t i = 0; i < ev->n;) {
		int64_t x = (int64_t)ev->v[i].day * 86400 + 43200;      // UTC seconds, noon
		if (x < xmin || x > xmax) {
			i++;
			continue;
		}
		// This event and those after it within `near`, as one line with their
		// labels joined; what does not fit is counted.
		struct buf text = {0};
		size_t k = i, hidden = 0;
		for (; k < ev->n && (int64_t)ev->v[k].day * 86400 + 43200 - x <= near; k++) {
			if (text.len + strlen(ev->v[k].label) + 2 <= TEXT_MAX)
				buf_printf(&text, "%s%s", text.len ? ", " : "", ev->v[k].label);
			else
				hidden++;
		}
		if (hidden)
			buf_printf(&text, " +%zu more", hidden);
		buf_printf(b, "set arrow %d from %lld, graph 0 to %lld, graph 1 nohead back "
		           "dt 3 lw 1 lc rgb '#555555'\n", tag, (long long)x, (long long)x);
		buf_printf(b, "set label %d ", tag);
		chart_gp_string(b, text.data);
		buf_printf(b, " at %lld, graph 0.99 rotate by 90 right front offset -0.6,0 "
		           "noenhanced font ',9' tc rgb '#333333'\n", (long long)x);
		buf_finish(&text);
		tag++;
		i = k;
	}
}
