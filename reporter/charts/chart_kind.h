/*
 * The kinds of share chart drawn as lines over time (types only; chart.h
 * draws them).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef TOKENSHARE_CHART_KIND_H
#define TOKENSHARE_CHART_KIND_H

enum chart_kind {
	CHART_SHARE,            // share.*: one line per country group
	CHART_STACKED,          // stacked.*: the groups stacked to 100 % as areas
	CHART_COMPARE,          // compare.*: token and dollar shares side by side
};

#endif
